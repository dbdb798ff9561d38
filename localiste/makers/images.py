"""Uploaded pictures: checked by their content, cleaned of metadata, rendered at every width.

An upload is accepted only if Pillow reads it as JPEG, PNG or WebP, whatever its name says,
within the size cap and the pixel cap (decompression bombs). The stored original is a fresh
encoding of the pixels after the camera's orientation is applied, so no EXIF (GPS position,
camera serial, date) survives; renditions follow the layout `Photo.srcset` reads:
`<stem>-<width>.webp` and `<stem>-<width>.jpg` for every width of `Photo.RENDITION_WIDTHS`
not above the picture's own.
"""

from __future__ import annotations

import datetime
import io
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from localiste.makers.models import Photo

ACCEPTED_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
# The stored original never needs to be larger than this (the largest rendition is 1280).
MAX_STORED_SIDE = 2560
JPEG_QUALITY = 84
WEBP_QUALITY = 80


class ImageRejected(ValueError):
    """An upload that is not an image we accept; the message says why, for the maker."""


@dataclass(frozen=True)
class CleanImage:
    """A picture ready to store: its pixels (EXIF-free, upright) and the format to keep."""

    image: Image.Image
    format: str

    @property
    def extension(self) -> str:
        return ACCEPTED_FORMATS[self.format]


def max_upload_bytes() -> int:
    return settings.MAX_UPLOAD_MB * 1024 * 1024


def image_open_checked(upload) -> CleanImage:
    """The upright, metadata-free picture in `upload` (a file), or ImageRejected.

    Reads the content, never the name or the declared type. Refuses files above
    MAX_UPLOAD_MB, anything Pillow does not read as JPEG/PNG/WebP, damaged files and
    images above MAX_IMAGE_PIXELS.
    """
    size = getattr(upload, "size", None)
    if size is not None and size > max_upload_bytes():
        raise ImageRejected(
            _("This file is too large (over %(size)d MB). Please choose a smaller photo.")
            % {"size": settings.MAX_UPLOAD_MB}
        )
    Image.MAX_IMAGE_PIXELS = settings.MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: refuse those too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as probe:
                image_format = probe.format
                if image_format not in ACCEPTED_FORMATS:
                    raise ImageRejected(_("Please choose a JPEG, PNG or WebP photo."))
                probe.verify()
            upload.seek(0)
            with Image.open(upload) as image:
                # JPEG decodes at 1/2, 1/4 or 1/8 scale when that still leaves the stored
                # size: a 7000-pixel photo costs a quarter of the time and memory.
                image.draft(image.mode, (MAX_STORED_SIDE, MAX_STORED_SIDE))
                image.load()
                upright = ImageOps.exif_transpose(image)
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected(
            _("This image has too many pixels. Please choose a photo of normal size.")
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ImageRejected(
            _("This file is not a photo we can read. Please choose a JPEG, PNG or WebP photo.")
        ) from None
    return CleanImage(image=_without_metadata(upright), format=image_format)


def _without_metadata(image: Image.Image) -> Image.Image:
    """A copy of `image` carrying its pixels (and colour profile) only."""
    mode = image.mode
    if mode not in {"RGB", "RGBA", "L", "LA"}:
        mode = "RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB"
    clean = Image.new(mode, image.size)
    clean.paste(image.convert(mode))
    icc_profile = image.info.get("icc_profile")
    if icc_profile:
        clean.info["icc_profile"] = icc_profile
    return clean


def _encode(image: Image.Image, image_format: str) -> bytes:
    buffer = io.BytesIO()
    options: dict = {}
    if icc := image.info.get("icc_profile"):
        options["icc_profile"] = icc
    if image_format == "JPEG":
        image = _flattened(image)
        options.update(quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif image_format == "WEBP":
        options.update(quality=WEBP_QUALITY, method=4)
    else:
        options.update(optimize=True)
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def _flattened(image: Image.Image) -> Image.Image:
    """`image` on a white background, in RGB (JPEG has no transparency)."""
    if image.mode in {"RGB", "L"}:
        return image
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, "white")
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def _resized(image: Image.Image, width: int) -> Image.Image:
    if image.width <= width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS)


def rendition_widths(width: int) -> list[int]:
    """The widths of Photo.RENDITION_WIDTHS rendered for a picture `width` pixels wide."""
    return [w for w in Photo.RENDITION_WIDTHS if w <= width]


def _at_most(image: Image.Image, side: int) -> Image.Image:
    """`image`, or a copy of it scaled down to at most `side` pixels a side."""
    if max(image.size) <= side:
        return image
    image = image.copy()
    image.thumbnail((side, side), Image.Resampling.LANCZOS)
    return image


def original_content(clean: CleanImage) -> ContentFile:
    """The stored original: re-encoded (no metadata), at most MAX_STORED_SIDE pixels a side."""
    image = _at_most(clean.image, MAX_STORED_SIDE)
    return ContentFile(_encode(image, clean.format), name=f"upload{clean.extension}")


