"""Writes of the operators' own pages (about, legal notice, privacy, ranking)."""

from django.db import transaction

from localiste.content.models import SitePage


@transaction.atomic
def site_page_save(*, sitepage: SitePage) -> SitePage:
    """Save a site page as an operator wrote it, or ValidationError."""
    sitepage.full_clean()
    sitepage.save()
    return sitepage


@transaction.atomic
def site_page_delete(*, sitepage: SitePage) -> None:
    """Delete a site page (its link then leads to a "not found" page until it is written again)."""
    sitepage.delete()
