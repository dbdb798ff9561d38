"""Listings from a source (a spreadsheet, a register, an OpenStreetMap export), kept in step.

One row of a source is one listing, found again by (source, key): an import creates it, then
updates it, or leaves it as it is; running the same file twice changes nothing. What the
source said of each field is kept with the listing (`Maker.source_values`), so that a later
import can tell a field that someone edited here since (its value differs from what the
source said) and never overwrites it: the field is reported as kept, and left alone
(`resync` turns the source's new value into a proposal for the operators).

A new imported listing is published or waits for the operators as its source says
(`Source.publish`), belongs to no team (it stays claimable: `claims.maker_is_claimable`),
and is checked for duplicates once written. Reading files is `localiste.opendata.imports`.

Rows go in batches (`makers_import_batch`): values are checked first, outside any
transaction (a story's Markdown costs milliseconds to check), then the batch is written in
one short transaction with a handful of bulk statements, so that SQLite's write lock is held
for tens of milliseconds per batch. `maker_import_upsert` is the batch of one.
`makers_import_plan` answers what a batch would do without writing (dry runs).

Modules: `sources` (a source, its mapping), `values` (checking a row, planning what it does),
`writing` (the batch in one transaction, and the end of a bulk import), `resync` (proposals
of the source's values, listings no longer in the source).
"""

from localiste.makers.services.imports.resync import makers_import_vanished
from localiste.makers.services.imports.sources import (
    source_build,
    source_create,
    source_imported,
    source_mapping_save,
)
from localiste.makers.services.imports.values import (
    ImportAction,
    ImportOutcome,
    ImportSession,
    import_values_clean,
    makers_import_plan,
)
from localiste.makers.services.imports.writing import (
    maker_import_upsert,
    makers_import_batch,
    makers_import_finish,
    makers_import_seen,
)

__all__ = [
    "ImportAction",
    "ImportOutcome",
    "ImportSession",
    "import_values_clean",
    "maker_import_upsert",
    "makers_import_batch",
    "makers_import_finish",
    "makers_import_plan",
    "makers_import_seen",
    "makers_import_vanished",
    "source_build",
    "source_create",
    "source_imported",
    "source_mapping_save",
]
