"""Public API of one maker's listing (published makers only)."""

from ninja import Router, Schema

from localiste.core.site_url import absolute_url
from localiste.makers.selectors import maker_get_public

router = Router()
SERVICES = ("workshop_visits", "on_site_sale", "online_shop", "made_to_order", "shipping")


class NamedOut(Schema):
    slug: str
    name: str


class ProductOut(Schema):
    slug: str
    name: str
    url: str


class MakerOut(Schema):
    slug: str
    name: str
    tagline: str
    story: str
    know_how: str
    founded_year: int | None
    url: str
    primary_category: NamedOut
    categories: list[NamedOut]
    labels: list[NamedOut]
    street: str
    postcode: str
    locality: str
    country: str
    latitude: float | None
    longitude: float | None
    location_precision: str
    phone: str
    website: str
    shop_url: str
    services: list[str]
    products: list[ProductOut]


@router.get("/{slug}", response=MakerOut, summary="One published maker")
def maker_detail(request, slug: str):
    """The published maker `slug` (404 otherwise); text fields are Markdown, names in the
    language of the Accept-Language header."""
    maker = maker_get_public(slug=slug[:140])
    latitude, longitude = maker.public_point or (None, None)
    return {
        "slug": maker.slug,
        "name": maker.name,
        "tagline": maker.tagline,
        "story": maker.story,
        "know_how": maker.know_how,
        "founded_year": maker.founded_year,
        "url": absolute_url(request, maker.get_absolute_url()),
        "primary_category": maker.primary_category,
        "categories": maker.direct_categories,
        "labels": list(maker.labels.all()),
        "street": maker.street if maker.shows_exact_address else "",
        "postcode": maker.postcode,
        "locality": maker.place.name if maker.place_id else maker.locality,
        "country": maker.country,
        "latitude": latitude,
        "longitude": longitude,
        "location_precision": maker.location_precision,
        "phone": maker.phone,
        "website": maker.website,
        "shop_url": maker.shop_url,
        "services": [name for name in SERVICES if getattr(maker, f"offers_{name}")],
        "products": [
            {
                "slug": product.slug,
                "name": product.name,
                "url": absolute_url(request, product.get_absolute_url()),
            }
            for product in maker.public_products
        ],
    }
