"""Files for search engines and social networks: robots.txt, sitemaps, share images."""

from django.contrib.sitemaps import views as sitemap_views
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.cache import cache_control, cache_page
from django.views.decorators.http import require_safe

from localiste.makers.models import Maker
from localiste.sharing.share_image import maker_share_image, site_share_image
from localiste.sharing.sitemaps import SITEMAPS

SITEMAP_CACHE_SECONDS = 3600
# Private areas, in every language (English pages are under /en/).
ROBOTS_DISALLOWED = ("/espace/", "/moderation/", "/admin/", "/compte/", "/embed/")


def _rendered(response) -> HttpResponse:
    """A plain response from Django's sitemap TemplateResponse (cached as bytes, not a template)."""
    response.render()
    plain = HttpResponse(response.content, status=response.status_code)
    for header, value in response.headers.items():
        plain.headers[header] = value
    return plain


@require_safe
@cache_page(SITEMAP_CACHE_SECONDS)
def sitemap_index(request):
    """The index of the sitemap files, one or more per section."""
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="sharing_root:sitemap_section")


@require_safe
@cache_page(SITEMAP_CACHE_SECONDS)
def sitemap_section(request, section):
    """One sitemap file: page `?p=` of a section (makers, products, categories…)."""
    return _rendered(sitemap_views.sitemap(request, SITEMAPS, section=section))


@require_safe
def robots_txt(request):
    """Crawlers keep out of private areas and find the sitemap."""
    lines = ["User-agent: *"]
    for path in ROBOTS_DISALLOWED:
        lines += [f"Disallow: {path}", f"Disallow: /en{path}"]
    lines.append("Disallow: /fabricants/*/contact/\nDisallow: /en/fabricants/*/contact/")
    lines.append(f"\nSitemap: {request.build_absolute_uri(reverse('sharing_root:sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(public=True, max_age=86400)
def maker_image(request, slug):
    """The 1200×630 PNG shown when a published maker's page is shared."""
    maker = get_object_or_404(
        Maker.objects.select_related("place"), slug=slug, status=Maker.Status.PUBLISHED
    )
    return FileResponse(maker_share_image(maker=maker).open("rb"), content_type="image/png")


@require_safe
@cache_control(public=True, max_age=86400)
def site_image(request):
    """The share image of pages without their own: the site's name and tagline."""
    return FileResponse(site_share_image().open("rb"), content_type="image/png")
