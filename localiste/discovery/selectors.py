"""Reads the discovery pages need besides makers and categories."""

from django.conf import settings

from localiste.places.models import Territory


def territory_default() -> Territory | None:
    """The territory the installation presents on its home page, if it exists and is active."""
    return Territory.objects.filter(slug=settings.DEFAULT_TERRITORY, is_active=True).first()
