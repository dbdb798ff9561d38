"""Reads for visitors' reports: the listing a report is about."""

from django.shortcuts import get_object_or_404

from localiste.makers.models import Maker


def maker_get_reportable(*, slug: str) -> Maker:
    """The published maker `slug` that a visitor may report (Http404 otherwise).

    Only what the report pages show (the name and the address of the page), in one query.
    """
    return get_object_or_404(
        Maker.objects.only("pk", "name", "slug", "status"),
        slug=slug,
        status=Maker.Status.PUBLISHED,
    )
