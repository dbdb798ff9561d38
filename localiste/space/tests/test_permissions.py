"""Nobody reads or changes another maker's space: every URL of it is tried here.

The URL patterns are read from the space's URLconf, so a new view is tested as soon as it
exists (and a view that is not about one listing must be declared below).
"""

import pytest
from django.urls import URLPattern, reverse

from localiste.makers import services
from localiste.makers.models import Invitation, Maker, Membership, OpeningPeriod, Photo, Product
from localiste.makers.tests import uploads
from localiste.makers.tests.factories import MakerFactory, ProductFactory
from localiste.messaging.models import ContactMessage
from localiste.space import urls as space_urls

pytestmark = pytest.mark.django_db

# Views that are not about one listing, and why they are safe.
NOT_MAKER_SCOPED = {
    "home",  # the user's own listings
    "start",  # eligibility answers kept in the user's session
    "create",  # makes a new listing for the user
    "places",  # the public gazetteer
    "invitation",  # signed token bound to an email address (test_space_views)
    "claim",  # public, imported listings with no team (test_space_views)
    "claim_confirm",  # signed token bound to the claimant (test_space_views)
}
# Whatever a POST may carry, so that a missing permission check would show as a change.
POST_DATA = {
    "version": "1",
    "name": "Pirate",
    "primary_category": "1",
    "street": "1 rue du Pirate",
    "locality": "Bordeaux",
    "location_precision": "exact",
    "story": "Pirate",
    "tagline": "Pirate",
    "email": "pirate@example.org",
    "alt_text": "Pirate",
    "caption": "Pirate",
    "direction": "up",
    "published": "0",
    "price_kind": "quote",
    "membership": "0",
    "text": "Pirate",
    "makes_own_work": "yes",
    "in_territory": "yes",
    "non_food": "yes",
    "kind": "gallery",
    "hours-TOTAL_FORMS": "0",
    "hours-INITIAL_FORMS": "0",
    "sales-TOTAL_FORMS": "0",
    "sales-INITIAL_FORMS": "0",
}


def maker_patterns() -> list[URLPattern]:
    return [
        p
        for p in space_urls.urlpatterns
        if "slug" in p.pattern.converters and p.name not in NOT_MAKER_SCOPED
    ]


def test_every_view_of_the_space_is_either_maker_scoped_or_declared_safe():
    names = {p.name for p in space_urls.urlpatterns}
    scoped = {p.name for p in maker_patterns()}
    assert names - scoped == NOT_MAKER_SCOPED
    assert len(scoped) >= 20
    # The inbox and the printable posters are routes of the space too, checked like the rest.
    assert {"inbox", "mark_answered", "poster", "stickers"} <= scoped


@pytest.fixture
def victim(make_user):
    """Someone else's draft with everything a listing has."""
    owner = make_user("victim@example.org")
    maker = MakerFactory(name="Atelier Secret", status=Maker.Status.DRAFT)
    Membership.objects.create(user=owner, maker=maker, role=Membership.Role.OWNER)
    manager = Membership.objects.create(user=make_user("aide@example.org"), maker=maker)
    product = ProductFactory(maker=maker)
    photo = services.photo_add(
        maker=maker,
        editor=owner,
        upload=uploads.upload(uploads.image_bytes(400, 300)),
        kind=Photo.Kind.GALLERY,
        alt_text="Secret",
    )
    invitation = Invitation.objects.create(maker=maker, email="x@example.org", invited_by=owner)
    message = ContactMessage.objects.create(
        maker=maker, sender_name="Cliente", sender_email="cliente@example.org", body="Bonjour"
    )
    return {
        "maker": maker,
        "slug": maker.slug,
        "photo_id": photo.pk,
        "product_id": product.pk,
        "membership_id": manager.pk,
        "invitation_id": invitation.pk,
        "message_id": message.pk,
    }


