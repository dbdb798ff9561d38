"""The query mix: what visitors ask, drawn reproducibly from the bench database."""

import random
from dataclasses import dataclass, field

from localiste.catalog.models import Category
from localiste.makers.models import Maker
from localiste.places.models import Place
from localiste.search.query import Filters, MapQuery, SearchQuery, Sort

TEXTS = [
    "bijoux", "meuble chene", "ceramique", "sac cuir", "jouets en bois", "savon",
    "luminaire", "bijoux argent", "vetements lin", "couteau", "ebeniste", "jeux de societe",
    "bougies", "tapis laine", "poterie gres", "maroquinerie", "argnet", "chapeaux", "vannerie",
    "lunettes bois",
]  # fmt: skip
RADII = [5, 10, 25, 50]
MAP_SPAN_DEGREES = {5: (24.0, 14.0), 9: (1.6, 0.9), 12: (0.2, 0.11), 15: (0.025, 0.014)}


@dataclass
class Mix:
    places: list[Place]
    categories: list[int]
    maker_slugs: list[str]
    category_slugs: list[str]
    category_slug_of: dict[int, str]
    rng: random.Random = field(default_factory=lambda: random.Random(42))

    def place(self, near: Place | None = None) -> tuple[float, float]:
        place = near or self.rng.choice(self.places)
        return place.latitude, place.longitude

    def search(self, kind: str, near: Place | None = None) -> SearchQuery:
        text = self.rng.choice(TEXTS)
        category = self.rng.choice(self.categories)
        lat, lon = self.place(near)
        radius = self.rng.choice(RADII)
        if kind == "text":
            return SearchQuery(text=text)
        if kind == "text+category":
            return SearchQuery(text=text, filters=Filters(category_ids=(category,)))
        if kind == "text+radius":
            return SearchQuery(text=text, latitude=lat, longitude=lon, radius_km=radius)
        if kind == "radius":
            return SearchQuery(latitude=lat, longitude=lon, radius_km=radius, sort=Sort.DISTANCE)
        if kind == "category+radius":
            return SearchQuery(
                filters=Filters(category_ids=(category,)),
                latitude=lat,
                longitude=lon,
                radius_km=radius,
            )
        raise ValueError(kind)

    def map(self, zoom: int, near: Place | None = None, text: str = "") -> MapQuery:
        lat, lon = self.place(near)
        width, height = MAP_SPAN_DEGREES[zoom]
        return MapQuery(
            min_longitude=lon - width / 2,
            min_latitude=lat - height / 2,
            max_longitude=lon + width / 2,
            max_latitude=lat + height / 2,
            zoom=zoom,
            text=text,
        )

    def prefix(self) -> str:
        word = self.rng.choice(["atel", "bijo", "cera", "mais", "jeux", "les b", "pote", "ébé"])
        return word


def mix_load(seed: int = 42) -> Mix:
    """Places weighted towards populous communes (where people search), categories, slugs."""
    rng = random.Random(seed)
    places = list(
        Place.objects.filter(latitude__isnull=False, country_code="FR").order_by("-population")[
            :2000
        ]
    )
    rng.shuffle(places)
    categories = list(Category.objects.values_list("id", flat=True))
    published = Maker.objects.filter(status=Maker.Status.PUBLISHED)
    highest = published.order_by("-id").values_list("id", flat=True).first() or 0
    picks = [rng.randint(1, max(1, highest)) for _ in range(60)]
    slugs = list(published.filter(id__in=picks).values_list("slug", flat=True))
    category_slug_of = dict(Category.objects.values_list("id", "slug"))
    category_slugs = list(category_slug_of.values())
    return Mix(places, categories, slugs, category_slugs, category_slug_of, random.Random(seed))


def maker_slugs_spread(count: int, seed: int = 7) -> list[str]:
    """The slugs of about `count` published makers drawn at random over every id: what the
    HTTP clients ask for, as shared links spread over the whole directory (a cold cache)."""
    rng = random.Random(seed)
    published = Maker.objects.filter(status=Maker.Status.PUBLISHED)
    highest = published.order_by("-id").values_list("id", flat=True).first() or 0
    picks = sorted({rng.randint(1, max(1, highest)) for _ in range(count)})
    slugs = []
    for start in range(0, len(picks), 900):  # within SQLite's bound parameters
        chunk = picks[start : start + 900]
        slugs += published.filter(id__in=chunk).values_list("slug", flat=True)
    rng.shuffle(slugs)
    return slugs
