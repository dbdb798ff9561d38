"""What a source says at the desk: the update it proposes for fields a maker edited since
the import (apply or dismiss), and the listings a complete run no longer gives (issue 12,
"Re-sync")."""

import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from localiste.catalog.models import Category
from localiste.makers import services
from localiste.makers.models import Maker, MakerRevision, Membership, Source
from localiste.makers.models.revision import SourceProposal
from localiste.makers.services.imports import ImportSession
from localiste.moderation.locks import lock_take
from localiste.moderation.models import Decision, ItemKind
from localiste.moderation.queue import queue_page
from localiste.moderation.selectors import desk_scope
from localiste.moderation.tests.conftest import decide, en, seen_on
from localiste.opendata.imports.files import import_file_open
from localiste.opendata.imports.rows import RowPreparer
from localiste.opendata.imports.runs import import_run_create, import_run_execute
from localiste.opendata.imports.summary import import_run_summary
from localiste.opendata.models import ImportRun
from localiste.places.services import gazetteer_load, territory_sync_from_places

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
        "phone": "05 56 00 00 01",
        **extra,
    }


def resync(source, rows):
    """One run of `source` giving `rows` ({key: values})."""
    services.makers_import_batch(session=ImportSession(source=source), rows=list(rows.items()))


@pytest.fixture
def imported_in(source, rings, make_user):
    """imported_in(territory, key) → an imported listing there, its tagline changed by its
    team in their space since."""

    def make(territory, key="L-1"):
        outcome = services.maker_import_upsert(source=source, key=key, values=values(rings))
        maker = Maker.objects.get(pk=outcome.maker_id)
        maker.territories.add(territory)
        owner = make_user(f"{key.lower()}@example.org")
        Membership.objects.create(user=owner, maker=maker, role=Membership.Role.OWNER)
        services.maker_update(
            maker=maker, editor=owner, version=maker.version, fields={"tagline": "Mes bagues"}
        )
        return Maker.objects.get(pk=maker.pk)

    return make


def public_page(client, maker) -> str:
    return client.get(reverse("makers:detail", kwargs={"slug": maker.slug})).content.decode()


def the_proposal(maker) -> SourceProposal:
    return maker.source_proposals.get(status=SourceProposal.Status.PENDING)


def test_a_source_update_waits_in_the_queue_and_applying_it_changes_the_page(
    client, operator, imported_in, gironde, source, rings, sent_mail
):
    maker = imported_in(gironde)
    resync(source, {"L-1": values(rings, tagline="Bijoux fins de Bordeaux")})
    assert "Mes bagues" in public_page(client, maker)
    proposal = the_proposal(maker)

    client.force_login(operator)
    queue = client.get(en("moderation:queue"), {"type": "source_update"}).content.decode()
    assert maker.name in queue and "Update from the source" in queue
    assert queue_page(scope=desk_scope(user=operator)).counts[ItemKind.SOURCE_UPDATE] == 1
    url = en("moderation:source_update", proposal.pk)
    page = client.get(url).content.decode()
    assert "Mes bagues" in page and "Bijoux fins de Bordeaux" in page
    assert "<del>" in page or "<ins>" in page or "On the listing" in page

    response = decide(client, url, {"action": "apply", "apply-field_tagline": "on"})
    assert response.status_code == 302
    assert "Bijoux fins de Bordeaux" in public_page(client, maker)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by) == (SourceProposal.Status.APPLIED, operator)
    decision = Decision.objects.get(kind=ItemKind.SOURCE_UPDATE)
    assert decision.action == Decision.Action.APPROVED and decision.object_id == proposal.pk
    # The history records the field with the operator; the team hears of it.
    entry = LogEntry.objects.filter(object_id=maker.pk).order_by("-pk").first()
    assert entry.actor == operator and "tagline" in entry.changes
    team = maker.memberships.get().user.email
    assert any(team in mail.to and "source" in mail.subject for mail in sent_mail())

    # The same run again: nothing left to propose.
    resync(source, {"L-1": values(rings, tagline="Bijoux fins de Bordeaux")})
    assert not maker.source_proposals.filter(status=SourceProposal.Status.PENDING).exists()


