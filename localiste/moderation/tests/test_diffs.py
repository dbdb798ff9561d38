"""Diffs read as people know the listing: words, names, metres; never markup they typed."""

import pytest
from django.utils import translation

from localiste.moderation.diffs import changed_parts, snapshot_diff, text_diff

pytestmark = pytest.mark.django_db


def test_a_long_text_shows_the_words_removed_and_added():
    html = text_diff("Bols en grès, émaillés au four.", "Bols en porcelaine, émaillés au four.")
    assert "Bols en " in html
    assert "<del>" in html and "grès," in html.split("<del>")[1].split("</del>")[0]
    assert "porcelaine," in html.split("<ins>")[1].split("</ins>")[0]


def test_what_makers_typed_is_never_markup():
    html = text_diff("", '<script>alert("x")</script> **gras**')
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_a_moved_pin_says_how_far(category):
    before = {"latitude": 44.8378, "longitude": -0.5792}
    after = {"latitude": 44.8405, "longitude": -0.5792}  # about 300 m north
    with translation.override("en"):
        [row] = snapshot_diff(before=before, after=after)
    assert row.label == "Position on the map"
    assert "(moved 300 m)" in row.after


def test_categories_and_communes_by_their_names(category):
    from localiste.places.models import Place

    place = Place.objects.create(
        name="Bègles", name_folded="begles", kind="commune", country_code="FR"
    )
    before = {"primary_category_id": None, "place_id": None}
    after = {"primary_category_id": category.pk, "other_category_ids": [], "place_id": place.pk}
    with translation.override("en"):
        rows = {row.key: row for row in snapshot_diff(before=before, after=after)}
    assert rows["categories"].after == "Leather goods (main)"
    assert rows["place_id"].after == "Bègles"


def test_the_parts_a_change_touches():
    with translation.override("en"):
        parts = changed_parts({"street": "x", "latitude": 1, "photo_ids": [3], "name": "y"})
    assert parts == ["Name", "Address", "Photos"]
