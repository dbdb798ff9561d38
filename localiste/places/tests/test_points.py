"""Reading the place a visitor gives: a town, a postcode or a position, or a clear message."""

import pytest
from django.utils import translation

from localiste.places.points import place_text_clean, point_from_coordinates, point_from_text


def test_control_characters_never_reach_the_database():
    assert place_text_clean("Bor\x00deaux\x1f \t33000\x7f") == "Bor deaux 33000"
    assert len(place_text_clean("x" * 300)) == 120
    assert place_text_clean(None) == ""


def test_a_town_and_its_postcode_give_its_point(gironde):
    reading = point_from_text("Mérignac 33700")
    assert reading.place.name == "Mérignac"
    assert (reading.latitude, reading.longitude) == (
        reading.place.latitude,
        reading.place.longitude,
    )
    assert reading.error == ""


def test_a_town_read_once_costs_no_query_again(gironde, django_assert_num_queries):
    point_from_text("Mérignac 33700")
    with django_assert_num_queries(0):
        # The same text, however it is written: the folded text is the key.
        assert point_from_text("MERIGNAC  33700").place.name == "Mérignac"


def test_an_unknown_place_is_said_in_the_visitors_language(gironde):
    with translation.override("en"):
        reading = point_from_text("Nulle\x00Part")
    assert not reading.has_point
    assert reading.error == "We could not find the place “Nulle Part”."


@pytest.mark.parametrize(
    ("text", "point"), [("44.841241,-0.580462", (44.84, -0.58)), (" 44.8 , -0.6 ", (44.8, -0.6))]
)
def test_a_position_is_read_and_rounded(db, text, point):
    reading = point_from_text(text, decimals=2)
    assert (reading.latitude, reading.longitude) == point
    assert reading.place is None


@pytest.mark.parametrize(
    ("latitude", "longitude"), [("91", "0"), ("0", "181"), ("nan", "0"), ("", "0")]
)
def test_a_position_out_of_range_is_refused(latitude, longitude):
    with translation.override("en"):
        reading = point_from_coordinates(latitude, longitude)
    assert not reading.has_point
    assert reading.error.startswith("The position is not valid")


def test_empty_text_is_no_place_and_no_error(db):
    reading = point_from_text(" \x00 ")
    assert (reading.has_point, reading.error) == (False, "")
