"""The demo plants a few duplicate pairs per 500 makers, and `duplicates_find` finds them."""

import pytest
from django.core.management import call_command

from localiste.makers.duplicate_keys import name_key, name_similarity, phone_number
from localiste.makers.duplicate_scan import duplicates_find_all
from localiste.makers.models import DuplicateCandidate, Maker
from localiste.opendata.demo.twins import TWIN_KINDS
from localiste.opendata.services import demo_generate
from localiste.search.geo import distance_km

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("gazetteer_load", department="33", verbosity=0)
    return demo_generate(makers=1000, seed=2012, images_pool=1)


def test_the_demo_plants_named_pairs_of_each_kind(demo):
    assert sorted(kind for _first, _second, kind in demo.twins) == sorted(
        [*TWIN_KINDS.values()] * 2
    )
    makers = Maker.objects.in_bulk([pk for pair in demo.twins for pk in pair[:2]])
    for first_id, second_id, kind in demo.twins:
        first, second = makers[first_id], makers[second_id]
        assert first.email != second.email and first.slug != second.slug
        if kind == "siret":
            assert first.siret and first.siret == second.siret
        elif kind == "phone":
            assert first.phone != second.phone  # written differently…
            assert phone_number(first.phone) == phone_number(second.phone)  # …one number
        else:
            assert first.name != second.name
            assert name_similarity(name_key(first.name), name_key(second.name))
            far = distance_km(first.latitude, first.longitude, second.latitude, second.longitude)
            assert 0.1 < far < 1


def test_duplicates_find_finds_every_planted_pair_and_nothing_else(demo):
    scan = duplicates_find_all()

    found = set(DuplicateCandidate.objects.values_list("maker_id", "other_id"))
    planted = {tuple(sorted(pair[:2])) for pair in demo.twins}
    assert planted <= found
    false_positives = found - planted
    assert not false_positives  # the demo keeps chance look-alikes apart
    assert scan.pairs == len(planted) == 8


def test_the_same_seed_plants_the_same_pairs():
    call_command("gazetteer_load", department="33", verbosity=0)
    first = demo_generate(makers=510, seed=4, images_pool=1)
    names = dict(Maker.objects.values_list("id", "name"))
    Maker.objects.all().delete()
    second = demo_generate(makers=510, seed=4, images_pool=1)

    offset = second.twins[0][0] - first.twins[0][0]
    assert [(a + offset, b + offset, k) for a, b, k in first.twins] == list(second.twins)
    assert sorted(names.values()) == sorted(Maker.objects.values_list("name", flat=True))
