"""Photos of a maker and of its products: add, describe, order, remove."""

from __future__ import annotations

import contextlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import ngettext

from localiste.makers.audit import audit_record, audit_target
from localiste.makers.images import (
    image_open_checked,
    media_files_delete,
    media_files_remove,
    photo_files,
    photo_files_write,
)
from localiste.makers.models import Maker, Photo, Product
from localiste.makers.services.editing import reviewed_parts, revision_ids_set
from localiste.makers.services.indexing import search_index_maker, search_index_once
from localiste.makers.services.versions import version_claim

# A maker has one logo and one cover: a new one replaces the old.
SINGLE_KINDS = {Photo.Kind.LOGO, Photo.Kind.COVER}
# Uploads are decoded and rendered by one thread of each process, one after the other: a
# decoded camera photo takes tens of megabytes (a PNG at the pixel cap, 200 MB), and uploads
# arriving together would otherwise take every core from the other requests. That thread
# also runs at a lower CPU priority (Linux), so that searches, pages and the short write
# transactions of others go first while a photo renders.
IMAGE_WORK_NICENESS = 10
_image_pool_lock = threading.Lock()
_image_pools: dict[int, ThreadPoolExecutor] = {}  # by process id: a forked worker gets its own


def _image_pool() -> ThreadPoolExecutor:
    with _image_pool_lock:
        pool = _image_pools.get(os.getpid())
        if pool is None:
            _image_pools.clear()  # inherited from the parent process: its thread is not here
            pool = _image_pools[os.getpid()] = ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="photo-render", initializer=_priority_lowered
            )
        return pool


def _priority_lowered() -> None:
    # On Linux, for this thread alone; elsewhere (or if refused), the same priority.
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), IMAGE_WORK_NICENESS)


def _upload_rendered(*, photo: Photo, upload, language: str) -> list[str]:
    """Check `upload` and store `photo`'s files (the image pool's work); their names."""
    with translation.override(language):  # ImageRejected speaks the editor's language
        clean = image_open_checked(upload)
        return photo_files_write(photo=photo, clean=clean)


def _siblings(photo: Photo):
    photos = Photo.objects.filter(maker_id=photo.maker_id, kind=photo.kind)
    return photos.filter(product_id=photo.product_id) if photo.product_id else photos


def photo_room_check(*, maker: Maker, kind: str) -> None:
    """ValidationError if `maker` holds MAX_PHOTOS_PER_MAKER photos, not counting the one a
    new photo of `kind` would replace (a logo, a cover)."""
    limit = settings.MAX_PHOTOS_PER_MAKER
    photos = Photo.objects.filter(maker=maker)
    if kind in SINGLE_KINDS:
        photos = photos.exclude(kind=kind, product=None)
    if photos.count() >= limit:
        raise ValidationError(
            ngettext(
                "Your page already has %(limit)d photo, the most it can hold. Remove one "
                "before adding another.",
                "Your page already has %(limit)d photos, the most it can hold. Remove one "
                "before adding another.",
                limit,
            )
            % {"limit": limit}
        )


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
    """A new photo of `maker` (or of its `product`) from `upload`, or ImageRejected /
    ValidationError (MAX_PHOTOS_PER_MAKER reached).

    The file is checked by its content, stored without metadata under a random name and
    rendered at every width of Photo.RENDITION_WIDTHS. That slow part runs before any
    transaction; only the rows (the new photo, the logo or cover it replaces, the search
    index) are written in a short one, and the stored files are removed if it fails.

    On a published listing whose photos are reviewed (settings.REVIEWED_FIELDS), the photo
    waits for the operators (`pending_review`, listed in the pending revision): the public
    page keeps the logo or cover it would replace until they approve it.
    """
    if product is not None:
        kind = Photo.Kind.PRODUCT
    photo = Photo(maker=maker, product=product, kind=kind, alt_text=alt_text, caption=caption)
    photo.full_clean(exclude=["image"])
    photo_room_check(maker=maker, kind=kind)  # refused before the work, not after
    rendering = _image_pool().submit(
        _upload_rendered, photo=photo, upload=upload, language=translation.get_language()
    )
    written = rendering.result()
    try:
        _photo_insert(photo=photo, editor=editor)
    except BaseException:
        media_files_remove(names=written)  # fresh random names: no other row uses them
        raise
    return photo