def snapshot(maker: Maker) -> dict:
    """Everything about `maker` a forbidden request could have changed."""
    return {
        "maker": list(Maker.objects.filter(pk=maker.pk).values()),
        "products": list(Product.objects.filter(maker=maker).values()),
        "photos": list(Photo.objects.filter(maker=maker).values()),
        "team": list(Membership.objects.filter(maker=maker).values()),
        "invitations": list(Invitation.objects.filter(maker=maker).values()),
        "hours": list(OpeningPeriod.objects.filter(maker=maker).values()),
        "revisions": list(maker.revisions.values()),
        "messages": list(ContactMessage.objects.filter(maker=maker).values()),
    }


def url_for(pattern: URLPattern, ids: dict) -> str:
    kwargs = {name: ids[name] for name in pattern.pattern.converters}
    return reverse(f"space:{pattern.name}", kwargs=kwargs)


@pytest.fixture
def intruder_client(client, make_user):
    """A logged-in maker with a listing of their own."""
    intruder = make_user("intruder@example.org")
    own = MakerFactory(name="Atelier Intrus", status=Maker.Status.DRAFT)
    Membership.objects.create(user=intruder, maker=own, role=Membership.Role.OWNER)
    client.force_login(intruder)
    client.own_slug = own.slug
    return client


@pytest.mark.parametrize("pattern", maker_patterns(), ids=lambda p: p.name)
def test_another_team_can_neither_read_nor_change_a_listing(intruder_client, victim, pattern):
    before = snapshot(victim["maker"])
    target = url_for(pattern, victim)

    assert intruder_client.get(target).status_code in {403, 404, 405}, target
    # 405: the view refuses the method before it loads anything.
    assert intruder_client.post(target, POST_DATA).status_code in {403, 404, 405}, target
    assert snapshot(victim["maker"]) == before


@pytest.mark.parametrize(
    "pattern",
    [p for p in maker_patterns() if len(p.pattern.converters) > 1],
    ids=lambda p: p.name,
)
def test_ids_of_another_listing_are_not_found_under_ones_own(intruder_client, victim, pattern):
    before = snapshot(victim["maker"])
    target = url_for(pattern, victim | {"slug": intruder_client.own_slug})

    assert intruder_client.get(target).status_code in {404, 405}, target
    assert intruder_client.post(target, POST_DATA).status_code in {404, 405}, target
    assert snapshot(victim["maker"]) == before


@pytest.mark.parametrize("pattern", maker_patterns(), ids=lambda p: p.name)
def test_anonymous_visitors_are_sent_to_log_in(client, victim, pattern):
    before = snapshot(victim["maker"])
    target = url_for(pattern, victim)
    assert client.get(target).status_code in {302, 405}
    response = client.post(target, POST_DATA)
    assert response.status_code == 405 or (
        response.status_code == 302 and "/compte/" in response["Location"]
    )
    assert snapshot(victim["maker"]) == before


OWNER_ONLY = ["transfer", "invitation_cancel"]


@pytest.mark.parametrize("name", OWNER_ONLY)
def test_a_manager_cannot_do_what_only_the_owner_does(client, victim, name):
    manager = Membership.objects.get(pk=victim["membership_id"]).user
    client.force_login(manager)
    before = snapshot(victim["maker"])
    pattern = next(p for p in maker_patterns() if p.name == name)
    response = client.post(url_for(pattern, victim), POST_DATA | {"membership": "1"})
    assert response.status_code == 403
    assert snapshot(victim["maker"]) == before


def test_a_manager_cannot_invite_nor_remove_others(client, victim, make_user):
    owner_membership = victim["maker"].memberships.get(role=Membership.Role.OWNER)
    manager = Membership.objects.get(pk=victim["membership_id"]).user
    client.force_login(manager)
    before = snapshot(victim["maker"])
    team_url = reverse("space:team", kwargs={"slug": victim["slug"]})
    assert client.get(team_url).status_code == 200  # a manager sees the team
    assert client.post(team_url, {"email": "friend@example.org"}).status_code == 403
    remove = reverse(
        "space:member_remove",
        kwargs={"slug": victim["slug"], "membership_id": owner_membership.pk},
    )
    assert client.post(remove).status_code == 403
    assert snapshot(victim["maker"]) == before
