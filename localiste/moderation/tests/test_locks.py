"""An item open at one operator's is theirs for a while: others see who holds it and cannot
decide on it unless they take it over."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from localiste.makers.models import Maker
from localiste.moderation.locks import lock_take, locks_expired_delete
from localiste.moderation.models import ItemKind, ItemLock
from localiste.moderation.tests.conftest import decide, en, seen_on

pytestmark = pytest.mark.django_db

APPROVE = {
    "action": "approve",
    "approve-made_locally": "on",
    "approve-non_food": "on",
    "approve-in_territory": "on",
    "approve-real_photos": "on",
}


@pytest.fixture
def marie_client(second_operator):
    client = Client()
    client.force_login(second_operator)
    return client


def test_opening_an_item_holds_it_and_others_see_who(
    operator_client, marie_client, listing_in, gironde, settings
):
    settings.MODERATION_LOCK_MINUTES = 15
    maker = listing_in(gironde)
    url = en("moderation:listing", maker.pk)

    mine = operator_client.get(url).content.decode()
    assert "This item is yours until" in mine
    lock = ItemLock.objects.get(kind=ItemKind.LISTING, object_id=maker.pk)
    assert lock.expires_at - lock.taken_at == datetime.timedelta(minutes=15)

    page = marie_client.get(url).content.decode()
    assert "ops@example.org has this item open until" in page
    assert 'value="take_over"' in page
    queue = operator_client.get(en("moderation:queue")).content.decode()
    assert "you" in queue.split(maker.name)[1].split("</tr>")[0]
    assert "ops@example.org" in marie_client.get(reverse("moderation:queue")).content.decode()


def test_another_operator_cannot_decide_while_it_is_held(
    operator_client, marie_client, listing_in, gironde
):
    maker = listing_in(gironde)
    url = en("moderation:listing", maker.pk)
    operator_client.get(url)

    refused = marie_client.post(url, {**APPROVE, "seen": seen_on(marie_client.get(url))})
    assert refused.status_code == 409
    assert "is working on this item" in refused.content.decode()
    assert Maker.objects.get(pk=maker.pk).status == Maker.Status.PENDING

    marie_client.post(url, {"action": "take_over"})
    assert ItemLock.objects.get().holder.email == "marie@example.org"
    assert decide(operator_client, url, APPROVE).status_code == 409  # the first one lost it
    assert decide(marie_client, url, APPROVE).status_code == 302
    assert Maker.objects.get(pk=maker.pk).is_published
    assert not ItemLock.objects.exists()  # released by the decision


def test_a_lock_ends_after_its_time(operator, second_operator, listing_in, gironde):
    maker = listing_in(gironde)
    lock_take(kind=ItemKind.LISTING, object_id=maker.pk, user=operator)
    ItemLock.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    lock = lock_take(kind=ItemKind.LISTING, object_id=maker.pk, user=second_operator)
    assert lock.holder == second_operator


def test_renewing_ones_own_lock_keeps_when_it_was_taken(operator, listing_in, gironde):
    maker = listing_in(gironde)
    first = lock_take(kind=ItemKind.LISTING, object_id=maker.pk, user=operator)
    ItemLock.objects.update(expires_at=timezone.now() + datetime.timedelta(minutes=1))
    renewed = lock_take(kind=ItemKind.LISTING, object_id=maker.pk, user=operator)
    assert renewed.taken_at == first.taken_at
    assert renewed.expires_at > timezone.now() + datetime.timedelta(minutes=10)


def test_old_locks_are_forgotten(operator, listing_in, gironde):
    maker = listing_in(gironde)
    lock_take(kind=ItemKind.LISTING, object_id=maker.pk, user=operator)
    assert locks_expired_delete() == 0
    ItemLock.objects.update(expires_at=timezone.now() - datetime.timedelta(days=2))
    assert locks_expired_delete() == 1


def test_a_decided_item_takes_no_lock(operator_client, listing_in, gironde):
    maker = listing_in(gironde, status=Maker.Status.PUBLISHED)
    page = operator_client.get(en("moderation:listing", maker.pk))
    assert "nothing waits here any more" in page.content.decode()
    assert not ItemLock.objects.exists()
