"""What the search documents of makers carry for the new filters (opening half-hours, visits
by appointment), and the product shown on a result card when it matches the words."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from localiste.makers.selectors import maker_search
from localiste.makers.selectors.documents import maker_documents, open_slots
from localiste.makers.selectors.search import PRODUCT_HITS_PER_MAKER
from localiste.makers.tests.factories import MakerFactory, OpeningPeriodFactory, ProductFactory
from localiste.search.query import Filters, SearchQuery
from localiste.search.services import search_rebuild
from localiste.search.vocabulary import vocabulary_forget

pytestmark = pytest.mark.django_db
MONDAY, SATURDAY = 0, 5


def test_open_slots_are_the_half_hours_wholly_inside_a_period():
    t = datetime.time
    assert open_slots([(MONDAY, t(9, 0), t(10, 0))]) == (18, 19)
    assert open_slots([(MONDAY, t(9, 15), t(10, 45))]) == (19, 20)  # 9:30–10:00, 10:00–10:30
    assert open_slots([(SATURDAY, t(23, 0), t(23, 59))]) == (5 * 48 + 46, 5 * 48 + 47)
    assert open_slots([(MONDAY, t(9, 0), t(9, 20))]) == ()
    assert open_slots([]) == ()


@pytest.fixture
def makers():
    vocabulary_forget()
    table = MakerFactory(
        name="Ébénisterie Roux", tagline="Meubles", offers_visits_by_appointment=True
    )
    ProductFactory(maker=table, name="Chaise « Lac »", materials="hêtre", position=1)
    ProductFactory(
        maker=table, name="Table « Estuaire »", materials="chêne massif",
        price_min=Decimal("890"), position=2,
    )  # fmt: skip
    ProductFactory(maker=table, name="Table cachée", materials="chêne", is_published=False)
    OpeningPeriodFactory(
        maker=table, weekday=SATURDAY, opens=datetime.time(10), closes=datetime.time(12)
    )
    other = MakerFactory(name="Atelier Table Ronde", tagline="Bols en grès")
    ProductFactory(maker=other, name="Bol", materials="grès")
    search_rebuild()
    yield table, other
    vocabulary_forget()


def test_documents_carry_the_open_half_hours_and_visits_by_appointment(makers):
    table, other = makers
    documents = {document.id: document for document in maker_documents([table.pk, other.pk])}
    assert documents[table.pk].open_slots == tuple(range(5 * 48 + 20, 5 * 48 + 24))
    assert documents[other.pk].open_slots == ()
    assert "by_appointment" in documents[table.pk].services
    saturday_11h = 5 * 48 + 22
    found = maker_search(query=SearchQuery(filters=Filters(open_slot=saturday_11h)))
    assert [maker.pk for maker in found.makers] == [table.pk]
    found = maker_search(query=SearchQuery(filters=Filters(services=("by_appointment",))))
    assert [maker.pk for maker in found.makers] == [table.pk]


def test_the_card_shows_the_product_matching_the_words(makers):
    table, other = makers
    page = maker_search(query=SearchQuery(text="table en chêne"))
    hits = {maker.pk: maker.product_hit for maker in page.makers}
    assert hits[table.pk].name == "Table « Estuaire »"  # not the hidden one, nor the chair
    assert other.pk not in hits or hits[other.pk] is None  # "Table" in its name only
    page = maker_search(query=SearchQuery(text="bijoux"))
    assert all(maker.product_hit is None for maker in page.makers)


def test_product_hits_cost_one_query_for_the_page(makers):
    with CaptureQueriesContext(connection) as without:
        maker_search(query=SearchQuery(text="", limit=20))
    with CaptureQueriesContext(connection) as with_words:
        page = maker_search(query=SearchQuery(text="table chêne", limit=20))
        [maker.product_hit and maker.product_hit.get_absolute_url() for maker in page.makers]
    # The words cost the engine's own reads, plus one query for the page's products.
    engine = [q for q in with_words.captured_queries if "makers_product" not in q["sql"]]
    products = [q for q in with_words.captured_queries if "makers_product" in q["sql"]]
    assert len(products) == 1
    assert len(engine) <= len(without.captured_queries) + 8


def test_the_result_card_links_to_the_product_with_its_price(client, makers):
    table, _ = makers
    html = client.get("/recherche/", {"q": "table en chêne"}).content.decode()
    product = table.products.get(name="Table « Estuaire »")
    assert f'href="{product.get_absolute_url()}"' in html
    assert "Table « Estuaire », chêne massif — " in html
    assert "890" in html


def test_the_api_gives_the_matching_product_of_each_result(client, makers):
    table, _ = makers
    results = client.get("/api/v1/search", {"q": "table en chêne"}).json()["results"]
    found = {result["slug"]: result["product"] for result in results}
    product = found[table.slug]
    assert (product["name"], product["materials"]) == ("Table « Estuaire »", "chêne massif")
    assert "890" in product["price"]
    assert product["url"].endswith(table.products.get(name="Table « Estuaire »").get_absolute_url())
    # Found by its name only: no product to show.
    assert client.get("/api/v1/search", {"q": "ronde"}).json()["results"][0]["product"] is None


def test_only_the_first_products_of_a_maker_are_read_for_its_card():
    vocabulary_forget()
    maker = MakerFactory(name="Atelier Grange", tagline="Objets en bois")
    for position in range(1, PRODUCT_HITS_PER_MAKER + 2):
        ProductFactory(maker=maker, name=f"Cuillère {position}", materials="hêtre",
                       position=position)  # fmt: skip
    ProductFactory(maker=maker, name="Planche en noyer", position=PRODUCT_HITS_PER_MAKER + 2)
    ProductFactory(maker=maker, name="Bol en noyer", position=PRODUCT_HITS_PER_MAKER - 1)  # 12th
    search_rebuild()
    with CaptureQueriesContext(connection) as queries:
        [card] = maker_search(query=SearchQuery(text="noyer")).makers
    # The first PRODUCT_HITS_PER_MAKER by position, read in SQL: the bowl, not the board.
    assert card.product_hit.name == "Bol en noyer"
    [read] = [q["sql"] for q in queries.captured_queries if "makers_product" in q["sql"]]
    assert "ROW_NUMBER" in read.upper()
    page = maker_search(query=SearchQuery(text="planche"))
    assert [m.pk for m in page.makers] == [maker.pk] and page.makers[0].product_hit is None
