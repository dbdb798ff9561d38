"""The shipped category tree and labels, as the data migration leaves them in the database."""

import json
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps

from localiste.catalog.models import Category, Label

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

REQUIRED_TOP_LEVEL = {
    "vetements",
    "accessoires-de-mode",
    "bijoux",
    "mobilier",
    "jeux-et-jouets",
    "ceramique",
    "maroquinerie",
    "luminaires-et-decoration",
    "linge-de-maison",
    "savons-et-cosmetiques",
    "papeterie-et-edition",
    "instruments-de-musique",
    "coutellerie-et-metal",
    "verre",
    "travail-du-bois",
    "art-et-illustration",
}

REQUIRED_LABELS = {
    "artisan-d-art",
    "maitre-artisan",
    "maitre-artisan-en-metier-d-art",
    "entreprise-du-patrimoine-vivant",
    "origine-france-garantie",
    "fabrique-en-france",
    "reparacteurs",
    "meilleur-ouvrier-de-france",
    "ateliers-d-art-de-france",
}


def shipped_icons() -> set[str]:
    with open(DATA_DIR / "categories.json", encoding="utf-8") as data_file:
        return set(json.load(data_file)["icons"])


@pytest.mark.django_db
def test_the_tree_offers_the_required_top_level_categories():
    top_level = set(Category.objects.filter(parent=None).values_list("slug", flat=True))

    assert len(top_level) >= 16
    assert REQUIRED_TOP_LEVEL - top_level == set()


@pytest.mark.django_db
def test_every_top_level_category_has_three_to_eight_subcategories():
    for category in Category.objects.filter(parent=None):
        assert 3 <= category.children.count() <= 8, category.slug


@pytest.mark.django_db
def test_depth_follows_the_parent_and_stays_within_three_levels():
    for category in Category.objects.select_related("parent"):
        expected_depth = category.parent.depth + 1 if category.parent else 1
        assert category.depth == expected_depth, category.slug
        assert category.depth <= Category.MAX_DEPTH, category.slug


@pytest.mark.django_db
def test_every_category_is_named_described_and_drawn_in_both_languages():
    icons = shipped_icons()
    for category in Category.objects.all():
        assert category.name_fr and category.name_en, category.slug
        assert category.description_fr and category.description_en, category.slug
        assert category.icon in icons, category.slug


@pytest.mark.django_db
def test_category_slugs_are_lowercase_ascii():
    for slug in Category.objects.values_list("slug", flat=True):
        assert slug.isascii() and slug == slug.lower(), slug


@pytest.mark.django_db
def test_the_labels_makers_hold_are_available():
    labels = Label.objects.all()

    assert REQUIRED_LABELS - {label.slug for label in labels} == set()
    for label in labels:
        assert label.name_fr and label.name_en, label.slug
        assert label.description_fr and label.description_en, label.slug


@pytest.mark.django_db
def test_loading_the_reference_data_again_changes_nothing():
    migration = import_module("localiste.catalog.migrations.0002_reference_data")
    categories_before = Category.objects.count()
    labels_before = Label.objects.count()

    migration.load_reference_data(apps, schema_editor=None)

    assert Category.objects.count() == categories_before
    assert Label.objects.count() == labels_before
