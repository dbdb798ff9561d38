"""What a backup says about a database, whatever its vendor: its tables, their row counts,
its migrations, and whether it holds data a restore would destroy."""

from django.apps import apps
from django.db import connections
from django.utils.translation import gettext as _

from localiste.core.backups.errors import BackupError

VENDORS = ("sqlite", "postgresql")

# The rows `migrate` makes by itself (Django's content types and permissions, the default
# categories, labels and site pages of the data migrations), and those a site makes on its
# own clock (the scheduler's marks, queued tasks): a database holding nothing else has no
# data to lose, so restoring into it needs no --force. Named by label: core imports no app.
MADE_WITHOUT_USERS = frozenset(
    {
        "contenttypes.contenttype",
        "auth.permission",
        "catalog.category",
        "catalog.label",
        "content.sitepage",
        "core.scheduledrun",
        "django_tasks_database.dbtaskresult",
    }
)


def database_vendor(using: str = "default") -> str:
    """ "sqlite" or "postgresql", or BackupError for a database backups cannot copy."""
    vendor = connections[using].vendor
    if vendor not in VENDORS:
        raise BackupError(
            _("Backups work with SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": vendor}
        )
    return vendor


def model_tables() -> dict[str, str]:
    """{model label: table} of every installed model that has a table of its own."""
    tables: dict[str, str] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and meta.db_table not in tables.values():
            tables[meta.label_lower] = meta.db_table
    return dict(sorted(tables.items()))


def row_counts(cursor, existing_tables: set[str]) -> dict[str, int]:
    """{model label: rows} of the models whose tables exist, read with a DB-API `cursor`
    (the backup's own snapshot connection, not necessarily Django's)."""
    counts = {}
    for label, table in model_tables().items():
        if table in existing_tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[label] = cursor.fetchone()[0]
    return counts


def migrations_applied(cursor, existing_tables: set[str]) -> list[str]:
    """The migrations recorded in the database, as "app.name"."""
    if "django_migrations" not in existing_tables:
        return []
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [f"{app}.{name}" for app, name in cursor.fetchall()]


def database_contents(using: str = "default") -> dict[str, int]:
    """{model label: rows} of the live database, for the models whose tables exist."""
    connection = connections[using]
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        return row_counts(cursor, existing)


def database_table_count(using: str = "default") -> int:
    """How many tables the live database has (0: a new, empty database)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        return len(connection.introspection.table_names(cursor))


def database_data(using: str = "default") -> dict[str, int]:
    """{model label: rows} of the tables that hold data a restore would replace."""
    return {
        label: rows
        for label, rows in database_contents(using).items()
        if rows and label not in MADE_WITHOUT_USERS
    }
