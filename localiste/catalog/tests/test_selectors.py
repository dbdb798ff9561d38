"""Public reads of the category tree."""

import pytest
from django.http import Http404

from localiste.catalog.selectors import categories_top_level, category_get_public, category_tree
from localiste.catalog.tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


def test_tree_gives_top_level_categories_with_their_children_in_one_query(
    django_assert_num_queries,
):
    furniture = CategoryFactory(slug="test-mobilier", position=1001)
    clothing = CategoryFactory(slug="test-vetements", position=1000)
    tables = CategoryFactory(slug="test-tables", parent=furniture)
    CategoryFactory(slug="test-tables-a-manger", parent=tables)

    with django_assert_num_queries(1):
        tree = category_tree()
        children = {category: list(category.child_list) for category in tree}

    assert tree[-2:] == [clothing, furniture]  # after the reference categories, if loaded
    assert children[clothing] == []
    assert children[furniture] == [tables]
    assert categories_top_level()[-2:] == [clothing, furniture]
    assert tables not in categories_top_level()


def test_category_knows_its_ancestors_and_children():
    furniture = CategoryFactory(slug="test-mobilier")
    tables = CategoryFactory(slug="test-tables", parent=furniture)
    dining = CategoryFactory(slug="test-tables-a-manger", parent=tables)

    category = category_get_public(slug="test-tables-a-manger")

    assert category == dining
    assert category.ancestors == [furniture, tables]
    assert category_get_public(slug="test-mobilier").child_list == [tables]


def test_unknown_category_is_not_found():
    with pytest.raises(Http404):
        category_get_public(slug="nope")
