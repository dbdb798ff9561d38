"""What a restore and an upgrade both do after the database changed under the code: apply the
migrations it lacks, rebuild what is derived from it, forget what was cached about it."""

import io

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.management import call_command, get_commands
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

# Commands that rebuild data derived from the database, called by name so that core imports
# none of the apps above it: an app that keeps such data adds its command here.
REBUILD_COMMANDS = ("search_rebuild",)


def migrations_known() -> set[str]:
    """The migrations this code has, as "app.name"."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {f"{app}.{name}" for app, name in loader.disk_migrations}


def migrations_pending(using: str = "default") -> list[str]:
    """The migrations `migrate` would apply to the database `using`, in order."""
    executor = MigrationExecutor(connections[using])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, backwards in plan]


def migrations_apply(using: str = "default") -> list[str]:
    """Apply the pending migrations; their names."""
    pending = migrations_pending(using)
    if pending:
        call_command("migrate", database=using, interactive=False, verbosity=0)
    return pending


def derived_rebuild() -> list[str]:
    """Run every REBUILD_COMMANDS command this site has; the last line each printed."""
    done = []
    available = get_commands()
    for name in REBUILD_COMMANDS:
        if name in available:
            output = io.StringIO()
            call_command(name, stdout=output, verbosity=0)
            lines = output.getvalue().strip().splitlines()
            done.append(lines[-1] if lines else name)
    return done


def caches_forget() -> None:
    """Empty the caches, which describe the database as it was before (the pages too)."""
    for alias in settings.CACHES:
        caches[alias].clear()
    ContentType.objects.clear_cache()
