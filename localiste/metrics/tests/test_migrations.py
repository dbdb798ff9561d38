"""The searches logged before the demand map get their folded query from migration 0004."""

from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("metrics", "0003_searchlog_demand")]
AFTER = [("metrics", "0004_searchlog_fold_queries")]


def migrated_to(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_searches_logged_before_get_their_folded_query(monkeypatch):
    old = migrated_to(BEFORE).get_model("metrics", "SearchLog")
    for query in ("Bijoux ", "Céramique", ""):
        old.objects.create(query=query, place="", filters={}, result_count=0)
    backfill = import_module("localiste.metrics.migrations.0004_searchlog_fold_queries")
    monkeypatch.setattr(backfill, "BATCH", 2)  # more than one batch

    new = migrated_to(AFTER).get_model("metrics", "SearchLog")

    assert sorted(new.objects.values_list("query", "query_folded")) == [
        ("", ""),
        ("Bijoux ", "bijoux"),
        ("Céramique", "ceramique"),
    ]
