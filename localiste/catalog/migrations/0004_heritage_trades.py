"""The trades of the territory's heritage crafts added to the category tree: faience, cork.

They are in data/categories.json, which 0002 loads on a fresh install (cooperage,
`tonnellerie`, always was there); this brings them to installs migrated before they were
added. Only what is missing is created: a slug an operator already uses is left as they made
it (name, place in the tree, makers), and a trade whose parent they removed is skipped. So it
is idempotent, and running it after 0002 changes nothing.
"""

import json
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "categories.json"
HERITAGE_TRADES = ("faience", "liege")
FIELDS = ("name_fr", "name_en", "description_fr", "description_en", "icon", "position")


def _nodes_with_parent(nodes, parent_slug=None):
    for node in nodes:
        yield node, parent_slug
        yield from _nodes_with_parent(node.get("children", []), node["slug"])


def add_heritage_trades(apps, schema_editor):
    Category = apps.get_model("catalog", "Category")
    tree = json.loads(DATA_FILE.read_text(encoding="utf-8"))["categories"]
    for node, parent_slug in _nodes_with_parent(tree):
        if (
            node["slug"] not in HERITAGE_TRADES
            or Category.objects.filter(slug=node["slug"]).exists()
        ):
            continue
        parent = Category.objects.filter(slug=parent_slug).first() if parent_slug else None
        if parent_slug and parent is None:
            continue
        Category.objects.create(
            slug=node["slug"],
            parent=parent,
            # Historical models do not run Category.save(), which computes the depth.
            depth=parent.depth + 1 if parent else 1,
            **{field: node[field] for field in FIELDS},
        )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_icon_help_text")]

    operations = [
        # Unapplying keeps the rows: makers may already be listed in them.
        migrations.RunPython(add_heritage_trades, migrations.RunPython.noop),
    ]
