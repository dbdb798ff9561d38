"""Version checks for the rows a maker edits besides the listing itself: products, photos."""

from __future__ import annotations

from django.db.models import F, Model

from localiste.makers.services.editing import EditConflict


def version_claim(*, row: Model, version: int) -> None:
    """Move `row` to its next version if it is still at `version`, else EditConflict.

    One conditional UPDATE, so two editors starting from the same version cannot both pass;
    `row.version` is then the new one (the row is ours until the transaction commits).
    """
    model = type(row)
    moved = model.objects.filter(pk=row.pk, version=version).update(version=F("version") + 1)
    if not moved:
        raise EditConflict(model.objects.get(pk=row.pk))
    row.version = model.objects.values_list("version", flat=True).get(pk=row.pk)
