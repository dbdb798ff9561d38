"""Fixtures of the desk's tests: two territories, listings in each, operators and a
territory moderator, and makers waiting for a decision."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from localiste.catalog.tests.factories import CategoryFactory
from localiste.makers import services
from localiste.makers.models import Maker, Membership
from localiste.makers.tests.factories import MakerFactory, PhotoFactory
from localiste.moderation.models import TerritoryModerator
from localiste.places.models import Territory

ELIGIBLE = {
    "makes_own_work": True,
    "in_territory": True,
    "non_food": True,
    "what_you_make": "Sacs en cuir",
}


@pytest.fixture
def make_user(django_user_model):
    """make_user(email) → a user whose username is their email."""

    def make(email, **extra):
        return django_user_model.objects.create_user(email, email, **extra)

    return make


@pytest.fixture
def gironde(db):
    return Territory.objects.create(slug="gironde", name="Gironde", kind="departement")


@pytest.fixture
def landes(db):
    return Territory.objects.create(slug="landes", name="Landes", kind="departement")


@pytest.fixture
def category(db):
    return CategoryFactory(name_fr="Maroquinerie", name_en="Leather goods", slug="maroquinerie")


@pytest.fixture
def listing_in(make_user, category):
    """listing_in(territory, name=…, status=…, language=…) → a listing with an owner, in
    `territory` (a submitted one by default: status pending)."""
    counter = iter(range(1, 1000))

    def make(territory, *, status=Maker.Status.PENDING, owner=None, **fields):
        number = next(counter)
        fields.setdefault("name", f"Atelier {territory.name} {number}")
        fields.setdefault("eligibility", ELIGIBLE)
        fields.setdefault("primary_category", category)
        fields.setdefault("email", f"atelier{number}@example.org")
        maker = MakerFactory(status=status, **fields)
        PhotoFactory(maker=maker, alt_text=f"L'atelier {number}")
        if status == Maker.Status.PENDING:
            Maker.objects.filter(pk=maker.pk).update(submitted_at=timezone.now())
            maker.refresh_from_db()
        maker.territories.add(territory)
        owner = owner or make_user(f"team{number}-{territory.slug}@example.org")
        Membership.objects.create(user=owner, maker=maker, role=Membership.Role.OWNER)
        return maker

    return make


@pytest.fixture
def second_operator(django_user_model):
    return django_user_model.objects.create_user(
        "marie", "marie@example.org", is_staff=True, first_name="Marie", last_name="Durand"
    )


@pytest.fixture
def moderator(make_user, gironde):
    """A territory moderator of the Gironde (not staff)."""
    user = make_user("moderatrice@example.org", first_name="Inès", last_name="Garcia")
    TerritoryModerator.objects.create(user=user, territory=gironde)
    return user


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def submit(maker: Maker, editor) -> Maker:
    """Send `maker` (a draft or sent back) for review, as its team does from the space."""
    return services.maker_submit(maker=Maker.objects.get(pk=maker.pk), editor=editor)


def en(name: str, *args) -> str:
    """The English address of the desk's view `name` (the page asserted on in English, so
    that the test holds whatever the French catalogue says)."""
    with translation.override("en"):
        return reverse(name, args=args)


def seen_on(page) -> str:
    """The fingerprint an item page sends back with its decisions (its hidden "seen")."""
    found = re.search(r'name="seen" value="([^"]*)"', page.content.decode())
    return found.group(1) if found else ""


def decide(client, url: str, data: dict, **kwargs):
    """POST the decision `data` from the item page at `url`, as a browser would: opened
    first, then sent with what it showed."""
    return client.post(url, {**data, "seen": seen_on(client.get(url))}, **kwargs)
