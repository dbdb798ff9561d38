"""The maker space in Chromium: onboarding on a phone (photo upload, pin drag, live preview),
and axe-core on every page of the space.

Users are made directly and logged in by a session cookie, so these tests do not depend on
the sign-up pages (test_maker_journey.py goes that whole way).
"""

import re

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from playwright.sync_api import expect

from e2e.conftest import serious_violations
from e2e.offline import VIEWPORTS

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = [("phone", VIEWPORTS["phone"])]


def log_in(page, email: str):
    """Make the user `email` and give the browser their session cookie."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(email, email)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": page.base_url}]
    )
    return user


def assert_accessible(axe, page):
    assert serious_violations(axe, page) == [], page.url


def primary_button(page):
    return page.locator("form.space-form .form-actions .button--primary")


@pytest.fixture
def gironde(restore_reference_data):
    call_command("gazetteer_load", department="33", verbosity=0)


def photo_file(tmp_path):
    from PIL import Image

    path = tmp_path / "etabli.jpg"
    Image.new("RGB", (1000, 700), "peru").save(path, "JPEG")
    return path


@pytest.mark.parametrize("viewport", PHONE, ids=["phone"])
def test_onboarding_on_a_phone(page, axe, gironde, tmp_path):
    from localiste.makers.models import Maker

    log_in(page, "lucie@example.org")
    page.goto(page.base_url + "/espace/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(axe, page)

    for question in ("makes_own_work", "in_territory", "non_food"):
        page.locator(f"input[name={question}][value=yes]").check()
    primary_button(page).click()

    expect(page).to_have_url(re.compile(r"/espace/nouveau/identite/$"))
    assert_accessible(axe, page)
    page.locator("[name=name]").fill("Atelier Lucie")
    page.locator("[name=primary_category]").select_option(index=1)
    primary_button(page).click()

    # The address: the town from the suggestions, then the pin dragged to the door.
    expect(page).to_have_url(re.compile(r"/espace/atelier-lucie/adresse/$"))
    assert Maker.objects.get().status == Maker.Status.DRAFT  # saved already
    assert_accessible(axe, page)
    page.locator("[name=locality]").fill("Bègl")
    expect(page.locator("#place-suggestions option[value='Bègles']")).to_be_attached()
    page.locator("[name=locality]").fill("Bègles")
    page.locator("input[name=location_precision][value=exact]").check()
    primary_button(page).click()
    marker = page.locator(".leaflet-marker-icon")
    expect(marker).to_be_visible()
    assert_accessible(axe, page)
    before = Maker.objects.get()
    marker.scroll_into_view_if_needed()
    box = marker.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(x + 5 * step, y + 3 * step)
    page.mouse.up()
    expect(page.locator("input[name=pin_moved]")).to_have_value("True")
    primary_button(page).click()
    expect(page).to_have_url(re.compile(r"/histoire/$"))
    after = Maker.objects.get()
    assert after.place.name == "Bègles"
    assert (after.latitude, after.longitude) != (before.latitude, before.longitude)

    # The story, with its live preview.
    assert_accessible(axe, page)
    page.locator("[name=story]").fill(
        "J'ai appris le cuir chez un **sellier** de Bègles, puis j'ai ouvert mon atelier en 2015."
    )
    expect(page.locator("#preview-story strong")).to_have_text("sellier")
    expect(page.locator("button[name=preview]")).to_be_hidden()  # JavaScript previews live
    primary_button(page).click()

    # A photo from the phone.
    expect(page).to_have_url(re.compile(r"/photos/$"))
    page.locator("input[type=file]").set_input_files(photo_file(tmp_path))
    page.locator("[name=alt_text]").fill("L'établi et les outils")
    primary_button(page).click()
    expect(page.locator(".photo-list img").first).to_be_visible()
    assert_accessible(axe, page)
    page.locator(".form-actions a.button").last.click()

    # A product, then the practical information.
    expect(page).to_have_url(re.compile(r"/produits/$"))
    page.locator("a[href$='/produits/nouveau/']").click()
    page.locator("[name=name]").fill("Besace")
    page.locator("input[name=price_kind][value=quote]").check()
    primary_button(page).click()
    expect(page).to_have_url(re.compile(r"/produits/\d+/$"))
    assert_accessible(axe, page)
    page.locator("a[href$='/produits/']").first.click()
    page.locator("form.form-actions button").click()
    expect(page).to_have_url(re.compile(r"/infos-pratiques/$"))
    assert_accessible(axe, page)
    page.locator("[name=hours_note]").fill("Sur rendez-vous")
    primary_button(page).click()

    # The preview is the public page; submit it.
    expect(page).to_have_url(re.compile(r"/apercu/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Atelier Lucie")
    assert_accessible(axe, page)
    page.locator(".preview-banner form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/espace/atelier-lucie/$"))
    assert_accessible(axe, page)
    assert Maker.objects.get().status == Maker.Status.PENDING
    assert page.js_errors == []


@pytest.fixture
def complete_space(gironde):
    """A published maker of lucie@example.org with a photo, a product and a pending invite."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from localiste.catalog.models import Category
    from localiste.makers import services
    from localiste.makers.models import Photo
    from localiste.makers.tests import uploads

    category = Category.objects.filter(depth=2).first()
    maker = services.maker_create(
        name="Atelier Lucie",
        primary_category=category,
        story="Une histoire de cuir. " * 6,
        locality="Bègles",
        latitude=44.80,
        longitude=-0.55,
        email="atelier@example.org",
        source_key=None,
    )
    services.maker_publish(maker=maker)
    product = services.product_create(
        maker=maker, editor=None, fields={"name": "Besace", "price_kind": "quote"}
    )
    upload = SimpleUploadedFile("a.jpg", uploads.image_bytes(700, 500))
    photo = services.photo_add(
        maker=maker, editor=None, upload=upload, kind=Photo.Kind.GALLERY, alt_text="L'atelier"
    )
    return {"maker": maker, "product": product, "photo": photo}


