"""Which statements draw a new page generation (core/page_cache.py)."""

import pytest
from django.db import connection, transaction

from localiste.core.page_cache import generation, shows_on_pages, written_table


@pytest.mark.parametrize(
    ("sql", "table"),
    [
        ('INSERT INTO "makers_maker" ("name") VALUES (%s)', "makers_maker"),
        ('UPDATE "makers_product" SET "name" = %s', "makers_product"),
        ('DELETE FROM "catalog_category" WHERE "id" = %s', "catalog_category"),
        ("INSERT OR REPLACE INTO search_fts(rowid, name) VALUES (?, ?)", "search_fts"),
        ("  update places_territory set name = 'x'", "places_territory"),
        ('SELECT * FROM "makers_maker"', None),
        ("SAVEPOINT s1", None),
    ],
)
def test_the_table_a_statement_writes(sql, table):
    assert written_table(sql) == table


def test_only_the_tables_public_pages_show_count():
    assert shows_on_pages("makers_photo") and shows_on_pages("content_sitepage")
    assert not shows_on_pages("metrics_dailycount")  # page views: every page would go
    assert not shows_on_pages("makers_report")  # a visitor's report stays at the desk
    assert not shows_on_pages("django_session")


@pytest.mark.django_db(transaction=True)
def test_a_transaction_draws_one_generation_when_it_commits():
    from localiste.catalog.models import Label

    before = generation()
    with transaction.atomic():
        for number in range(5):
            Label.objects.create(slug=f"l{number}", name_fr=f"L{number}", name_en=f"L{number}")
        assert generation() == before  # not yet: a page rendered now shows the old rows
    after = generation()
    assert after != before
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    Label.objects.filter(slug="l1").update(name_fr="Autre")  # outside a transaction: at once
    assert generation() != after


@pytest.mark.django_db(transaction=True)
def test_a_transaction_rolled_back_draws_none():
    from localiste.catalog.models import Label

    before = generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        Label.objects.create(slug="epv", name_fr="EPV", name_en="EPV")
        raise RuntimeError
    assert generation() == before


@pytest.mark.django_db(transaction=True)
def test_writes_to_tables_pages_do_not_show_draw_none():
    from localiste.metrics.services import count_increment

    before = generation()
    count_increment(kind="maker.view", object_id=1)
    assert generation() == before
