"""What a run did, told in one paragraph of the active language (a command prints it)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from localiste.opendata.imports.reasons import GROUPS
from localiste.opendata.models import ImportRun


def import_run_summary(run: ImportRun) -> str:
    """What `run` did, in one paragraph of the active language: counts, reasons, speed."""
    seconds = run.seconds or 0.0
    lines = [
        _(
            "%(rows)d rows in %(seconds).1f s (%(rate)d rows/s): %(created)d created, "
            "%(updated)d updated, %(unchanged)d unchanged, %(skipped)d skipped."
        )
        % {
            "rows": run.rows_done,
            "seconds": seconds,
            "rate": round(run.rows_per_second or 0),
            "created": run.created_count,
            "updated": run.updated_count,
            "unchanged": run.unchanged_count,
            "skipped": run.skipped_count,
        }
    ]
    if run.skipped_reasons:
        reasons = ", ".join(
            f"{GROUPS[group]} {count}" for group, count in run.skipped_reasons.items()
        )
        lines.append(_("Skipped: %(reasons)s.") % {"reasons": reasons})
    if run.kept_count:
        lines.append(
            ngettext(
                "%(count)d listing kept fields edited since the last import.",
                "%(count)d listings kept fields edited since the last import.",
                run.kept_count,
            )
            % {"count": run.kept_count}
        )
    if run.vanished_count:
        lines.append(
            ngettext(
                "%(count)d listing no longer in the source: flagged for the operators.",
                "%(count)d listings no longer in the source: flagged for the operators.",
                run.vanished_count,
            )
            % {"count": run.vanished_count}
        )
    held = (run.options or {}).get("vanished_held")
    if held:
        lines.append(
            ngettext(
                "%(count)d of the %(covered)d listings of the source is not in this file: too "
                "many, taken for a partial file, nothing flagged; run with --complete to flag "
                "them.",
                "%(count)d of the %(covered)d listings of the source are not in this file: too "
                "many, taken for a partial file, nothing flagged; run with --complete to flag "
                "them.",
                held["count"],
            )
            % held
        )
    if run.dry_run:
        lines.append(_("Dry run: nothing was written."))
    return "\n".join(lines)
