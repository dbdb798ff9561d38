"""Heritage know-how pages: their services, photos, the admin, and the links makers' pages
carry back to them within the page's query budget."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation

from localiste.catalog.tests.factories import CategoryFactory
from localiste.makers.images import ImageRejected, files_of
from localiste.makers.models import KnowHow, KnowHowPhoto, Maker
from localiste.makers.selectors.knowhow import knowhows_for_maker, knowhows_for_territory
from localiste.makers.services.category_merge import category_merge
from localiste.makers.services.knowhow import (
    knowhow_delete,
    knowhow_photo_add,
    knowhow_photo_delete,
    knowhow_save,
)
from localiste.makers.tests import uploads
from localiste.makers.tests.factories import MakerFactory, PhotoFactory
from localiste.places.models import Territory

pytestmark = pytest.mark.django_db

# A real browser's visit counts a view (an upsert the robots' do not pay for).
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120"


@pytest.fixture
def cooperage():
    return CategoryFactory(name_fr="Tonnellerie", name_en="Cooperage")


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Run what the services do once their transaction commits (tests never commit)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def page(categories=(), **fields) -> KnowHow:
    fields = {"slug": "tonnellerie", "title_fr": "La tonnellerie", "is_published": True, **fields}
    return knowhow_save(knowhow=KnowHow(**fields), categories=categories)


def maker_page(client, maker: Maker) -> str:
    with translation.override("fr"):
        url = maker.get_absolute_url()
    return client.get(url, HTTP_USER_AGENT=BROWSER).content.decode()


def test_a_makers_page_links_to_the_crafts_of_its_direct_categories(client, cooperage):
    page([cooperage], title_en="Cooperage")
    cooper = MakerFactory(primary_category=cooperage)
    other = MakerFactory()

    assert 'href="/savoir-faire/tonnellerie/">La tonnellerie</a>' in maker_page(client, cooper)
    assert "/savoir-faire/tonnellerie/" not in maker_page(client, other)
    with translation.override("en"):
        [link] = knowhows_for_maker(maker=cooper)
        assert (link.title, link.url) == ("Cooperage", "/en/savoir-faire/tonnellerie/")


def test_a_parent_categorys_page_is_not_claimed_by_every_maker_below_it(client):
    wood = CategoryFactory(name_fr="Bois")
    turning = CategoryFactory(name_fr="Tournage", parent=wood)
    page([wood])
    assert knowhows_for_maker(maker=MakerFactory(primary_category=turning)) == []


def test_links_follow_publication_at_once_despite_the_cache(client, cooperage, commits):
    with commits():
        knowhow = page([cooperage], is_published=False)
    cooper = MakerFactory(primary_category=cooperage)
    assert "/savoir-faire/tonnellerie/" not in maker_page(client, cooper)

    knowhow.is_published = True
    with commits():
        knowhow_save(knowhow=knowhow)
    assert 'href="/savoir-faire/tonnellerie/"' in maker_page(client, cooper)

    with commits():
        knowhow_delete(knowhow=knowhow)
    assert 'href="/savoir-faire/tonnellerie/"' not in maker_page(client, cooper)


def test_the_maker_page_stays_within_eight_queries_with_a_craft_linked(
    client, cooperage, commits, django_assert_max_num_queries
):
    with commits():  # the page's save fills the map, so no visitor pays for it
        page([cooperage])
    cooper = MakerFactory(primary_category=cooperage)
    for _ in range(5):
        PhotoFactory(maker=cooper)
    with translation.override("fr"):
        url = cooper.get_absolute_url()
    with django_assert_max_num_queries(8):  # 7 for the page, 1 to count the view
        assert (
            "/savoir-faire/tonnellerie/"
            in client.get(url, HTTP_USER_AGENT=BROWSER).content.decode()
        )


def test_a_page_is_checked_before_it_is_saved():
    with pytest.raises(ValidationError) as error:
        knowhow_save(
            knowhow=KnowHow(
                slug="x", title_fr="", body_fr="a" * 20_001, keywords="a, b, c, d, e, f, g, h, i"
            )
        )
    assert {"title_fr", "body_fr", "keywords"} <= set(error.value.message_dict)
    with translation.override("fr"):
        assert "9" in str(error.value.message_dict["keywords"])
    assert not KnowHow.objects.exists()
    knowhow_save(knowhow=KnowHow(slug="x", title_fr="X", keywords="a, b, c, d, e, f, g, h"))


def test_a_text_missing_in_the_visitors_language_is_marked_in_the_one_shown():
    knowhow = KnowHow(title_fr="La vannerie", summary_en="Willow weaving", body_fr="Osier")
    with translation.override("fr"):
        assert knowhow.summary == "Willow weaving"
        assert knowhow.fallback_languages == {"summary": "en"}
    with translation.override("en"):
        assert knowhow.fallback_languages == {"title": "fr", "body": "fr"}


def test_pages_of_a_territory(cooperage):
    gironde = Territory.objects.create(slug="gironde", name="Gironde", kind="departement")
    page(slug="a", territory=gironde)
    page(slug="b", territory=gironde, is_published=False)
    page(slug="c")
    assert [k.slug for k in knowhows_for_territory(territory=gironde)] == ["a"]


def test_photos_are_checked_rendered_and_removed_with_their_files(
    django_capture_on_commit_callbacks,
):
    knowhow = page()
    photo = knowhow_photo_add(
        knowhow=knowhow,
        upload=uploads.upload(uploads.image_bytes(width=800, height=400)),
        alt_text_fr="Des douelles en rose",
        credit="Jeanne Martin, CC BY 4.0",
    )
    assert photo.image.name.startswith("knowhow/")
    assert photo.renditions == [320, 640] and (photo.width, photo.height) == (800, 400)
    stored = files_of(photo.image.name, photo.renditions)
    assert len(stored) == 5 and all(default_storage.exists(name) for name in stored)

    with pytest.raises(ImageRejected):
        knowhow_photo_add(
            knowhow=knowhow, upload=uploads.upload(uploads.pdf_bytes()), alt_text_fr="x", credit="y"
        )
    with pytest.raises(ValidationError):  # a credit is required
        knowhow_photo_add(
            knowhow=knowhow,
            upload=uploads.upload(uploads.image_bytes()),
            alt_text_fr="Un fût",
            credit="",
        )
    assert KnowHowPhoto.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        knowhow_photo_delete(photo=photo)
    assert not any(default_storage.exists(name) for name in stored)


def test_an_operator_writes_a_page_with_a_photo_in_the_admin(operator_client, cooperage):
    data = {
        "title_fr": "La tonnellerie girondine",
        "title_en": "Gironde cooperage",
        "slug": "tonnellerie-girondine",
        "summary_fr": "",
        "summary_en": "",
        "body_fr": "Le **merrain**.",
        "body_en": "",
        "sources": "",
        "categories": [cooperage.pk],
        "keywords": "tonnelier, barrique",
        "is_published": "on",
        "position": "0",
        "photos-TOTAL_FORMS": "1",
        "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000",
        "photos-0-image": uploads.upload(uploads.image_bytes()),
        "photos-0-alt_text_fr": "Une barrique",
        "photos-0-alt_text_en": "A barrel",
        "photos-0-caption_fr": "",
        "photos-0-caption_en": "",
        "photos-0-credit": "Jeanne Martin",
        "photos-0-position": "0",
    }
    response = operator_client.post(reverse("admin:makers_knowhow_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    knowhow = KnowHow.objects.get(slug="tonnellerie-girondine")
    assert list(knowhow.categories.all()) == [cooperage]
    [photo] = knowhow.photos.all()
    assert photo.credit == "Jeanne Martin" and photo.renditions  # rendered by the service
    assert photo.image.name.startswith("knowhow/")
    stored_name = photo.image.name

    # The photo's texts are edited in place; its file stays.
    change_url = reverse("admin:makers_knowhow_change", args=[knowhow.pk])
    assert operator_client.get(change_url).status_code == 200
    edit = {
        **data,
        "photos-INITIAL_FORMS": "1",
        "photos-0-id": str(photo.pk),
        "photos-0-knowhow": str(knowhow.pk),
        "photos-0-image": "",
        "photos-0-caption_fr": "Une barrique neuve",
    }
    assert operator_client.post(change_url, edit).status_code == 302
    photo.refresh_from_db()
    assert (photo.caption_fr, photo.image.name) == ("Une barrique neuve", stored_name)

    # A file that is not a picture is refused with a message, and nothing is saved.
    data.update(
        slug="autre", **{"photos-0-image": uploads.upload(uploads.pdf_bytes(), name="x.jpg")}
    )
    response = operator_client.post(reverse("admin:makers_knowhow_add"), data)
    assert response.status_code == 200
    assert not KnowHow.objects.filter(slug="autre").exists()


def test_a_merged_categorys_pages_move_to_the_target(client, cooperage, commits):
    old = CategoryFactory(name_fr="Fûts")
    with commits():
        knowhow = page([old])
    cooper = MakerFactory(primary_category=cooperage)
    assert "/savoir-faire/tonnellerie/" not in maker_page(client, cooper)

    with commits():
        category_merge(source=old, target=cooperage, actor=None)
    assert list(knowhow.categories.all()) == [cooperage]
    assert 'href="/savoir-faire/tonnellerie/"' in maker_page(client, cooper)
