"""The picture shown when a maker's page is shared: cover, name and commune on 1200×630.

Images are made once and kept under MEDIA_ROOT/share/; the file name carries the maker's
`updated_at` and cover photo, so an edit makes a new image and the old one is removed.
"""

import hashlib
import os
import re
import tempfile
import textwrap
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageColor, ImageDraw, ImageFont, ImageOps

from localiste.makers.models import Maker, Photo

SIZE = (1200, 630)
MARGIN = 64
FONT_FILES = {
    "bold": ("DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    "regular": ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
}


def _font(weight: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for candidate in FONT_FILES[weight]:
        try:
            return ImageFont.truetype(candidate, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)  # Pillow's own font when the system has none


def share_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "share"


def _cover_file(photo: Photo | None) -> str | None:
    """A local file of the cover: its largest JPEG rendition, or the original."""
    if photo is None:
        return None
    storage = photo.image.storage
    names = [f"{Path(photo.image.name).with_suffix('')}-{w}.jpg" for w in photo.renditions[::-1]]
    for name in [*names, photo.image.name]:
        try:
            path = storage.path(name)
        except NotImplementedError:  # remote storage: no cover on the share image
            return None
        if os.path.exists(path):
            return path
    return None


def _background(cover_path: str | None) -> Image.Image:
    primary = ImageColor.getrgb(settings.SITE_COLOR_PRIMARY)
    if cover_path is None:
        return Image.new("RGB", SIZE, primary)
    try:
        with Image.open(cover_path) as cover:
            image = ImageOps.fit(ImageOps.exif_transpose(cover).convert("RGB"), SIZE)
    except OSError:
        return Image.new("RGB", SIZE, primary)
    # Darken the lower part so that white text stays readable on any photo.
    shade = Image.linear_gradient("L").resize(SIZE).point(lambda value: int(value * 0.8))
    return Image.composite(Image.new("RGB", SIZE, (0, 0, 0)), image, shade)


def share_image_render(*, title: str, subtitle: str, cover_path: str | None = None) -> Image.Image:
    """A 1200×630 picture: the cover (or the site's colour), `title` and `subtitle` in white."""
    image = _background(cover_path)
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN, MARGIN), settings.SITE_NAME, font=_font("bold", 34), fill="white")
    lines = textwrap.wrap(title, width=26)[:2] or [""]
    subtitle_font, title_font = _font("regular", 40), _font("bold", 76)
    y = SIZE[1] - MARGIN - 48 - len(lines) * 90
    for line in lines:
        draw.text((MARGIN, y), line, font=title_font, fill="white")
        y += 90
    if subtitle:
        draw.text((MARGIN, y + 8), subtitle, font=subtitle_font, fill="white")
    return image


def _write_png(image: Image.Image, path: Path) -> None:
    """Write atomically: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(handle, "wb") as output:
        image.save(output, "PNG", optimize=True)
    os.replace(temporary, path)


def maker_share_image(*, maker: Maker) -> Path:
    """The share image file of `maker`, made now if its page changed since the last one."""
    cover = (
        Photo.objects.filter(
            maker=maker, product__isnull=True, kind=Photo.Kind.COVER, pending_review=False
        )
        .order_by("position", "id")
        .first()
    )
    version = f"{int(maker.updated_at.timestamp())}-{cover.pk if cover else 0}"
    folder = share_dir() / "makers"
    path = folder / f"{maker.slug}-{version}.png"
    if path.exists():
        return path
    commune = (maker.place.name if maker.place else "") or maker.locality
    image = share_image_render(title=maker.name, subtitle=commune, cover_path=_cover_file(cover))
    _write_png(image, path)
    # Another maker's slug may extend this one ("atelier" / "atelier-2"): match exactly.
    own = re.compile(rf"{re.escape(maker.slug)}-\d+-\d+\.png")
    for old in folder.glob(f"{maker.slug}-*.png"):
        if old != path and own.fullmatch(old.name):
            old.unlink(missing_ok=True)
    return path


def site_share_image() -> Path:
    """The share image of pages that have none of their own: the site's name and tagline."""
    identity = f"{settings.SITE_NAME}|{settings.SITE_TAGLINE}|{settings.SITE_COLOR_PRIMARY}"
    key = hashlib.sha256(identity.encode()).hexdigest()[:16]
    path = share_dir() / f"site-{key}.png"
    if not path.exists():
        _write_png(
            share_image_render(title=settings.SITE_NAME, subtitle=settings.SITE_TAGLINE), path
        )
    return path
