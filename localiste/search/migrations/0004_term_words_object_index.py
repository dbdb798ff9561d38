"""search_term.word: the word shown for a term ("céramique" for "ceram"); an index on
search_doc.object_id for Filters.object_ids."""

from django.db import migrations, models


def word_column_add(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(cursor, "search_term")
        if "word" not in {column.name for column in columns}:
            cursor.execute("ALTER TABLE search_term ADD COLUMN word varchar(100)")


def word_column_drop(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("ALTER TABLE search_term DROP COLUMN word")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_operators_vocabulary")]

    operations = [
        migrations.RunPython(word_column_add, word_column_drop),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(fields=["object_id"], name="search_doc_object_id"),
        ),
    ]
