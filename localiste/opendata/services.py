"""Open-data writes: the demo directory generator (imports and exports come later)."""

import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from multiprocessing import get_context
from random import Random

from django.db import connection, transaction
from tqdm import tqdm

from localiste.makers.models import (
    Maker,
    MakerCategory,
    OpeningPeriod,
    Photo,
    Product,
    SalesPoint,
)
from localiste.makers.services import category_counts_refresh
from localiste.opendata.demo import rows, twins
from localiste.opendata.demo.banks import craft_bank
from localiste.opendata.demo.images import ImageJob, ImageRenderer, job_for, rendition_widths
from localiste.opendata.demo.world import World, world_load
from localiste.opendata.demo.writer import BulkWriter

# Beyond this many makers, pictures come from a shared pool unless asked otherwise: each
# maker's own pictures cost ~0.15 s of drawing and encoding.
OWN_IMAGES_MAX_MAKERS = 200
DEFAULT_IMAGES_POOL = 200
# Beyond this many makers, fewer products, photos and paragraphs per maker.
LIGHT_ABOVE_MAKERS = 20_000
GENERATOR_PROCESSES = 2


@dataclass(frozen=True)
class DemoSummary:
    makers: int
    products: int
    photos: int
    images: int  # pictures drawn (a shared pool is drawn once, then reused)
    rows: int
    seconds: float
    skipped: bool = False
    # The duplicates planted on purpose: (id, id of its twin, kind) (see demo/twins.py).
    twins: tuple[tuple[int, int, str], ...] = ()
    renamed: int = 0  # makers whose name was alike another's nearby, given another word

    def __str__(self) -> str:
        if self.skipped:
            return "Demo skipped: makers already exist."
        return (
            f"Demo: {self.makers} makers, {self.products} products, {self.photos} photos "
            f"({self.images} pictures drawn), {self.rows} rows in {self.seconds:.1f} s "
            f"({self.rows / max(self.seconds, 1e-6):,.0f} rows/s); {len(self.twins)} duplicate "
            f"pairs planted."
        )


