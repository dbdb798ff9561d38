"""What erasing an account does to each listing, and what the deletion page says of it.

Alice runs "solo" alone (created here), "shared" with Bob, and "claimed", an imported
listing she claimed; the page and the erasure follow one rule (`erasure.listings_fate`).
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from localiste.accounts import erasure
from localiste.accounts.services import account_delete
from localiste.accounts.tests.conftest import ALICE_EMAIL
from localiste.accounts.tests.factories import UserFactory
from localiste.makers.models import Claim, Invitation, Maker, MakerRevision, Membership
from localiste.makers.services import claim_accept, claim_start
from localiste.makers.services.claims import maker_is_claimable
from localiste.makers.tests.factories import MakerFactory
from localiste.messaging.models import ContactMessage
from localiste.messaging.services import contact_message_submit

pytestmark = pytest.mark.django_db

SOURCE_EMAIL = "contact@faiencerie.example.org"


@pytest.fixture
def claimed(world, django_capture_on_commit_callbacks):
    """An imported listing Alice claimed, then gave her own address; a customer wrote to it."""
    maker = MakerFactory(
        name="Faïencerie du Port",
        source_key="sirene:552100554",
        email=SOURCE_EMAIL,
        source_values={"email": SOURCE_EMAIL},
    )
    claim = Claim.objects.create(maker=maker, user=world.alice, status=Claim.Status.SENT)
    claim_accept(claim=claim)
    maker.email = ALICE_EMAIL
    maker.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        contact_message_submit(
            maker=maker,
            sender_name="Denis Client",
            sender_email="denis@example.org",
            body="Des assiettes ?",
            site_url="http://testserver",
        )
    MakerRevision.objects.create(maker=maker, author=world.alice, changes={"tagline": "x"})
    Invitation.objects.create(maker=maker, email="ami@example.org", invited_by=world.alice)
    return maker


def fates(user) -> dict[str, str]:
    return {listing.maker.name: listing.fate for listing in erasure.listings_fate(user=user)}


def test_one_rule_says_what_becomes_of_each_listing(world, claimed):
    assert fates(world.alice) == {
        "Collectif des Chais": erasure.KEPT,
        "Faïencerie du Port": erasure.HANDED_BACK,
        "Poterie Zéphirine": erasure.ERASED,
    }
    assert fates(world.bob) == {
        "Collectif des Chais": erasure.KEPT,
        "Ébénisterie Robert": erasure.ERASED,
    }


def test_the_english_page_says_the_truth_for_each_listing(client, world, claimed):
    client.force_login(world.alice)
    page = client.get("/en/compte/supprimer/").content.decode()
    assert "“Poterie Zéphirine” is taken offline and deleted" in page
    assert "“Collectif des Chais” is kept by the other people who manage it" in page
    assert "“Collectif des Chais” is taken offline" not in page
    assert "“Faïencerie du Port” is kept with what describes the business" in page
    assert "can be claimed again" in page


def settle(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        erasure.listings_settle(user=user)


def test_a_claimed_imported_listing_goes_back_to_unclaimed(
    world, claimed, django_capture_on_commit_callbacks
):
    settle(world.alice, django_capture_on_commit_callbacks)
    maker = Maker.objects.get(pk=claimed.pk)
    assert maker.is_published and maker.name == "Faïencerie du Port"
    assert maker.source_key == "sirene:552100554"
    assert not maker.memberships.exists()
    assert maker.email == SOURCE_EMAIL  # her own address goes, the business's comes back
    assert not ContactMessage.objects.filter(maker=maker).exists()
    assert not MakerRevision.objects.filter(maker=maker, status="pending").exists()
    assert not Invitation.objects.filter(maker=maker).exists()
    assert maker_is_claimable(maker)
    newcomer = UserFactory(email="nouvelle.gerante@example.org")
    claim = claim_start(maker=maker, user=newcomer, message="", site_url="http://testserver")
    assert claim.status == Claim.Status.SENT and claim.sent_to == SOURCE_EMAIL


def test_an_imported_listing_keeps_a_business_address_that_is_not_hers(
    world, claimed, django_capture_on_commit_callbacks
):
    Maker.objects.filter(pk=claimed.pk).update(email="atelier@faiencerie.example.org")
    settle(world.alice, django_capture_on_commit_callbacks)
    assert Maker.objects.get(pk=claimed.pk).email == "atelier@faiencerie.example.org"


def test_the_co_managed_listing_stays_and_the_one_she_created_goes(
    world, claimed, django_capture_on_commit_callbacks
):
    settle(world.alice, django_capture_on_commit_callbacks)
    assert not Maker.objects.filter(pk=world.solo.pk).exists()
    shared = Maker.objects.get(pk=world.shared.pk)
    assert list(shared.memberships.values_list("user_id", "role")) == [(world.bob.pk, "owner")]
    assert not Membership.objects.filter(user=world.alice).exists()


def test_deleting_the_account_hands_the_claimed_listing_back(
    world, claimed, django_capture_on_commit_callbacks
):
    """Through `services.account_delete`, as the page and the admin erase an account."""
    alice_pk = world.alice.pk
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=world.alice)
    assert not get_user_model().objects.filter(pk=alice_pk).exists()
    maker = Maker.objects.get(pk=claimed.pk)
    assert maker.email == SOURCE_EMAIL and maker_is_claimable(maker)
    assert not Claim.objects.filter(user_id=alice_pk).exists()
    assert not Maker.objects.filter(pk=world.solo.pk).exists()
    assert Maker.objects.get(pk=world.shared.pk).memberships.get().user == world.bob
