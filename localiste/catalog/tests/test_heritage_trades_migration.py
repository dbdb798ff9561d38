"""The migration that brings the heritage trades (faience, cork) to existing installs: it adds
what is missing and never touches what an operator made of the tree."""

from importlib import import_module

import pytest
from django.apps import apps

from localiste.catalog.models import Category

pytestmark = pytest.mark.django_db


def _run() -> None:
    import_module("localiste.catalog.migrations.0004_heritage_trades").add_heritage_trades(
        apps, schema_editor=None
    )


def test_an_install_migrated_before_the_trades_gets_them_under_their_parent():
    Category.objects.filter(slug__in=["faience", "liege"]).delete()
    count = Category.objects.count()

    _run()
    _run()

    assert Category.objects.count() == count + 2
    faience = Category.objects.get(slug="faience")
    assert (faience.parent.slug, faience.name_fr, faience.depth) == ("ceramique", "Faïence", 2)
    assert Category.objects.get(slug="liege").parent.slug == "travail-du-bois"


def test_an_operators_own_categories_are_left_as_they_made_them():
    wood = Category.objects.get(slug="travail-du-bois")
    cooperage = Category.objects.get(slug="tonnellerie")
    cooperage.name_fr = "Tonnellerie et foudres"
    cooperage.save()
    cork = Category.objects.get(slug="liege")
    cork.name_fr, cork.parent = "Bouchons", Category.objects.get(slug="mobilier")
    cork.save()
    # Faience is gone, and so is the branch it belonged to (renamed by the operator).
    Category.objects.filter(slug="faience").delete()
    Category.objects.filter(slug="ceramique").update(slug="terre")
    count = Category.objects.count()

    _run()

    assert Category.objects.count() == count
    assert Category.objects.get(pk=cooperage.pk).name_fr == "Tonnellerie et foudres"
    cork.refresh_from_db()
    assert (cork.name_fr, cork.parent.slug) == ("Bouchons", "mobilier")
    assert not Category.objects.filter(slug="faience").exists()
    assert wood.children.filter(slug="tonnellerie").exists()
