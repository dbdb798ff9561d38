"""Public reads of makers: their pages, their cards on listings, their products.

Every function here shows published makers only, and loads what a page needs in a fixed
number of queries whatever the number of photos, products or makers in the database. Photos
waiting for the operators (`Photo.pending_review`) are not shown until they approve them.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from localiste.catalog.models import Category
from localiste.core.pagination import PageWindow
from localiste.makers.models import (
    PUBLIC_PRODUCTS,
    Maker,
    MakerCategory,
    Photo,
    Product,
    SalesPoint,
)

PUBLISHED = Maker.Status.PUBLISHED
# Long Markdown fields that cards never show.
CARD_DEFERRED = ("story", "know_how")


def _card_queryset() -> QuerySet[Maker]:
    """Makers (any status: callers filter) with what their cards show."""
    # The main category's ancestors come along (≤ 3 levels): the API's cards give its path.
    return Maker.objects.select_related("primary_category__parent__parent", "place").defer(
        *CARD_DEFERRED
    )


def makers_attach_card_photos(makers: Sequence[Maker]) -> Sequence[Maker]:
    """`makers`, each given `card_cover` and `card_logo` (a Photo or None), in one query."""
    by_maker: dict[int, dict[str, Photo]] = {maker.pk: {} for maker in makers}
    if by_maker:
        # Filtering on maker and kind only keeps the (maker, kind, position) index in use.
        photos = Photo.objects.filter(
            maker_id__in=by_maker, kind__in=[Photo.Kind.COVER, Photo.Kind.LOGO]
        ).order_by("position", "id")
        for photo in photos:
            if photo.product_id is None and not photo.pending_review:
                by_maker[photo.maker_id].setdefault(photo.kind, photo)
    for maker in makers:
        maker.card_cover = by_maker[maker.pk].get(Photo.Kind.COVER)
        maker.card_logo = by_maker[maker.pk].get(Photo.Kind.LOGO)
    return makers


def makers_featured(*, limit: int = 6) -> list[Maker]:
    """The newest published makers chosen by the operators (read from the partial index)."""
    # `status__iexact` cannot use the (status, published_at) index, so the database walks
    # the small partial index of featured makers instead of every published maker.
    makers = list(
        _card_queryset()
        .filter(is_featured=True, status__iexact=PUBLISHED)
        .order_by("-published_at")[:limit]
    )
    return list(makers_attach_card_photos(makers))


def territory_featured_makers(*, territory, limit: int = 6) -> list[Maker]:
    """The published makers operators put forward on `territory`'s home, in their order.

    A maker that has left the territory (moved away) is no longer shown there.
    """
    makers = list(
        _card_queryset()
        .filter(territory_features__territory=territory, status=PUBLISHED, territories=territory)
        .order_by("territory_features__position", "territory_features__pk")[:limit]
    )
    return list(makers_attach_card_photos(makers))


def makers_newest(*, limit: int = 8) -> list[Maker]:
    """The last `limit` published makers, newest first (from the status/published_at index)."""
    makers = list(_card_queryset().filter(status=PUBLISHED).order_by("-published_at")[:limit])
    return list(makers_attach_card_photos(makers))


def makers_in_order(*, ids: Sequence[int]) -> list[Maker]:
    """The published makers of `ids` as cards, in the order of `ids` (others dropped)."""
    # Status is checked here, not in SQL, so that the primary key index serves the lookup.
    found = {
        maker.pk: maker
        for maker in _card_queryset().filter(pk__in=list(ids)).order_by()
        if maker.is_published
    }
    return list(makers_attach_card_photos([found[pk] for pk in ids if pk in found]))


@dataclass(frozen=True)
class MakerPage(PageWindow):
    """One page of a listing: its makers and where it stands among the pages."""

    makers: list[Maker]
    number: int
    num_pages: int
    total: int


def page_number_parse(value: str | int | None, *, num_pages: int) -> int:
    """The page asked for, from 1 to `num_pages`; Http404 for anything else."""
    if value in (None, ""):
        return 1
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Http404("Not a page number") from None
    if number < 1 or number > max(num_pages, 1):
        raise Http404("No such page")
    return number


def category_makers_page(
    *, category: Category, page_number: str | int | None, per_page: int = 24
) -> MakerPage:
    """Page `page_number` of the published makers of `category` and its sub-categories.

    The newest listed come first. The ids come from one range of the
    (category, -listed_at, -maker) index with OFFSET/LIMIT; the total is the category's
    denormalised count, so no request ever counts makers. Http404 for a page that does
    not exist (not a number, below 1 or past the last page).
    """
    total = category.published_maker_count
    num_pages = max(1, -(-total // per_page))
    number = page_number_parse(page_number, num_pages=num_pages)
    offset = (number - 1) * per_page
    ids = list(
        MakerCategory.objects.filter(category=category, listed_at__isnull=False)
        .order_by("-listed_at", "-maker_id")
        .values_list("maker_id", flat=True)[offset : offset + per_page]
    )
    return MakerPage(
        makers=makers_in_order(ids=ids), number=number, num_pages=num_pages, total=total
    )


def _photos_split(maker: Maker, photos: Sequence[Photo], *, with_pending: bool = False) -> None:
    """Give `maker` its logo, cover and gallery, and each public product its photos (those
    waiting for review only `with_pending`)."""
    product_photos: dict[int, list[Photo]] = {}
    maker.logo_photo = maker.cover_photo = None
    maker.gallery_photos = []
    for photo in photos:
        if photo.pending_review and not with_pending:
            continue
        if photo.product_id is not None:
            product_photos.setdefault(photo.product_id, []).append(photo)
        # A new logo or cover waiting for review stands beside the approved one until then:
        # shown with the pending photos, in its place.
        elif photo.kind == Photo.Kind.LOGO:
            maker.logo_photo = photo if photo.pending_review else maker.logo_photo or photo
        elif photo.kind == Photo.Kind.COVER:
            maker.cover_photo = photo if photo.pending_review else maker.cover_photo or photo
        elif photo.kind == Photo.Kind.GALLERY:
            maker.gallery_photos.append(photo)
    for product in maker.public_products:
        product.photo_list = product_photos.get(product.pk, [])
        product.maker = maker  # links to the product page need no extra query


def maker_get_public(*, slug: str) -> Maker:
    """The published maker `slug`, ready for its page (Http404 otherwise).

    Seven queries whatever the number of photos or products: the maker (with its main
    category and commune), its direct category links, labels, published products, opening
    periods, places to buy and all its photos. The maker is given `direct_categories`
    (main category first), `public_products` (each with `photo_list`), `logo_photo`,
    `cover_photo`, `gallery_photos` and `sales_points_by_kind`.
    """
    return maker_page_load(get_object_or_404(_maker_page_queryset(), status=PUBLISHED, slug=slug))


def _maker_page_queryset() -> QuerySet[Maker]:
    """Makers with everything their page shows, prefetched (seven queries for one maker)."""
    # The source of an imported listing, which the page credits, comes in the same query.
    return Maker.objects.select_related(
        "primary_category__parent__parent", "place", "source"
    ).prefetch_related(
        Prefetch(
            "category_links",
            queryset=MakerCategory.objects.filter(is_direct=True).select_related(
                "category__parent"
            ),
            to_attr="direct_links",
        ),
        "labels",
        Prefetch(
            "products",
            # Those waiting for review too, for the team's preview (maker_page_load).
            queryset=Product.objects.filter(is_published=True),
            to_attr="public_products",
        ),
        "opening_periods",
        "sales_points",
        Prefetch("photos", queryset=Photo.objects.order_by("position", "id"), to_attr="photo_rows"),
    )


def maker_page_load(maker: Maker, *, with_pending: bool = False) -> Maker:
    """`maker` (from `_maker_page_queryset`) given what its page template reads; photos and
    products that wait for review are left out unless `with_pending`."""
    maker.direct_categories = sorted(
        (link.category for link in maker.direct_links),
        key=lambda category: (category.pk != maker.primary_category_id, category.position),
    )
    if not with_pending:
        maker.public_products = [p for p in maker.public_products if not p.pending_review]
    _photos_split(maker, maker.photo_rows, with_pending=with_pending)
    # Sorted here rather than in SQL: a CASE over the kinds costs more to build than to sort.
    kinds = {kind: index for index, kind in enumerate(SalesPoint.Kind.values)}
    maker.sales_points_by_kind = sorted(
        maker.sales_points.all(), key=lambda point: kinds.get(point.kind, len(kinds))
    )
    return maker


def maker_get_preview(*, maker: Maker) -> Maker:
    """`maker` loaded exactly as its public page loads it, whatever its status, with the
    photos that wait for review (the team sees what it added).

    For its team's preview: callers have checked the permission (selectors.access).
    """
    return maker_page_load(_maker_page_queryset().get(pk=maker.pk), with_pending=True)


def product_get_public(*, maker_slug: str, product_slug: str) -> Product:
    """The published product `product_slug` of the published maker `maker_slug` (or Http404).

    The product is given `photo_list`; its maker, `card_logo` and `card_cover`.
    """
    product = get_object_or_404(
        Product.objects.filter(PUBLIC_PRODUCTS)
        .select_related("maker", "maker__primary_category", "maker__place", "category")
        .defer(*(f"maker__{name}" for name in CARD_DEFERRED)),
        maker__slug=maker_slug,
        maker__status=PUBLISHED,
        slug=product_slug,
    )
    shown = product.photos.filter(pending_review=False)
    product.photo_list = list(shown.order_by("position", "id"))
    makers_attach_card_photos([product.maker])
    return product


def products_other(*, product: Product, limit: int = 8) -> list[Product]:
    """Up to `limit` other published products of the same maker, each with `photo_list`."""
    others = list(
        Product.objects.filter(PUBLIC_PRODUCTS, maker_id=product.maker_id)
        .exclude(pk=product.pk)
        .select_related("category")[:limit]
    )
    photos: dict[int, list[Photo]] = {}
    if others:
        photos_shown = Photo.objects.filter(product__in=others, pending_review=False)
        for photo in photos_shown.order_by("position", "id"):
            photos.setdefault(photo.product_id, []).append(photo)
    for other in others:
        other.photo_list = photos.get(other.pk, [])
        other.maker = product.maker
    return others
