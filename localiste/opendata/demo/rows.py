"""Rows of demo makers, one batch at a time, as tuples ready for `executemany`.

Every batch of `BATCH` makers has its own random stream seeded by (seed, batch number), so
maker k is the same whatever the number asked for, and batches could be built in any order.
"""

import datetime
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from random import Random

from localiste.opendata.demo import images, names, offers, texts, twins
from localiste.opendata.demo.banks import craft_bank
from localiste.opendata.demo.related import related_tops
from localiste.opendata.demo.world import KM_PER_DEGREE, World

BATCH = 1000
MAX_PRODUCTS = 8
BASE_DATE = datetime.datetime(2026, 11, 1, 9, 0, tzinfo=datetime.UTC)
THREE_YEARS = 3 * 365 * 86400

MAKER_COLUMNS = (
    "id", "created_at", "updated_at", "latitude", "longitude", "name", "slug", "tagline",
    "story", "know_how", "founded_year", "legal_name", "siret", "vat_number",
    "primary_category_id", "street", "postcode", "locality", "country", "place_id",
    "location_precision", "email", "phone", "website", "shop_url", "instagram_url",
    "facebook_url", "offers_workshop_visits", "offers_on_site_sale", "offers_online_shop",
    "offers_made_to_order", "offers_shipping", "hours_note",
    "offers_visits_by_appointment", "payment_methods", "languages_spoken", "workshop_access",
    "workshop_access_note", "status", "is_featured", "published_at", "source_key", "version",
)  # fmt: skip
SLUG, EMAIL, WEBSITE, SHOP_URL = (
    MAKER_COLUMNS.index(column) for column in ("slug", "email", "website", "shop_url")
)
TWIN_COLUMNS = twins.column_indexes(MAKER_COLUMNS)
PRODUCT_COLUMNS = (
    "id", "created_at", "updated_at", "maker_id", "name", "slug", "description", "category_id",
    "materials", "price_kind", "price_min", "price_max", "made_to_order", "is_published",
    "position",
)  # fmt: skip
PHOTO_COLUMNS = (
    "maker_id", "product_id", "kind", "image", "width", "height", "renditions", "alt_text",
    "caption", "position",
)  # fmt: skip
PERIOD_COLUMNS = ("maker_id", "weekday", "opens", "closes")
SALES_POINT_COLUMNS = (
    "maker_id", "kind", "name", "address", "locality", "url", "schedule", "position",
)  # fmt: skip
CATEGORY_LINK_COLUMNS = ("maker_id", "category_id", "is_direct", "listed_at")
LABEL_COLUMNS = ("maker_id", "label_id")
TERRITORY_COLUMNS = ("maker_id", "territory_id")


@dataclass(slots=True)
class Options:
    """How much to generate per maker, and the database adapters for dates and times."""

    light: bool  # fewer rows per maker, for benchmark-sized loads
    own_images: bool  # each maker gets its own pictures (small loads) instead of a shared pool
    pool: dict[tuple[int, str], list[images.ImageJob]]  # (top index, kind) → pooled pictures
    adapt_datetime: Callable
    adapt_time: Callable
    renditions: dict[str, object]  # kind → the prepared value of Photo.renditions


@dataclass(slots=True)
class Batch:
    makers: list[list] = field(default_factory=list)
    products: list[tuple] = field(default_factory=list)
    photos: list[tuple] = field(default_factory=list)
    periods: list[tuple] = field(default_factory=list)
    sales_points: list[tuple] = field(default_factory=list)
    category_links: list[tuple] = field(default_factory=list)
    labels: list[tuple] = field(default_factory=list)
    territories: list[tuple] = field(default_factory=list)
    image_jobs: list[images.ImageJob] = field(default_factory=list)
    logo_jobs: set[images.ImageJob] = field(default_factory=set)  # shared monograms
    twins: list[tuple[int, int, str, str]] = field(default_factory=list)  # planted duplicates


