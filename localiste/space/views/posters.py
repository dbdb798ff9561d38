"""Printable material for a maker's stall or shop window: an A4 poster and a sticker sheet.

Both carry a QR code to the maker's public page; a print stylesheet (@page A4) lays them out.
"""

import segno
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from localiste.core.site_url import absolute_url
from localiste.makers.selectors import maker_get_for_edit

STICKERS_PER_SHEET = 24  # 3 × 8 labels of 70 × 37 mm


def maker_qr_svg(url: str, *, title: str) -> str:
    """An inline SVG QR code of `url`, sized by CSS (no width/height attributes)."""
    qr = segno.make(url, error="m")
    return mark_safe(  # noqa: S308 (segno escapes the title; the rest is generated geometry)
        qr.svg_inline(scale=4, border=4, title=title, omitsize=True, svgclass="qr", lineclass=None)
    )


def _printable(request, slug: str, template: str, **extra):
    maker = maker_get_for_edit(user=request.user, slug=slug)
    url = absolute_url(request, maker.get_absolute_url())
    qr_svg = maker_qr_svg(url, title=_("QR code to %(url)s") % {"url": url})
    context = {"maker": maker, "page_url": url, "qr_svg": qr_svg, **extra}
    return render(request, template, context)


@login_required
@require_safe
def poster(request, slug):
    """An A4 poster: "find me on …", the maker's name, what they make, a QR code."""
    return _printable(request, slug, "space/poster.html")


@login_required
@require_safe
def stickers(request, slug):
    """An A4 sheet of small stickers, each with the maker's name and QR code."""
    return _printable(request, slug, "space/stickers.html", stickers=range(STICKERS_PER_SHEET))
