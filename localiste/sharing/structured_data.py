"""schema.org descriptions (JSON-LD) of maker and product pages, for search engines.

A maker who shows their commune only is described without street and with the commune's
coordinates (or coordinates rounded to about a kilometre), never their home's.
"""

from django.urls import reverse

from localiste.makers.models import Maker, Product
from localiste.makers.models.workshop import schema_amenities, schema_payment_accepted

SCHEMA_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _address(maker: Maker) -> dict:
    address = {
        "@type": "PostalAddress",
        "addressLocality": (maker.place.name if maker.place else "") or maker.locality,
        "postalCode": maker.postcode,
        "addressCountry": maker.country,
    }
    if maker.shows_exact_address and maker.street:
        address["streetAddress"] = maker.street
    return {key: value for key, value in address.items() if value}


def _opening_hours(maker: Maker) -> list[dict]:
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[period.weekday]}",
            "opens": period.opens.strftime("%H:%M"),
            "closes": period.closes.strftime("%H:%M"),
        }
        for period in maker.opening_periods.all()
    ]


def maker_json_ld(maker: Maker, *, base_url: str, image_url: str = "") -> dict:
    """A LocalBusiness for `maker` (its page's URL starts with `base_url`, e.g. https://host)."""
    url = base_url + maker.get_absolute_url()
    data = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "@id": url + "#business",
        "name": maker.name,
        "url": url,
        "description": maker.tagline,
        "image": image_url,
        "telephone": maker.phone,
        "foundingDate": str(maker.founded_year) if maker.founded_year else "",
        "address": _address(maker),
        "openingHoursSpecification": _opening_hours(maker),
        "sameAs": [
            link
            for link in (maker.website, maker.shop_url, maker.instagram_url, maker.facebook_url)
            if link
        ],
        "paymentAccepted": schema_payment_accepted(maker.payment_methods),
        "knowsLanguage": list(maker.languages_spoken or []),
        "amenityFeature": schema_amenities(maker.workshop_access, maker.workshop_access_note),
    }
    if point := maker.public_point:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": point[0], "longitude": point[1]}
    if maker.hours_note and not data["openingHoursSpecification"]:
        data["openingHours"] = maker.hours_note
    return {key: value for key, value in data.items() if value not in ("", [], None)}


def _offer(product: Product, url: str) -> dict | None:
    if product.price_kind == Product.PriceKind.QUOTE or product.price_min is None:
        if product.price_kind == Product.PriceKind.RANGE and product.price_max is not None:
            return {
                "@type": "Offer",
                "price": str(product.price_max),
                "priceCurrency": "EUR",
                "url": url,
            }
        return None
    if product.price_kind == Product.PriceKind.RANGE and product.price_max is not None:
        return {
            "@type": "AggregateOffer",
            "lowPrice": str(product.price_min),
            "highPrice": str(product.price_max),
            "priceCurrency": "EUR",
            "url": url,
        }
    return {"@type": "Offer", "price": str(product.price_min), "priceCurrency": "EUR", "url": url}


def product_json_ld(product: Product, *, base_url: str, image_urls: list[str]) -> dict:
    """A Product with its Offer, made by the product's maker (a LocalBusiness)."""
    maker = product.maker
    url = base_url + reverse(
        "makers:product", kwargs={"slug": maker.slug, "product_slug": product.slug}
    )
    maker_url = base_url + maker.get_absolute_url()
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "url": url,
        "description": product.description[:500],
        "image": image_urls,
        "material": product.materials,
        "category": product.category.name if product.category else "",
        "brand": {"@type": "Brand", "name": maker.name},
        "manufacturer": {
            "@type": "LocalBusiness",
            "@id": maker_url + "#business",
            "name": maker.name,
            "url": maker_url,
        },
        "offers": _offer(product, url),
    }
    return {key: value for key, value in data.items() if value not in ("", [], None)}
