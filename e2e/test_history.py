"""The history page of the maker space in Chromium: axe-core finds nothing serious on it, at
desktop and phone sizes, in French and in English, with every kind of change on it."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import expect

from e2e.conftest import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, user) -> None:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": page.base_url}]
    )


@pytest.fixture
def busy_listing(restore_reference_data):
    """A listing of lucie@example.org with edits of every kind in its history."""
    from django.contrib.auth import get_user_model

    from localiste.catalog.models import Category
    from localiste.makers import services
    from localiste.makers.models import Maker, Membership, SalesPoint
    from localiste.makers.tests.factories import MakerFactory, ProductFactory

    users = get_user_model().objects
    lucie = users.create_user("lucie@example.org", "lucie@example.org", first_name="Lucie")
    operator = users.create_superuser("ops", "ops@example.org", "x")
    maker = MakerFactory(name="Atelier Lucie", primary_category=Category.objects.first())
    Membership.objects.create(user=lucie, maker=maker, role=Membership.Role.OWNER)
    maker.refresh_from_db()
    services.maker_practical_update(
        maker=maker,
        editor=lucie,
        version=maker.version,
        fields={"phone": "05 56 00 00 00", "offers_shipping": True},
        periods=[(1, datetime.time(9), datetime.time(12, 30))],
        sales_points=[{"kind": SalesPoint.Kind.MARKET, "name": "Marché", "locality": "Bordeaux"}],
    )
    maker.refresh_from_db()
    services.maker_update(
        maker=maker,
        editor=lucie,
        version=maker.version,
        fields={"story": "Tout a commencé dans un garage à Bègles. " * 10, "name": "Atelier L."},
    )
    product = ProductFactory(maker=maker, name="Besace")
    services.product_publish(product=product, editor=lucie, published=False)
    services.maker_withdraw(
        maker=maker, status=Maker.Status.SUSPENDED, operator=operator, reason="Photos à revoir"
    )
    return lucie, maker


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_history_page_is_accessible(page, axe, busy_listing, language):
    lucie, maker = busy_listing
    log_in(page, lucie)
    prefix = "/en" if language == "en" else ""
    response = page.goto(f"{page.base_url}{prefix}/espace/{maker.slug}/historique/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("article").first).to_be_visible()
    assert page.locator("article").count() >= 6
    assert serious_violations(axe, page) == [], page.url
    assert page.js_errors == []