class BatchBuilder:
    def __init__(self, world: World, options: Options, *, seed: int) -> None:
        self.world, self.options, self.seed = world, options, seed
        self.namer = names.MakerNamer()
        self.street_weights = names.street_weights()
        self.times = {}
        by_slug = {top.slug: top for top in world.tops}
        # Where a maker's other categories are drawn: its own trade or a related one.
        self.related = {
            top.slug: [by_slug[slug] for slug in related_tops(top.slug) if slug in by_slug]
            for top in world.tops
        }

    def build(self, *, index: int, count: int, first_maker_id: int, first_product_id: int):
        """The rows of makers index·BATCH … index·BATCH + count − 1."""
        rng = Random(f"localiste-demo:{self.seed}:{index}")
        batch = Batch()
        product_id = first_product_id
        for offset in range(count):
            product_id = self._maker(rng, batch, first_maker_id + offset, product_id)
            position = index * BATCH + offset
            kind = twins.twin_kind(position)
            if kind is not None and offset > 0:  # the maker before is the one it duplicates
                twins.plant(
                    kind,
                    batch=batch,
                    source=batch.makers[-2],
                    twin=batch.makers[-1],
                    columns=TWIN_COLUMNS,
                    seed=f"{self.seed}:{position}",
                )
        return batch

    def _maker(self, rng: Random, batch: Batch, maker_id: int, product_id: int) -> int:
        world, options, places = self.world, self.options, self.world.places
        top_index = rng.choices(range(len(world.tops)), cum_weights=world.top_cum_weights)[0]
        top = world.tops[top_index]
        bank = craft_bank(top.slug)
        place = rng.choices(range(len(places)), cum_weights=places.cum_weights)[0]
        locality = places.names[place]
        owner = names.person(rng)
        name = self.namer.name(rng, bank, owner, locality)
        base_slug = names.slug_of(name)

        # Where: the commune's centre for 8 % (working from home), else a street nearby.
        latitude, longitude = places.latitudes[place], places.longitudes[place]
        if rng.random() < 0.08:
            precision, street = "commune", ""
        else:
            precision = "exact"
            street = names.street(rng, cum_weights=self.street_weights)
            latitude, longitude = _nearby(rng, places, place, latitude, longitude)

        published = BASE_DATE - datetime.timedelta(seconds=rng.randrange(THREE_YEARS))
        published_at = options.adapt_datetime(published)
        created_at = options.adapt_datetime(
            published - datetime.timedelta(hours=rng.randint(2, 900))
        )
        founded = rng.randint(1978, 2026) if rng.random() < 0.15 else rng.randint(2008, 2026)
        founded = min(founded, published.year - 1)

        # Categories: a leaf of the craft, sometimes a sibling or a related craft too.
        primary = rng.choice(top.leaves)
        direct = [primary]
        for _ in range(rng.choices((0, 1, 2), weights=(55, 35, 10))[0]):
            other_top = top if rng.random() < 0.6 else rng.choice(self.related[top.slug])
            candidate = rng.choice(other_top.leaves)
            if candidate not in direct:
                direct.append(candidate)
        links = dict.fromkeys(direct, True)
        for category_id in direct:
            for ancestor in world.ancestors[category_id]:
                links.setdefault(ancestor, False)
        batch.category_links.extend(
            (maker_id, category_id, is_direct, published_at)
            for category_id, is_direct in links.items()
        )

        label_count = rng.choices((0, 1, 2, 3), weights=(55, 30, 12, 3))[0]
        if label_count and top.label_weights:
            chosen = set()
            label_ids, weights = list(top.label_weights), list(top.label_weights.values())
            for _ in range(label_count):
                chosen.add(rng.choices(label_ids, weights=weights)[0])
            batch.labels.extend((maker_id, label_id) for label_id in sorted(chosen))
        batch.territories.extend((maker_id, t) for t in places.territory_ids[place])

        light = options.light
        workshop = rng.random() < 0.45
        online = rng.random() < 0.4
        in_gironde = places.department_codes[place] == "33"
        periods, hours_note = offers.opening_hours(rng)
        for weekday, opens, closes in periods:
            batch.periods.append((maker_id, weekday, self._time(opens), self._time(closes)))
        sales_count = rng.choices((0, 1, 2, 3), weights=(35, 35, 20, 10))[0]
        for position, point in enumerate(
            offers.sales_points(
                rng,
                count=sales_count,
                maker_slug=base_slug,
                top_slug=top.slug,
                locality=locality,
                in_gironde=in_gironde,
            )
        ):
            batch.sales_points.append(
                (maker_id, point.kind, point.name, point.address, point.locality, point.url,
                 point.schedule, position)
            )  # fmt: skip

        category_name = world.category_names[primary]
        has_site = rng.random() < 0.55
        maker = [
            maker_id, created_at, published_at, latitude, longitude, name, base_slug,
            texts.tagline(
                rng,
                bank,
                category=category_name,
                locality=locality,
                in_area="en Gironde" if in_gironde else names.at_place(locality),
            ),
            texts.story(
                rng, bank, name=name, owner=owner, locality=locality, founded_year=founded,
                paragraphs=rng.randint(2, 3) if light else rng.randint(2, 4),
            ),
            texts.know_how(rng, bank, paragraphs=rng.randint(2, 3) if light else rng.randint(2, 4)),
            founded,
            f"{owner.first} {owner.surname.upper()} EI" if rng.random() < 0.3 else "",
            names.siret(rng) if rng.random() < 0.6 else "",
            "",
            primary, street, rng.choice(places.postcodes[place]), locality, "FR",
            places.ids[place], precision,
            "",  # email, website and shop: from the final slug, see `finalise`
            names.phone(rng, places.region_codes[place], places.department_codes[place])
            if rng.random() < 0.7 else "",
            has_site, online and has_site,
            "",
            "",
            workshop, rng.random() < 0.5, online, rng.random() < 0.5, online or rng.random() < 0.2,
            hours_note,
            *_workshop_visit(
                Random(f"{self.seed}:{maker_id}"), workshop=workshop, by_appointment=not periods
            ),
            "published", rng.random() < 0.02, published_at, None, 1,
        ]  # fmt: skip
        batch.makers.append(maker)

        count = rng.randint(2, 4) if light else rng.randint(2, 8)
        drafts = offers.products(rng, bank, count=count, maker_name=name)
        photos_for = len(drafts) if not options.own_images else 3
        for position, draft in enumerate(drafts):
            batch.products.append(
                (product_id, created_at, published_at, maker_id, draft.name, draft.slug,
                 draft.description, primary, draft.materials, draft.price_kind, draft.price_min,
                 draft.price_max, draft.made_to_order, True, position)
            )  # fmt: skip
            if position < photos_for and (not light or position < 2):
                alt = "Illustration\u00a0: {subject} en silhouette — " + draft.photo_alt
                self._photo(rng, batch, maker_id, product_id, "product", top_index, alt, position)
            product_id += 1
        monogram = names.initials(name)
        of_maker = names.of(name)
        self._photo(rng, batch, maker_id, None, "logo", top_index, f"Logo {of_maker}", 0, monogram)
        alt = "Bannière aux couleurs " + of_maker + "\u00a0: {subject} en silhouette"
        self._photo(rng, batch, maker_id, None, "cover", top_index, alt, 0)
        for position in range(rng.randint(0, 1) if light else rng.randint(1, 3)):
            alt = "Illustration\u00a0: {subject} en silhouette — " + name
            self._photo(rng, batch, maker_id, None, "gallery", top_index, alt, position)
        return product_id

    def _photo(self, rng, batch, maker_id, product_id, kind, top_index, alt, position, monogram=""):
        top_slug = self.world.tops[top_index].slug
        bank = craft_bank(top_slug)
        own = self.options.own_images
        if kind == "logo":
            letters = names.ascii_letters(monogram)
            colour = rng.randrange(len(bank.palette))
            palette = bank.palette[colour:] + bank.palette[:colour]
            if own:
                name = f"demo/makers/{maker_id}/logo.jpg"
                job = images.job_for(
                    name=name, kind=kind, palette=palette, rng=rng, monogram=letters
                )
                batch.image_jobs.append(job)
            else:
                # Shared by every maker with these initials: one colour per monogram.
                job = images.ImageJob(
                    f"demo/pool/logos/{letters}.jpg", kind, images.LOGO_PALETTE, "", 0, letters
                )
                batch.logo_jobs.add(job)
        elif own:
            suffix = f"-{product_id}" if product_id else f"-{position}" if kind == "gallery" else ""
            name = f"demo/makers/{maker_id}/{kind}{suffix}.jpg"
            job = images.job_for(
                name=name, kind=kind, palette=bank.palette, rng=rng, subject=top_slug
            )
            batch.image_jobs.append(job)
        else:
            job = rng.choice(self.options.pool[(top_index, kind)])
        width, height = job.size
        alt = alt.replace("{subject}", images.describe(job))
        batch.photos.append(
            (maker_id, product_id, kind, job.name, width, height, self.options.renditions[kind],
             alt[:200], "", position)
        )  # fmt: skip

    def _time(self, value: datetime.time):
        if value not in self.times:
            self.times[value] = self.options.adapt_time(value)
        return self.times[value]


