"""Headers every response carries."""

from urllib.parse import urlsplit

from django.conf import settings


def logo_origin() -> str:
    """The origin of SITE_LOGO_URL when it is an absolute http(s) address, else ""."""
    logo = urlsplit(settings.SITE_LOGO_URL)
    if logo.scheme not in {"http", "https"} or not logo.netloc:
        return ""
    return f"{logo.scheme}://{logo.netloc.rpartition('@')[2]}"


class ContentSecurityPolicyMiddleware:
    """Forbid inline scripts and foreign code: only our static files, map tiles and images."""

    def __init__(self, get_response):
        self.get_response = get_response
        tiles = urlsplit(settings.TILE_URL)
        # "{s}.tile.example.org" (subdomain placeholder) becomes the wildcard "*.tile.example.org".
        tile_origin = f"{tiles.scheme}://{tiles.netloc.replace('{s}', '*')}" if tiles.netloc else ""
        img_sources = " ".join(filter(None, ["'self'", "data:", tile_origin, logo_origin()]))
        self.policy = "; ".join(
            [
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self'",
                f"img-src {img_sources}",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'none'",
            ]
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
