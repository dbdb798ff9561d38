"""Public API of one maker's listing (published makers only)."""

from typing import Literal

from ninja import Field, Router, Schema

from localiste.core.site_url import absolute_url
from localiste.makers.api_schemas import (
    MakerCategoryOut,
    NamedOut,
    OpeningHoursOut,
    PhotoOut,
    SalesPointOut,
    category_out,
    opening_period_out,
    photo_out,
)
from localiste.makers.models.service_offers import SERVICES, services_offered
from localiste.makers.models.workshop import SPOKEN_LANGUAGES, PaymentMethod, WorkshopAccess
from localiste.makers.selectors import maker_get_public

router = Router()


class ProductOut(Schema):
    slug: str
    name: str
    url: str
    photos: list[PhotoOut] = Field(description="The product's photos, in the maker's order.")


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
    primary_category: MakerCategoryOut
    categories: list[MakerCategoryOut] = Field(
        description="The maker's categories, main one first."
    )
    labels: list[NamedOut] = Field(description="Certifications and programmes.")
    logo: PhotoOut | None
    cover: PhotoOut | None
    gallery: list[PhotoOut] = Field(description="Photos of the workshop and work, in order.")
    opening_hours: OpeningHoursOut
    sales_points: list[SalesPointOut] = Field(
        description="Where else to buy: shops, markets, fairs, websites."
    )
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
        "primary_category": category_out(maker.primary_category),
        "categories": [category_out(category) for category in maker.direct_categories],
        "labels": list(maker.labels.all()),
        "logo": maker.logo_photo and photo_out(request, maker.logo_photo),
        "cover": maker.cover_photo and photo_out(request, maker.cover_photo),
        "gallery": [photo_out(request, photo) for photo in maker.gallery_photos],
        "opening_hours": {
            "periods": [opening_period_out(period) for period in maker.opening_periods.all()],
            "note": maker.hours_note,
        },
        "sales_points": maker.sales_points_by_kind,
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
                "photos": [photo_out(request, photo) for photo in product.photo_list],
            }
            for product in maker.public_products
        ],
    }
