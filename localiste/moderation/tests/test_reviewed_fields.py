"""Which changes of a published listing wait for the operators is a setting; new photos
wait too, out of the public page, the cards and the search until they are approved."""

import pytest

from localiste.makers import services as maker_services
from localiste.makers.models import Maker, MakerRevision, Photo, Product
from localiste.makers.selectors import (
    maker_documents,
    maker_get_preview,
    maker_get_public,
    makers_attach_card_photos,
)
from localiste.makers.tests import uploads
from localiste.moderation import services
from localiste.moderation.tests.conftest import en

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(listing_in, gironde):
    return listing_in(gironde, status=Maker.Status.PUBLISHED, tagline="Sacs en cuir")


def team_of(maker):
    return maker.memberships.get().user


def edit(maker, **fields):
    maker.refresh_from_db()
    return maker_services.maker_update(
        maker=maker, editor=team_of(maker), version=maker.version, fields=fields
    )


def add_photo(maker, kind=Photo.Kind.GALLERY, alt="Un sac sur l'établi"):
    return maker_services.photo_add(
        maker=maker,
        editor=team_of(maker),
        upload=uploads.upload(uploads.image_bytes(400, 300)),
        kind=kind,
        alt_text=alt,
    )


def test_by_default_the_tagline_goes_live_and_the_name_waits(published):
    update = edit(published, tagline="Sacs cousus main", name="Atelier Renommé")
    published.refresh_from_db()
    assert published.tagline == "Sacs cousus main"
    assert published.name != "Atelier Renommé"
    assert update.pending == ["name"]


def test_the_tagline_and_story_wait_when_the_setting_says_so(published, settings, operator):
    settings.REVIEWED_FIELDS = ["name", "tagline", "story"]
    story = published.story
    update = edit(published, tagline="Le meilleur du monde !", story=story + " Promo -50 %")
    assert sorted(update.pending) == ["story", "tagline"]
    public = maker_get_public(slug=published.slug)
    assert (public.tagline, public.story) == ("Sacs en cuir", story)
    assert "Le meilleur du monde" not in " ".join(d.tagline for d in maker_documents([public.pk]))

    services.revision_approve(revision=MakerRevision.objects.get(), operator=operator)
    public = maker_get_public(slug=published.slug)
    assert public.tagline == "Le meilleur du monde !"


def test_a_proposed_text_over_its_limit_is_refused_at_once(published, settings):
    settings.REVIEWED_FIELDS = ["story"]
    settings.MAX_STORY_CHARS = 100
    with pytest.raises(Exception, match="100"):
        edit(published, story="x" * 500)
    assert not MakerRevision.objects.exists()


def test_the_address_goes_live_when_it_is_not_reviewed(published, settings):
    settings.REVIEWED_FIELDS = ["name"]
    edit(published, street="3 rue Neuve")
    assert Maker.objects.get(pk=published.pk).street == "3 rue Neuve"
    assert not MakerRevision.objects.exists()


def test_a_new_photo_waits_out_of_the_public_page_cards_and_search(published, operator):
    before = maker_documents([published.pk])[0].rank
    photo = add_photo(published)
    assert photo.pending_review
    assert MakerRevision.objects.get().changes == {"photo_ids": [photo.pk]}

    page = maker_get_public(slug=published.slug)
    assert photo.pk not in [p.pk for p in page.gallery_photos]
    assert maker_documents([published.pk])[0].rank == before  # not counted in the ranking
    assert photo.pk in [p.pk for p in maker_get_preview(maker=published).gallery_photos]

    services.revision_approve(revision=MakerRevision.objects.get(), operator=operator)
    page = maker_get_public(slug=published.slug)
    assert photo.pk in [p.pk for p in page.gallery_photos]


def test_a_new_cover_leaves_the_approved_one_until_it_is_approved(published, operator):
    old = add_photo(published, Photo.Kind.COVER, "L'ancienne vitrine")
    services.revision_approve(revision=MakerRevision.objects.get(), operator=operator)
    new = add_photo(published, Photo.Kind.COVER, "La nouvelle vitrine")

    [card] = makers_attach_card_photos([Maker.objects.get(pk=published.pk)])
    assert card.card_cover.pk == old.pk
    assert maker_get_public(slug=published.slug).cover_photo.pk == old.pk

    services.revision_approve(
        revision=MakerRevision.objects.get(status="pending"), operator=operator
    )
    assert maker_get_public(slug=published.slug).cover_photo.pk == new.pk
    assert not Photo.objects.filter(pk=old.pk).exists()  # replaced, as an approved upload does