def demo_generate(
    *,
    makers: int,
    seed: int,
    spread: str = "territory",
    images_pool: int | None = None,
    progress: bool = False,
    if_empty: bool = False,
) -> DemoSummary:
    """Publish `makers` believable makers with products, photos and hours, the same for a seed.

    `spread` "territory" places them in the communes of the default territory, "country" in
    every located commune of its country (benchmarks), weighted by population. Pictures are
    drawn per maker for small loads, or taken from a pool of `images_pool` shared ones.
    """
    started = time.perf_counter()
    if if_empty and Maker.objects.exists():
        return DemoSummary(0, 0, 0, 0, 0, 0.0, skipped=True)
    if spread not in ("territory", "country"):
        raise ValueError("spread is 'territory' or 'country'")
    world = world_load(spread=spread)
    own_images = images_pool is None and makers <= OWN_IMAGES_MAX_MAKERS
    pool = {} if own_images else _pool_jobs(world, images_pool or DEFAULT_IMAGES_POOL)
    renditions_field = Photo._meta.get_field("renditions")
    options = rows.Options(
        light=makers > LIGHT_ABOVE_MAKERS,
        own_images=own_images,
        pool=pool,
        adapt_datetime=connection.ops.adapt_datetimefield_value,
        adapt_time=connection.ops.adapt_timefield_value,
        renditions={
            kind: renditions_field.get_db_prep_save(rendition_widths(job_size), connection)
            for kind, job_size in (("logo", 512), ("cover", 1600), ("gallery", 1600))
        }
        | {"product": renditions_field.get_db_prep_save(rendition_widths(1200), connection)},
    )
    builder = rows.BatchBuilder(world, options, seed=seed)
    writer = BulkWriter()
    renderer = ImageRenderer(workers=2, skip_existing=not own_images)
    renderer.submit([job for jobs in pool.values() for job in jobs])
    batches = -(-makers // rows.BATCH)
    first_maker = writer.reserve_ids(Maker, makers)
    first_product = writer.reserve_ids(Product, batches * rows.BATCH * rows.MAX_PRODUCTS)
    taken = set(Maker.objects.values_list("slug", flat=True)) if first_maker > 1 else set()
    counters: dict[str, int] = {}
    logos: set[ImageJob] = set()
    totals = {"products": 0, "photos": 0, "rows": 0}
    apart = twins.Apart(seed=seed, columns=rows.TWIN_COLUMNS)
    planted: list[tuple[int, int, str]] = []
    bar = tqdm(total=makers, unit=" makers", disable=not progress, smoothing=0.05)
    plan = [
        {
            "index": index,
            "count": min(rows.BATCH, makers - index * rows.BATCH),
            "first_maker_id": first_maker + index * rows.BATCH,
            "first_product_id": first_product + index * rows.BATCH * rows.MAX_PRODUCTS,
        }
        for index in range(batches)
    ]
    try:
        with writer.loading():
            for batch in _batches(builder, plan):
                apart.admit_batch(batch)
                planted.extend((first, second, kind) for first, second, kind, _ in batch.twins)
                for maker in batch.makers:
                    rows.finalise(maker, _unique_slug(maker[rows.SLUG], counters, taken))
                _write(writer, batch, totals)
                new_logos = batch.logo_jobs - logos
                logos |= new_logos
                renderer.submit([*batch.image_jobs, *sorted(new_logos, key=lambda j: j.name)])
                bar.update(len(batch.makers))
        category_counts_refresh()
    finally:
        bar.close()
        drawn = renderer.close()
    return DemoSummary(
        makers=makers,
        products=totals["products"],
        photos=totals["photos"],
        images=drawn,
        rows=totals["rows"],
        seconds=time.perf_counter() - started,
        twins=tuple(planted),
        renamed=apart.renamed,
    )


_builder: rows.BatchBuilder | None = None  # the generator processes' copy (inherited by fork)


def _build(step: dict) -> rows.Batch:
    return _builder.build(**step)


def _batches(builder: rows.BatchBuilder, plan: list[dict]) -> Iterator[rows.Batch]:
    """The batches of `plan` in order, built by two forked processes for large loads.

    The main process only finalises slugs and writes; a few batches are built ahead, never
    all of them (memory).
    """
    global _builder
    if len(plan) <= 2:
        yield from (builder.build(**step) for step in plan)
        return
    _builder = builder
    steps = iter(plan)
    with get_context("fork").Pool(GENERATOR_PROCESSES) as pool:
        pending = deque(pool.apply_async(_build, (step,)) for step in islice(steps, 6))
        while pending:
            batch = pending.popleft().get()
            step = next(steps, None)
            if step is not None:
                pending.append(pool.apply_async(_build, (step,)))
            yield batch


def _unique_slug(base: str, counters: dict[str, int], taken: set[str]) -> str:
    counter = counters.get(base, 0)
    slug = base if counter == 0 else f"{base}-{counter + 1}"
    while slug in taken:
        counter += 1
        slug = f"{base}-{counter + 1}"
    counters[base] = counter + 1
    # Another base may end like this one's suffixes ("atelier-osier-2" for "Atelier Osier 2").
    taken.add(slug)
    return slug


@transaction.atomic
def _write(writer: BulkWriter, batch: rows.Batch, totals: dict[str, int]) -> None:
    labels = Maker._meta.get_field("labels").remote_field.through
    territories = Maker._meta.get_field("territories").remote_field.through
    tables = (
        (Maker, rows.MAKER_COLUMNS, batch.makers),
        (Product, rows.PRODUCT_COLUMNS, batch.products),
        (Photo, rows.PHOTO_COLUMNS, batch.photos),
        (OpeningPeriod, rows.PERIOD_COLUMNS, batch.periods),
        (SalesPoint, rows.SALES_POINT_COLUMNS, batch.sales_points),
        (MakerCategory, rows.CATEGORY_LINK_COLUMNS, batch.category_links),
        (labels, rows.LABEL_COLUMNS, batch.labels),
        (territories, rows.TERRITORY_COLUMNS, batch.territories),
    )
    for model, columns, table_rows in tables:
        writer.insert(model, columns, table_rows)
        totals["rows"] += len(table_rows)
    totals["products"] += len(batch.products)
    totals["photos"] += len(batch.photos)


def _pool_jobs(world: World, size: int) -> dict[tuple[int, str], list[ImageJob]]:
    """A few covers, gallery pictures and product swatches per craft, shared by its makers.

    They depend on the craft only (not on the seed), so a second load reuses the files.
    """
    per_craft = max(3, size // max(1, len(world.tops)))
    shares = {"cover": max(1, per_craft * 3 // 10), "gallery": max(1, per_craft * 3 // 10)}
    shares["product"] = max(1, per_craft - shares["cover"] - shares["gallery"])
    pool = {}
    for index, top in enumerate(world.tops):
        palette = craft_bank(top.slug).palette
        for kind, count in shares.items():
            pool[(index, kind)] = [
                job_for(
                    name=f"demo/pool/{top.slug}/{kind}-{number}-silhouette.jpg",
                    kind=kind,
                    palette=palette,
                    rng=Random(f"localiste-demo-pool:{top.slug}:{kind}:{number}"),
                    subject=top.slug,
                )
                for number in range(count)
            ]
    return pool
