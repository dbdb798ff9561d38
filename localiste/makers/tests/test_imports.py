"""Listings from a source: created once, updated by their key, never over a maker's edit."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import translation

from localiste.catalog.models import Category
from localiste.makers import services
from localiste.makers.models import DuplicateCandidate, Maker, MakerRevision, Membership
from localiste.makers.services.claims import maker_is_claimable
from localiste.makers.services.imports import ImportAction, ImportSession
from localiste.makers.tests.factories import MakerFactory
from localiste.search.backends import backend_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def source():
    return services.source_create(slug="tableur", name="Tableur de l'association", kind="csv")


@pytest.fixture
def published_source():
    return services.source_create(slug="annuaire", name="Annuaire", kind="csv", publish=True)


@pytest.fixture
def rings():
    return Category.objects.get(slug="bijoux-argent")


def values(category, **extra):
    return {
        "name": "Bijoux Lune",
        "primary_category": category,
        "tagline": "Bagues en argent recyclé",
        "postcode": "33000",
        "locality": "Bordeaux",
        "latitude": 44.84,
        "longitude": -0.58,
        **extra,
    }


def test_a_new_row_makes_an_unclaimed_listing_waiting_for_review(source, rings):
    outcome = services.maker_import_upsert(source=source, key="L-1", values=values(rings))
    maker = Maker.objects.get(pk=outcome.maker_id)
    assert outcome.action == ImportAction.CREATED
    assert (maker.status, maker.source, maker.source_key) == (Maker.Status.PENDING, source, "L-1")
    assert maker.submitted_at is not None and maker.published_at is None
    assert maker_is_claimable(maker) and not Membership.objects.filter(maker=maker).exists()
    assert maker.source_values["tagline"] == "Bagues en argent recyclé"
    assert maker.source_values["primary_category"] == rings.pk
    # Listed under its category and the category's parent, as maker_create lists them.
    links = dict(maker.category_links.values_list("category__slug", "is_direct"))
    assert links == {"bijoux-argent": True, "bijoux": False}
    entry = LogEntry.objects.get(object_id=maker.pk)
    assert entry.additional_data["action"] == "maker.create"
    assert "Annuaire" not in entry.additional_data["reason"]  # its own source's name
    assert "Tableur" in entry.additional_data["reason"]


def test_a_source_that_publishes_lists_its_rows_at_once(published_source, rings):
    outcome = services.maker_import_upsert(source=published_source, key="L-1", values=values(rings))
    maker = Maker.objects.get(pk=outcome.maker_id)
    assert maker.is_published and maker.published_at is not None
    assert backend_for("default").document_count("makers") == 1
    rings.refresh_from_db()
    assert rings.published_maker_count == 1


def test_the_same_row_again_changes_nothing(source, rings):
    first = services.maker_import_upsert(source=source, key="L-1", values=values(rings))
    entries = LogEntry.objects.count()
    again = services.maker_import_upsert(source=source, key="L-1", values=values(rings))
    assert again.action == ImportAction.UNCHANGED and again.maker_id == first.maker_id
    assert Maker.objects.count() == 1 and LogEntry.objects.count() == entries
    assert Maker.objects.get().version == 1


def test_a_field_the_source_changed_is_updated(source, rings):
    first = services.maker_import_upsert(source=source, key="L-1", values=values(rings))
    newer = values(rings, tagline="Bagues et colliers", phone="05 56 00 00 00")
    outcome = services.maker_import_upsert(source=source, key="L-1", values=newer)
    maker = Maker.objects.get(pk=first.maker_id)
    assert outcome.action == ImportAction.UPDATED
    assert set(outcome.changed) == {"tagline", "phone"} and not outcome.kept
    assert (maker.tagline, maker.phone, maker.version) == (
        "Bagues et colliers",
        "05 56 00 00 00",
        2,
    )
    assert maker.source_values["tagline"] == "Bagues et colliers"
    entry = LogEntry.objects.filter(object_id=maker.pk).order_by("-pk").first()
    assert entry.additional_data["action"] == "maker.update"
    assert entry.changes["tagline"] == ["Bagues en argent recyclé", "Bagues et colliers"]


def test_a_field_the_maker_edited_since_is_kept_and_reported(source, rings, django_user_model):
    first = services.maker_import_upsert(source=source, key="L-1", values=values(rings))
    maker = Maker.objects.get(pk=first.maker_id)
    owner = django_user_model.objects.create_user("lune@example.org", "lune@example.org")
    Membership.objects.create(user=owner, maker=maker, role=Membership.Role.OWNER)
    services.maker_update(
        maker=maker, editor=owner, version=maker.version, fields={"tagline": "Mes bagues"}
    )
    newer = values(rings, tagline="Bagues et colliers", locality="Bègles", postcode="33130")
    outcome = services.maker_import_upsert(source=source, key="L-1", values=newer)
    maker.refresh_from_db()
    assert outcome.action == ImportAction.UPDATED
    assert outcome.kept == {"tagline": "Bagues et colliers"}
    assert set(outcome.changed) == {"locality", "postcode"}
    assert maker.tagline == "Mes bagues" and maker.locality == "Bègles"
    # The same file again: the edit is still kept, and nothing new is reported.
    again = services.maker_import_upsert(source=source, key="L-1", values=newer)
    assert again.action == ImportAction.UNCHANGED and again.kept == {}
    assert Maker.objects.get(pk=maker.pk).tagline == "Mes bagues"


def test_a_change_waiting_for_review_counts_as_an_edit(published_source, rings):
    first = services.maker_import_upsert(source=published_source, key="L-1", values=values(rings))
    maker = Maker.objects.get(pk=first.maker_id)
    MakerRevision.objects.create(maker=maker, changes={"name": "Bijoux de la Lune"})
    outcome = services.maker_import_upsert(
        source=published_source, key="L-1", values=values(rings, name="Lune & Cie")
    )
    assert outcome.kept == {"name": "Lune & Cie"}
    assert Maker.objects.get(pk=maker.pk).name == "Bijoux Lune"


def test_a_field_given_for_the_first_time_fills_an_empty_one_only(source, rings):
    first = services.maker_import_upsert(source=source, key="L-1", values=values(rings))
    Maker.objects.filter(pk=first.maker_id).update(website="https://lune.example.org")
    newer = values(rings, website="https://autre.example.org", email="lune@example.org")
    outcome = services.maker_import_upsert(source=source, key="L-1", values=newer)
    maker = Maker.objects.get(pk=first.maker_id)
    assert outcome.changed == ("email",) and set(outcome.kept) == {"website"}
    assert (maker.email, maker.website) == ("lune@example.org", "https://lune.example.org")


def test_a_new_category_from_the_source_moves_the_listing(published_source, rings):
    first = services.maker_import_upsert(source=published_source, key="L-1", values=values(rings))
    vases = Category.objects.get(slug="vases-et-pots")
    outcome = services.maker_import_upsert(source=published_source, key="L-1", values=values(vases))
    maker = Maker.objects.get(pk=first.maker_id)
    assert outcome.changed == ("primary_category",)
    assert maker.primary_category == vases
    assert set(maker.category_links.values_list("category__slug", flat=True)) == {
        "vases-et-pots",
        "ceramique",
    }


def test_bad_values_are_refused_by_the_listing_rules(source, rings):
    with pytest.raises(ValidationError) as refused:
        services.maker_import_upsert(
            source=source, key="L-1", values=values(rings, email="pas une adresse")
        )
    assert "email" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.maker_import_upsert(source=source, key="", values=values(rings))
    assert "source_key" in refused.value.message_dict
    assert not Maker.objects.exists()


def test_keys_are_per_source(source, published_source, rings):
    one = services.maker_import_upsert(source=source, key="1", values=values(rings))
    other = services.maker_import_upsert(source=published_source, key="1", values=values(rings))
    assert one.maker_id != other.maker_id
    assert set(Maker.objects.values_list("slug", flat=True)) == {"bijoux-lune", "bijoux-lune-2"}


def test_slugs_stay_unique_in_a_batch_and_against_listings(source, rings):
    MakerFactory(name="Bijoux Lune")  # bijoux-lune, taken
    MakerFactory(name="Bijoux Lune Deux")  # "bijoux-lune-deux" sorts in the family too
    session = ImportSession(source=source)
    rows = [(f"L-{n}", values(rings)) for n in range(3)]
    outcomes = services.makers_import_batch(session=session, rows=rows)
    slugs = Maker.objects.filter(pk__in=[o.maker_id for o in outcomes]).values_list(
        "slug", flat=True
    )
    assert sorted(slugs) == ["bijoux-lune-2", "bijoux-lune-3", "bijoux-lune-4"]


def test_a_batch_reports_each_row_and_refuses_only_the_bad_ones(source, rings):
    session = ImportSession(source=source)
    rows = [
        ("A", values(rings)),
        ("B", values(rings, founded_year=3000)),
        ("C", values(rings, name="Autre")),
    ]
    outcomes = services.makers_import_batch(session=session, rows=rows)
    assert [o.action for o in outcomes] == [
        ImportAction.CREATED,
        ImportAction.SKIPPED,
        ImportAction.CREATED,
    ]
    assert "founded_year" in outcomes[1].errors
    assert Maker.objects.count() == 2


def test_a_plan_says_what_a_batch_would_do_and_writes_nothing(source, rings):
    services.maker_import_upsert(source=source, key="A", values=values(rings))
    entries = LogEntry.objects.count()
    session = ImportSession(source=source)
    rows = [("A", values(rings, tagline="Neuf")), ("B", values(rings)), ("C", values(rings))]
    outcomes = services.makers_import_plan(session=session, rows=rows)
    assert [o.action for o in outcomes] == [
        ImportAction.UPDATED,
        ImportAction.CREATED,
        ImportAction.CREATED,
    ]
    assert Maker.objects.count() == 1 and LogEntry.objects.count() == entries
    assert Maker.objects.get().tagline == "Bagues en argent recyclé"


def test_new_listings_are_checked_for_duplicates_once_written(
    source, rings, django_capture_on_commit_callbacks
):
    existing = MakerFactory(name="Atelier Lune", siret="12345678900011")
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.maker_import_upsert(
            source=source, key="L-1", values=values(rings, siret="12345678900011")
        )
    pair = DuplicateCandidate.objects.get()
    assert {pair.maker_id, pair.other_id} == {existing.pk, outcome.maker_id}


def test_a_bulk_import_checks_duplicates_and_counts_at_its_end(published_source, rings):
    existing = MakerFactory(name="Atelier Lune", siret="12345678900011", primary_category=rings)
    session = ImportSession(source=published_source, bulk=True)
    services.makers_import_batch(
        session=session, rows=[("L-1", values(rings, siret="12345678900011"))]
    )
    assert not DuplicateCandidate.objects.exists()
    services.makers_import_finish(session=session)
    assert DuplicateCandidate.objects.filter(maker=existing).exists()
    rings.refresh_from_db()
    assert rings.published_maker_count == 2
