"""Fixtures of the maker-space tests: people, a logged-in maker, the Gironde gazetteer."""

import pytest

from localiste.catalog.tests.factories import CategoryFactory
from localiste.makers import services
from localiste.places.services import gazetteer_load, territory_sync_from_places

ELIGIBLE = {"makes_own_work": True, "in_territory": True, "non_food": True, "what_you_make": ""}


@pytest.fixture
def make_user(django_user_model):
    """make_user(email) → a user whose username is their email (allauth not needed)."""

    def make(email, **extra):
        return django_user_model.objects.create_user(email, email, **extra)

    return make


@pytest.fixture
def lucie(make_user):
    return make_user("lucie@example.org")


@pytest.fixture
def lucie_client(client, lucie):
    client.force_login(lucie)
    return client


@pytest.fixture
def gironde(db):
    gazetteer_load(department="33")
    territory_sync_from_places()


@pytest.fixture
def category(db):
    return CategoryFactory(name_fr="Maroquinerie", name_en="Leather goods", slug="maroquinerie")


@pytest.fixture
def draft(lucie, category):
    return services.maker_start(
        user=lucie, name="Atelier Lucie", primary_category=category, eligibility=ELIGIBLE
    )