# Visiting the workshop: (value, weight) draws; JSON lists as the column stores them.
PAYMENT_SETS = (
    ('["cash", "cheque", "card"]', 40), ('["cash", "cheque"]', 20), ('["card"]', 10),
    ('["cash", "card", "bank_transfer"]', 15), ('["cash", "cheque", "card", "local_currency"]', 8),
    ('["bank_transfer", "online"]', 7),
)  # fmt: skip
LANGUAGE_SETS = (
    ('["fr"]', 45), ('["fr", "en"]', 35), ('["fr", "en", "es"]', 10), ('["fr", "es"]', 5),
    ('["fr", "oc"]', 3), ('["fr", "en", "de"]', 2),
)  # fmt: skip
ACCESS = (("unknown", 50), ("step_free", 22), ("partly", 16), ("not_accessible", 12))
ACCESS_NOTES = {
    "partly": ("Une marche de 10 cm à l'entrée.", "Porte étroite (75 cm).", ""),
    "not_accessible": ("Atelier à l'étage, sans ascenseur.", "Escalier de cinq marches.", ""),
}


def _drawn(rng: Random, weighted) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _workshop_visit(rng: Random, *, workshop: bool, by_appointment: bool) -> tuple:
    """By appointment, payments, languages, access and its note; a third of the makers
    without workshop visits say nothing. Visits are by appointment when the hours drawn
    say so ("Sur rendez-vous uniquement…", no opening hours), for a maker with workshop
    visits only. The rest is drawn from a stream of its own: the other columns stay as
    they were without it."""
    if not workshop and rng.random() < 0.35:
        return False, "[]", "[]", "unknown", ""
    access = _drawn(rng, ACCESS)
    note = rng.choice(ACCESS_NOTES.get(access, ("",)))
    return (
        workshop and by_appointment,
        _drawn(rng, PAYMENT_SETS),
        _drawn(rng, LANGUAGE_SETS),
        access,
        note,
    )


