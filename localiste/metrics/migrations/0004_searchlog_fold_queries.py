# Gives the searches logged before 0003 their folded query, as new ones get. Not atomic:
# each batch is its own short transaction, so that a long log is never held locked (SQLite's
# write lock, PostgreSQL's row locks) for the whole backfill, and the app keeps logging.

from django.db import migrations, transaction

from localiste.core.text import fold

BATCH = 2000


def fold_logged_queries(apps, schema_editor):
    SearchLog = apps.get_model("metrics", "SearchLog")
    db = schema_editor.connection.alias
    pending = SearchLog.objects.using(db).exclude(query="").filter(query_folded="")
    last_pk = 0
    while True:
        batch = list(pending.filter(pk__gt=last_pk).order_by("pk").only("pk", "query")[:BATCH])
        if not batch:
            return
        for entry in batch:
            entry.query_folded = fold(entry.query)[:200]
        with transaction.atomic(using=db):
            SearchLog.objects.using(db).bulk_update(batch, ["query_folded"])
        last_pk = batch[-1].pk


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("metrics", "0003_searchlog_demand"),
    ]

    operations = [
        migrations.RunPython(fold_logged_queries, migrations.RunPython.noop, elidable=True),
    ]
