"""The page cache (core/page_cache.py) as visitors and makers see it: a page asked again is
served without being rendered, and every kind of edit shows at once, whoever makes it."""

import datetime
import math

import pytest
from django.core.cache.backends.base import BaseCache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from localiste.accounts.tests.factories import UserFactory
from localiste.catalog import services as catalog_services
from localiste.catalog.tests.factories import CategoryFactory, LabelFactory
from localiste.core.backups.steps import caches_forget
from localiste.core.page_cache import seconds_to_midnight
from localiste.makers import services
from localiste.makers.hours import seconds_unchanged
from localiste.makers.models import Maker, OpeningPeriod
from localiste.makers.tests.factories import (
    MakerFactory,
    OpeningPeriodFactory,
    PhotoFactory,
    ProductFactory,
)
from localiste.metrics.models import DailyCount

pytestmark = pytest.mark.django_db


class UnreachableCache(BaseCache):
    """A cache server that is down."""

    def __init__(self, location, params):
        super().__init__(params)

    def _down(self, *args, **kwargs):
        raise ConnectionError("the cache server is down")

    get = set = add = delete = _down

    def clear(self):
        pass  # what the tests' teardown calls


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def cached(client, url: str) -> str:
    """The page once rendered, then served again from the cache."""
    page(client, url)
    response = client.get(url)
    assert response["X-Page-Cache"] == "hit"
    return response.content.decode()


def test_a_page_asked_again_is_served_without_a_query(client):
    maker = MakerFactory(tagline="Des bols tournés")
    first = client.get(maker.get_absolute_url())
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        again = client.get(maker.get_absolute_url())
    assert again["X-Page-Cache"] == "hit"
    assert "Des bols tournés" in again.content.decode()
    assert len(queries) == 0


@pytest.fixture
def editor():
    return UserFactory()


def _field(maker, editor):
    services.maker_update(
        maker=maker, editor=editor, version=maker.version, fields={"tagline": "Bols en grès"}
    )
    return "Bols en grès"


def _product_added(maker, editor):
    services.product_create(
        maker=maker, editor=editor, fields={"name": "Théière émaillée", "price_kind": "quote"}
    )
    return "Théière émaillée"


def _product_renamed(maker, editor):
    product = ProductFactory(maker=maker, name="Tasse")
    page(Client(), maker.get_absolute_url())  # cached with the first name
    services.product_update(
        product=product, editor=editor, version=product.version, fields={"name": "Tasse à thé"}
    )
    return "Tasse à thé"


def _photo_caption(maker, editor):
    photo = PhotoFactory(maker=maker, caption="")
    page(Client(), maker.get_absolute_url())
    services.photo_update(
        photo=photo, editor=editor, version=photo.version, alt_text="Un four", caption="Le four"
    )
    return "Le four"


def _hours(maker, editor):
    services.maker_hours_set(
        maker=maker,
        version=maker.version,
        periods=[(OpeningPeriod.Weekday.SATURDAY, datetime.time(9), datetime.time(12, 45))],
    )
    return "12:45"


def _sales_point(maker, editor):
    services.maker_sales_points_set(
        maker=maker,
        version=maker.version,
        sales_points=[{"kind": "market", "name": "Marché de Lerme", "locality": "Bordeaux"}],
    )
    return "Marché de Lerme"


def _category_renamed(maker, editor):
    category = maker.primary_category
    category.name_fr = "Grès et porcelaine"
    catalog_services.category_save(category=category)
    return "Grès et porcelaine"


def _label(maker, editor):
    label = LabelFactory(name_fr="Entreprise du patrimoine vivant")
    page(Client(), maker.get_absolute_url())
    maker.labels.add(label)
    return "Entreprise du patrimoine vivant"


def _queryset_update(maker, editor):
    # Past every service (a shell, a migration): the connection still sees the write.
    Maker.objects.filter(pk=maker.pk).update(tagline="Céramique raku")
    return "Céramique raku"


EDITS = [
    _field,
    _product_added,
    _product_renamed,
    _photo_caption,
    _hours,
    _sales_point,
    _category_renamed,
    _label,
    _queryset_update,
]


@pytest.mark.parametrize("edit", EDITS, ids=[edit.__name__.strip("_") for edit in EDITS])
def test_every_kind_of_edit_shows_at_once(client, editor, edit, settings):
    settings.REVIEWED_FIELDS = []  # shown at once rather than after the desk's approval
    maker = MakerFactory()
    before = cached(client, maker.get_absolute_url())
    shown = edit(maker, editor)
    assert shown not in before
    assert shown in page(client, maker.get_absolute_url())


def test_a_new_maker_and_a_renamed_category_show_on_the_home_and_category_pages(client):
    category = CategoryFactory(name_fr="Vannerie")
    MakerFactory(name="Atelier Osier", primary_category=category)
    home = cached(client, "/")
    listing = cached(client, category.get_absolute_url())
    MakerFactory(name="Atelier Rotin", primary_category=category)
    assert "Atelier Rotin" not in home + listing
    assert "Atelier Rotin" in page(client, "/")
    assert "Atelier Rotin" in page(client, category.get_absolute_url())


def test_a_maker_taken_offline_is_gone_at_once(client):
    maker = MakerFactory()
    cached(client, maker.get_absolute_url())
    Maker.objects.filter(pk=maker.pk).update(status=Maker.Status.SUSPENDED)
    assert client.get(maker.get_absolute_url()).status_code == 404


