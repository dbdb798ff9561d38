"""Rows of an import name their category by slug or name; an old slug still finds it."""

import pytest

from localiste.catalog.services import category_save
from localiste.catalog.tests.factories import CategoryFactory
from localiste.opendata.imports.categories import CategoryFinder
from localiste.opendata.imports.reasons import Skip

pytestmark = pytest.mark.django_db


def test_a_row_naming_the_old_slug_of_a_category_finds_the_category_it_became():
    cork = CategoryFactory(slug="t-bouchons", name_fr="Bouchons", name_en="Stoppers")
    cork.slug = "t-liege"
    category_save(category=cork)  # a file made before the change still says "t-bouchons"

    finder = CategoryFinder()

    assert finder.find("t-bouchons") == cork
    assert finder.find("t-liege") == cork
    with pytest.raises(Skip) as skipped:
        finder.find("t-nulle-part")
    assert skipped.value.reason == "unknown_category"
