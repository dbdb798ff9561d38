"""Photos of a maker and of its products: add, describe, order, remove."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Max

from localiste.makers.images import (
    image_open_checked,
    original_content,
    photo_files,
    renditions_write,
)
from localiste.makers.models import Maker, Photo, Product
from localiste.makers.services.indexing import search_index_maker

# A maker has one logo and one cover: a new one replaces the old.
SINGLE_KINDS = {Photo.Kind.LOGO, Photo.Kind.COVER}


def _siblings(photo: Photo):
    photos = Photo.objects.filter(maker_id=photo.maker_id, kind=photo.kind)
    return photos.filter(product_id=photo.product_id) if photo.product_id else photos


@transaction.atomic
def photo_add(
    *,
    maker: Maker,
    editor: AbstractBaseUser,
    upload,
    kind: str,
    alt_text: str,
    caption: str = "",
    product: Product | None = None,
) -> Photo:
    """A new photo of `maker` (or of its `product`) from `upload`, or ImageRejected.

    The file is checked by its content, stored without metadata under a random name and
    rendered at every width of Photo.RENDITION_WIDTHS.
    """
    clean = image_open_checked(upload)
    if product is not None:
        kind = Photo.Kind.PRODUCT
    photo = Photo(maker=maker, product=product, kind=kind, alt_text=alt_text, caption=caption)
    if kind in SINGLE_KINDS:
        for old in Photo.objects.filter(maker=maker, kind=kind, product=None):
            photo_delete(photo=old, editor=editor)
    last = _siblings(photo).aggregate(last=Max("position"))["last"]
    photo.position = 0 if last is None else last + 1
    photo.image.save("upload" + clean.extension, original_content(clean), save=False)
    try:
        photo.renditions = renditions_write(
            storage=photo.image.storage, name=photo.image.name, image=clean.image
        )
        photo.full_clean(exclude=["image"])
        photo.save()
    except Exception:
        _files_delete(photo)
        raise
    search_index_maker(maker_id=maker.pk)
    return photo


@transaction.atomic
def photo_update(*, photo: Photo, editor: AbstractBaseUser, alt_text: str, caption: str) -> Photo:
    """Change what `photo` says about itself."""
    photo.alt_text = alt_text
    photo.caption = caption
    photo.full_clean(exclude=["image"])
    photo.save(update_fields=["alt_text", "caption"])
    return photo


@transaction.atomic
def photo_move(*, photo: Photo, editor: AbstractBaseUser, offset: int) -> None:
    """Move `photo` `offset` places among the photos of its kind (-1: earlier, 1: later)."""
    ordered = list(_siblings(photo).order_by("position", "id"))
    index = next(i for i, other in enumerate(ordered) if other.pk == photo.pk)
    target = min(max(index + offset, 0), len(ordered) - 1)
    ordered.insert(target, ordered.pop(index))
    for position, other in enumerate(ordered):
        if other.position != position:
            Photo.objects.filter(pk=other.pk).update(position=position)
    search_index_maker(maker_id=photo.maker_id)


@transaction.atomic
def photo_delete(*, photo: Photo, editor: AbstractBaseUser) -> None:
    """Remove `photo` and its files (once the deletion is committed)."""
    names = photo_files(photo)
    storage = photo.image.storage
    maker_id = photo.maker_id
    photo.delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
    search_index_maker(maker_id=maker_id)


def _files_delete(photo: Photo) -> None:
    """Remove whatever files a failed upload already stored."""
    if photo.image:
        widths = Photo.RENDITION_WIDTHS
        names = photo_files(Photo(image=photo.image.name, renditions=list(widths)))
        for name in names:
            if photo.image.storage.exists(name):
                photo.image.storage.delete(name)
