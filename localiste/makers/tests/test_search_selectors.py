"""Searching makers: the issue's acceptance on 500 demo makers, and the index kept in sync."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from localiste.catalog.models import Category
from localiste.makers.models import Maker
from localiste.makers.selectors import maker_map, maker_search, maker_suggest
from localiste.makers.services import maker_publish, maker_withdraw
from localiste.makers.tests.factories import MakerFactory
from localiste.opendata.services import demo_generate
from localiste.places.models import Place
from localiste.search.query import Filters, MapQuery, SearchQuery, Sort
from localiste.search.services import search_rebuild
from localiste.search.vocabulary import vocabulary_forget

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    vocabulary_forget()
    call_command("gazetteer_load", department="33", verbosity=0)
    demo_generate(makers=500, seed=2012, images_pool=1)
    search_rebuild()
    yield
    vocabulary_forget()


def top_slugs(query: SearchQuery) -> set[str]:
    """Top-level category slugs of the makers found."""
    page = maker_search(query=query)
    tops = {}
    for category in Category.objects.all():
        top = category
        while top.parent_id:
            top = Category.objects.get(pk=top.parent_id)
        tops[category.pk] = top.slug
    return {tops[maker.primary_category_id] for maker in page.makers}


def names(query: SearchQuery) -> list[str]:
    return [maker.name for maker in maker_search(query=query).makers]


def test_jewellery_near_merignac_by_distance(demo):
    merignac = Place.objects.get(name="Mérignac", department_code="33")
    jewellery = Category.objects.get(slug="bijoux")
    query = SearchQuery(
        text="bijoux",
        latitude=merignac.latitude,
        longitude=merignac.longitude,
        radius_km=10,
        sort=Sort.DISTANCE,
        limit=50,
    )
    page = maker_search(query=query)
    assert page.total >= 3 and page.total_is_exact
    distances = [maker.distance_km for maker in page.makers]
    assert distances == sorted(distances) and distances[-1] <= 10
    jewellers = [m for m in page.makers if jewellery.pk in page.facets["category"]]
    assert jewellers and page.facets["category"][jewellery.pk] >= len(page.makers) // 2


def test_text_queries_of_the_issue(demo):
    for text in ("meuble chene", "Meubles en chêne", "ébéniste"):
        assert "mobilier" in top_slugs(SearchQuery(text=text)), text
    games = maker_search(query=SearchQuery(text="jeux de societe"))
    assert games.total > 0 and games.matched_all_words
    assert "jeux-et-jouets" in top_slugs(SearchQuery(text="jeux de societe"))
    # Accent-free, plural or misspelt: at least what the accented singular finds.
    reference = set(names(SearchQuery(text="céramique", limit=100)))
    assert reference
    for variant in ("ceramique", "céramiques", "ceramiqe", "CÉRAMIQUE "):
        assert set(names(SearchQuery(text=variant, limit=100))) >= reference, variant
    reference = set(names(SearchQuery(text="bijoux argent", limit=100)))
    assert set(names(SearchQuery(text="bijoux argnet", limit=100))) >= reference


def test_map_counts_sum_to_the_total_and_stay_bounded(demo):
    total = maker_search(query=SearchQuery(text="bijoux")).total
    for zoom in (5, 9, 12, 15):
        collection = maker_map(query=MapQuery(-2.0, 43.5, 1.0, 46.0, zoom, text="bijoux"))
        features = collection["features"]
        assert len(features) <= 500
        assert sum(f["properties"]["count"] for f in features) == total
    everything = maker_map(query=MapQuery(-180, -85, 180, 85, 3))["features"]
    assert sum(f["properties"]["count"] for f in everything) == 500
    deep = maker_map(query=MapQuery(-2, 43.5, 1, 46, 18))["features"]
    assert sum(f["properties"]["count"] for f in deep) == 500
    single = next(f["properties"] for f in deep if f["properties"]["count"] == 1)
    assert single["url"].startswith("/fabricants/") and single["name"]
    # As-you-type names, and unknown filter values give nothing rather than errors.
    maker = Maker.objects.order_by("id").first()
    assert maker in maker_suggest(prefix=maker.name[:4], limit=20) or maker_suggest(
        prefix=maker.name.split()[0][:3]
    )
    page = maker_search(query=SearchQuery(filters=Filters(category_ids=(999999,))))
    assert page.total == 0 and page.makers == []


def test_index_follows_publish_and_withdraw():
    vocabulary_forget()
    maker = MakerFactory(name="Poterie Quintessence", status=Maker.Status.DRAFT)
    query = SearchQuery(text="quintessence")
    assert maker_search(query=query).total == 0
    maker_publish(maker=maker)
    assert [m.pk for m in maker_search(query=query).makers] == [maker.pk]
    call_command("search_check", stdout=StringIO())
    maker_withdraw(maker=maker)
    assert maker_search(query=query).total == 0
    Maker.objects.filter(pk=maker.pk).update(status=Maker.Status.PUBLISHED)
    with pytest.raises(CommandError):
        call_command("search_check", stdout=StringIO())


def test_a_home_workshop_is_mapped_and_measured_at_its_town_not_its_door():
    town = Place.objects.create(
        name="Bègles", name_folded="begles", kind="commune", country_code="FR",
        official_code="33039",
        latitude=44.8080, longitude=-0.5480,
    )  # fmt: skip
    home = MakerFactory(
        latitude=44.79123, longitude=-0.53456, place=town,
        location_precision=Maker.Precision.COMMUNE,
    )  # fmt: skip
    search_rebuild()
    box = MapQuery(min_longitude=-1, min_latitude=44, max_longitude=0, max_latitude=45, zoom=15)
    [feature] = maker_map(query=box)["features"]
    assert feature["geometry"]["coordinates"] == [-0.548, 44.808]
    # Searched from its very door, it is as far as the town's centre (about 2.2 km), not 0 km.
    near_door = SearchQuery(latitude=44.79123, longitude=-0.53456, radius_km=10)
    [found] = maker_search(query=near_door).makers
    assert found.pk == home.pk and 2.0 < found.distance_km < 2.4