@transaction.atomic
@search_index_once()
def _photo_insert(*, photo: Photo, editor: AbstractBaseUser) -> None:
    """Save the new `photo` (files stored): in place of the logo or cover it replaces, last
    of its kind, within the maker's photo limit; waiting for review if the listing's are."""
    # The maker's row, locked: two uploads of one maker count its photos one after the other.
    published_at = (
        Maker.objects.select_for_update()
        .filter(pk=photo.maker_id)
        .values_list("published_at", flat=True)
        .get()
    )
    photo.pending_review = published_at is not None and "photos" in reviewed_parts()
    if photo.kind in SINGLE_KINDS:
        replaced = Photo.objects.filter(maker_id=photo.maker_id, kind=photo.kind, product=None)
        if photo.pending_review:
            # The approved one stays public until this one is approved; an earlier proposal
            # is replaced by this one.
            replaced = replaced.filter(pending_review=True)
        for old in replaced:
            photo_delete(photo=old, editor=editor)
    photo_room_check(maker=photo.maker, kind=photo.kind)
    last = _siblings(photo).aggregate(last=Max("position"))["last"]
    photo.position = 0 if last is None else last + 1
    photo.save()
    if photo.pending_review:
        _pending_photos_set(maker=photo.maker, editor=editor, add=[photo.pk])
    search_index_maker(maker_id=photo.maker_id)
    audit_record(
        actor=editor,
        action="photo.add",
        target=audit_target(photo),
        subject=photo,
        changes={
            "kind": (None, photo.kind),
            "alt_text": (None, photo.alt_text),
            "caption": (None, photo.caption),
            "pending_review": (None, photo.pending_review or None),
        },
    )


def _pending_photos_set(
    *, maker: Maker, editor: AbstractBaseUser | None, add=(), remove=()
) -> None:
    """Add or remove photos in the pending revision's `photo_ids`, the list of new photos
    that wait for the operators."""
    revision_ids_set(maker=maker, editor=editor, key="photo_ids", add=add, remove=remove)


@transaction.atomic
def photo_update(
    *, photo: Photo, editor: AbstractBaseUser, version: int, alt_text: str, caption: str
) -> Photo:
    """Change what `photo` says about itself, or EditConflict if it changed since `version`."""
    version_claim(row=photo, version=version)
    before = {"alt_text": photo.alt_text, "caption": photo.caption}
    photo.alt_text = alt_text
    photo.caption = caption
    photo.full_clean(exclude=["image"])
    photo.save(update_fields=["alt_text", "caption", "version"])
    audit_record(
        actor=editor,
        action="photo.update",
        target=audit_target(photo),
        subject=photo,
        changes={name: (value, getattr(photo, name)) for name, value in before.items()},
    )
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
    audit_record(
        actor=editor,
        action="photo.move",
        target=audit_target(photo),
        subject=photo,
        changes={"position": (index + 1, target + 1)},  # its place among its kind, from 1
    )


@transaction.atomic
def photo_delete(*, photo: Photo, editor: AbstractBaseUser) -> None:
    """Remove `photo`, and its files once the deletion is committed, unless another photo
    still uses them."""
    names = photo_files(photo)
    maker_id = photo.maker_id
    if photo.pending_review:
        _pending_photos_set(maker=photo.maker, editor=editor, remove=[photo.pk])
    audit_record(
        actor=editor,
        action="photo.delete",
        target=audit_target(photo),
        subject=photo,
        changes={"kind": (photo.kind, None), "alt_text": (photo.alt_text, None)},
    )
    photo.delete()
    transaction.on_commit(lambda: media_files_delete(names=names))
    search_index_maker(maker_id=maker_id)
