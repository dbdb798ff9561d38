"""The maker space as makers use it: conflicts, review, uploads, stats, team and claims."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.storage import default_storage
from django.urls import reverse

from localiste.makers.models import Claim, Maker, MakerRevision, Membership, Photo
from localiste.makers.tests import uploads
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120"


def url(name, maker=None, **kwargs):
    if maker is not None:
        kwargs["slug"] = maker.slug
    return reverse(f"space:{name}", kwargs=kwargs)


@pytest.fixture
def published(lucie, category):
    maker = MakerFactory(name="Atelier Lucie", primary_category=category, tagline="Ancien")
    Membership.objects.create(user=lucie, maker=maker, role=Membership.Role.OWNER)
    return maker


def story_post(maker, version, tagline):
    return {"version": version, "tagline": tagline, "story": maker.story, "know_how": ""}


def test_the_second_of_two_concurrent_edits_is_refused_with_both_versions(
    client, lucie, make_user, published
):
    paul = make_user("paul@example.org")
    Membership.objects.create(user=paul, maker=published)
    version = published.version  # both opened the page at this version

    client.force_login(lucie)
    first = client.post(url("story", published), story_post(published, version, "Celle de Lucie"))
    assert first.status_code == 302

    client.force_login(paul)
    second = client.post(url("story", published), story_post(published, version, "Celle de Paul"))

    assert second.status_code == 200
    html = second.content.decode()
    assert "Celle de Lucie" in html and "Celle de Paul" in html  # both versions shown
    assert 'class="conflict__table"' in html
    assert Maker.objects.get().tagline == "Celle de Lucie"  # nothing overwritten
    # The form now carries the saved version: saving again is a deliberate choice.
    new_version = Maker.objects.get().version
    assert f'name="version" value="{new_version}"' in html
    again = client.post(url("story", published), story_post(published, new_version, "Paul"))
    assert again.status_code == 302 and Maker.objects.get().tagline == "Paul"


def test_renaming_a_published_page_waits_for_review_and_the_public_keeps_the_name(
    lucie_client, published, category
):
    response = lucie_client.post(
        url("identity", published),
        {"version": published.version, "name": "Lucie & fils", "primary_category": category.pk},
        follow=True,
    )
    assert response.status_code == 200
    assert "Vos modifications (nom) seront en ligne" in response.content.decode()
    public = lucie_client.get(published.get_absolute_url()).content.decode()
    assert "Atelier Lucie" in public and "Lucie &amp; fils" not in public
    assert MakerRevision.objects.get().changes == {"name": "Lucie & fils"}
    dashboard = lucie_client.get(url("dashboard", published)).content.decode()
    assert "Lucie &amp; fils" in dashboard  # the pending change is shown to the team


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (uploads.pdf_bytes, "photo.jpg", "lire ce fichier comme une photo"),
        (uploads.bomb_png, "grand.png", "trop de pixels"),
        (lambda: b"\xff\xd8" + b"0" * (50 * 1024 * 1024), "huge.jpg", "trop volumineux"),
    ],
    ids=["pdf-named-jpg", "decompression-bomb", "50-MB"],
)
def test_refused_uploads_get_a_clear_message_not_an_error_page(
    lucie_client, draft, content, name, message
):
    response = lucie_client.post(
        url("photos", draft),
        {"kind": "gallery", "alt_text": "Atelier", "image": uploads.upload(content(), name)},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Photo.objects.exists()


def test_a_photo_needs_a_description(lucie_client, draft):
    response = lucie_client.post(
        url("photos", draft),
        {"kind": "gallery", "alt_text": "", "image": uploads.upload(uploads.image_bytes())},
    )
    assert response.status_code == 200 and not Photo.objects.exists()


def test_served_renditions_of_a_gps_photo_carry_no_exif(lucie_client, draft):
    lucie_client.post(
        url("photos", draft),
        {
            "kind": "gallery",
            "alt_text": "Atelier",
            "image": uploads.upload(uploads.jpeg_with_gps()),
        },
    )
    photo = Photo.objects.get()
    # The files behind the URLs the page's srcset gives (the media URL serves them as stored).
    for width in photo.renditions:
        for extension in ("jpg", "webp"):
            name = photo.rendition_url(width, extension).removeprefix(settings.MEDIA_URL)
            with default_storage.open(name) as served:
                body = served.read()
            assert b"Exif" not in body and b"GPS" not in body


def test_photos_are_reordered(lucie_client, draft):
    for alt in ("premier", "second"):
        lucie_client.post(
            url("photos", draft),
            {"kind": "gallery", "alt_text": alt, "image": uploads.upload(uploads.image_bytes())},
        )
    second = Photo.objects.get(alt_text="second")
    lucie_client.post(url("photo_move", draft, photo_id=second.pk), {"direction": "up"})
    assert list(Photo.objects.values_list("alt_text", flat=True)) == ["second", "premier"]


def test_products_are_reordered_hidden_and_removed_from_the_space(lucie_client, draft):
    for name in ("Besace", "Ceinture"):
        lucie_client.post(
            url("product_create", draft),
            {"name": name, "price_kind": "quote", "is_published": "on"},
        )
    belt = draft.products.get(name="Ceinture")
    lucie_client.post(url("product_move", draft, product_id=belt.pk), {"direction": "up"})
    assert list(draft.products.values_list("name", flat=True)) == ["Ceinture", "Besace"]
    lucie_client.post(url("product_publish", draft, product_id=belt.pk), {"published": "0"})
    assert not draft.products.get(pk=belt.pk).is_published
    response = lucie_client.post(
        url("product_edit", draft, product_id=belt.pk),
        {"name": "Ceinture", "price_kind": "range", "price_min": "50", "price_max": "20"},
    )
    assert response.status_code == 200  # a range upside down is explained
    lucie_client.post(url("product_delete", draft, product_id=belt.pk))
    assert list(draft.products.values_list("name", flat=True)) == ["Besace"]


def test_views_are_counted_without_cookies_and_shown_weekly(client, lucie, published):
    for _ in range(3):
        response = client.get(published.get_absolute_url(), headers={"user-agent": BROWSER})
        assert "Set-Cookie" not in response.headers
    client.get(published.get_absolute_url(), headers={"user-agent": "Googlebot/2.1"})
    client.force_login(lucie)
    html = client.get(url("dashboard", published)).content.decode()
    assert re.search(r"\b3 (page views|vues)", html)


def test_counting_keeps_the_maker_page_within_eight_queries(
    client, published, django_assert_max_num_queries
):
    client.get(published.get_absolute_url(), headers={"user-agent": BROWSER})  # day's row exists
    with django_assert_max_num_queries(8):
        client.get(published.get_absolute_url(), headers={"user-agent": BROWSER})
    with django_assert_max_num_queries(8):
        client.get(published.get_absolute_url())


def test_an_invitation_by_email_brings_a_co_manager(
    lucie_client, published, make_user, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        lucie_client.post(url("team", published), {"email": "paul@example.org"})
    link = re.search(r"http://testserver(/\S+)", mail.outbox[0].body).group(1)

    stranger = make_user("stranger@example.org")
    lucie_client.force_login(stranger)
    assert lucie_client.post(link).status_code == 403

    lucie_client.force_login(make_user("paul@example.org"))
    response = lucie_client.post(link)
    assert response["Location"] == url("dashboard", published)
    assert published.memberships.get(user__email="paul@example.org").role == "manager"


def test_the_owner_transfers_the_ownership_and_removes_a_manager(
    lucie_client, lucie, published, make_user
):
    paul = Membership.objects.create(user=make_user("paul@example.org"), maker=published)
    lucie_client.post(url("transfer", published), {"membership": paul.pk})
    assert published.memberships.get(role="owner").user.email == "paul@example.org"
    # Lucie is a manager now: she may leave, not remove the new owner.
    own = published.memberships.get(user=lucie)
    assert (
        lucie_client.post(url("member_remove", published, membership_id=paul.pk)).status_code == 403
    )
    lucie_client.post(url("member_remove", published, membership_id=own.pk))
    assert not published.memberships.filter(user=lucie).exists()


def test_an_imported_listing_is_claimed_from_its_public_page(
    client, make_user, category, django_capture_on_commit_callbacks
):
    maker = MakerFactory(source_key="import:1", email="atelier@example.org")
    page = client.get(maker.get_absolute_url()).content.decode()
    assert reverse("space:claim", kwargs={"slug": maker.slug}) in page

    claimant = make_user("lucie@example.org")
    client.force_login(claimant)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("claim", maker), {"message": ""})
    assert mail.outbox[0].to == ["atelier@example.org"]
    link = re.search(r"http://testserver(/\S+)", mail.outbox[0].body).group(1)
    response = client.post(link)
    assert response["Location"] == url("dashboard", maker)
    assert maker.memberships.get().user == claimant
    # Taken now: the button no longer leads anywhere useful.
    assert client.post(url("claim", maker), {"message": ""}).status_code == 409


def test_a_listing_without_email_is_claimed_through_the_operators(client, make_user):
    maker = MakerFactory(source_key="import:2", email="")
    client.force_login(make_user("lucie@example.org"))
    client.post(url("claim", maker), {"message": "Appelez-moi"})
    assert Claim.objects.get().status == Claim.Status.REQUESTED and not mail.outbox


def test_the_preview_shows_a_draft_with_the_public_template(lucie_client, draft):
    html = lucie_client.get(url("preview", draft)).content.decode()
    assert "maker-hero__name" in html and "Atelier Lucie" in html
    assert reverse("space:submit", kwargs={"slug": draft.slug}) in html


def test_the_dashboard_leads_to_the_inbox_and_the_posters(lucie_client, published):
    from localiste.messaging.models import ContactMessage

    ContactMessage.objects.create(
        maker=published,
        sender_name="Jeanne",
        sender_email="jeanne@example.org",
        body="Bonjour, faites-vous des ceintures sur mesure ?",
        message_hash="x",
    )
    html = lucie_client.get(url("dashboard", published)).content.decode()
    assert f"/espace/{published.slug}/messages/" in html
    assert re.search(r"\b1 (message waits|message attend)", html)
    assert f"/espace/{published.slug}/affiche/" in html
    assert f"/espace/{published.slug}/autocollants/" in html
