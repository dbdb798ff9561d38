"""Operators approve what makers submit, from the admin."""

import pytest
from django.urls import reverse

from localiste.makers import services
from localiste.makers.models import Claim, Maker, MakerRevision, Membership
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db


def test_the_review_pages_open(operator_client, django_user_model):
    maker = MakerFactory(eligibility={"makes_own_work": True, "what_you_make": "Sacs"})
    user = django_user_model.objects.create_user("lucie", "lucie@example.org")
    services.maker_update(maker=maker, editor=user, version=maker.version, fields={"name": "X"})
    Claim.objects.create(maker=maker, user=user, status=Claim.Status.REQUESTED)
    for name in ("makerrevision", "claim", "invitation", "maker"):
        assert operator_client.get(reverse(f"admin:makers_{name}_changelist")).status_code == 200
    page = operator_client.get(reverse("admin:makers_maker_change", args=[maker.pk]))
    assert "Sacs" in page.content.decode()


def test_an_operator_approves_a_pending_change(operator_client, django_user_model):
    maker = MakerFactory(name="Avant")
    user = django_user_model.objects.create_user("lucie", "lucie@example.org")
    services.maker_update(maker=maker, editor=user, version=maker.version, fields={"name": "Après"})
    revision = MakerRevision.objects.get()
    operator_client.post(
        reverse("admin:makers_makerrevision_changelist"),
        {"action": "approve", "_selected_action": [revision.pk]},
    )
    assert Maker.objects.get().name == "Après"


def test_an_operator_approves_a_submitted_listing_and_a_claim(operator_client, django_user_model):
    maker = MakerFactory(status=Maker.Status.PENDING, source_key="import:3")
    operator_client.post(
        reverse("admin:makers_maker_changelist"),
        {"action": "approve_submissions", "_selected_action": [maker.pk]},
    )
    assert Maker.objects.get().is_published
    user = django_user_model.objects.create_user("lucie", "lucie@example.org")
    claim = Claim.objects.create(maker=maker, user=user, status=Claim.Status.REQUESTED)
    operator_client.post(
        reverse("admin:makers_claim_changelist"),
        {"action": "accept", "_selected_action": [claim.pk]},
    )
    assert Membership.objects.get(maker=maker).user == user
