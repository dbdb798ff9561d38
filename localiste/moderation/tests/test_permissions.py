"""Only moderators enter the desk, and a territory moderator sees nothing of other
territories: every URL of the desk is tried here.

The URL patterns are read from the desk's URLconf, so a new view is tried as soon as it
exists (each kind of item must be able to make an item for it below).
"""

import datetime

import pytest
from django.urls import URLPattern, reverse
from django.utils import timezone

from localiste.makers import services as maker_services
from localiste.makers.models import (
    Claim,
    DuplicateCandidate,
    Maker,
    MakerRevision,
    Membership,
    Photo,
    Report,
    Source,
)
from localiste.makers.models.revision import SourceProposal
from localiste.moderation import urls as desk_urls
from localiste.moderation.models import Decision
from localiste.moderation.tests.conftest import decide

pytestmark = pytest.mark.django_db

# Whatever a decision may carry, so that a missing permission check would show as a change.
POST_DATA = {
    "action": "approve",
    "approve-made_locally": "on",
    "approve-non_food": "on",
    "approve-in_territory": "on",
    "approve-real_photos": "on",
    "changes-note": "Pirate",
    "refuse-note": "Pirate",
    "suspend-note": "Pirate",
    "dismiss-note": "Pirate",
    "confirm-note": "Pirate",
    "apply-field_tagline": "on",
    "keep-note": "Pirate",
}
ACTIONS = (
    "approve", "take_over", "refuse", "suspend", "dismiss", "confirm", "merge", "apply", "keep"
)  # fmt: skip


def item_patterns() -> list[URLPattern]:
    return [p for p in desk_urls.urlpatterns if "pk" in p.pattern.converters]


def test_every_view_of_the_desk_is_an_item_or_the_queue():
    """Any other page must be listed here, and its permissions tested where it is: the
    claim invitations (test_claim_invitations) and their public opt-out (a signed token), the
    operators' dashboard and demand map (test_dashboard, test_demand)."""
    names = {p.name for p in desk_urls.urlpatterns}
    others = {"queue", "invitations", "invitation_opt_out"}
    others |= {"dashboard", "dashboard_chart", "dashboard_csv", "demand", "demand_csv"}
    assert names - {p.name for p in item_patterns()} == others
    assert {p.name for p in item_patterns()} == {
        "listing",
        "change",
        "claim",
        "report",
        "duplicate",
        "freshness",
        "source_update",
        "vanished",
    }


@pytest.fixture
def items_in(listing_in, make_user):
    """items_in(territory) → {url name: pk} of one waiting item of each kind there."""

    def make(territory) -> dict[str, int]:
        pending = listing_in(territory)
        published = listing_in(territory, status=Maker.Status.PUBLISHED)
        team = published.memberships.get().user
        maker_services.maker_update(
            maker=published, editor=team, version=published.version, fields={"name": "Pirate?"}
        )
        imported = listing_in(
            territory, status=Maker.Status.PUBLISHED, source_key=f"i:{pending.pk}"
        )
        Membership.objects.filter(maker=imported).delete()
        claim = Claim.objects.create(
            maker=imported, user=make_user(f"claim{pending.pk}@example.org"), status="requested"
        )
        twin = listing_in(territory, status=Maker.Status.PUBLISHED)
        low, high = sorted((published.pk, twin.pk))
        pair = DuplicateCandidate.objects.create(maker_id=low, other_id=high, signals=["phone"])
        long_ago = timezone.now() - datetime.timedelta(days=60)
        Maker.objects.filter(pk=twin.pk).update(
            freshness_asked_at=long_ago, freshness_reminded_at=long_ago
        )
        source = Source.objects.create(slug=f"annuaire-{pending.pk}", name="Annuaire", kind="csv")
        synced = listing_in(
            territory,
            status=Maker.Status.PUBLISHED,
            source=source,
            source_key="s-1",
            source_values={"tagline": "Celle du fichier"},
            tagline="La nôtre",
        )
        proposal = SourceProposal.objects.create(
            maker=synced, source=source, changes={"tagline": "La nouvelle du fichier"}
        )
        gone = listing_in(territory, status=Maker.Status.PUBLISHED, source=source, source_key="2")
        Maker.objects.filter(pk=gone.pk).update(source_vanished_at=long_ago)
        return {
            "source_update": proposal.pk,
            "vanished": gone.pk,
            "listing": pending.pk,
            "change": MakerRevision.objects.get(maker=published).pk,
            "claim": claim.pk,
            "report": Report.objects.create(maker=published, reason="other").pk,
            "duplicate": pair.pk,
            "freshness": twin.pk,
        }

    return make


