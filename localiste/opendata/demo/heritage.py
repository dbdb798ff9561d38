"""The demo's heritage crafts: a few makers who carry them on, and their know-how pages.

Unlike the bulk generator (`opendata.services.demo_generate`), these few rows go through the
makers' services one by one, so they are indexed, located in their territories and linked
exactly as an operator's would be. Idempotent: makers are matched on their name, pages on
their slug, so running it twice duplicates nothing.
"""

import io
from dataclasses import dataclass
from random import Random

from django.conf import settings
from django.db import transaction

from localiste.catalog.models import Category
from localiste.core.text import fold
from localiste.makers import services
from localiste.makers.models import KnowHow, Maker, Photo
from localiste.makers.services.knowhow import knowhow_photo_add, knowhow_save
from localiste.opendata.demo.heritage_texts import COVERS, KNOWHOWS, MAKERS
from localiste.opendata.demo.images import ImageJob, draw
from localiste.places.models import Place, Territory
from localiste.places.selectors import places_named

DEMO_CREDIT = "Image d'illustration dessinée pour la démonstration de Localiste (CC0)"


@dataclass(frozen=True)
class HeritageSummary:
    makers: int
    pages: int

    def __str__(self) -> str:
        return f"Heritage: {self.makers} makers and {self.pages} know-how pages added."


def demo_heritage_generate(*, seed: int = 1) -> HeritageSummary:
    """Publish the demo's heritage makers and know-how pages (those not there yet).

    Makers whose commune the gazetteer lacks are left out; pages are written for the default
    territory when it exists.
    """
    # One generator per row, so that a row added later (or re-run) does not move the others.
    categories = {category.slug: category for category in Category.objects.all()}
    added_makers = sum(
        1
        for spec in MAKERS
        if spec["category"] in categories
        and _maker_add(spec, categories[spec["category"]], Random(f"{seed}:{spec['name']}"))
    )
    territory = Territory.objects.filter(slug=settings.DEFAULT_TERRITORY).first()
    added_pages = sum(
        1
        for spec in KNOWHOWS
        if _knowhow_add(spec, categories, territory, Random(f"{seed}:{spec['slug']}"))
    )
    return HeritageSummary(makers=added_makers, pages=added_pages)


def _place(name: str) -> Place | None:
    return places_named(name_folded=fold(name), country="FR", department="33").first()


def _maker_add(spec: dict, category: Category, rng: Random) -> bool:
    if Maker.objects.filter(name=spec["name"]).exists():
        return False
    place = _place(spec["locality"])
    if place is None or not place.has_location:
        return False
    fields = {
        key: value
        for key, value in spec.items()
        if key not in {"name", "category", "locality", "street"}
    }
    with transaction.atomic():
        maker = services.maker_create(
            name=spec["name"],
            primary_category=category,
            street=spec["street"],
            postcode=(place.postcodes.split() or [""])[0],
            locality=place.name,
            place=place,
            # A workshop a few hundred metres from the commune's centre.
            latitude=round(place.latitude + rng.uniform(-0.004, 0.004), 6),
            longitude=round(place.longitude + rng.uniform(-0.004, 0.004), 6),
            location_precision=Maker.Precision.EXACT,
            **fields,
        )
        services.maker_territories_refresh(maker=maker)
    cover = COVERS[spec["category"]]
    services.photo_add(
        maker=maker,
        editor=None,
        upload=_picture("cover", cover["pattern"], cover["palette"], rng),
        kind=Photo.Kind.COVER,
        alt_text=cover["alt_text"].format(name=maker.name),
    )
    services.maker_publish(maker=maker)
    return True


def _knowhow_add(spec: dict, categories: dict, territory: Territory | None, rng: Random) -> bool:
    if KnowHow.objects.filter(slug=spec["slug"]).exists():
        return False
    fields = {key: value for key, value in spec.items() if key not in {"categories", "photos"}}
    knowhow = knowhow_save(
        knowhow=KnowHow(territory=territory, is_published=True, **fields),
        categories=[categories[slug] for slug in spec["categories"] if slug in categories],
    )
    for position, photo in enumerate(spec["photos"]):
        knowhow_photo_add(
            knowhow=knowhow,
            upload=_picture("gallery", photo["pattern"], photo["palette"], rng),
            alt_text_fr=photo["alt_text_fr"],
            alt_text_en=photo["alt_text_en"],
            caption_fr=photo["caption_fr"],
            caption_en=photo["caption_en"],
            credit=DEMO_CREDIT,
            position=position,
        )
    return True


def _picture(kind: str, pattern: str, palette: tuple[str, ...], rng: Random) -> io.BytesIO:
    """A drawn picture as an uploaded JPEG would come (checked and re-encoded on the way)."""
    image = draw(ImageJob("heritage.jpg", kind, tuple(palette), pattern, rng.randrange(1 << 30)))
    image.thumbnail((1280, 1280))  # the largest rendition: nothing is drawn for nothing
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    buffer.seek(0)
    return buffer