def _nearby(rng: Random, places, place: int, latitude: float, longitude: float):
    """A point up to ~1.5 km from the commune's centre, towards one of its neighbours."""
    neighbours = places.neighbours[place]
    if neighbours:
        north, east = rng.choice(neighbours)
        distance = (north * north + east * east) ** 0.5
        reach = min(places.max_offset_km[place], 0.35 * distance) * rng.random() ** 0.5
        # Up to ±35° off the line between the two centres.
        turn = rng.uniform(-0.6, 0.6)
        cos_t, sin_t = 1 - turn * turn / 2, turn
        d_north = (north * cos_t - east * sin_t) / distance * reach
        d_east = (north * sin_t + east * cos_t) / distance * reach
    else:
        reach = 0.3 * rng.random() ** 0.5
        d_north, d_east = reach * rng.uniform(-0.7, 0.7), reach * rng.uniform(-0.7, 0.7)
    cos_lat = max(0.2, math.cos(math.radians(latitude)))
    return (
        round(latitude + d_north / KM_PER_DEGREE, 6),
        round(longitude + d_east / (KM_PER_DEGREE * cos_lat), 6),
    )


def finalise(maker: list, slug: str) -> None:
    """Give `maker` its unique slug and the addresses derived from it."""
    maker[SLUG] = slug
    maker[EMAIL] = f"contact@{slug}.example"
    if maker[WEBSITE] is True:
        maker[WEBSITE] = f"https://{slug}.example"
        if maker[SHOP_URL] is True:
            maker[SHOP_URL] = f"https://{slug}.example/boutique"
    if maker[WEBSITE] is False:
        maker[WEBSITE] = ""
    if maker[SHOP_URL] in (True, False):
        maker[SHOP_URL] = ""