def test_each_language_and_each_address_has_its_own_page(client):
    maker = MakerFactory()
    french = cached(client, maker.get_absolute_url())
    english = page(client, "/en" + maker.get_absolute_url())
    assert 'lang="fr"' in french and 'lang="en"' in english


def test_a_setting_changed_shows_at_once(client, settings):
    maker = MakerFactory()
    cached(client, maker.get_absolute_url())
    settings.SITE_NAME = "Fabriqué en Gascogne"
    assert "Fabriqué en Gascogne" in page(client, maker.get_absolute_url())


def test_each_visitor_gets_a_form_token_of_their_own(settings):
    maker = MakerFactory()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page(first, maker.get_absolute_url())
    served = second.get(maker.get_absolute_url())
    assert served["X-Page-Cache"] == "hit"
    token = served.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert second.cookies[settings.CSRF_COOKIE_NAME].value
    # The language switcher posts with the token the cached page carried for this visitor.
    response = second.post(
        reverse("set_language"), {"language": "en", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    # Without it, the same post is refused: the token is what let it through.
    refused = second.post(reverse("set_language"), {"language": "en", "csrfmiddlewaretoken": "x"})
    assert refused.status_code == 403


@pytest.mark.parametrize(
    "cookie", ["sessionid", "messages", "favoris"], ids=["session", "messages", "favourites"]
)
def test_visitors_with_their_own_state_get_a_page_rendered_for_them(client, cookie):
    maker = MakerFactory()
    cached(client, maker.get_absolute_url())
    client.cookies[cookie] = "x"
    assert client.get(maker.get_absolute_url()).headers.get("X-Page-Cache") != "hit"


def test_a_signed_in_maker_always_sees_the_page_rendered(client):
    maker = MakerFactory()
    cached(Client(), maker.get_absolute_url())
    client.force_login(UserFactory())
    response = client.get(maker.get_absolute_url())
    assert not response.has_header("X-Page-Cache")


def test_a_view_served_from_the_cache_is_still_counted(client):
    maker = MakerFactory()
    for _ in range(3):
        client.get(maker.get_absolute_url(), HTTP_USER_AGENT="Mozilla/5.0 Firefox/140.0")
    assert DailyCount.objects.get(kind="maker.view", object_id=maker.pk).count == 3


def test_a_browser_revalidates_and_gets_304_while_nothing_changed(client):
    maker = MakerFactory()
    first = client.get(maker.get_absolute_url())
    assert "no-cache" in first["Cache-Control"] and "private" in first["Cache-Control"]
    again = client.get(maker.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    again = client.get(maker.get_absolute_url(), HTTP_IF_NONE_MATCH=again["ETag"])
    assert again.status_code == 304
    Maker.objects.filter(pk=maker.pk).update(tagline="Autre chose")
    changed = client.get(maker.get_absolute_url(), HTTP_IF_NONE_MATCH=again["ETag"])
    assert changed.status_code == 200 and "Autre chose" in changed.content.decode()


def test_open_now_is_kept_no_later_than_the_next_opening_or_closing():
    periods = [
        OpeningPeriodFactory.build(weekday=1, opens=datetime.time(9), closes=datetime.time(12))
    ]
    tuesday = timezone.make_aware(datetime.datetime(2026, 12, 1, 8, 30))  # a Tuesday, 8:30
    assert seconds_unchanged(periods, now=tuesday) == 30 * 60
    at_eleven = tuesday.replace(hour=11, minute=0)
    assert seconds_unchanged(periods, now=at_eleven) == 60 * 60
    afternoon = tuesday.replace(hour=15, minute=0)  # nothing more today: until midnight
    assert seconds_unchanged(periods, now=afternoon) == math.inf
    assert seconds_to_midnight(afternoon) == 9 * 3600  # what every page is kept for at most


def test_a_restore_or_an_upgrade_forgets_every_page(client):
    # A restore writes the database file whole, past the connections that watch writes.
    maker = MakerFactory()
    cached(client, maker.get_absolute_url())
    caches_forget()
    assert client.get(maker.get_absolute_url())["X-Page-Cache"] == "miss"


def test_with_the_cache_server_down_pages_render_and_edits_are_saved(client, settings, editor):
    settings.CACHES = {**settings.CACHES, "pages": {"BACKEND": f"{__name__}.UnreachableCache"}}
    maker = MakerFactory()
    assert client.get(maker.get_absolute_url()).status_code == 200
    Maker.objects.filter(pk=maker.pk).update(tagline="Toujours là")
    assert "Toujours là" in page(client, maker.get_absolute_url())


def test_a_product_page_shows_its_edit_at_once(client, editor, settings):
    settings.REVIEWED_FIELDS = []
    product = ProductFactory(name="Bol à riz", description="Grès chamotté.")
    before = cached(client, product.get_absolute_url())
    services.product_update(
        product=product, editor=editor, version=product.version, fields={"description": "Raku."}
    )
    assert "Raku." not in before
    assert "Raku." in page(client, product.get_absolute_url())


def test_a_territory_text_an_operator_edits_shows_on_the_home_at_once(client, settings):
    from localiste.places.models import Territory
    from localiste.places.services import territory_save

    settings.DEFAULT_TERRITORY = "gironde"
    territory = Territory.objects.create(
        slug="gironde", name="Gironde", kind=Territory.Kind.DEPARTEMENT, presentation_fr="Vignes."
    )
    before = cached(client, "/")
    territory.presentation_fr = "Entre océan et pinède."
    territory_save(territory=territory)
    assert "pinède" not in before
    assert "Entre océan et pinède." in page(client, "/")
