"""The demo's makers are believable: secondary categories fit the primary trade."""

import pytest
from django.core.management import call_command

from localiste.catalog.models import Category
from localiste.makers.models import Maker, MakerCategory
from localiste.opendata.demo.related import MAX_RELATED, RELATED_TOPS, related_tops
from localiste.opendata.services import demo_generate

pytestmark = pytest.mark.django_db


def _top_slug_of():
    parents = dict(Category.objects.values_list("id", "parent_id"))
    slugs = dict(Category.objects.values_list("id", "slug"))

    def top(category_id):
        while parents[category_id] is not None:
            category_id = parents[category_id]
        return slugs[category_id]

    return top


def test_the_related_table_names_real_top_categories_and_at_most_three_each():
    tops = set(Category.objects.filter(parent__isnull=True).values_list("slug", flat=True))
    assert tops, "the catalog is loaded by the migrations"
    assert set(RELATED_TOPS) <= tops
    for slug, related in RELATED_TOPS.items():
        assert len(related) <= MAX_RELATED, slug
        assert set(related) <= tops, slug
        assert slug not in related and len(set(related)) == len(related), slug


def test_every_demo_maker_is_listed_only_under_its_trade_or_a_related_one():
    call_command("gazetteer_load", department="33", verbosity=0)
    demo_generate(makers=3000, seed=2012, images_pool=1)
    top = _top_slug_of()
    primaries = dict(Maker.objects.values_list("id", "primary_category_id"))
    direct = MakerCategory.objects.filter(is_direct=True).values_list("maker_id", "category_id")
    secondary_seen = 0
    for maker_id, category_id in direct:
        primary_top = top(primaries[maker_id])
        assert top(category_id) in related_tops(primary_top), (maker_id, category_id)
        secondary_seen += category_id != primaries[maker_id]
    assert secondary_seen > 300  # makers still have several categories
