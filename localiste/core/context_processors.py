"""Template context every page gets: who runs the site and how it looks."""

from django.conf import settings


def site(request) -> dict:
    return {
        "site": {
            "name": settings.SITE_NAME,
            "tagline": settings.SITE_TAGLINE,
            "logo_url": settings.SITE_LOGO_URL,
            "color_primary": settings.SITE_COLOR_PRIMARY,
            "color_accent": settings.SITE_COLOR_ACCENT,
            "contact_email": settings.SITE_CONTACT_EMAIL,
            "tile_url": settings.TILE_URL,
            "tile_attribution": settings.TILE_ATTRIBUTION,
        }
    }
