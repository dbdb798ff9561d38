"""The Table Schema of the CSV (localiste/opendata/schema/makers.schema.json).

The shipped file is the one truth about the CSV's columns: the writer takes their names and
order from it, and a copy goes next to the CSV for its users and their validators.
"""

import json
from functools import cache
from pathlib import Path

TABLE_SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "makers.schema.json"


@cache
def table_schema() -> dict:
    """The Table Schema of the makers' CSV, as shipped."""
    return json.loads(TABLE_SCHEMA_PATH.read_text(encoding="utf-8"))


def table_schema_field_names() -> list[str]:
    """The CSV's columns, in order."""
    return [field["name"] for field in table_schema()["fields"]]
