"""Demo pictures drawn with Pillow (never fetched): covers, monograms, gallery and products.

A picture given a subject (a top-level category slug) shows a silhouette of what that craft
makes (see `silhouettes`); one without (the heritage pages' textures) an abstract pattern.

Each picture is stored as `<stem>.jpg` with its renditions `<stem>-<width>.webp` and
`<stem>-<width>.jpg` for every width of `Photo.RENDITION_WIDTHS` not above its own, which is
the layout `Photo.srcset` reads.
"""

import io
import math
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import PurePosixPath
from random import Random

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from PIL import Image, ImageDraw, ImageFont

from localiste.makers.models import Photo
from localiste.opendata.demo.silhouettes import BY_KEY, Frame, silhouette_for

SIZES = {"cover": (1600, 900), "gallery": (1600, 1066), "product": (1200, 1200), "logo": (512, 512)}
PATTERNS = {
    "cover": ("stripes", "waves", "grid", "dots", "chevrons"),
    "gallery": ("waves", "grid", "dots", "chevrons", "stripes"),
    "product": ("grain", "weave", "speckle", "stripes", "dots"),
}
LOGO_PALETTE = ("#f7f4ea", "#2f4858")
PATTERN_NAMES_FR = {
    "stripes": "rayures",
    "waves": "vagues",
    "grid": "quadrillage",
    "dots": "pois",
    "chevrons": "chevrons",
    "grain": "veinures",
    "weave": "tissage",
    "speckle": "mouchetis",
}


@dataclass(frozen=True, slots=True)
class ImageJob:
    """One picture to draw: where it goes, its kind, colours and pattern, monogram or silhouette."""

    name: str
    kind: str
    palette: tuple[str, ...]
    pattern: str
    seed: int
    monogram: str = ""
    silhouette: str = ""  # a key of `silhouettes.BY_KEY`: drawn instead of the pattern

    @property
    def size(self) -> tuple[int, int]:
        return SIZES[self.kind]


def rendition_widths(width: int) -> list[int]:
    return [w for w in Photo.RENDITION_WIDTHS if w <= width]


def job_for(
    *,
    name: str,
    kind: str,
    palette: tuple[str, ...],
    rng: Random,
    monogram: str = "",
    subject: str = "",
) -> ImageJob:
    """The picture `name`; with a `subject` (a top-level category slug), it shows its silhouette.

    Takes as many draws from `rng` with a subject as without.
    """
    patterns = PATTERNS.get(kind, ("stripes",))
    shuffled = list(palette)
    rng.shuffle(shuffled)
    pattern, seed = rng.choice(patterns), rng.randrange(1 << 30)
    shown = silhouette_for(subject, seed).key if subject and kind != "logo" else ""
    return ImageJob(name, kind, tuple(shuffled), pattern, seed, monogram, shown)


def describe(job: ImageJob, *, language: str = "fr") -> str:
    """What the picture shows, for its alt text: « une chaise », or the pattern's name."""
    if job.silhouette:
        silhouette = BY_KEY[job.silhouette]
        return silhouette.name_en if language == "en" else silhouette.name_fr
    if language == "en":
        return job.pattern
    return PATTERN_NAMES_FR.get(job.pattern, job.pattern)


class ImageRenderer:
    """Draws and stores pictures in worker processes while the caller goes on with its work.

    Processes, not threads: Pillow holds the GIL for most of the resizing and encoding.
    """

    def __init__(self, *, workers: int, skip_existing: bool) -> None:
        self.skip_existing = skip_existing
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork"))
        self.futures = []
        self.count = 0

    def submit(self, jobs: list[ImageJob], *, chunk: int = 16) -> None:
        for start in range(0, len(jobs), chunk):
            part = jobs[start : start + chunk]
            self.count += len(part)
            self.futures.append(self.pool.submit(_render_all, part, self.skip_existing))

    def close(self) -> int:
        """Wait for every picture; the number drawn (not counting those already stored)."""
        try:
            return sum(future.result() for future in self.futures)
        finally:
            self.pool.shutdown()


