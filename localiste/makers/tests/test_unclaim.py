"""`maker_unclaim`: an imported listing its claimer leaves goes back to unclaimed."""

import pytest

from localiste.accounts.tests.factories import UserFactory
from localiste.makers.audit import audit_entries
from localiste.makers.models import Claim, Membership
from localiste.makers.services import claim_accept
from localiste.makers.services.claims import maker_is_claimable
from localiste.makers.services.unclaim import maker_unclaim
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claimed():
    maker = MakerFactory(source_key="osm:node/77", email="", source_values={"email": ""})
    claimer = UserFactory(email="claire.potiere@example.org")
    claim_accept(claim=Claim.objects.create(maker=maker, user=claimer, status="sent"))
    return maker, Membership.objects.get(maker=maker, user=claimer)


def test_the_listing_is_claimable_again_without_her_address(claimed):
    maker, membership = claimed
    maker.email = "Claire.Potiere@example.org"
    maker.save(update_fields=["email"])
    maker_unclaim(membership=membership, leaving_emails=["claire.potiere@example.org"])
    maker.refresh_from_db()
    assert maker.email == ""  # the source gave none
    assert maker.is_published and maker_is_claimable(maker)


def test_the_history_keeps_her_address_masked_only(claimed):
    maker, membership = claimed
    maker.email = "claire.potiere@example.org"
    maker.save(update_fields=["email"])
    maker_unclaim(membership=membership, leaving_emails=["claire.potiere@example.org"])
    changes = [str(entry.changes) for entry in audit_entries(maker)]
    assert changes and not [text for text in changes if "claire.potiere@example.org" in text]
