"""Products, the team of a listing and claims of imported listings, through the services."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from localiste.makers import services
from localiste.makers.models import Claim, Invitation, Membership, Product
from localiste.makers.services.claims import claim_from_token, claim_token
from localiste.makers.services.team import invitation_from_token, invitation_token
from localiste.makers.tests.factories import MakerFactory


@pytest.fixture(autouse=True)
def _english():
    """These tests read the services' messages in their English source."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db
SITE = "http://testserver"


@pytest.fixture
def people(django_user_model):
    def make(email, **extra):
        return django_user_model.objects.create_user(email, email, **extra)

    return make


@pytest.fixture
def team(people):
    maker = MakerFactory()
    owner = people("owner@example.org")
    Membership.objects.create(user=owner, maker=maker, role=Membership.Role.OWNER)
    return maker, owner


def test_products_are_created_in_order_and_moved(team):
    maker, owner = team
    names = ["Besace", "Ceinture", "Portefeuille"]
    products = [
        services.product_create(
            maker=maker, editor=owner, fields={"name": n, "price_min": Decimal(30)}
        )
        for n in names
    ]
    services.product_move(product=products[2], editor=owner, offset=-1)
    assert list(maker.products.values_list("name", flat=True)) == [
        "Besace",
        "Portefeuille",
        "Ceinture",
    ]
    services.product_move(product=products[0], editor=owner, offset=-1)  # already first
    assert maker.products.first().name == "Besace"


def test_price_kinds_keep_only_the_prices_they_use(team):
    maker, owner = team
    product = services.product_create(
        maker=maker,
        editor=owner,
        fields={"name": "Table", "price_kind": "range", "price_min": 100, "price_max": 300},
    )
    services.product_update(
        product=product,
        editor=owner,
        version=product.version,
        fields={"price_kind": Product.PriceKind.QUOTE},
    )
    product.refresh_from_db()
    assert (product.price_min, product.price_max) == (None, None)


def test_a_product_is_hidden_published_and_deleted(team):
    maker, owner = team
    product = services.product_create(
        maker=maker, editor=owner, fields={"name": "Lampe", "price_kind": "quote"}
    )
    services.product_publish(product=product, editor=owner, published=False)
    assert not Product.objects.get(pk=product.pk).is_published
    services.product_delete(product=product, editor=owner)
    assert not maker.products.exists()


def test_products_of_one_maker_get_distinct_slugs(team):
    maker, owner = team
    first = services.product_create(
        maker=maker, editor=owner, fields={"name": "Bol", "price_kind": "quote"}
    )
    second = services.product_create(
        maker=maker, editor=owner, fields={"name": "Bol", "price_kind": "quote"}
    )
    assert (first.slug, second.slug) == ("bol", "bol-2")


def test_an_invitation_is_mailed_and_accepted_by_the_invited_email_only(team, people):
    maker, owner = team
    invitation = services.invitation_send(
        maker=maker, inviter=owner, email="Paul@Example.org", site_url=SITE
    )
    token = invitation_token(invitation)
    assert invitation_from_token(token) == invitation

    with pytest.raises(PermissionDenied):
        services.invitation_accept(invitation=invitation, user=people("intruder@example.org"))
    paul = people("paul@example.org")
    membership = services.invitation_accept(invitation=invitation, user=paul)
    assert membership.role == Membership.Role.MANAGER
    with pytest.raises(ValidationError, match="already been accepted"):
        invitation_from_token(token)


def test_forged_and_withdrawn_invitations_are_refused(team):
    maker, owner = team
    invitation = services.invitation_send(
        maker=maker, inviter=owner, email="paul@example.org", site_url=SITE
    )
    token = invitation_token(invitation)
    with pytest.raises(ValidationError):
        invitation_from_token(token[:-2] + "xx")
    services.invitation_cancel(invitation=invitation, editor=owner)
    with pytest.raises(ValidationError, match="withdrawn"):
        invitation_from_token(token)
    assert not Invitation.objects.exists()


def test_ownership_moves_and_the_owner_cannot_be_removed(team, people):
    maker, owner = team
    manager = Membership.objects.create(user=people("paul@example.org"), maker=maker)
    with pytest.raises(ValidationError):
        services.member_remove(membership=maker.memberships.get(user=owner), editor=owner)

    services.ownership_transfer(maker=maker, owner=owner, new_owner=manager)
    roles = dict(maker.memberships.values_list("user__email", "role"))
    assert roles == {"owner@example.org": "manager", "paul@example.org": "owner"}
    services.member_remove(membership=maker.memberships.get(user=owner), editor=manager.user)
    assert maker.memberships.count() == 1


def test_a_claim_with_a_known_email_sends_a_link_that_makes_the_claimant_owner(
    people, django_capture_on_commit_callbacks
):
    maker = MakerFactory(source_key="sirene:123", email="atelier@example.org")
    claimant = people("lucie@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        claim = services.claim_start(maker=maker, user=claimant, message="", site_url=SITE)
    assert claim.status == Claim.Status.SENT
    assert mail.outbox[0].to == ["atelier@example.org"]
    token = claim_token(claim)
    assert token in mail.outbox[0].body

    with pytest.raises(ValidationError):
        claim_from_token(token=token, user=people("other@example.org"))
    services.claim_accept(claim=claim_from_token(token=token, user=claimant))
    assert maker.memberships.get().user == claimant
    assert maker.memberships.get().role == Membership.Role.OWNER
    with pytest.raises(ValidationError):
        services.claim_start(
            maker=maker, user=people("late@example.org"), message="", site_url=SITE
        )


def test_a_claim_without_email_goes_to_the_operators(people):
    maker = MakerFactory(source_key="osm:42", email="")
    claim = services.claim_start(
        maker=maker, user=people("lucie@example.org"), message="Call me", site_url=SITE
    )
    assert claim.status == Claim.Status.REQUESTED and not mail.outbox
    services.claim_accept(claim=claim)
    assert maker.memberships.get().role == Membership.Role.OWNER


def test_a_listing_that_was_not_imported_cannot_be_claimed(people):
    with pytest.raises(ValidationError):
        services.claim_start(
            maker=MakerFactory(), user=people("x@example.org"), message="", site_url=SITE
        )
