"""Each kind of goods says how far it travels when made far away: shipped for the top-level
categories, inherited below them, edited by operators in the admin."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from localiste.catalog.models import Category
from localiste.catalog.origins import category_origin_km_map, category_origin_rows
from localiste.catalog.tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


def test_the_shipped_top_level_categories_have_a_typical_distance():
    shipped = dict(Category.objects.filter(parent=None).values_list("slug", "typical_origin_km"))
    # Mostly from other EU countries (HS 94, HS 69): the European figure.
    assert shipped["mobilier"] == 1_200
    assert shipped["ceramique"] == 1_200
    # Unsure which of Europe or Asia supplies most: the smaller distance.
    assert shipped["maroquinerie"] == 1_200
    assert shipped["bijoux"] == 1_200
    # Mostly from Asia: clothing from the nearer of its large suppliers, toys from China.
    assert shipped["vetements"] == 10_000
    assert shipped["jeux-et-jouets"] == 17_000
    assert shipped["savons-et-cosmetiques"] == 1_200
    # An original work has no "same product made far away".
    assert shipped["art-et-illustration"] is None
    assert all(km is None or km % 100 == 0 for km in shipped.values())
    # Sub-categories inherit: none of them is filled.
    assert not Category.objects.exclude(parent=None).exclude(typical_origin_km=None).exists()


def test_sub_categories_take_the_nearest_ancestors_distance():
    top = CategoryFactory(slug="t-top", typical_origin_km=17_000)
    middle = CategoryFactory(slug="t-middle", parent=top)
    bottom = CategoryFactory(slug="t-bottom", parent=middle)
    own = CategoryFactory(slug="t-own", parent=top, typical_origin_km=1_200)
    below_own = CategoryFactory(slug="t-below-own", parent=own)
    alone = CategoryFactory(slug="t-alone")

    found = category_origin_km_map()
    assert [found.get(c.pk) for c in (top, middle, bottom, own, below_own, alone)] == [
        17_000,
        17_000,
        17_000,
        1_200,
        1_200,
        None,
    ]


def test_the_method_pages_rows_list_top_levels_and_their_overrides():
    top = CategoryFactory(slug="t-top", position=0, typical_origin_km=17_000)
    CategoryFactory(slug="t-inherits", parent=top)
    own = CategoryFactory(slug="t-own", parent=top, typical_origin_km=1_200)

    rows = category_origin_rows()
    slugs = [row.category.slug for row in rows]
    assert slugs[slugs.index("t-top") + 1] == "t-own"
    assert "t-inherits" not in slugs
    [own_row] = [row for row in rows if row.category == own]
    assert (own_row.km, own_row.is_override) == (1_200, True)


@pytest.mark.parametrize("km", [50_000, 0])
def test_a_distance_beyond_any_route_or_of_zero_is_refused(km):
    # Zero would read as "no estimate" on some pages and as a figure on others: empty says so.
    category = CategoryFactory.build(slug="t-far", typical_origin_km=km)
    with pytest.raises(ValidationError) as error:
        category.full_clean()
    assert "typical_origin_km" in error.value.message_dict


def test_an_operator_edits_the_distance_and_pages_use_it_at_once(
    operator_client, django_capture_on_commit_callbacks
):
    top = CategoryFactory(slug="t-top", typical_origin_km=17_000)
    child = CategoryFactory(slug="t-child", parent=top)
    assert category_origin_km_map()[child.pk] == 17_000  # now cached

    change_url = reverse("admin:catalog_category_change", args=[top.pk])
    form = operator_client.get(change_url).content.decode()
    assert 'name="typical_origin_km"' in form
    # The map is emptied once the save commits (catalog.services.category_save).
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(
            change_url,
            {
                "name_fr": top.name_fr,
                "name_en": top.name_en,
                "slug": top.slug,
                "description_fr": top.description_fr,
                "description_en": top.description_en,
                "icon": top.icon,
                "position": str(top.position),
                "typical_origin_km": "9000",
            },
        )
    assert response.status_code == 302
    assert category_origin_km_map()[child.pk] == 9_000
