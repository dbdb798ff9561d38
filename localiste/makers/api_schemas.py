"""Schemas of the parts of a maker the API shows: photos, opening hours, places to buy."""

from typing import Literal

from ninja import Field, Schema

from localiste.core.site_url import absolute_url
from localiste.makers.models import OpeningPeriod, Photo, SalesPoint


class NamedOut(Schema):
    slug: str
    name: str


class MakerCategoryOut(Schema):
    slug: str
    name: str = Field(description="In the language of the Accept-Language header.")
    parent: NamedOut | None = Field(description="The parent category, null for a top category.")


class PhotoOut(Schema):
    url: str = Field(description="Absolute URL of the original image.")
    width: int | None = Field(description="Width of the original image in pixels.")
    height: int | None = Field(description="Height of the original image in pixels.")
    alt_text: str = Field(description="Text alternative, for screen readers.")
    caption: str


class OpeningPeriodOut(Schema):
    weekday: int = Field(ge=0, le=6, description="0 = Monday … 6 = Sunday (ISO weekday − 1).")
    opens: str = Field(description="Local time of the site, HH:MM.")
    closes: str = Field(description="Local time of the site, HH:MM, after `opens`.")


class OpeningHoursOut(Schema):
    periods: list[OpeningPeriodOut] = Field(
        description="Opening ranges, by weekday then time; a day may have several ranges, "
        "a day without any is closed. Empty when the maker gave no hours."
    )
    note: str = Field(description="The maker's note on hours, e.g. 'closed in August'.")


class SalesPointOut(Schema):
    kind: Literal[tuple(SalesPoint.Kind.values)] = Field(description="Kind of place (code).")
    name: str
    address: str
    locality: str
    url: str
    schedule: str = Field(description="When the maker is there, in the maker's words.")


def category_out(category) -> dict:
    """`category` (its parent loaded) as MakerCategoryOut."""
    parent = category.parent
    return {
        "slug": category.slug,
        "name": category.name,
        "parent": {"slug": parent.slug, "name": parent.name} if parent else None,
    }


def photo_out(request, photo: Photo) -> dict:
    """`photo` as PhotoOut, its URL absolute on the site's address."""
    return {
        "url": absolute_url(request, photo.image.url),
        "width": photo.width,
        "height": photo.height,
        "alt_text": photo.alt_text,
        "caption": photo.caption,
    }


def opening_period_out(period: OpeningPeriod) -> dict:
    return {
        "weekday": period.weekday,
        "opens": f"{period.opens:%H:%M}",
        "closes": f"{period.closes:%H:%M}",
    }