def renditions_write(
    *, storage: Storage, name: str, image: Image.Image, written: list[str] | None = None
) -> list[int]:
    """Store the WebP and JPEG renditions of `image` next to `name`; their widths.

    Each stored file's name is added to `written` as soon as it is stored.
    """
    stem = PurePosixPath(name).with_suffix("")
    widths = rendition_widths(image.width)
    for width in widths:
        resized = _resized(image, width)
        for extension, image_format in (("webp", "WEBP"), ("jpg", "JPEG")):
            path = f"{stem}-{width}.{extension}"
            if storage.exists(path):
                storage.delete(path)
            saved = storage.save(path, ContentFile(_encode(resized, image_format)))
            if written is not None:
                written.append(saved)
    return widths


def photo_files_write(*, photo: Photo, clean: CleanImage) -> list[str]:
    """Store the original and the renditions of `clean` as `photo`'s files (the row is not
    saved); the names stored. Nothing stays stored when one of them fails.

    The slow part of an upload (encoding and resizing): callers run it before any
    transaction, so that no one waits for it.
    """
    # The renditions are made from the stored size, not from the camera's.
    clean = CleanImage(image=_at_most(clean.image, MAX_STORED_SIDE), format=clean.format)
    written: list[str] = []
    try:
        photo.image.save("upload" + clean.extension, original_content(clean), save=False)
        written.append(photo.image.name)
        photo.renditions = renditions_write(
            storage=photo.image.storage, name=photo.image.name, image=clean.image, written=written
        )
    except BaseException:
        media_files_remove(names=written)
        raise
    return written


def files_of(image_name: str, renditions: list[int] | None) -> list[str]:
    """The stored files of a photo whose original is `image_name`: it and its renditions."""
    if not image_name:
        return []
    stem = PurePosixPath(image_name).with_suffix("")
    names = [image_name]
    for width in renditions or []:
        names += [f"{stem}-{width}.webp", f"{stem}-{width}.jpg"]
    return names


def photo_files(photo: Photo) -> list[str]:
    """Every stored file of `photo`: its original and its renditions."""
    return files_of(photo.image.name if photo.image else "", photo.renditions)


# Renditions are `<stem>-<width>.<webp|jpg>`; originals end in one of these.
_RENDITION = re.compile(r"^(?P<stem>.+)-(?P<width>\d+)\.(?:webp|jpg)$")
ORIGINAL_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
_QUERY_CHUNK = 500


def media_files_referenced(names: Iterable[str]) -> set[str]:
    """Those of `names` that a Photo row uses, as its original or as one of its renditions.

    Photos may share files (the demo's pool; imports and merges copy a photo's name): a file
    belongs to every row whose `image` is its name, or, for a rendition, whose `image` has
    its stem and whose `renditions` hold its width. Reads the `image` index only.
    """
    names = set(names)
    candidates = set(names)
    for name in names:
        if match := _RENDITION.match(name):
            candidates.update(match["stem"] + suffix for suffix in ORIGINAL_SUFFIXES)
    used: set[str] = set()
    ordered = sorted(candidates)
    for start in range(0, len(ordered), _QUERY_CHUNK):
        rows = Photo.objects.filter(image__in=ordered[start : start + _QUERY_CHUNK])
        for image_name, renditions in rows.values_list("image", "renditions"):
            used.update(files_of(image_name, renditions))
    return names & used


def media_files_delete(*, names: Iterable[str]) -> list[str]:
    """Delete those of these files that no Photo uses any more; the names deleted.

    Run it once the rows are gone (on commit): a file that another photo still shows stays.
    Files already gone are no error.
    """
    names = set(names)
    unused = sorted(names - media_files_referenced(names))
    media_files_remove(names=unused)
    return unused


def media_files_remove(*, names: Iterable[str]) -> None:
    """Delete these files whoever uses them (files an upload stored before its row failed)."""
    for name in names:
        default_storage.delete(name)


@dataclass(frozen=True)
class StoredFile:
    name: str
    size: int
    modified: datetime.datetime


def media_orphans(*, under: str = "photos", older_than: datetime.datetime) -> list[StoredFile]:
    """The files under `under` in the media storage that no Photo uses and that were last
    written before `older_than` (an upload stores its files before its row is committed:
    younger files may be in the middle of one)."""
    orphans: list[StoredFile] = []
    batch: list[StoredFile] = []

    def checked(files: list[StoredFile]) -> None:
        used = media_files_referenced(file.name for file in files)
        orphans.extend(file for file in files if file.name not in used)

    for name in _storage_walk(default_storage, under):
        modified = default_storage.get_modified_time(name)
        if modified >= older_than:
            continue
        batch.append(StoredFile(name, default_storage.size(name), modified))
        if len(batch) >= 2000:
            checked(batch)
            batch = []
    checked(batch)
    return sorted(orphans, key=lambda file: file.name)


def _storage_walk(storage: Storage, folder: str) -> Iterable[str]:
    if not storage.exists(folder):
        return
    folders, files = storage.listdir(folder)
    for name in sorted(files):
        yield f"{folder}/{name}"
    for name in sorted(folders):
        yield from _storage_walk(storage, f"{folder}/{name}")
