"""Uploaded pictures: checked by their content, cleaned of metadata, rendered at every width.

An upload is accepted only if Pillow reads it as JPEG, PNG or WebP, whatever its name says,
within the size cap and the pixel cap (decompression bombs). The stored original is a fresh
encoding of the pixels after the camera's orientation is applied, so no EXIF (GPS position,
camera serial, date) survives; renditions follow the layout `Photo.srcset` reads:
`<stem>-<width>.webp` and `<stem>-<width>.jpg` for every width of `Photo.RENDITION_WIDTHS`
not above the picture's own.
"""

from __future__ import annotations

import io
import warnings
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


def original_content(clean: CleanImage) -> ContentFile:
    """The stored original: re-encoded (no metadata), at most MAX_STORED_SIDE pixels a side."""
    image = clean.image
    if max(image.size) > MAX_STORED_SIDE:
        image = image.copy()
        image.thumbnail((MAX_STORED_SIDE, MAX_STORED_SIDE), Image.Resampling.LANCZOS)
    return ContentFile(_encode(image, clean.format), name=f"upload{clean.extension}")


def renditions_write(*, storage: Storage, name: str, image: Image.Image) -> list[int]:
    """Store the WebP and JPEG renditions of `image` next to `name`; their widths."""
    stem = PurePosixPath(name).with_suffix("")
    widths = rendition_widths(image.width)
    for width in widths:
        resized = _resized(image, width)
        for extension, image_format in (("webp", "WEBP"), ("jpg", "JPEG")):
            path = f"{stem}-{width}.{extension}"
            if storage.exists(path):
                storage.delete(path)
            storage.save(path, ContentFile(_encode(resized, image_format)))
    return widths


def photo_files(photo: Photo) -> list[str]:
    """Every stored file of `photo`: its original and its renditions."""
    if not photo.image:
        return []
    stem = PurePosixPath(photo.image.name).with_suffix("")
    names = [photo.image.name]
    for width in photo.renditions or []:
        names += [f"{stem}-{width}.webp", f"{stem}-{width}.jpg"]
    return names


def media_files_delete(*, names: list[str]) -> None:
    """Delete these files from the media storage; those already gone are no error."""
    for name in names:
        default_storage.delete(name)