def test_a_refused_photo_is_deleted(published, operator):
    photo = add_photo(published)
    services.revision_reject(
        revision=MakerRevision.objects.get(), operator=operator, reason="Photo d'un catalogue."
    )
    assert not Photo.objects.filter(pk=photo.pk).exists()


def test_a_photo_removed_by_its_team_leaves_the_pending_change(published):
    photo = add_photo(published)
    maker_services.photo_delete(photo=photo, editor=team_of(published))
    assert not MakerRevision.objects.exists()  # nothing is left to decide


def test_photos_of_a_draft_do_not_wait(listing_in, gironde):
    draft = listing_in(gironde, status=Maker.Status.DRAFT)
    assert not add_photo(draft).pending_review


def test_photos_go_live_when_they_are_not_reviewed(published, settings):
    settings.REVIEWED_FIELDS = ["name"]
    assert not add_photo(published).pending_review


def test_the_space_says_what_waits(client, published, settings):
    settings.REVIEWED_FIELDS = ["name", "tagline", "photos"]
    edit(published, tagline="Sacs cousus main")
    add_photo(published)
    client.force_login(team_of(published))
    photos = client.get(en("space:photos", published.slug)).content.decode()
    assert "waiting for the operators’ approval" in photos
    assert "1 new photo" in photos
    story = client.get(en("space:story", published.slug)).content.decode()
    assert "tagline → Sacs cousus main" in story


def test_the_desk_shows_new_photos_as_thumbnails(operator_client, published):
    photo = add_photo(published)
    revision = MakerRevision.objects.get()
    page = operator_client.get(en("moderation:change", revision.pk)).content.decode()
    assert photo.fallback_url in page
    assert "Un sac sur l&#x27;établi" in page  # its description, as the image's alt text


def test_new_and_changed_products_wait_when_products_are_reviewed(
    published, settings, operator, operator_client
):
    settings.REVIEWED_FIELDS = ["name", "products"]
    team = team_of(published)
    kept = maker_services.product_create(
        maker=published, editor=team, fields={"name": "Sac besace", "price_min": 80}
    )
    assert kept.pending_review  # even a first product waits on a published listing
    services.revision_approve(revision=MakerRevision.objects.get(), operator=operator)
    kept.refresh_from_db()
    assert not kept.pending_review
    assert [p.name for p in maker_get_public(slug=published.slug).public_products] == ["Sac besace"]

    # A price change goes live; a new description waits, off the page and the search.
    kept = maker_services.product_update(
        product=kept, editor=team, version=kept.version, fields={"price_min": 90}
    )
    assert not kept.pending_review
    kept = maker_services.product_update(
        product=kept,
        editor=team,
        version=kept.version,
        fields={"description": "Livraison de pilules bon marché"},
    )
    fresh = maker_services.product_create(
        maker=published, editor=team, fields={"name": "Porte-monnaie"}
    )
    assert kept.pending_review and fresh.pending_review
    assert maker_get_public(slug=published.slug).public_products == []
    assert "besace" not in maker_documents([published.pk])[0].products
    preview = maker_get_preview(maker=published)  # the team sees them
    assert {p.name for p in preview.public_products} == {"Sac besace", "Porte-monnaie"}
    [revision] = MakerRevision.objects.filter(status=MakerRevision.Status.PENDING)
    assert revision.changes["product_ids"] == [kept.pk, fresh.pk]

    # The desk shows each as a text diff against its approved version.
    page = operator_client.get(en("moderation:change", revision.pk)).content.decode()
    assert "Changed product · Sac besace" in page and "New product · Porte-monnaie" in page
    assert "<ins>" in page and "pilules" in page

    # Refused: the new one goes, the changed one is its approved self again, public.
    services.revision_reject(revision=revision, operator=operator, reason="Pas de ça ici.")
    assert not Product.objects.filter(pk=fresh.pk).exists()
    kept.refresh_from_db()
    assert kept.description == "" and kept.price_min == 90 and not kept.pending_review
    assert [p.name for p in maker_get_public(slug=published.slug).public_products] == ["Sac besace"]
