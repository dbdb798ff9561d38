"""Contact messages follow their listing when an operator merges it into another."""

import pytest

from localiste.makers.models import Maker
from localiste.makers.signals import maker_merged
from localiste.makers.tests.factories import MakerFactory
from localiste.messaging.models import ContactMessage

pytestmark = pytest.mark.django_db


def test_the_absorbed_listings_messages_land_in_the_survivors_inbox():
    survivor, absorbed, other = MakerFactory(), MakerFactory(), MakerFactory()
    for maker, bodies in ((survivor, ["Bonjour"]), (absorbed, ["Un devis ?", "Merci"])):
        for body in bodies:
            ContactMessage.objects.create(
                maker=maker, sender_name="Cliente", sender_email="c@example.org", body=body
            )
    ContactMessage.objects.create(
        maker=other, sender_name="Autre", sender_email="a@example.org", body="Ailleurs"
    )

    maker_merged.send(sender=Maker, survivor_id=survivor.pk, absorbed_id=absorbed.pk)

    inbox = ContactMessage.objects.filter(maker=survivor)
    assert sorted(inbox.values_list("body", flat=True)) == ["Bonjour", "Merci", "Un devis ?"]
    assert not ContactMessage.objects.filter(maker=absorbed).exists()
    assert ContactMessage.objects.get(maker=other).body == "Ailleurs"
