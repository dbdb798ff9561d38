"""Reads for feeds and the embeddable widget: published makers of a territory, category or town."""

from django.db.models import QuerySet

from localiste.catalog.models import Category
from localiste.catalog.selectors import category_for_slug
from localiste.core.text import fold
from localiste.makers.models import Maker, MakerCategory
from localiste.makers.selectors import makers_in_order
from localiste.places.models import Place, Territory
from localiste.places.selectors import default_country_code, places_named, places_with_postcode

FEED_SIZE = 30
EMBED_SIZE = 60


def place_find(*, text: str) -> Place | None:
    """The commune a visitor or a partner means by `text` (a name or a postcode), or None."""
    text = text.strip()[:120]
    if not text:
        return None
    country = default_country_code()
    if text.isdigit():
        return places_with_postcode(postcode=text, country=country).first()
    return places_named(name_folded=fold(text), country=country).first()


def _published() -> QuerySet[Maker]:
    return Maker.objects.filter(status=Maker.Status.PUBLISHED)


def makers_newest_of(
    *,
    territory: Territory | None = None,
    category: Category | None = None,
    place: Place | None = None,
    limit: int = FEED_SIZE,
) -> list[Maker]:
    """The `limit` newest published makers of `territory`, `category` (sub-categories too)
    and `place`, each filter optional, as cards (with commune, category and photos)."""
    if category is not None and territory is None and place is None:
        # Straight from the category listing index, like the category page.
        ids = list(
            MakerCategory.objects.filter(category=category, listed_at__isnull=False)
            .order_by("-listed_at", "-maker_id")
            .values_list("maker_id", flat=True)[:limit]
        )
        return makers_in_order(ids=ids)
    makers = _published()
    if territory is not None:
        makers = makers.filter(territories=territory)
    if category is not None:
        makers = makers.filter(category_links__category=category)
    if place is not None:
        makers = makers.filter(place=place)
    ids = list(makers.order_by("-published_at", "-pk").values_list("pk", flat=True)[:limit])
    return makers_in_order(ids=ids)


def territory_get_active(*, slug: str) -> Territory | None:
    return Territory.objects.filter(slug=slug, is_active=True).first() if slug else None


def category_get(*, slug: str) -> Category | None:
    """The category `slug` names, or the one it was merged into (or renamed to), or None."""
    return category_for_slug(slug) if slug else None
