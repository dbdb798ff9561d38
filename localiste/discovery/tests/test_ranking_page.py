"""The "how listings are ranked" page states the search formula, unless an operator edited it."""

import importlib

import pytest
from django.apps import apps

from localiste.content.models import SitePage

pytestmark = pytest.mark.django_db
migration = importlib.import_module("localiste.content.migrations.0003_ranking_formula")


def test_the_shipped_page_gives_the_formula_in_both_languages():
    page = SitePage.objects.get(slug="classement")
    assert "score = (pertinence du texte" in page.default_body("fr")
    assert "score = (text relevance" in page.default_body("en")
    assert "## Quand une fiche est retirée" in page.default_body("fr")


def test_an_operators_text_is_never_overwritten():
    page = SitePage.objects.get(slug="classement")
    page.body_fr = "Notre propre texte."
    page.body_en = migration.DEFAULTS.RANKING_EN
    page.save()
    migration.add_formula(apps, None)
    page.refresh_from_db()
    assert page.body_fr == "Notre propre texte."
    assert page.body_en == migration.NEW_EN
    migration.remove_formula(apps, None)
    page.refresh_from_db()
    assert page.body_en == migration.DEFAULTS.RANKING_EN
