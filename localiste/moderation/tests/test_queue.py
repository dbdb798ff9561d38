"""The queue: everything that waits, oldest first, by kind and territory, with counts; the
dashboard beside it."""

import datetime

import pytest
from django.core.mail import send_mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from localiste.makers import services as maker_services
from localiste.makers.models import Claim, DuplicateCandidate, Maker, MakerRevision, Report
from localiste.makers.tests.factories import MakerFactory
from localiste.moderation import services
from localiste.moderation.models import ItemKind
from localiste.moderation.queue import queue_page
from localiste.moderation.selectors import desk_scope
from localiste.moderation.tests.conftest import en

pytestmark = pytest.mark.django_db


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def waiting(listing_in, make_user, gironde, landes):
    """One item of each kind, each waiting a different number of days."""
    listing = listing_in(gironde, name="Atelier Nouveau")
    Maker.objects.filter(pk=listing.pk).update(submitted_at=days_ago(2))
    published = listing_in(landes, status=Maker.Status.PUBLISHED, name="Atelier Landais")
    maker_services.maker_update(
        maker=published,
        editor=published.memberships.get().user,
        version=published.version,
        fields={"name": "Atelier Landais & Fils"},
    )
    MakerRevision.objects.update(created_at=days_ago(6))
    report = Report.objects.create(maker=published, reason=Report.Reason.CLOSED)
    Report.objects.filter(pk=report.pk).update(created_at=days_ago(1))
    imported = listing_in(gironde, status=Maker.Status.PUBLISHED, name="Atelier Importé")
    imported.memberships.all().delete()
    claim = Claim.objects.create(
        maker=imported, user=make_user("claire@example.org"), status=Claim.Status.REQUESTED
    )
    Claim.objects.filter(pk=claim.pk).update(created_at=days_ago(4))
    twin = listing_in(gironde, status=Maker.Status.PUBLISHED, name="Atelier Jumeau")
    pair = DuplicateCandidate.objects.create(
        maker_id=min(imported.pk, twin.pk), other_id=max(imported.pk, twin.pk), signals=["phone"]
    )
    DuplicateCandidate.objects.filter(pk=pair.pk).update(created_at=days_ago(3))
    Maker.objects.filter(pk=twin.pk).update(
        freshness_asked_at=days_ago(40), freshness_reminded_at=days_ago(25)
    )
    return {
        "listing": listing,
        "change": MakerRevision.objects.get(),
        "claim": claim,
        "report": report,
        "duplicate": pair,
        "freshness": twin,
    }


def test_everything_waits_in_one_queue_oldest_first(operator, waiting, settings):
    settings.MODERATION_OVERDUE_DAYS = 3
    page = queue_page(scope=desk_scope(user=operator))
    assert [(item.kind, item.pk) for item in page.items] == [
        (ItemKind.FRESHNESS, waiting["freshness"].pk),  # 14 days after a reminder 25 days ago
        (ItemKind.CHANGE, waiting["change"].pk),  # 6 days
        (ItemKind.CLAIM, waiting["claim"].pk),  # 4 days
        (ItemKind.DUPLICATE, waiting["duplicate"].pk),  # 3 days
        (ItemKind.LISTING, waiting["listing"].pk),  # 2 days
        (ItemKind.REPORT, waiting["report"].pk),  # 1 day
    ]
    # What sources say has its own tests (test_source_proposals.py).
    from_sources = {ItemKind.SOURCE_UPDATE: 0, ItemKind.VANISHED: 0}
    assert page.counts == dict.fromkeys(ItemKind.values, 1) | from_sources
    overdue = {item.kind for item in page.items if item.is_overdue}
    assert overdue == {ItemKind.CHANGE, ItemKind.FRESHNESS, ItemKind.CLAIM, ItemKind.DUPLICATE}


def test_filters_by_kind_and_territory(operator_client, waiting, gironde, landes):
    page = operator_client.get(reverse("moderation:queue"), {"type": "report"}).content.decode()
    assert "Atelier Landais" in page and "Atelier Nouveau" not in page

    page = operator_client.get(reverse("moderation:queue"), {"territoire": gironde.pk})
    page = page.content.decode()
    assert "Atelier Nouveau" in page and "Atelier Landais" not in page
    assert f'<option value="{landes.pk}">Landes (2)</option>' in page  # a change and a report
    assert f'<option value="{gironde.pk}" selected>Gironde (' in page

    # Anything else in the query string shows the whole queue, never an error.
    for junk in ({"type": "nope"}, {"territoire": "x"}, {"page": "-4"}, {"page": "999"}):
        assert operator_client.get(reverse("moderation:queue"), junk).status_code == 200


def test_overdue_items_are_flagged_on_the_page(operator_client, waiting, settings):
    settings.MODERATION_OVERDUE_DAYS = 5
    page = operator_client.get(en("moderation:queue")).content.decode()
    assert page.count('class="desk-table__overdue"') == 2  # the change and the freshness
    assert "over 5 days" in page
    assert "2 items have waited more than 5 days." in page


def test_the_dashboard_shows_the_oldest_the_decisions_and_the_mail(
    operator, operator_client, waiting, listing_in, gironde
):
    services.maker_approve(maker=waiting["listing"], operator=operator)
    send_mail("Test", "Corps", "site@example.org", ["quelquun@example.org"])
    page = operator_client.get(en("moderation:queue")).content.decode()
    aside = page.split('id="dashboard-title"')[1]
    oldest = aside.split("Waiting longest:")[1].split("</p>")[0]
    assert "Atelier Jumeau" in oldest and "1\xa0week, 4\xa0days" in oldest
    recent = aside.split("Recent decisions")[1]
    assert "Approved" in recent and "Atelier Nouveau" in recent
    outbox = aside.split("Outgoing mail")[1]
    assert "Waiting to be sent: <strong>" in outbox


def test_a_territory_moderator_does_not_see_the_outbox(moderator_client, waiting):
    page = moderator_client.get(en("moderation:queue")).content.decode()
    assert "Outgoing mail" not in page
    assert "Atelier Landais" not in page


def test_the_queue_costs_the_same_whatever_the_number_of_makers(operator, waiting, category):
    scope = desk_scope(user=operator)
    with CaptureQueriesContext(connection) as few:
        queue_page(scope=scope)
    for number in range(30):
        MakerFactory(name=f"Atelier publié {number}", primary_category=category)
    with CaptureQueriesContext(connection) as many:
        queue_page(scope=scope)
    assert len(many) == len(few)
    # No count ever reads the makers table as a whole: each counts open items only.
    for query in many.captured_queries:
        sql = query["sql"].upper()
        if "COUNT(" in sql and 'FROM "MAKERS_MAKER"' in sql:
            assert "STATUS" in sql or "FRESHNESS_REMINDED_AT" in sql, sql
