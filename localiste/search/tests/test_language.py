"""A site in another language, by settings alone: stemmer, stop words, synonyms, names."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from config.languages import site_languages
from localiste.catalog.tests.factories import CategoryFactory
from localiste.core.checks import languages_are_supported
from localiste.core.text import index_language, search_term, search_terms
from localiste.makers.tests.factories import MakerFactory
from localiste.search.engine import search
from localiste.search.query import SearchQuery
from localiste.search.services import search_rebuild
from localiste.search.vocabulary import vocabulary_forget

ROOT = Path(__file__).resolve().parents[3]


def found(words: str) -> set[int]:
    return {hit.id for hit in search(SearchQuery(text=words)).hits}


@pytest.fixture
def english_site(settings):
    settings.LANGUAGE_CODE = "en"
    settings.LANGUAGES = [("en", "English"), ("fr", "French")]
    vocabulary_forget()
    yield
    vocabulary_forget()


@pytest.fixture
def english_makers(db, english_site):
    leather = CategoryFactory(slug="t-cuir", name_fr="Maroquinerie", name_en="Leather goods")
    jewellery = CategoryFactory(slug="t-bijoux", name_fr="Bijoux", name_en="Jewellery")
    wood = CategoryFactory(slug="t-bois", name_fr="Objets en bois", name_en="Woodwork")
    common = {"story": "A small workshop by the river.", "know_how": "Everything by hand."}
    makers = {
        "bags": MakerFactory(
            name="Hide and Seek",
            tagline="Handmade leather bags",
            primary_category=leather,
            **common,
        ),
        "rings": MakerFactory(
            name="Moon Studio", tagline="Silver rings", primary_category=jewellery, **common
        ),
        "bowls": MakerFactory(
            name="Oak and Ash", tagline="Hand-carved oak bowls", primary_category=wood, **common
        ),
    }
    search_rebuild()  # the whole index, as after switching a site's language
    return {name: maker.pk for name, maker in makers.items()}


def test_an_english_site_indexes_and_finds_english_words(english_makers):
    assert index_language() == "en"
    assert found("bag") == {english_makers["bags"]}
    assert found("jewelleries") == {english_makers["rings"]}  # its category's English name
    assert found("carving") == {english_makers["bowls"]}
    assert found("the bags") == {english_makers["bags"]}  # "the" is an English stop word
    # With the French stemmer these words would not have met their documents' terms.
    assert search_term("jewelleries", "fr") != search_term("jewellery", "fr")
    assert search_term("carving", "fr") != search_term("carved", "fr")
    assert search_terms("the bags", "fr") == ["the", "bag"]


def test_english_synonyms_meet_an_english_index(english_makers):
    # synonyms/en.txt: "jeweller: jewellery, jewelry", normalised with the English stemmer.
    assert found("jeweller") == {english_makers["rings"]}


def test_a_german_site_stems_and_drops_german_words(settings):
    settings.LANGUAGE_CODE = "de"
    assert search_terms("Holzspielzeug und Spielzeuge") == ["holzspielzeug", "spielzeug"]


def test_default_category_names_follow_the_site_language(db, settings):
    category = CategoryFactory(name_fr="Bijoux", name_en="Jewellery")
    settings.LANGUAGE_CODE = "en"
    with translation.override("nl"):  # no Dutch column: the site's language, English
        assert category.name == "Jewellery"
    settings.LANGUAGE_CODE = "fr"
    with translation.override("nl"):
        assert category.name == "Bijoux"
    settings.LANGUAGE_CODE = "de"  # no column for the site's language either: English
    with translation.override("de"):
        assert category.name == "Jewellery"


def test_a_language_without_a_stemmer_stops_the_site_at_startup(settings):
    settings.LANGUAGE_CODE = "en"
    settings.LANGUAGES = [("en", "English"), ("ja", "Japanese")]
    assert [error.id for error in languages_are_supported(None)] == ["localiste.E002"]
    settings.LANGUAGES = [("fr", "French")]
    assert [error.id for error in languages_are_supported(None)] == ["localiste.E001"]
    settings.LANGUAGES = [("en", "English"), ("fr", "French"), ("fr-be", "French")]
    assert languages_are_supported(None) == []  # English is the source, French translated


def test_a_language_the_site_is_not_translated_into_is_warned_about(settings):
    # Django ships Dutch and German catalogues for its admin, but the site has none.
    settings.LANGUAGE_CODE = "en"
    settings.LANGUAGES = [("en", "English"), ("nl-be", "Flemish"), ("de", "German")]
    warnings = languages_are_supported(None)
    assert [warning.id for warning in warnings] == ["localiste.W002", "localiste.W002"]
    assert "'nl-be' has no translation" in warnings[0].msg


@pytest.mark.parametrize(
    ("default", "offered", "languages"),
    [
        ("fr_BE", ["fr-be", "nl-BE"], [("fr-be", "French"), ("nl-be", "Dutch")]),
        (
            "en-US",
            ["en-gb", "de-ch"],
            [("en-us", "English"), ("en-gb", "British English"), ("de-ch", "German")],
        ),
        (
            "fr",
            ["fr", "en", "zh_CN"],
            [("fr", "French"), ("en", "English"), ("zh-cn", "Simplified Chinese")],
        ),
    ],
)
def test_regional_language_codes_are_accepted(default, offered, languages):
    with translation.override("en"):
        code, found = site_languages(default, offered)
        assert (code, [(c, str(name)) for c, name in found]) == (languages[0][0], languages)


def test_an_unknown_language_code_stops_the_site_with_its_name():
    with pytest.raises(ImproperlyConfigured, match=r"unknown language codes \['xx-be'\]"):
        site_languages("fr", ["xx-be"])


def test_a_regional_site_starts_and_searches_in_its_language(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "VAR_DIR": str(tmp_path), "DEBUG": "1"}
    env.update(LANGUAGE_CODE="nl_BE", LANGUAGES="nl-be,fr-BE,en")
    script = (
        "import django; django.setup(); "
        "from django.conf import settings; from django.core.management import call_command; "
        "from localiste.core.text import index_language, search_terms; "
        "call_command('check'); "
        "print(settings.LANGUAGE_CODE, index_language(), search_terms('de houten speelgoederen'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    # Dutch stemmer and stop words ("de") for nl-be; its pages would fall back to English.
    assert result.stdout.split("\n")[-2] == "nl-be nl ['hout', 'speelgoeder']"
    assert "localiste.W002" in result.stderr


def test_a_regional_site_language_stems_and_names_like_its_language(db, settings):
    settings.LANGUAGE_CODE = "fr-be"
    assert index_language() == "fr"
    assert search_terms("Les Bijoux", "fr-be") == search_terms("bijou", "fr") == ["bijou"]
    category = CategoryFactory(name_fr="Bijoux", name_en="Jewellery")
    with translation.override("nl-be"):
        assert category.name == "Bijoux"
