"""Makers editing their listing: drafts, review of who and where, conflicts, submission."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from localiste.catalog.tests.factories import CategoryFactory
from localiste.makers import services
from localiste.makers.models import Maker, MakerRevision, Membership, Photo
from localiste.makers.selectors import completeness_percent, maker_completeness
from localiste.makers.tests import uploads
from localiste.makers.tests.factories import MakerFactory
from localiste.moderation import services as moderation


@pytest.fixture(autouse=True)
def _english():
    """These tests read the services' messages in their English source."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db

ELIGIBLE = {"makes_own_work": True, "in_territory": True, "non_food": True}


@pytest.fixture
def owner(django_user_model):
    return django_user_model.objects.create_user("lucie@example.org", "lucie@example.org")


@pytest.fixture
def draft(owner):
    return services.maker_start(
        user=owner, name="Atelier Lucie", primary_category=CategoryFactory(), eligibility=ELIGIBLE
    )


def test_starting_a_listing_makes_a_draft_owned_by_its_author(owner, draft):
    assert draft.status == Maker.Status.DRAFT
    assert draft.eligibility == ELIGIBLE
    assert draft.email == "lucie@example.org"
    assert Membership.objects.get(maker=draft).role == Membership.Role.OWNER


def test_a_draft_is_edited_directly_and_renamed_with_its_slug(owner, draft):
    update = services.maker_update(
        maker=draft, editor=owner, version=draft.version, fields={"name": "Maroquinerie Lucie"}
    )
    assert update.pending == []
    draft.refresh_from_db()
    assert draft.name == "Maroquinerie Lucie" and draft.slug == "maroquinerie-lucie"
    assert draft.version == 2


def test_a_stale_version_is_refused_and_nothing_is_overwritten(owner, draft):
    version = draft.version
    services.maker_update(maker=draft, editor=owner, version=version, fields={"tagline": "Mine"})
    stale = Maker.objects.get(pk=draft.pk)

    with pytest.raises(services.EditConflict) as conflict:
        services.maker_update(maker=stale, editor=owner, version=version, fields={"tagline": "B"})

    assert conflict.value.current.tagline == "Mine"
    assert Maker.objects.get(pk=draft.pk).tagline == "Mine"
    assert Maker.objects.get(pk=draft.pk).version == version + 1


def test_an_invalid_edit_leaves_the_version_alone(owner, draft):
    version = draft.version
    with pytest.raises(ValidationError):
        services.maker_update(maker=draft, editor=owner, version=version, fields={"siret": "123"})
    assert Maker.objects.get(pk=draft.pk).version == version
    assert Maker.objects.get(pk=draft.pk).siret == ""


def test_a_published_name_change_waits_for_review_while_the_page_keeps_its_name(owner):
    maker = MakerFactory(name="Atelier Lucie")
    Membership.objects.create(user=owner, maker=maker, role=Membership.Role.OWNER)
    new_category = CategoryFactory()

    update = services.maker_update(
        maker=maker,
        editor=owner,
        version=maker.version,
        fields={"name": "Lucie & fils", "tagline": "Sacs cousus main"},
        primary_category=new_category,
        others=[],
    )

    assert update.pending == ["name", "other_category_ids", "primary_category_id"]
    maker.refresh_from_db()
    assert maker.name == "Atelier Lucie"  # the public page keeps its approved name
    assert maker.tagline == "Sacs cousus main"  # ordinary edits go live at once
    assert maker.status == Maker.Status.PUBLISHED
    revision = MakerRevision.objects.get(maker=maker)
    assert revision.changes["name"] == "Lucie & fils"

    operator = type(owner).objects.create_user("op", "op@example.org", is_staff=True)
    moderation.revision_approve(revision=revision, operator=operator)
    maker.refresh_from_db()
    assert maker.name == "Lucie & fils" and maker.primary_category == new_category
    assert maker.slug == "atelier-lucie"  # links to the page keep working
    assert MakerRevision.objects.get().status == MakerRevision.Status.APPROVED


def test_later_changes_merge_into_the_pending_revision(owner):
    maker = MakerFactory()
    services.maker_update(
        maker=maker, editor=owner, version=maker.version, fields={"name": "Premier"}
    )
    maker.refresh_from_db()
    services.maker_update(
        maker=maker, editor=owner, version=maker.version, fields={"locality": "Bègles"}
    )
    revision = MakerRevision.objects.get(maker=maker)
    assert revision.changes == {"name": "Premier", "locality": "Bègles"}


def test_completeness_lists_what_is_missing_and_submission_needs_it(owner, draft):
    missing = {item.key for item in maker_completeness(draft) if item.required and not item.done}
    assert missing == {"address", "story", "photo"}
    with pytest.raises(ValidationError, match="missing"):
        services.maker_submit(maker=draft, editor=owner)

    services.maker_update(
        maker=draft,
        editor=owner,
        version=draft.version,
        fields={
            "story": "Je coupe et je couds le cuir à la main. " * 3,
            "latitude": 44.8,
            "longitude": -0.57,
        },
    )
    services.photo_add(
        maker=draft,
        editor=owner,
        upload=uploads.upload(uploads.image_bytes(700, 500)),
        kind=Photo.Kind.GALLERY,
        alt_text="L'atelier",
    )
    draft.refresh_from_db()
    assert all(item.done for item in maker_completeness(draft) if item.required)
    assert 50 < completeness_percent(maker_completeness(draft)) < 100

    services.maker_submit(maker=draft, editor=owner)
    draft.refresh_from_db()
    assert draft.status == Maker.Status.PENDING and draft.submitted_at

    operator = type(owner).objects.create_user("op", "op@example.org", is_staff=True)
    moderation.maker_approve(maker=draft, operator=operator)
    assert Maker.objects.get(pk=draft.pk).is_published


def test_hours_and_sales_points_are_replaced(owner, draft):
    import datetime

    services.maker_hours_set(
        maker=draft, version=draft.version, periods=[(1, datetime.time(9), datetime.time(12))] * 2
    )
    services.maker_hours_set(
        maker=draft, version=draft.version, periods=[(2, datetime.time(14), datetime.time(18))]
    )
    assert [p.weekday for p in draft.opening_periods.all()] == [2]
    services.maker_sales_points_set(
        maker=draft, version=draft.version, sales_points=[{"kind": "market", "name": "Capucins"}]
    )
    assert draft.sales_points.get().name == "Capucins"


def test_a_listing_never_takes_a_path_of_the_maker_space(owner):
    maker = services.maker_start(user=owner, name="Nouveau", primary_category=CategoryFactory())
    assert maker.slug == "nouveau-atelier"
