"""Photos of makers and their products, with their responsive renditions."""

import posixpath
import uuid
from pathlib import PurePosixPath

from django.db import models
from django.utils.translation import gettext_lazy as _


def photo_upload_to(photo: "Photo", filename: str) -> str:
    # Random names: an upload never reveals or overwrites another file.
    suffix = PurePosixPath(filename).suffix.lower() or ".jpg"
    return f"photos/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{suffix}"


class Renditions:
    """What a photo with an `image` and the `renditions` widths made of it gives templates."""

    def rendition_url(self, width: int, extension: str) -> str:
        stem, _suffix = posixpath.splitext(self.image.name)
        return self.image.storage.url(f"{stem}-{width}.{extension}")

    def srcset(self, extension: str) -> str:
        return ", ".join(f"{self.rendition_url(w, extension)} {w}w" for w in self.renditions)

    @property
    def fallback_url(self) -> str:
        """A JPEG of middle size for browsers without srcset, or the original."""
        if self.renditions:
            return self.rendition_url(self.renditions[min(1, len(self.renditions) - 1)], "jpg")
        return self.image.url


class Photo(Renditions, models.Model):
    """An image of a maker (logo, cover, gallery) or of one of its products.

    `renditions` lists the widths rendered next to the original, as `<stem>-<width>.webp`
    and `<stem>-<width>.jpg`, for `srcset`.
    """

    class Kind(models.TextChoices):
        LOGO = "logo", _("logo")
        COVER = "cover", _("cover")
        GALLERY = "gallery", _("gallery")
        PRODUCT = "product", _("product")

    RENDITION_WIDTHS = (320, 640, 1280)

    maker = models.ForeignKey("makers.Maker", on_delete=models.CASCADE, related_name="photos")
    product = models.ForeignKey(
        "makers.Product",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="photos",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    image = models.ImageField(
        _("image"),
        upload_to=photo_upload_to,
        width_field="width",
        height_field="height",
        max_length=200,
    )
    width = models.PositiveIntegerField(null=True, editable=False)
    height = models.PositiveIntegerField(null=True, editable=False)
    renditions = models.JSONField(default=list, blank=True, editable=False)
    alt_text = models.CharField(
        _("description for people who cannot see the image"), max_length=200
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # A new photo of a published listing waits for the operators when photos are reviewed
    # (settings.REVIEWED_FIELDS); the public page shows only photos that do not wait.
    pending_review = models.BooleanField(_("waiting for review"), default=False)
    # Moved on by every change of the description or caption (see Product.version).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "id"]
        indexes = [
            models.Index(fields=["maker", "kind", "position"], name="photo_maker_kind"),
            # Photos may share files (the demo's pool, imports, merges): before a file is
            # deleted, this finds whether another photo still uses it.
            models.Index(fields=["image"], name="photo_image"),
        ]

    def __str__(self) -> str:
        return self.alt_text
