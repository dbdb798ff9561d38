"""Load the shipped category tree and labels (localiste/catalog/data/*.json).

Idempotent: rows are matched on their slug, so running it again (or after an operator
edited a name) brings the shipped fields back without duplicating anything. Categories
or labels that operators added themselves are left alone.
"""

import json
from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CATEGORY_FIELDS = ("name_fr", "name_en", "description_fr", "description_en", "icon", "position")
LABEL_FIELDS = ("name_fr", "name_en", "description_fr", "description_en", "website")


def read_data(filename):
    with open(DATA_DIR / filename, encoding="utf-8") as data_file:
        return json.load(data_file)


def save_categories(Category, nodes, parent=None, depth=1):
    # Historical models do not run Category.save(), which computes depth: set it here.
    for node in nodes:
        category, _created = Category.objects.update_or_create(
            slug=node["slug"],
            defaults={
                **{field: node[field] for field in CATEGORY_FIELDS},
                "parent": parent,
                "depth": depth,
            },
        )
        save_categories(Category, node.get("children", []), parent=category, depth=depth + 1)


def load_reference_data(apps, schema_editor):
    Category = apps.get_model("catalog", "Category")
    Label = apps.get_model("catalog", "Label")
    save_categories(Category, read_data("categories.json")["categories"])
    for label in read_data("labels.json")["labels"]:
        Label.objects.update_or_create(
            slug=label["slug"], defaults={field: label[field] for field in LABEL_FIELDS}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
    ]

    operations = [
        # Unapplying keeps the rows: makers may already point at them, and the 0001
        # reversal drops the tables anyway.
        migrations.RunPython(load_reference_data, migrations.RunPython.noop),
    ]
