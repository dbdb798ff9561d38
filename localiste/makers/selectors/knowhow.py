"""Reading heritage know-how pages, and the makers who practise each craft today.

The makers of a page are found by the search engine (its categories as a filter, and each
of its keywords as a query), so the page follows the directory without anyone listing them.
A maker's page links back to the pages of its direct categories through a small map
{category id: pages} kept in the cache: the maker page's query budget has no room for it.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language

from localiste.core.models import translated, translated_language
from localiste.core.text import language_base
from localiste.makers.models import KnowHow, KnowHowPhoto, Maker
from localiste.makers.selectors.public import makers_in_order
from localiste.places.models import Territory
from localiste.search.engine import search
from localiste.search.query import Filters, SearchQuery

KNOWHOW_MAP_CACHE_KEY = "makers:knowhow-category-map:v1"
MAKERS_PER_PAGE = 24


@dataclass(frozen=True)
class KnowHowLink:
    """A know-how page as a link: its address and title in the active language."""

    slug: str
    title: str
    title_language: str  # "" when in the active language, else the one it is shown in

    @property
    def url(self) -> str:
        return reverse("discovery:knowhow", kwargs={"slug": self.slug})


def _published():
    return KnowHow.objects.filter(is_published=True)


def knowhow_get_public(*, slug: str) -> KnowHow:
    """The published page `slug` with its photos, categories and territory, or Http404."""
    return get_object_or_404(
        _published()
        .select_related("territory")
        .prefetch_related(
            Prefetch("photos", queryset=KnowHowPhoto.objects.order_by("position", "id")),
            "categories",
        ),
        slug=slug,
    )


def knowhows_public() -> list[KnowHow]:
    """Every published page, in the operators' order, with its territory and first photo."""
    return list(
        _published()
        .select_related("territory")
        .prefetch_related(
            Prefetch("photos", queryset=KnowHowPhoto.objects.order_by("position", "id"))
        )
    )


def knowhows_for_territory(*, territory: Territory) -> list[KnowHow]:
    """The published pages about `territory`, in the operators' order."""
    return list(_published().filter(territory=territory))


def knowhow_category_map_build() -> dict[int, list[tuple[str, str, str]]]:
    """{category id: [(slug, French title, English title)]} of the published pages."""
    found: dict[int, list[tuple[str, str, str]]] = {}
    rows = (
        KnowHow.categories.through.objects.filter(knowhow__is_published=True)
        .order_by("knowhow__position", "knowhow__title_fr")
        .values_list("category_id", "knowhow__slug", "knowhow__title_fr", "knowhow__title_en")
    )
    for category_id, slug, title_fr, title_en in rows:
        found.setdefault(category_id, []).append((slug, title_fr, title_en))
    return found


def knowhow_category_map() -> dict[int, list[tuple[str, str, str]]]:
    """The category → pages map, from the cache (the services rebuild it after each write)."""
    found = cache.get(KNOWHOW_MAP_CACHE_KEY)
    if found is None:
        found = knowhow_category_map_build()
        # `add`: a write committed meanwhile has stored a newer map, which this must not hide.
        cache.add(KNOWHOW_MAP_CACHE_KEY, found, None)
    return found


@dataclass(frozen=True)
class _Titles:
    title_fr: str
    title_en: str


def knowhows_for_maker(*, maker: Maker) -> list[KnowHowLink]:
    """The pages of the crafts `maker` carries on: those of its direct categories (a page
    on a whole branch, such as Ceramics, lists the makers below it, who do not all claim it).

    Reads `maker.direct_categories` when the maker page loaded them (no query on a warm
    cache), else the maker's direct category links.
    """
    categories = getattr(maker, "direct_categories", None)
    if categories is not None:
        category_ids = [category.pk for category in categories]
    else:
        category_ids = list(
            maker.category_links.filter(is_direct=True).values_list("category_id", flat=True)
        )
    if not category_ids:
        return []
    by_category = knowhow_category_map()
    active = language_base(get_language() or settings.LANGUAGE_CODE)
    links, seen = [], set()
    for category_id in category_ids:
        for slug, title_fr, title_en in by_category.get(category_id, ()):
            if slug not in seen:
                seen.add(slug)
                titles = _Titles(title_fr, title_en)
                language = translated_language(titles, "title")
                links.append(
                    KnowHowLink(
                        slug,
                        translated(titles, "title"),
                        title_language="" if language == active else language,
                    )
                )
    return links


@dataclass(frozen=True)
class KnowHowMakers:
    """The makers shown on a know-how page, and whether the engine found more of them."""

    makers: list[Maker]
    has_more: bool


def knowhow_makers(*, knowhow: KnowHow, limit: int = MAKERS_PER_PAGE) -> KnowHowMakers:
    """Up to `limit` published makers who practise `knowhow`'s craft in its territory (all
    of them for a page without one), as cards.

    First those of its categories (and their sub-categories), then those the engine finds
    for each keyword, without repeats: a maker who says "tonnelier" in their story but
    chose another category is found too.
    """
    territory_ids = (knowhow.territory_id,) if knowhow.territory_id else ()
    queries = []
    category_ids = tuple(category.pk for category in knowhow.categories.all())
    if category_ids:
        queries.append(
            SearchQuery(filters=Filters(category_ids=category_ids, territory_ids=territory_ids))
        )
    queries += [
        SearchQuery(text=word, filters=Filters(territory_ids=territory_ids))
        for word in knowhow.keyword_list
    ]
    ids: list[int] = []
    for query in queries:
        if len(ids) > limit:
            break
        # One more than shown, to know whether there are more.
        result = search(
            SearchQuery(text=query.text, filters=query.filters, limit=limit + 1, with_facets=False)
        )
        # The any-word fallback of a keyword of several words would be too loose here.
        if query.text and not result.matched_all_words:
            continue
        ids += [hit.id for hit in result.hits if hit.id not in ids]
    return KnowHowMakers(makers=makers_in_order(ids=ids[:limit]), has_more=len(ids) > limit)