def test_dismissing_keeps_the_makers_value_until_the_source_says_something_newer(
    client, operator_client, imported_in, gironde, source, rings
):
    maker = imported_in(gironde)
    resync(source, {"L-1": values(rings, tagline="Bijoux fins")})
    proposal = the_proposal(maker)
    url = en("moderation:source_update", proposal.pk)
    response = decide(operator_client, url, {"action": "dismiss", "dismiss-note": "Sa version"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == SourceProposal.Status.DISMISSED
    assert "Mes bagues" in public_page(client, maker)
    assert Decision.objects.get(kind=ItemKind.SOURCE_UPDATE).action == Decision.Action.DISMISSED

    resync(source, {"L-1": values(rings, tagline="Bijoux fins")})  # the same value again
    assert not maker.source_proposals.filter(status=SourceProposal.Status.PENDING).exists()

    resync(source, {"L-1": values(rings, tagline="Bijoux très fins")})  # a newer one
    newer = the_proposal(maker)
    assert newer.pk != proposal.pk and newer.changes == {"tagline": "Bijoux très fins"}


def test_only_the_fields_chosen_are_applied(operator_client, imported_in, gironde, source, rings):
    maker = imported_in(gironde)
    services.maker_update(
        maker=maker,
        editor=maker.memberships.get().user,
        version=maker.version,
        fields={"phone": "06 00 00 00 02"},
    )
    resync(source, {"L-1": values(rings, tagline="Bijoux fins", phone="05 56 99 99 99")})
    proposal = the_proposal(maker)
    assert set(proposal.changes) == {"tagline", "phone"}
    url = en("moderation:source_update", proposal.pk)
    page = operator_client.get(url).content.decode()
    assert 'name="apply-field_tagline"' in page and 'name="apply-field_phone"' in page

    response = decide(operator_client, url, {"action": "apply", "apply-field_phone": "on"})
    assert response.status_code == 302
    maker.refresh_from_db()
    assert (maker.phone, maker.tagline) == ("05 56 99 99 99", "Mes bagues")
    assert Decision.objects.get().snapshot == {"phone": "05 56 99 99 99"}

    # Nothing chosen: refused, with a message.
    resync(source, {"L-1": values(rings, tagline="Bijoux fins, encore")})
    url = en("moderation:source_update", the_proposal(maker).pk)
    response = decide(operator_client, url, {"action": "apply"})
    assert response.status_code == 400
    assert "Choose at least one field" in response.content.decode()


def test_a_proposal_updated_since_it_was_opened_is_not_decided_blind(
    operator_client, imported_in, gironde, source, rings
):
    maker = imported_in(gironde)
    resync(source, {"L-1": values(rings, tagline="Bijoux fins")})
    proposal = the_proposal(maker)
    url = en("moderation:source_update", proposal.pk)
    seen = seen_on(operator_client.get(url))
    resync(source, {"L-1": values(rings, tagline="Bijoux très fins")})  # meanwhile

    data = {"action": "apply", "apply-field_tagline": "on", "seen": seen}
    response = operator_client.post(url, data)
    assert response.status_code == 400
    assert Maker.objects.get(pk=maker.pk).tagline == "Mes bagues"
    assert the_proposal(maker).changes == {"tagline": "Bijoux très fins"}


def test_a_proposal_open_by_another_operator_is_theirs(
    operator_client, second_operator, imported_in, gironde, source, rings
):
    maker = imported_in(gironde)
    resync(source, {"L-1": values(rings, tagline="Bijoux fins")})
    proposal = the_proposal(maker)
    lock_take(kind=ItemKind.SOURCE_UPDATE, object_id=proposal.pk, user=second_operator)
    url = en("moderation:source_update", proposal.pk)
    response = decide(operator_client, url, {"action": "dismiss"})
    assert response.status_code == 409
    assert the_proposal(maker) == proposal


def test_a_territory_moderator_sees_the_updates_of_their_territory_only(
    moderator, moderator_client, imported_in, gironde, landes, source, rings
):
    here, there = imported_in(gironde, "G-1"), imported_in(landes, "L-1")
    resync(
        source,
        {"G-1": values(rings, tagline="Nouvelle G"), "L-1": values(rings, tagline="Nouvelle L")},
    )
    counts = queue_page(scope=desk_scope(user=moderator)).counts
    assert counts[ItemKind.SOURCE_UPDATE] == 1
    mine = en("moderation:source_update", the_proposal(here).pk)
    theirs = en("moderation:source_update", the_proposal(there).pk)
    assert moderator_client.get(mine).status_code == 200
    assert moderator_client.get(theirs).status_code == 404
    response = moderator_client.post(theirs, {"action": "apply", "apply-field_tagline": "on"})
    assert response.status_code == 404
    assert Maker.objects.get(pk=there.pk).tagline == "Mes bagues"


def test_the_page_says_when_the_team_has_its_own_change_waiting(
    operator_client, imported_in, gironde, source, rings
):
    maker = imported_in(gironde)
    services.maker_update(
        maker=maker,
        editor=maker.memberships.get().user,
        version=maker.version,
        fields={"name": "Lune & Co"},
    )
    resync(source, {"L-1": values(rings, name="Bijoux Lune SARL")})
    assert MakerRevision.objects.get().changes == {"name": "Lune & Co"}
    page = operator_client.get(en("moderation:source_update", the_proposal(maker).pk))
    page = page.content.decode()
    assert "Bijoux Lune SARL" in page
    assert "also proposed changes of its own" in page


def test_a_change_of_the_other_categories_waiting_holds_the_main_one_too(
    operator_client, imported_in, gironde, source, rings
):
    maker = imported_in(gironde)
    elsewhere = Category.objects.exclude(pk=rings.pk).first()
    # The team's other categories wait for review: the import keeps the main one for it too.
    MakerRevision.objects.create(maker=maker, changes={"other_category_ids": [elsewhere.pk]})
    resync(source, {"L-1": values(elsewhere)})
    proposal = the_proposal(maker)
    assert set(proposal.changes) == {"primary_category"}
    page = operator_client.get(en("moderation:source_update", proposal.pk)).content.decode()
    assert "also proposed changes of its own" in page


# --- listings gone from their source -----------------------------------------------------------
HEADER = "id;Nom;Catégorie;Accroche;Code postal;Ville\n"


@pytest.fixture
def communes(db):
    gazetteer_load(department="33")
    territory_sync_from_places()


def write_csv(path, keys, *, town="Bordeaux", postcode="33000"):
    rows = [f"{key};Atelier {key};Bijoux en argent;Fait main;{postcode};{town}\n" for key in keys]
    path.write_text(HEADER + "".join(rows), encoding="utf-8")


def run_import(path, *args) -> str:
    out = io.StringIO()
    call_command(
        "import_csv",
        str(path),
        "--source",
        "asso",
        "--language",
        "en",
        *args,
        stdout=out,
        stderr=io.StringIO(),
    )
    return out.getvalue()


def vanished_keys() -> set[str]:
    return set(
        Maker.objects.filter(source_vanished_at__isnull=False).values_list("source_key", flat=True)
    )


class GirondeOnly(RowPreparer):
    """A preparer reading part of its source, as a register filtered by commune would."""

    covers = Q(locality="Bordeaux")


def test_a_complete_run_flags_what_it_no_longer_gives_not_a_dry_or_partial_one(
    communes, tmp_path, operator, operator_client
):
    path = tmp_path / "makers.csv"
    write_csv(path, ["A", "B", "C"])
    run_import(path, "--create-source", "--name", "Association", "--publish")
    merignac = tmp_path / "merignac.csv"
    write_csv(merignac, ["M"], town="Mérignac", postcode="33700")
    run_import(merignac)  # the same source: a file of Mérignac only, nothing else in it
    assert vanished_keys() == {"A", "B", "C"}  # a whole file: what it does not give is gone
    run_import(path)
    assert vanished_keys() == {"M"}  # listed again: cleared

    write_csv(path, ["A", "M"])
    run_import(path, "--dry-run")
    assert vanished_keys() == {"M"}

    # A run over part of the source (Bordeaux) that gives A only: B and C are gone, M (in
    # Mérignac) is not looked at.
    source = Source.objects.get(slug="asso")
    write_csv(path, ["A"])
    file = import_file_open(path, file_format="csv")
    run = import_run_create(source=source, file=file, dry_run=False, mapping=source.mapping)
    import_run_execute(run=run, file=file, preparer=GirondeOnly(source.mapping))
    run.refresh_from_db()
    assert vanished_keys() == {"M", "B", "C"}
    assert run.vanished_count == 2
    assert "2 listings no longer in the source" in import_run_summary(run)

    # At the desk: their own kind, suspended or kept; never deleted.
    assert queue_page(scope=desk_scope(user=operator)).counts[ItemKind.VANISHED] == 3
    b, c = Maker.objects.get(source_key="B"), Maker.objects.get(source_key="C")
    queue = operator_client.get(en("moderation:queue"), {"type": "vanished"}).content.decode()
    assert b.name in queue and c.name in queue
    url = en("moderation:vanished", b.pk)
    assert "no longer lists this listing" in operator_client.get(url).content.decode()
    response = decide(operator_client, url, {"action": "suspend", "suspend-note": "Fermé"})
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.status == Maker.Status.SUSPENDED and b.source_vanished_decided_at is not None
    url = en("moderation:vanished", c.pk)
    assert decide(operator_client, url, {"action": "keep"}).status_code == 302
    assert Maker.objects.filter(source_key="C", status=Maker.Status.PUBLISHED).exists()
    assert queue_page(scope=desk_scope(user=operator)).counts[ItemKind.VANISHED] == 1
    actions = set(Decision.objects.filter(kind=ItemKind.VANISHED).values_list("action", flat=True))
    assert actions == {Decision.Action.SUSPENDED, Decision.Action.DISMISSED}
    assert Maker.objects.count() == 4
    assert ImportRun.objects.filter(dry_run=True, vanished_count=0).exists()


def test_opening_hours_from_the_source_are_shown_by_day_and_applied(
    operator_client, imported_in, gironde, source, rings
):
    maker = imported_in(gironde)
    resync(source, {"L-1": values(rings, opening_hours=[(0, "09:00", "18:00")])})
    maker = Maker.objects.get(pk=maker.pk)
    services.maker_hours_set(
        maker=maker, version=maker.version, periods=[(0, datetime.time(8), datetime.time(12))]
    )
    resync(source, {"L-1": values(rings, opening_hours=[(1, "10:00", "17:00")])})
    proposal = the_proposal(maker)
    assert proposal.changes == {"opening_hours": [[1, "10:00", "17:00"]]}
    url = en("moderation:source_update", proposal.pk)
    page = operator_client.get(url).content.decode()
    assert "Monday 08:00–12:00" in page and "Tuesday 10:00–17:00" in page

    response = decide(operator_client, url, {"action": "apply", "apply-field_opening_hours": "on"})
    assert response.status_code == 302
    periods = Maker.objects.get(pk=maker.pk).opening_periods.values_list("weekday", "opens")
    assert list(periods) == [(1, datetime.time(10))]