def snapshot() -> dict:
    """Everything a forbidden decision could have changed."""
    return {
        "makers": list(Maker.objects.order_by("pk").values()),
        "revisions": list(MakerRevision.objects.order_by("pk").values()),
        "claims": list(Claim.objects.order_by("pk").values()),
        "reports": list(Report.objects.order_by("pk").values()),
        "pairs": list(DuplicateCandidate.objects.order_by("pk").values()),
        "photos": list(Photo.objects.order_by("pk").values()),
        "team": list(Membership.objects.order_by("pk").values()),
        "proposals": list(SourceProposal.objects.order_by("pk").values()),
        "decisions": Decision.objects.count(),
    }


def every_url(items: dict[str, int]) -> list[str]:
    return [reverse("moderation:queue")] + [
        reverse(f"moderation:{p.name}", kwargs={"pk": items[p.name]}) for p in item_patterns()
    ]


@pytest.mark.parametrize("language", ["", "/en"])
def test_anonymous_visitors_are_sent_to_log_in(client, items_in, gironde, language):
    items = items_in(gironde)
    before = snapshot()
    for url in every_url(items):
        url = language + url
        response = client.get(url)
        assert response.status_code == 302 and "/compte/login/" in response["Location"], url
        for action in ACTIONS:
            response = client.post(url, POST_DATA | {"action": action})
            assert response.status_code == 302 and "/compte/login/" in response["Location"]
    assert snapshot() == before


def test_people_who_moderate_nothing_are_refused(client, items_in, gironde, listing_in):
    items = items_in(gironde)
    maker = listing_in(gironde)  # a maker with a listing of their own
    client.force_login(maker.memberships.get().user)
    before = snapshot()
    for url in every_url(items) + every_url(dict.fromkeys(items, maker.pk)):
        assert client.get(url).status_code == 403, url
        for action in ACTIONS:
            assert client.post(url, POST_DATA | {"action": action}).status_code == 403, url
    assert snapshot() == before


def test_an_inactive_operator_is_refused(client, django_user_model, items_in, gironde):
    items = items_in(gironde)
    gone = django_user_model.objects.create_user("gone", "gone@example.org", is_staff=True)
    client.force_login(gone)
    gone.is_active = False
    gone.save()
    for url in every_url(items):
        assert client.get(url).status_code in {302, 403}, url


def test_a_territory_moderator_sees_nothing_of_other_territories(
    moderator_client, items_in, gironde, landes
):
    mine, theirs = items_in(gironde), items_in(landes)
    before = snapshot()
    for pattern in item_patterns():
        url = reverse(f"moderation:{pattern.name}", kwargs={"pk": theirs[pattern.name]})
        assert moderator_client.get(url).status_code == 404, url
        for action in ACTIONS:
            assert moderator_client.post(url, POST_DATA | {"action": action}).status_code == 404
    assert snapshot() == before

    queue = moderator_client.get(reverse("moderation:queue")).content.decode()
    for name in Maker.objects.filter(territories=landes).values_list("name", flat=True):
        assert name not in queue
    for url in every_url(mine):
        assert moderator_client.get(url).status_code == 200, url
    # Their own territory only, even when they ask for another in the filter.
    other = moderator_client.get(reverse("moderation:queue"), {"territoire": landes.pk})
    assert "Landes" not in other.content.decode()


def test_a_territory_moderator_decides_on_their_territory(
    moderator_client, items_in, gironde, sent_mail
):
    items = items_in(gironde)
    url = reverse("moderation:listing", args=[items["listing"]])
    assert decide(moderator_client, url, POST_DATA).status_code == 302
    assert Maker.objects.get(pk=items["listing"]).is_published


def test_a_pair_across_two_territories_is_not_shown_to_either_moderator(
    moderator_client, listing_in, gironde, landes
):
    here = listing_in(gironde, status=Maker.Status.PUBLISHED)
    there = listing_in(landes, status=Maker.Status.PUBLISHED, name="Atelier des Landes")
    low, high = sorted((here.pk, there.pk))
    pair = DuplicateCandidate.objects.create(maker_id=low, other_id=high, signals=["siret"])
    url = reverse("moderation:duplicate", args=[pair.pk])
    assert moderator_client.get(url).status_code == 404
    listing_page = moderator_client.get(reverse("moderation:freshness", args=[here.pk]))
    assert "Atelier des Landes" not in listing_page.content.decode()
