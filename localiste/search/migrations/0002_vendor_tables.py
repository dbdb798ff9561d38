"""The full-text, spatial and map tables, in each vendor's own SQL."""

from django.db import migrations


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        from localiste.search.backends.postgres import schema_create
    else:
        from localiste.search.backends.sqlite import schema_create
    schema_create(connection)


def drop(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        from localiste.search.backends.postgres import schema_drop
    else:
        from localiste.search.backends.sqlite import schema_drop
    schema_drop(connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_entries")]
    operations = [migrations.RunPython(create, drop)]
