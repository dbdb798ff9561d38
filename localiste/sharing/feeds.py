"""Atom feeds of newly published makers: all of them, per territory, per category."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from localiste.makers.models import Maker
from localiste.sharing.selectors import (
    category_get,
    makers_newest_of,
    territory_get_active,
)


class NewMakersFeed(Feed):
    """The newest makers of the whole directory."""

    feed_type = Atom1Feed

    def title(self, obj=None) -> str:
        return _("New makers on %(site)s") % {"site": settings.SITE_NAME}

    def subtitle(self, obj=None) -> str:
        return _("Local makers who have just joined the directory.")

    def link(self, obj=None) -> str:
        return reverse("discovery:home")

    def author_name(self, obj=None) -> str:
        return settings.SITE_NAME

    def items(self, obj=None) -> list[Maker]:
        return makers_newest_of()

    def item_title(self, maker: Maker) -> str:
        return maker.name

    def item_description(self, maker: Maker) -> str:
        commune = (maker.place.name if maker.place else "") or maker.locality
        parts = [maker.tagline, maker.primary_category.name, commune]
        return " · ".join(part for part in parts if part)

    def item_link(self, maker: Maker) -> str:
        return maker.get_absolute_url()

    def item_pubdate(self, maker: Maker):
        return maker.published_at

    def item_updateddate(self, maker: Maker):
        return maker.updated_at

    def item_categories(self, maker: Maker) -> list[str]:
        return [maker.primary_category.name]


class TerritoryNewMakersFeed(NewMakersFeed):
    """The newest makers of one territory."""

    def get_object(self, request, slug):
        territory = territory_get_active(slug=slug)
        if territory is None:
            raise Http404("No such territory")
        return territory

    def title(self, territory=None) -> str:
        return _("New makers in %(territory)s") % {"territory": territory.name}

    def items(self, territory=None) -> list[Maker]:
        return makers_newest_of(territory=territory)


class CategoryNewMakersFeed(NewMakersFeed):
    """The newest makers of one category and its sub-categories (the feed of a category merged
    or renamed leads, for good, to the feed of the one it became)."""

    def __call__(self, request, *args, **kwargs):
        category = self.get_object(request, kwargs["slug"])
        if category.slug != kwargs["slug"]:
            url = reverse("sharing:feed_category", kwargs={"slug": category.slug})
            return HttpResponsePermanentRedirect(url)
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, slug):
        category = category_get(slug=slug)
        if category is None:
            raise Http404("No such category")
        return category

    def title(self, category=None) -> str:
        return _("New makers: %(category)s") % {"category": category.name}

    def link(self, category=None) -> str:
        return category.get_absolute_url()

    def items(self, category=None) -> list[Maker]:
        return makers_newest_of(category=category)
