"""Public API of one maker's listing (published makers only)."""

from typing import Literal

from ninja import Field, Router, Schema

from localiste.core.site_url import absolute_url
from localiste.makers.models.service_offers import SERVICES, services_offered
from localiste.makers.models.workshop import SPOKEN_LANGUAGES, PaymentMethod, WorkshopAccess
from localiste.makers.selectors import maker_get_public

router = Router()


class NamedOut(Schema):
    slug: str
    name: str


class ProductOut(Schema):
    slug: str
    name: str
    url: str


PaymentCode = Literal[tuple(PaymentMethod.values)]
LanguageCode = Literal[SPOKEN_LANGUAGES]
AccessCode = Literal[tuple(WorkshopAccess.values)]
ServiceCode = Literal[tuple(SERVICES)]


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
    services: list[ServiceCode] = Field(
        description="The services the maker offers (codes, those of the search's filter)."
    )
    visits_by_appointment: bool = Field(
        description="Visitors are welcome at the workshop by appointment."
    )
    payment_methods: list[PaymentCode] = Field(
        description="How a customer may pay at the workshop (codes)."
    )
    languages_spoken: list[LanguageCode] = Field(
        description="Languages spoken at the workshop (ISO 639-1 codes)."
    )
    workshop_access: AccessCode = Field(
        description="Wheelchair access to the workshop; 'unknown' when the maker did not say."
    )
    workshop_access_note: str = Field(
        description="The maker's note on access, e.g. 'one 10 cm step at the door'."
    )
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
        "services": services_offered(maker),
        "visits_by_appointment": maker.offers_visits_by_appointment,
        "payment_methods": maker.payment_methods or [],
        "languages_spoken": maker.languages_spoken or [],
        "workshop_access": maker.workshop_access or WorkshopAccess.UNKNOWN,
        "workshop_access_note": maker.workshop_access_note,
        "products": [
            {
                "slug": product.slug,
                "name": product.name,
                "url": absolute_url(request, product.get_absolute_url()),
            }
            for product in maker.public_products
        ],
    }
