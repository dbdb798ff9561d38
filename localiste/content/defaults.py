"""The texts Localiste ships for the site pages, filled in from the operator's settings.

A page whose body is empty in a language shows this text (templates/content/defaults/): a fresh
install then names its operator, host and contact address as config/settings.py gives them,
with no square-bracket blanks. Once an operator writes a body in the admin, it is shown as
written and never replaced.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.template.loader import render_to_string

DEFAULT_LANGUAGES = ("fr", "en")


def site_page_default_body(*, slug: str, language: str) -> str:
    """The shipped Markdown text of page `slug` in `language` ("fr" or "en")."""
    if language not in DEFAULT_LANGUAGES:
        language = "en"
    return render_to_string(f"content/defaults/{slug}.{language}.md", _operator_details())


def _operator_details() -> dict:
    return {
        "site_name": settings.SITE_NAME,
        "operator_name": settings.SITE_OPERATOR_NAME or settings.SITE_NAME,
        "operator_address": settings.SITE_OPERATOR_ADDRESS,
        "publication_director": settings.SITE_PUBLICATION_DIRECTOR,
        "host_name": settings.SITE_HOST_NAME,
        "host_address": settings.SITE_HOST_ADDRESS,
        "contact_email": settings.SITE_CONTACT_EMAIL,
        "source_code_url": settings.SITE_SOURCE_CODE_URL,
        "opendata_licence": settings.OPENDATA_LICENCE,
        "tile_host": urlsplit(settings.TILE_URL).hostname or "",
    }
