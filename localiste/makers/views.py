"""Public maker and product pages."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from localiste.core.page_cache import page_cached
from localiste.makers.hours import hours_context, seconds_unchanged
from localiste.makers.selectors import maker_get_public, product_get_public, products_other
from localiste.makers.selectors.knowhow import knowhows_for_maker
from localiste.makers.selectors.redirects import maker_redirect_slug
from localiste.makers.transport import maker_transport
from localiste.metrics.robots import is_robot
from localiste.metrics.services import count_increment


def _view_count(request, meta: dict) -> None:
    if request.method == "GET" and not is_robot(request):
        # No cookie, nothing about the visitor: the maker's weekly stats, added up in memory
        # and written within seconds by a background thread (never by this request).
        count_increment(kind="maker.view", object_id=meta["maker_id"])


@require_safe
@page_cached(on_hit=_view_count)
def detail(request, slug):
    """A maker's showcase: story, products, hours, where to buy, address and links.

    The address of a listing merged into another answers 301 to the one it joined.
    Anonymous visitors get it from the page cache, which keeps it until the next opening
    or closing at most ("open now").
    """
    try:
        maker = maker_get_public(slug=slug)
    except Http404:
        survivor_slug = maker_redirect_slug(old_slug=slug)
        if survivor_slug is None:
            raise
        return redirect("makers:detail", slug=survivor_slug, permanent=True)
    _view_count(request, {"maker_id": maker.pk})
    # The distance from the place the visitor chose (?depuis=…), and the transport avoided.
    # A shared page: a place we cannot find leaves it whole, with a message in the panel.
    transport = maker_transport(maker=maker, typed=request.GET.get("depuis", ""))
    periods = list(maker.opening_periods.all())
    response = render(
        request,
        "makers/detail.html",
        {
            "maker": maker,
            # The heritage crafts it carries on (cached: no query on a warm cache).
            "knowhows": knowhows_for_maker(maker=maker),
            "transport": transport,
            **hours_context(periods),
        },
    )
    response.page_cache_meta = {"maker_id": maker.pk}
    response.page_cache_seconds = seconds_unchanged(periods)
    return response


@require_safe
@page_cached
def product(request, slug, product_slug):
    """A product: photos, description, materials, price, and the maker's other products.

    Under the address of a listing merged into another, it answers 301 to the same product
    address there (products keep their slug when they move, unless it was taken).
    """
    try:
        product = product_get_public(maker_slug=slug, product_slug=product_slug)
    except Http404:
        survivor_slug = maker_redirect_slug(old_slug=slug)
        if survivor_slug is None:
            raise
        return redirect(
            "makers:product", slug=survivor_slug, product_slug=product_slug, permanent=True
        )
    return render(
        request,
        "makers/product.html",
        {"product": product, "maker": product.maker, "others": products_other(product=product)},
    )