def _render_all(jobs: list[ImageJob], skip_existing: bool) -> int:
    storage = default_storage
    drawn = 0
    for job in jobs:
        if skip_existing and _stored(storage, job):
            continue
        _render_and_store(storage, job)
        drawn += 1
    return drawn


def _stored(storage: Storage, job: ImageJob) -> bool:
    stem = PurePosixPath(job.name).with_suffix("")
    last = rendition_widths(job.size[0])[-1]
    return storage.exists(job.name) and storage.exists(f"{stem}-{last}.webp")


def _render_and_store(storage: Storage, job: ImageJob) -> None:
    image = draw(job)
    stem = PurePosixPath(job.name).with_suffix("")
    _save(storage, job.name, image, "JPEG")
    # Each rendition is cut from the next larger one: halving is much cheaper than resizing.
    for target in reversed(rendition_widths(image.width)):
        if image.width == 2 * target:
            image = image.reduce(2)
        elif image.width != target:
            image = image.resize(
                (target, round(image.height * target / image.width)), Image.Resampling.BOX
            )
        _save(storage, f"{stem}-{target}.webp", image, "WEBP")
        _save(storage, f"{stem}-{target}.jpg", image, "JPEG")


def _save(storage: Storage, name: str, image: Image.Image, image_format: str) -> None:
    buffer = io.BytesIO()
    if image_format == "WEBP":
        image.save(buffer, "WEBP", quality=78, method=0)
    else:
        image.save(buffer, "JPEG", quality=82, optimize=False)
    if storage.exists(name):
        storage.delete(name)
    storage.save(name, ContentFile(buffer.getvalue()))


def draw(job: ImageJob) -> Image.Image:
    """The picture of `job`, in memory."""
    width, height = job.size
    rng = Random(job.seed)
    background, *inks = job.palette or ("#eeeeee", "#333333")
    inks = inks or ["#333333"]
    image = Image.new("RGB", (width, height), background)
    pen = ImageDraw.Draw(image)
    if job.kind == "logo":
        # A dark disc with white letters on the lightest colour: readable whatever the palette.
        by_lightness = sorted(job.palette, key=_lightness)
        image.paste(by_lightness[-1], (0, 0, width, height))
        _monogram(pen, width, job.monogram, by_lightness[0], "#ffffff")
        return image
    if job.silhouette:
        _silhouette(pen, width, height, background, inks, rng, job.silhouette)
        return image
    globals()[f"_{job.pattern}"](pen, width, height, inks, rng)
    return image


