"""Running a source again: fields edited here since become the source's proposal (apart from
the maker's own pending revision), and listings a complete run no longer gives are flagged."""

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from localiste.catalog.models import Category
from localiste.makers import services
from localiste.makers.models import Maker, MakerRevision, Membership
from localiste.makers.models.revision import SourceProposal
from localiste.makers.services.imports import ImportAction, ImportSession, makers_import_vanished

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def source():
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


def resync(source, rows, *, covers=None):
    """One run of `source` giving `rows` ({key: values}); its session."""
    session = ImportSession(source=source, covers=covers)
    services.makers_import_batch(session=session, rows=list(rows.items()))
    return session


@pytest.fixture
def edited(source, rings, django_user_model):
    """An imported listing whose team changed its tagline in their space."""
    maker = Maker.objects.get(
        pk=services.maker_import_upsert(source=source, key="L-1", values=values(rings)).maker_id
    )
    owner = django_user_model.objects.create_user("lune@example.org", "lune@example.org")
    Membership.objects.create(user=owner, maker=maker, role=Membership.Role.OWNER)
    services.maker_update(
        maker=maker, editor=owner, version=maker.version, fields={"tagline": "Mes bagues à moi"}
    )
    maker.refresh_from_db()
    maker.owner = owner
    return maker


def open_proposals(maker):
    return list(maker.source_proposals.filter(status=SourceProposal.Status.PENDING))


def test_the_makers_value_stays_and_the_sources_becomes_a_proposal(client, edited, source, rings):
    resync(source, {"L-1": values(rings, tagline="Bijoux fins de Bordeaux")})

    page = client.get(reverse("makers:detail", kwargs={"slug": edited.slug})).content.decode()
    assert "Mes bagues à moi" in page and "Bijoux fins de Bordeaux" not in page
    (proposal,) = open_proposals(edited)
    assert proposal.source == source
    assert proposal.changes == {"tagline": "Bijoux fins de Bordeaux"}
    # The maker's own pending revision holds none of it.
    assert not MakerRevision.objects.exists()


def test_one_open_proposal_per_listing_updated_by_newer_values(edited, source, rings):
    resync(source, {"L-1": values(rings, tagline="Bijoux fins")})
    resync(source, {"L-1": values(rings, tagline="Bijoux fins")})  # the same again
    (proposal,) = open_proposals(edited)
    assert proposal.changes == {"tagline": "Bijoux fins"}

    resync(source, {"L-1": values(rings, tagline="Bijoux très fins", locality="Talence")})
    (again,) = open_proposals(edited)
    assert again.pk == proposal.pk and again.changes == {"tagline": "Bijoux très fins"}
    edited.refresh_from_db()
    assert edited.locality == "Talence"  # a field nobody edited here is written as before
    assert edited.tagline == "Mes bagues à moi"


def test_a_source_back_to_the_makers_value_withdraws_its_proposal(edited, source, rings):
    resync(source, {"L-1": values(rings, tagline="Bijoux fins")})
    resync(source, {"L-1": values(rings, tagline="Mes bagues à moi")})
    assert not open_proposals(edited)
    assert edited.source_proposals.get().status == SourceProposal.Status.WITHDRAWN


def test_the_makers_pending_revision_and_the_sources_proposal_never_mix(edited, source, rings):
    # The name of a published listing is reviewed: the team's new name waits in a revision.
    update = services.maker_update(
        maker=edited, editor=edited.owner, version=edited.version, fields={"name": "Lune & Co"}
    )
    assert update.pending
    resync(source, {"L-1": values(rings, name="Bijoux Lune SARL", tagline="Bijoux fins")})
    revision = MakerRevision.objects.get(status=MakerRevision.Status.PENDING)
    assert revision.changes == {"name": "Lune & Co"}
    (proposal,) = open_proposals(edited)
    assert proposal.changes == {"name": "Bijoux Lune SARL", "tagline": "Bijoux fins"}

    # A later edit of the team merges into their revision, not into the source's proposal.
    maker = Maker.objects.get(pk=edited.pk)
    services.maker_update(
        maker=maker, editor=edited.owner, version=maker.version, fields={"name": "Lune et Cie"}
    )
    revision.refresh_from_db()
    assert revision.changes == {"name": "Lune et Cie"}
    proposal.refresh_from_db()
    assert proposal.changes == {"name": "Bijoux Lune SARL", "tagline": "Bijoux fins"}
    assert Maker.objects.get(pk=edited.pk).name == "Bijoux Lune"  # neither is public yet


