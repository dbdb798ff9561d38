"""Operators edit synonyms and trades in the admin; searches use them at once, everywhere."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from localiste.catalog.tests.factories import CategoryFactory
from localiste.makers.tests.factories import MakerFactory
from localiste.search.models import Synonym, Trade, VocabularyRevision
from localiste.search.services import synonym_delete, synonym_save, trade_save
from localiste.search.tests.site_process import SiteProcess, shared_database_url
from localiste.search.vocabulary import EXPANSIONS_RECHECK_SECONDS, vocabulary_forget

VIOLINS = "Atelier Crin"
BAGS = "Sacs Dupont"


def found(client, words: str, prefix: str = "") -> set[str]:
    response = client.get(f"{prefix}/recherche/", {"q": words})
    assert response.status_code == 200
    return _makers_in(response.content.decode())


def _makers_in(html: str) -> set[str]:
    return {name for name in (VIOLINS, BAGS) if name in html}


@pytest.fixture
def violins(db):
    instruments = CategoryFactory(
        slug="t-instruments", name_fr="Instruments de musique", name_en="Musical instruments"
    )
    MakerFactory(
        name="Atelier Crin d'Or",
        primary_category=instruments,
        tagline="Violons et altos faits main",
        story="Un atelier au bord de la Garonne.",
        know_how="Érable ondé, épicéa des Alpes.",
    )
    MakerFactory(name=BAGS)  # leather bags: found by none of the words below


@pytest.mark.django_db(transaction=True)
def test_a_synonym_added_in_the_admin_reaches_a_running_process(
    client, violins, operator, tmp_path
):
    assert found(client, "archetier") == set()
    database_url = shared_database_url(connection, tmp_path)
    visitor = SiteProcess(database_url, tmp_path)  # another app server process, already up
    operator_process = SiteProcess(database_url, tmp_path)
    try:
        before = visitor.request(get="/recherche/?q=archetier")
        assert before["status"] == 200 and _makers_in(before["html"]) == set()

        operator_process.request(login=operator.username)
        added = operator_process.request(
            post="/admin/search/synonym/add/",
            data={"language": "fr", "word": "Archetiers", "alternatives": "violon, alto"},
        )
        assert added["status"] == 302, added["html"]

        time.sleep(EXPANSIONS_RECHECK_SECONDS + 0.1)  # the longest a process may wait
        after = visitor.request(get="/recherche/?q=archetier")
        assert after["status"] == 200 and _makers_in(after["html"]) == {VIOLINS}
    finally:
        visitor.close()
        operator_process.close()


@pytest.mark.django_db
def test_the_admin_offers_the_site_languages(operator_client, settings):
    settings.LANGUAGES = [("fr", "French"), ("en", "English"), ("nl", "Dutch")]
    for page in ("/admin/search/synonym/add/", "/admin/search/trade/add/"):
        html = operator_client.get(page).content.decode()
        assert '<option value="nl">Dutch</option>' in html
        assert '<option value="fr" selected>French</option>' in html


@pytest.mark.django_db
def test_the_admin_refuses_a_phrase_with_a_message(operator_client):
    response = operator_client.post(
        "/en/admin/search/synonym/add/",
        {"language": "fr", "word": "maître archetier", "alternatives": "violon"},
    )
    assert response.status_code == 200
    assert "Enter exactly one word" in response.content.decode()
    assert not Synonym.objects.exists()


@pytest.mark.django_db
def test_the_same_word_twice_is_refused(operator_client):
    synonym_save(synonym=Synonym(language="fr", word="archetier", alternatives="violon"))
    response = operator_client.post(
        "/en/admin/search/synonym/add/",
        {"language": "fr", "word": "Archetiers", "alternatives": "alto"},
    )
    assert response.status_code == 200
    assert "This word already has a line in this language" in response.content.decode()


def test_a_trade_finds_the_makers_of_its_category(client, violins):
    assert found(client, "violinmaker", "/en") == set()
    trade_save(trade=Trade(language="en", word="violinmaker", category_name="Musical instruments"))
    assert found(client, "violinmaker", "/en") == {VIOLINS}  # an English word, English site
    assert found(client, "violinmakers", "/en") == {VIOLINS}  # normalised like the query


def test_synonym_rows_replace_the_shipped_lines_until_deleted(client, violins):
    # Shipped: "luthier: instruments, lutherie" (fr.txt) and "luthier: instruments" (en.txt).
    assert found(client, "luthier") == {VIOLINS}
    rows = [
        synonym_save(synonym=Synonym(language="fr", word="luthier", alternatives="guitare")),
        synonym_save(synonym=Synonym(language="en", word="luthier", alternatives="guitar")),
    ]
    assert found(client, "luthier") == set()
    synonym_delete(synonym=rows[0])
    assert found(client, "luthier") == {VIOLINS}  # the French file's line is back


@pytest.mark.django_db
def test_the_change_page_shows_the_shipped_line_a_row_replaces(operator_client):
    row = synonym_save(synonym=Synonym(language="fr", word="Luthiers", alternatives="guitare"))
    html = operator_client.get(f"/admin/search/synonym/{row.pk}/change/").content.decode()
    assert "instruments, lutherie" in html  # synonyms/fr.txt: "luthier: instruments, lutherie"


@pytest.mark.django_db
def test_the_admin_refuses_too_many_alternatives_with_a_message(operator_client):
    many = ", ".join(f"mot{letter}{other}" for letter in "abcdef" for other in "ghijk")  # 30
    response = operator_client.post(
        "/en/admin/search/synonym/add/",
        {"language": "fr", "word": "archetier", "alternatives": f"{many}, motzz"},
    )
    assert response.status_code == 200
    assert "Enter at most 30 different words (you entered 31)" in response.content.decode()
    assert not Synonym.objects.exists()
    with pytest.raises(ValidationError, match="at most 1000 characters"):
        synonym_save(synonym=Synonym(language="fr", word="archetier", alternatives="violon " * 200))
    synonym_save(synonym=Synonym(language="fr", word="archetier", alternatives=many))  # 30: fine


@pytest.mark.django_db
def test_a_trade_with_a_long_category_name_is_refused(operator_client):
    name = " ".join(f"mot{letter}g" for letter in "abcdefghijk")  # 11 words
    response = operator_client.post(
        "/en/admin/search/trade/add/",
        {"language": "fr", "word": "archetier", "category_name": name},
    )
    assert response.status_code == 200
    assert "Enter a category name of at most 10 words" in response.content.decode()
    assert not Trade.objects.exists()


def test_searches_work_before_migrate_made_the_vocabulary_tables(client, violins):
    synonym_save(synonym=Synonym(language="fr", word="archetier", alternatives="violon"))
    vocabulary_forget()
    with transaction.atomic():  # rolled back below: the tables come back
        with connection.cursor() as cursor:
            for model in (VocabularyRevision, Synonym, Trade):
                cursor.execute(f"DROP TABLE {connection.ops.quote_name(model._meta.db_table)}")
        assert found(client, "luthier") == {VIOLINS}  # synonyms/fr.txt still applies
        assert found(client, "archetier") == set()  # the rows cannot be read
        transaction.set_rollback(True)
    assert found(client, "archetier") == {VIOLINS}  # read at once: the files were not cached