def _stripes(pen, width, height, inks, rng):
    step = rng.randint(40, 120)
    tilt = rng.choice((0, height // 2, -height // 2))
    for index, x in enumerate(range(-height, width + height, step)):
        band = rng.randint(step // 4, step // 2)
        pen.polygon(
            [(x, 0), (x + band, 0), (x + band + tilt, height), (x + tilt, height)],
            fill=inks[index % len(inks)],
        )


def _waves(pen, width, height, inks, rng):
    amplitude, period = rng.randint(15, 60), rng.randint(180, 420)
    gap = rng.randint(35, 80)
    for index, base in enumerate(range(-gap, height + gap, gap)):
        phase = rng.random() * math.tau
        points = [
            (x, base + amplitude * math.sin(x / period * math.tau + phase))
            for x in range(0, width + 20, 20)
        ]
        pen.line(points, fill=inks[index % len(inks)], width=rng.randint(6, 18))


def _grid(pen, width, height, inks, rng):
    step = rng.randint(60, 160)
    for x in range(0, width, step):
        pen.line([(x, 0), (x, height)], fill=inks[0], width=rng.randint(4, 12))
    for y in range(0, height, step):
        pen.line([(0, y), (width, y)], fill=inks[-1], width=rng.randint(4, 12))
    for _ in range(rng.randint(3, 9)):
        x, y = rng.randrange(0, width, step), rng.randrange(0, height, step)
        pen.rectangle([x, y, x + step, y + step], fill=inks[len(inks) // 2])


def _dots(pen, width, height, inks, rng):
    step = rng.randint(50, 110)
    radius = rng.randint(step // 6, step // 3)
    for row, y in enumerate(range(0, height + step, step)):
        offset = step // 2 if row % 2 else 0
        for x in range(offset, width + step, step):
            pen.ellipse(
                [x - radius, y - radius, x + radius, y + radius], fill=inks[row % len(inks)]
            )


def _chevrons(pen, width, height, inks, rng):
    step, depth = rng.randint(50, 110), rng.randint(30, 90)
    for index, y in enumerate(range(-depth, height + step, step)):
        points = [(x, y + (depth if (x // 100) % 2 else 0)) for x in range(0, width + 100, 100)]
        pen.line(points, fill=inks[index % len(inks)], width=step // 2, joint="curve")


def _grain(pen, width, height, inks, rng):
    # Wood-like growth rings: wavy lines of varying width.
    for index, y in enumerate(range(0, height, rng.randint(9, 18))):
        phase, period = rng.random() * math.tau, rng.randint(300, 900)
        points = [
            (x, y + 10 * math.sin(x / period * math.tau + phase)) for x in range(0, width + 40, 40)
        ]
        pen.line(points, fill=inks[index % len(inks)], width=rng.randint(1, 5))


def _weave(pen, width, height, inks, rng):
    step = rng.randint(24, 48)
    for row, y in enumerate(range(0, height, step)):
        for col, x in enumerate(range(0, width, step)):
            ink = inks[(row + col) % len(inks)]
            if (row + col) % 2:
                pen.rectangle([x, y + 3, x + step, y + step - 3], fill=ink)
            else:
                pen.rectangle([x + 3, y, x + step - 3, y + step], fill=ink)


def _speckle(pen, width, height, inks, rng):
    # A glaze: a few soft bands, then specks.
    for index in range(4):
        top = index * height // 4
        pen.rectangle([0, top, width, top + height // 8], fill=inks[index % len(inks)])
    for _ in range(1500):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randint(2, 7)
        pen.ellipse([x - r, y - r, x + r, y + r], fill=rng.choice(inks))


def silhouette_ink(background: str, inks: list[str]) -> str:
    """The ink that stands out most from the background; near black or white for pastels."""
    ink = max(inks, key=lambda colour: abs(_lightness(colour) - _lightness(background)))
    if abs(_lightness(ink) - _lightness(background)) < 90:
        ink = "#2b2b2b" if _lightness(background) > 128 else "#f4f4f4"
    return ink


def _silhouette(pen, width, height, background, inks, rng, key):
    # A ground shadow in another ink, if the palette has one.
    ink = silhouette_ink(background, inks)
    side = min(width, height) * rng.uniform(0.72, 0.82)
    left = rng.uniform(0.08 * width, 0.92 * width - side) if width > height else (width - side) / 2
    top = (height - side) / 2 + rng.uniform(-0.03, 0.03) * height
    shadows = [colour for colour in inks if colour not in (ink, background)]
    if shadows:
        shadow = rng.choice(shadows)
        pen.ellipse(
            [left - 0.05 * side, top + 0.86 * side, left + 1.05 * side, top + 1.0 * side],
            fill=shadow,
        )
    BY_KEY[key].draw(pen, Frame(left, top, side), ink, background)


def _monogram(pen, size, letters, ink, background):
    margin = size // 16
    pen.ellipse([margin, margin, size - margin, size - margin], fill=ink)
    font = ImageFont.load_default(size=size * 3 // 8 if len(letters) > 1 else size // 2)
    pen.text((size / 2, size / 2), letters, fill=background, font=font, anchor="mm")


def _lightness(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue
