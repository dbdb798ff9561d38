"""Publishing and categorising a maker keeps category listings and counts right."""

import pytest

from localiste.catalog.models import Category
from localiste.makers import services
from localiste.makers.models import Maker, MakerCategory


@pytest.fixture
def tree(db):
    furniture = Category.objects.create(slug="t-mobilier", name_fr="Mobilier", name_en="Furniture")
    tables = Category.objects.create(
        slug="t-tables", name_fr="Tables", name_en="Tables", parent=furniture
    )
    dining = Category.objects.create(
        slug="t-tables-repas", name_fr="Tables de repas", name_en="Dining tables", parent=tables
    )
    toys = Category.objects.create(slug="t-jouets", name_fr="Jouets", name_en="Toys")
    return {"furniture": furniture, "tables": tables, "dining": dining, "toys": toys}


def count(category: Category) -> int:
    category.refresh_from_db()
    return category.published_maker_count


def test_a_maker_is_listed_under_its_categories_and_their_ancestors(tree):
    maker = services.maker_create(
        name="Atelier Brume", primary_category=tree["dining"], others=[tree["toys"]]
    )
    links = dict(maker.category_links.values_list("category__slug", "is_direct"))
    assert links == {
        "t-tables-repas": True,
        "t-tables": False,
        "t-mobilier": False,
        "t-jouets": True,
    }


def test_a_draft_counts_nowhere_and_publishing_counts_it_once_per_category(tree):
    maker = services.maker_create(name="Atelier Brume", primary_category=tree["dining"])
    assert count(tree["furniture"]) == 0
    assert not MakerCategory.objects.filter(listed_at__isnull=False).exists()

    services.maker_publish(maker=maker)
    services.maker_publish(maker=maker)  # publishing twice changes nothing

    assert [count(tree[name]) for name in ("furniture", "tables", "dining", "toys")] == [1, 1, 1, 0]
    assert set(MakerCategory.objects.values_list("listed_at", flat=True)) == {maker.published_at}


def test_withdrawing_a_maker_takes_it_out_of_the_counts(tree):
    maker = services.maker_publish(
        maker=services.maker_create(name="Les Bois de Léa", primary_category=tree["tables"])
    )
    services.maker_withdraw(maker=maker, status=Maker.Status.SUSPENDED)

    assert maker.status == Maker.Status.SUSPENDED
    assert count(tree["tables"]) == 0
    assert count(tree["furniture"]) == 0


def test_moving_a_published_maker_to_another_category_moves_the_count(tree):
    maker = services.maker_publish(
        maker=services.maker_create(name="Les Bois de Léa", primary_category=tree["tables"])
    )
    services.maker_categories_set(maker=maker, primary=tree["toys"])

    assert count(tree["toys"]) == 1
    assert count(tree["tables"]) == 0
    assert count(tree["furniture"]) == 0


def test_slugs_are_readable_and_unique(tree):
    first = services.maker_create(name="Céramiques du Bassin", primary_category=tree["toys"])
    second = services.maker_create(name="Céramiques du Bassin", primary_category=tree["toys"])
    assert (first.slug, second.slug) == ("ceramiques-du-bassin", "ceramiques-du-bassin-2")
