"""A maker lists their workshop step by step; each step is saved as it is sent."""

import pytest
from django.urls import reverse

from localiste.makers.models import Maker, Photo
from localiste.makers.tests import uploads

pytestmark = pytest.mark.django_db


def url(name, maker=None, **kwargs):
    if maker is not None:
        kwargs["slug"] = maker.slug
    return reverse(f"space:{name}", kwargs=kwargs)


def test_the_space_asks_anonymous_visitors_to_log_in(client):
    response = client.get("/espace/")
    assert response.status_code == 302 and "next=/espace/" in response["Location"]


def test_a_user_without_listing_starts_with_the_eligibility_questions(lucie_client):
    response = lucie_client.get("/espace/")
    assert response.status_code == 200
    assert "Inscrire mon atelier" in response.content.decode()
    english = lucie_client.get("/en/espace/")
    assert "List my workshop" in english.content.decode()


def test_a_no_to_eligibility_is_explained_and_goes_no_further(lucie_client):
    response = lucie_client.post(
        url("start"), {"makes_own_work": "yes", "in_territory": "yes", "non_food": "no"}
    )
    assert response.status_code == 200
    assert "non-food" in response.content.decode() or "alimentaire" in response.content.decode()
    assert not Maker.objects.exists()


def test_the_whole_onboarding_saves_each_step(lucie_client, lucie, gironde, category):
    eligibility = {
        "makes_own_work": "yes",
        "in_territory": "yes",
        "non_food": "yes",
        "what_you_make": "Des sacs",
    }
    response = lucie_client.post(url("start"), eligibility)
    assert response.status_code == 302 and response["Location"] == url("create")

    response = lucie_client.post(
        url("create"), {"name": "Atelier Lucie", "primary_category": category.pk}
    )
    maker = Maker.objects.get()
    assert response["Location"] == url("address", maker)
    assert maker.status == Maker.Status.DRAFT
    assert (
        maker.eligibility["non_food"] is True and maker.eligibility["what_you_make"] == "Des sacs"
    )
    assert maker.memberships.get().user.email == "lucie@example.org"

    # Without JavaScript: the town's point; the page comes back to let the maker check the pin.
    address = {
        "version": maker.version,
        "street": "",
        "postcode": "",
        "locality": "Begles",
        "location_precision": "commune",
        "latitude": "",
        "longitude": "",
        "pin_moved": "",
    }
    response = lucie_client.post(url("address", maker), address)
    assert response["Location"] == url("address", maker)
    maker.refresh_from_db()
    assert maker.locality == "Begles" and maker.place.name == "Bègles"
    assert maker.postcode == "33130" and maker.has_location
    assert maker.territories.filter(slug="gironde").exists()
    town_point = (maker.latitude, maker.longitude)

    # With JavaScript: the dragged pin wins (when it stays near the town).
    moved = address | {
        "version": maker.version,
        "postcode": "33130",
        "latitude": town_point[0] + 0.004,
        "longitude": town_point[1] - 0.003,
        "pin_moved": "True",
    }
    response = lucie_client.post(url("address", maker), moved)
    assert response["Location"] == url("story", maker)
    maker.refresh_from_db()
    assert maker.latitude == pytest.approx(town_point[0] + 0.004)

    story = {
        "version": maker.version,
        "tagline": "Sacs cousus main",
        "founded_year": "2015",
        "story": "Tout a commencé dans un **garage** à Bègles, avec une machine de 1950 et "
        "beaucoup de patience.",
        "know_how": "Cuir tanné végétal.",
    }
    preview = lucie_client.post(url("story", maker), story | {"preview": "1"})
    assert "<strong>garage</strong>" in preview.content.decode()
    assert Maker.objects.get().story == ""  # previewing saves nothing
    response = lucie_client.post(url("story", maker), story)
    assert response["Location"] == url("photos", maker)
    maker.refresh_from_db()
    assert maker.tagline == "Sacs cousus main" and maker.founded_year == 2015

    photo = {
        "kind": "gallery",
        "alt_text": "L'établi",
        "caption": "",
        "image": uploads.upload(uploads.image_bytes(800, 600)),
    }
    response = lucie_client.post(url("photos", maker), photo)
    assert response.status_code == 302
    assert Photo.objects.get(maker=maker).renditions == [320, 640]

    response = lucie_client.post(
        url("product_create", maker),
        {
            "name": "Besace",
            "price_kind": "fixed",
            "price_min": "85",
            "is_published": "on",
            "category": category.pk,
        },
    )
    product = maker.products.get()
    assert response["Location"] == url("product_edit", maker, product_id=product.pk)

    practical = {
        "version": maker.version,
        "email": "atelier@example.org",
        "offers_workshop_visits": "on",
        "hours_note": "Sur rendez-vous",
        "hours-TOTAL_FORMS": "2",
        "hours-INITIAL_FORMS": "0",
        "hours-0-weekday": "5",
        "hours-0-opens": "09:00",
        "hours-0-closes": "12:30",
        "hours-1-weekday": "",
        "hours-1-opens": "",
        "hours-1-closes": "",
        "sales-TOTAL_FORMS": "1",
        "sales-INITIAL_FORMS": "0",
        "sales-0-kind": "market",
        "sales-0-name": "Marché des Capucins",
    }
    response = lucie_client.post(url("practical", maker), practical)
    assert response["Location"] == url("preview", maker)
    maker.refresh_from_db()
    assert maker.email == "atelier@example.org" and maker.offers_workshop_visits
    assert maker.opening_periods.get().weekday == 5
    assert maker.sales_points.get().name == "Marché des Capucins"

    preview = lucie_client.get(url("preview", maker))
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Atelier Lucie" in html and "Besace" in html and "Marché des Capucins" in html
    assert 'name="robots" content="noindex"' in html

    response = lucie_client.post(url("submit", maker))
    assert response["Location"] == url("dashboard", maker)
    assert Maker.objects.get().status == Maker.Status.PENDING


def test_an_unknown_town_gets_suggestions_not_an_error_page(lucie_client, draft, gironde):
    response = lucie_client.post(
        url("address", draft),
        {"version": draft.version, "locality": "Bordeau", "location_precision": "exact"},
    )
    assert response.status_code == 200
    assert "Bordeaux" in response.content.decode()
    assert not Maker.objects.get().has_location


def test_a_pin_dragged_far_away_is_refused(lucie_client, draft, gironde):
    response = lucie_client.post(
        url("address", draft),
        {
            "version": draft.version,
            "locality": "Bordeaux",
            "location_precision": "exact",
            "latitude": "48.85",
            "longitude": "2.35",
            "pin_moved": "True",
        },
    )
    assert response.status_code == 200
    assert not Maker.objects.get().has_location


def test_submitting_an_incomplete_draft_says_what_is_missing(lucie_client, draft):
    response = lucie_client.post(url("submit", draft), follow=True)
    assert Maker.objects.get().status == Maker.Status.DRAFT
    assert "missing" in response.content.decode() or "manque" in response.content.decode()


def test_the_place_suggestions_come_from_the_gazetteer(lucie_client, gironde):
    places = lucie_client.get(url("places"), {"q": "merig"}).json()["places"]
    assert {"name": "Mérignac", "postcode": "33700"} in places


def test_the_live_preview_renders_markdown_safely(lucie_client, draft):
    response = lucie_client.post(
        url("markdown_preview", draft), {"text": "**gras** <script>alert(1)</script>"}
    )
    html = response.content.decode()
    assert "<strong>gras</strong>" in html and "<script>" not in html
