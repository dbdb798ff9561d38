"""Relevance on the demo directory: for each query, what a visitor expects to see first.

800 demo makers (fixed seed) are generated once for the module; each query's first five
results must be, for at least four of them, makers listed in one of the expected
categories (or a category below them). English queries go through the English site's path
(the search page's parameters, English active), as /en/recherche/?q=… does.
"""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from localiste.catalog.models import Category
from localiste.discovery.params import search_request_parse
from localiste.discovery.selectors import search_run
from localiste.makers.models import MakerCategory
from localiste.makers.selectors import maker_search
from localiste.opendata.services import demo_generate
from localiste.search.engine import search
from localiste.search.query import SearchQuery
from localiste.search.services import search_rebuild
from localiste.search.vocabulary import vocabulary_forget

pytestmark = pytest.mark.django_db

TOP = 5
SHARE = 0.8

# (query, expected category slugs); "en:" queries are typed on the English site.
QUERIES = [
    ("table en chêne", {"mobilier"}),
    ("sac cuir", {"maroquinerie"}),
    ("poterie", {"ceramique"}),
    ("potier", {"ceramique"}),
    ("céramiste", {"ceramique"}),
    ("céramique", {"ceramique"}),
    ("meubel", {"mobilier"}),  # a typo of "meuble", a synonym word no maker writes
    ("ceramiqe", {"ceramique"}),
    ("bijoux argnet", {"bijoux"}),
    ("en:jewelry", {"bijoux"}),
    ("en:pottery", {"ceramique"}),
    ("en:leather bag", {"maroquinerie"}),
    ("en:furniture", {"mobilier"}),
    ("en:soap", {"savons-et-cosmetiques"}),
    ("en:chair", {"sieges"}),
    ("bijoux", {"bijoux"}),
    ("bague en argent", {"bijoux"}),
    ("ébéniste", {"mobilier"}),
    ("chaise", {"sieges"}),
    # "Luminaires et décoration" holds candles and mirrors too: its name is theirs.
    ("luminaire", {"luminaires-et-decoration", "luminaires-ceramique"}),
    ("lampe", {"luminaires-et-decoration", "luminaires-ceramique"}),
    ("savon", {"savons-et-cosmetiques"}),
    ("jeux de société", {"jeux-et-jouets"}),
    ("jouet en bois", {"jeux-et-jouets"}),
    ("couteau", {"coutellerie-et-metal"}),
    ("coutelier", {"coutellerie-et-metal"}),
    ("vitrail", {"verre"}),
    ("verre soufflé", {"verre"}),
    ("guitare", {"instruments-de-musique"}),
    ("luthier", {"instruments-de-musique"}),
    ("carnet", {"papeterie-et-edition"}),
    ("reliure", {"papeterie-et-edition"}),
    ("vannerie", {"vannerie"}),
    ("planche de surf", {"sports-et-glisse"}),
    ("vélo", {"sports-et-glisse"}),
    ("bougie", {"bougies"}),
    ("maroquinier", {"maroquinerie"}),
    ("chapeau", {"accessoires-de-mode"}),
    ("linge de table", {"linge-de-maison"}),
    ("laisse pour chien", {"accessoires-pour-animaux"}),
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """800 demo makers and their index, rolled back after the module's tests."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        transaction.atomic(),
    ):
        vocabulary_forget()
        call_command("gazetteer_load", department="33", verbosity=0)
        demo_generate(makers=800, seed=2026, images_pool=1)
        search_rebuild()
        listed: dict[int, set[str]] = {}
        slugs = dict(Category.objects.values_list("id", "slug"))
        for maker_id, category_id in MakerCategory.objects.values_list("maker_id", "category_id"):
            listed.setdefault(maker_id, set()).add(slugs[category_id])
        yield {"listed": listed, "categories": list(Category.objects.all())}
        vocabulary_forget()
        transaction.set_rollback(True)


def _with_descendants(slugs: set[str], categories) -> set[str]:
    found = set(slugs)
    by_parent: dict[int | None, list] = {}
    for category in categories:
        by_parent.setdefault(category.parent_id, []).append(category)
    frontier = [category for category in categories if category.slug in slugs]
    while frontier:
        children = [child for parent in frontier for child in by_parent.get(parent.pk, [])]
        found.update(child.slug for child in children)
        frontier = children
    return found


def _first_makers(text: str) -> list:
    if text.startswith("en:"):
        with translation.override("en"):
            search = search_request_parse({"q": text[3:]})
            return search_run(search=search).makers[:TOP]
    return maker_search(query=SearchQuery(text=text, limit=TOP)).makers


@pytest.mark.parametrize(("text", "expected"), QUERIES, ids=[text for text, _ in QUERIES])
def test_the_first_results_are_makers_of_what_was_searched(demo, text, expected):
    wanted = _with_descendants(expected, demo["categories"])
    makers = _first_makers(text)
    assert len(makers) == TOP, f"{text!r}: only {len(makers)} results"
    fitting = [maker for maker in makers if demo["listed"].get(maker.pk, set()) & wanted]
    others = [(maker.name, sorted(demo["listed"].get(maker.pk, ()))) for maker in makers
              if maker not in fitting]  # fmt: skip
    assert len(fitting) >= SHARE * TOP, f"{text!r}: {others}"


def test_there_are_enough_queries():
    assert len(QUERIES) >= 30


def test_poterie_and_potier_find_the_same_makers(demo):
    def ids(text):
        page = maker_search(query=SearchQuery(text=text, limit=100))
        return page.total, {maker.pk for maker in page.makers}

    assert ids("poterie") == ids("potier") == ids("céramiste")


def test_a_typo_is_shown_as_makers_write_the_word(demo):
    assert maker_search(query=SearchQuery(text="meubel")).corrected_terms == {"meubel": "meuble"}


def test_a_product_matching_the_words_is_shown_with_its_maker(demo):
    page = maker_search(query=SearchQuery(text="table en chêne", limit=10))
    cards = [maker for maker in page.makers if maker.product_hit]
    assert cards
    for maker in cards:
        product = maker.product_hit
        text = f"{product.name} {product.materials}".lower()
        assert "table" in text and "chêne" in text
        assert product.maker_id == maker.pk  # the card's own product, linked under its page
        url = reverse("makers:product", kwargs={"slug": maker.slug, "product_slug": product.slug})
        assert product.get_absolute_url() == url
        assert url.startswith(maker.get_absolute_url())


@pytest.mark.parametrize("text", ["jewelry", "pottery", "leather bag"])
def test_english_words_find_makers_on_the_english_site(demo, client, text):
    with translation.override("en"):
        first = search_run(search=search_request_parse({"q": text})).makers[0]
    html = client.get("/en/recherche/", {"q": text}).content.decode()
    assert "No maker found." not in html
    assert first.get_absolute_url() in html


def test_french_chair_is_no_english_chair(demo, client):
    # "chair" is flesh in French: the English synonyms apply on the English site only.
    # (French searches still find the seats' categories by their indexed English name.)
    seats = _with_descendants({"sieges"}, demo["categories"])
    assert "chais" not in _searched_terms("chair ")
    with translation.override("en"):
        assert "chais" in _searched_terms("chair ")
        english = search_run(search=search_request_parse({"q": "chair"})).makers
    assert english and demo["listed"].get(english[0].pk, set()) & seats
    html = client.get("/en/recherche/", {"q": "chair"}).content.decode()
    assert english[0].get_absolute_url() in html


def _searched_terms(text: str) -> set[str]:
    return {term for group in search(SearchQuery(text=text)).term_groups for term in group.terms}
