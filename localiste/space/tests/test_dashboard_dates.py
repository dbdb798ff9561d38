"""The maker's weekly statistics name each week in the visitor's language ("14 sept.")."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from localiste.makers.models import Membership
from localiste.makers.tests.factories import MakerFactory
from localiste.metrics.services import count_increment

pytestmark = pytest.mark.django_db

FRENCH_MONTHS = [
    "janv.",
    "févr.",
    "mars",
    "avril",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
]
ENGLISH_MONTHS = [
    "Jan.",
    "Feb.",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
]


@pytest.mark.parametrize(("prefix", "months"), [("", FRENCH_MONTHS), ("/en", ENGLISH_MONTHS)])
def test_the_weeks_are_dated_in_the_visitors_language(client, make_user, prefix, months):
    lucie = make_user("lucie@example.org")
    maker = MakerFactory(name="Atelier Lucie")
    Membership.objects.create(user=lucie, maker=maker, role=Membership.Role.OWNER)
    today = timezone.localdate()
    count_increment(kind="maker.view", object_id=maker.pk, day=today)
    client.force_login(lucie)
    path = reverse("space:dashboard", kwargs={"slug": maker.slug})
    html = client.get(f"{prefix}{path}").content.decode()
    monday = today - datetime.timedelta(days=today.weekday())
    assert f">{monday.day} {months[monday.month - 1]}</th>" in html
    if prefix == "":  # French: never the English abbreviation ("14 Sep")
        assert f">{monday.day} {monday.strftime('%b')}</th>" not in html
