"""A small world of two makers' accounts that the privacy tests export and erase."""

import io
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from localiste.accounts.tests.factories import UserFactory
from localiste.makers import services
from localiste.makers.models import Invitation, Membership
from localiste.makers.tests.factories import (
    MakerFactory,
    OpeningPeriodFactory,
    ProductFactory,
    SalesPointFactory,
)
from localiste.messaging.services import contact_message_submit

ALICE_EMAIL = "zephirine.brocel@example.org"


def jpeg_upload(name: str = "atelier.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), "sienna").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def world(db, django_capture_on_commit_callbacks):
    """Alice runs "solo" alone and "shared" with Bob; Bob runs "bobs" alone.

    Alice also wrote to Bob's listing as a customer, and Bob invited her to his team.
    """
    alice = UserFactory(
        email=ALICE_EMAIL, username="zephirine", first_name="Zéphirine", last_name="Brocéliande"
    )
    bob = UserFactory(email="bob.ebeniste@example.org", username="bob")
    solo = MakerFactory(name="Poterie Zéphirine", email=ALICE_EMAIL, story="Grès et émaux.")
    shared = MakerFactory(name="Collectif des Chais", email=ALICE_EMAIL)
    bobs = MakerFactory(name="Ébénisterie Robert", email=bob.email, story="Chêne massif.")
    Membership.objects.create(user=alice, maker=solo, role=Membership.Role.OWNER)
    Membership.objects.create(user=alice, maker=shared, role=Membership.Role.OWNER)
    Membership.objects.create(user=bob, maker=shared, role=Membership.Role.MANAGER)
    Membership.objects.create(user=bob, maker=bobs, role=Membership.Role.OWNER)
    with django_capture_on_commit_callbacks(execute=True):
        solo_photo = services.photo_add(
            maker=solo, editor=alice, upload=jpeg_upload(), kind="gallery", alt_text="Tournage"
        )
        bobs_photo = services.photo_add(
            maker=bobs, editor=bob, upload=jpeg_upload(), kind="gallery", alt_text="Établi"
        )
        to_solo = contact_message_submit(
            maker=solo,
            sender_name="Carole Cliente",
            sender_email="carole@example.org",
            body="Faites-vous des bols ?",
            site_url="http://testserver",
        )
        contact_message_submit(
            maker=bobs,
            sender_name="Zéphirine Brocéliande",
            sender_email=ALICE_EMAIL,
            body="Une table en chêne ?",
            site_url="http://testserver",
        )
    invitation = Invitation.objects.create(maker=bobs, email=ALICE_EMAIL, invited_by=bob)
    return SimpleNamespace(
        alice=alice,
        bob=bob,
        solo=solo,
        shared=shared,
        bobs=bobs,
        solo_photo=solo_photo,
        bobs_photo=bobs_photo,
        product=ProductFactory(maker=solo, name="Bol à thé", slug="bol-a-the"),
        hours=OpeningPeriodFactory(maker=solo),
        sales_point=SalesPointFactory(maker=solo, name="Marché de Saint-Michel"),
        message_to_solo=to_solo,
        invitation_to_alice=invitation,
    )


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    """Rate-limit counters start at zero: the in-memory test cache, emptied once it is in place."""
    from django.core.cache import cache

    cache.clear()
