"""sitemap.xml: every public page in French and English, in pages that scale to millions.

Django's i18n sitemaps build the whole (item, language) list in memory before paginating;
`LazyLanguagePairs` fetches only the slice of one sitemap page instead, so a million makers
make an index of small sitemap files, each one query.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.urls import NoReverseMatch, reverse

from localiste.catalog.models import Category
from localiste.content.models import SitePage
from localiste.makers.models import PUBLIC_PRODUCTS, KnowHow, Maker, Product
from localiste.places.models import Territory

TERRITORY_URL_NAME = "discovery:territory"


class LazyLanguagePairs:
    """(item, language) pairs of a queryset, sliced in SQL: what Paginator needs, no more."""

    def __init__(self, queryset: QuerySet, languages: list[str]):
        self.queryset = queryset
        self.languages = languages

    def count(self) -> int:
        return self.queryset.count() * len(self.languages)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[tuple]:
        if not isinstance(index, slice):
            raise TypeError("LazyLanguagePairs only supports slices")
        per_item = len(self.languages)
        start = index.start or 0
        stop = index.stop if index.stop is not None else self.count()
        first_item, last_item = start // per_item, -(-stop // per_item)
        pairs = [
            (item, language)
            for item in self.queryset[first_item:last_item]
            for language in self.languages
        ]
        skip = start - first_item * per_item
        return pairs[skip : skip + stop - start]


class LocalisedSitemap(Sitemap):
    """Each page in every language, with hreflang alternates and x-default."""

    i18n = True
    alternates = True
    x_default = True
    limit = 20000  # URLs per sitemap file (10,000 pages in two languages)

    def _items(self):
        items = self.items()
        if isinstance(items, QuerySet):
            return LazyLanguagePairs(items, self._languages())
        return super()._items()


class MakerSitemap(LocalisedSitemap):
    changefreq = "weekly"

    def items(self) -> QuerySet[Maker]:
        return (
            Maker.objects.filter(status=Maker.Status.PUBLISHED)
            .only("pk", "slug", "updated_at")
            .order_by("pk")
        )

    def lastmod(self, maker: Maker):
        return maker.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class ProductSitemap(LocalisedSitemap):
    changefreq = "monthly"

    def items(self) -> QuerySet[Product]:
        return (
            Product.objects.filter(PUBLIC_PRODUCTS, maker__status=Maker.Status.PUBLISHED)
            .select_related("maker")
            .only("pk", "slug", "updated_at", "maker__slug")
            .order_by("pk")
        )

    def lastmod(self, product: Product):
        return product.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class CategorySitemap(LocalisedSitemap):
    changefreq = "daily"

    def items(self) -> QuerySet[Category]:
        return Category.objects.filter(published_maker_count__gt=0).order_by("pk")


class TerritorySitemap(LocalisedSitemap):
    """Territory home pages, once the site has them (an empty section until then)."""

    changefreq = "daily"

    def items(self):
        territories = Territory.objects.filter(is_active=True).only("pk", "slug").order_by("pk")
        try:
            reverse(TERRITORY_URL_NAME, kwargs={"slug": "x"})
        except NoReverseMatch:
            return []
        return territories

    def location(self, territory: Territory) -> str:
        return reverse(TERRITORY_URL_NAME, kwargs={"slug": territory.slug})


class KnowHowSitemap(LocalisedSitemap):
    """The heritage know-how pages (/savoir-faire/<slug>/) and their index."""

    changefreq = "weekly"

    def items(self) -> list[str | KnowHow]:
        return ["discovery:knowhow_list", *KnowHow.objects.filter(is_published=True).order_by("pk")]

    def location(self, page: str | KnowHow) -> str:
        return reverse(page) if isinstance(page, str) else page.get_absolute_url()

    def lastmod(self, page: str | KnowHow):
        return None if isinstance(page, str) else page.updated_at


class SitePagesSitemap(LocalisedSitemap):
    """The home page, the category index, the map and the operators' pages."""

    def items(self) -> list[str | SitePage]:
        pages: list[str | SitePage] = ["discovery:home", "discovery:categories"]
        try:
            reverse("discovery:map")
            pages.append("discovery:map")
        except NoReverseMatch:
            pass
        return pages + list(SitePage.objects.order_by("slug"))

    def location(self, page: str | SitePage) -> str:
        return reverse(page) if isinstance(page, str) else page.get_absolute_url()

    def lastmod(self, page: str | SitePage):
        return None if isinstance(page, str) else page.updated_at


SITEMAPS = {
    "pages": SitePagesSitemap,
    "categories": CategorySitemap,
    "territories": TerritorySitemap,
    "knowhow": KnowHowSitemap,
    "makers": MakerSitemap,
    "products": ProductSitemap,
}
