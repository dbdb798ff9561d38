"""The category lists of the space: grouped under their top-level category, alphabetical in
the page's language, accents ignored ("Ébénisterie" sorts with the E)."""

import re

import pytest
from django.urls import reverse

from localiste.catalog.tests.factories import CategoryFactory
from localiste.core.text import fold

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(db):
    """Made-up names (the migrations load the site's own categories too), positions
    deliberately out of alphabetical order in both languages."""
    made = {}
    for position, (slug, fr, en) in enumerate(
        [("t-v", "Vqx", "Bqx"), ("t-e", "Éqx", "Wqx"), ("t-c", "Cqx", "Cqx")]
    ):
        made[slug] = CategoryFactory(slug=slug, name_fr=fr, name_en=en, position=position)
    for position, (slug, fr, en) in enumerate(
        [
            ("t-tables", "Tqx tables", "Tqx tables"),
            ("t-etageres", "Étqx", "Sqx"),
            ("t-chaises", "chqx", "chqx"),
            ("t-zinc", "Zqx", "Aqx"),
        ]
    ):
        made[slug] = CategoryFactory(
            slug=slug, name_fr=fr, name_en=en, position=position, parent=made["t-e"]
        )
    return made


def _category_select(html: str) -> tuple[list[str], list[str]]:
    """(group labels, option values) of the product form's category list."""
    select = re.search(r'<select name="category"[^>]*>(.*?)</select>', html, re.S).group(1)
    groups = re.findall(r'<optgroup label="([^"]*)"', select)
    values = [v for v in re.findall(r'<option value="([^"]*)"', select) if v]
    return groups, values


def _product_form(client, maker, prefix: str) -> str:
    response = client.get(prefix + reverse("space:product_create", kwargs={"slug": maker.slug}))
    assert response.status_code == 200
    return response.content.decode()


def _pks(tree, slugs: str) -> list[str]:
    return [str(tree[slug].pk) for slug in slugs.split()]


def _ours(tree, groups, values, language):
    """The groups and options of `tree` only (the migrations load the site's categories too)."""
    names = {getattr(category, f"name_{language}") for category in tree.values()}
    pks = {str(category.pk) for category in tree.values()}
    return [g for g in groups if g in names], [v for v in values if v in pks]


def test_product_categories_are_alphabetical_in_english(lucie_client, draft, tree):
    groups, values = _category_select(_product_form(lucie_client, draft, "/en"))
    assert groups == sorted(groups, key=fold)
    groups, values = _ours(tree, groups, values, "en")
    assert groups == ["Bqx", "Cqx", "Wqx"]
    assert values == _pks(tree, "t-v t-c t-e t-zinc t-chaises t-etageres t-tables")


def test_product_categories_are_alphabetical_in_french_accents_ignored(lucie_client, draft, tree):
    groups, values = _category_select(_product_form(lucie_client, draft, ""))
    assert groups == sorted(groups, key=fold)
    groups, values = _ours(tree, groups, values, "fr")
    assert groups == ["Cqx", "Éqx", "Vqx"]
    assert values == _pks(tree, "t-c t-e t-chaises t-etageres t-tables t-zinc t-v")