def test_a_dry_run_plans_the_kept_field_and_proposes_nothing(edited, source, rings):
    session = ImportSession(source=source)
    (outcome,) = services.makers_import_plan(
        session=session, rows=[("L-1", values(rings, tagline="Bijoux fins"))]
    )
    assert outcome.action == ImportAction.UNCHANGED and set(outcome.kept) == {"tagline"}
    assert not SourceProposal.objects.exists()


def test_a_complete_run_flags_the_listings_it_no_longer_gives(source, rings):
    resync(source, {key: values(rings, name=f"Atelier {key}") for key in ("A", "B", "C")})
    first = resync(source, {"A": values(rings, name="Atelier A")}, covers=Q())
    assert makers_import_vanished(session=first).missing == 2
    flagged = dict(Maker.objects.values_list("source_key", "source_vanished_at"))
    assert flagged["A"] is None and flagged["B"] == flagged["C"] == first.seen_at

    # Flagged once: a later run keeps the date it was first missed; one listed again is back.
    later = resync(source, {"A": values(rings, name="Atelier A"), "B": values(rings, name="B")})
    later.covers = Q()
    assert makers_import_vanished(session=later).missing == 1
    flagged = dict(Maker.objects.values_list("source_key", "source_vanished_at"))
    assert flagged == {"A": None, "B": None, "C": first.seen_at}
    assert Maker.objects.get(source_key="C").status == Maker.Status.PUBLISHED  # never deleted


def test_a_run_that_covers_part_of_its_source_flags_only_that_part(source, rings):
    resync(
        source,
        {
            "G-1": values(rings, name="Gironde 1"),
            "G-2": values(rings, name="Gironde 2"),
            "L-1": values(rings, name="Landes 1", postcode="40000", locality="Mont-de-Marsan"),
        },
    )
    # Read for the Gironde only (a register filtered by département).
    session = resync(source, {"G-1": values(rings, name="Gironde 1")}, covers=Q(postcode="33000"))
    assert makers_import_vanished(session=session).missing == 1
    assert list(
        Maker.objects.filter(source_vanished_at__isnull=False).values_list("source_key")
    ) == [("G-2",)]


def test_a_run_that_cannot_tell_flags_nothing(source, rings):
    resync(source, {key: values(rings, name=key) for key in ("A", "B")})
    session = resync(source, {"A": values(rings, name="A")})  # covers None: one row, a sample
    assert makers_import_vanished(session=session).missing == 0
    assert not Maker.objects.filter(source_vanished_at__isnull=False).exists()


def test_a_row_skipped_for_a_bad_value_is_not_taken_for_vanished(source, rings):
    resync(source, {key: values(rings, name=key) for key in ("A", "B")})
    session = ImportSession(source=source, covers=Q(), seen_at=timezone.now())
    services.makers_import_batch(session=session, rows=[("A", values(rings, name="A"))])
    services.makers_import_seen(session=session, keys=["B"])  # skipped, but still listed
    assert makers_import_vanished(session=session).missing == 0


def test_more_than_the_share_missing_flags_none_unless_forced(source, rings):
    keys = [f"K{n:02d}" for n in range(15)]
    resync(source, {key: values(rings, name=key) for key in keys})
    session = resync(source, {key: values(rings, name=key) for key in keys[:2]}, covers=Q())
    held = makers_import_vanished(session=session, max_share=0.5)
    assert (held.missing, held.covered, held.flagged) == (13, 15, False)
    assert not Maker.objects.filter(source_vanished_at__isnull=False).exists()
    forced = makers_import_vanished(session=session)
    assert (forced.missing, forced.flagged) == (13, True)
    assert Maker.objects.filter(source_vanished_at__isnull=False).count() == 13