@pytest.mark.parametrize("viewport", [("desktop", VIEWPORTS["desktop"])], ids=["desktop"])
def test_every_page_of_the_space_is_accessible(page, axe, complete_space):
    from localiste.makers.models import Invitation, Membership
    from localiste.makers.services.team import invitation_token
    from localiste.makers.tests.factories import MakerFactory

    maker, product, photo = (complete_space[k] for k in ("maker", "product", "photo"))
    lucie = log_in(page, "lucie@example.org")
    Membership.objects.create(user=lucie, maker=maker, role=Membership.Role.OWNER)
    Membership.objects.create(
        user=type(lucie).objects.create_user("paul@example.org", "paul@example.org"), maker=maker
    )
    invitation = Invitation.objects.create(maker=maker, email="lucie@example.org")
    imported = MakerFactory(name="Atelier Importé", source_key="import:9", email="")
    slug = maker.slug
    paths = [
        f"/espace/{slug}/",
        f"/espace/{slug}/eligibilite/",
        f"/espace/{slug}/identite/",
        f"/espace/{slug}/adresse/",
        f"/espace/{slug}/histoire/",
        f"/espace/{slug}/photos/",
        f"/espace/{slug}/photos/{photo.pk}/",
        f"/espace/{slug}/photos/{photo.pk}/supprimer/",
        f"/espace/{slug}/produits/",
        f"/espace/{slug}/produits/nouveau/",
        f"/espace/{slug}/produits/{product.pk}/",
        f"/espace/{slug}/produits/{product.pk}/supprimer/",
        f"/espace/{slug}/infos-pratiques/",
        f"/espace/{slug}/apercu/",
        f"/espace/{slug}/equipe/",
        "/espace/nouveau/",
        f"/espace/invitation/{invitation_token(invitation)}/",
        f"/espace/revendiquer/{imported.slug}/",
        f"/en/espace/{slug}/",
        f"/en/espace/{slug}/equipe/",
    ]
    for path in paths:
        response = page.goto(page.base_url + path)
        assert response.status == 200, path
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(axe, page)
    # A form sent back with errors is accessible too.
    page.goto(f"{page.base_url}/espace/{slug}/photos/")
    primary_button(page).click()
    expect(page.locator(".errorlist").first).to_be_visible()
    assert_accessible(axe, page)
    assert page.js_errors == []
