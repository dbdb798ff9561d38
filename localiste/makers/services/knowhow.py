"""Writing heritage know-how pages and their photos (operators, through the admin; the demo).

Every write that changes which pages a category leads to rebuilds, once it is committed, the
cached category → pages map that the maker pages read (`selectors.knowhow`), so a page links
its makers at once and the maker page never pays for the map.
"""

from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

from localiste.catalog.models import Category
from localiste.makers.images import (
    files_of,
    image_open_checked,
    media_files_remove,
    photo_files_write,
)
from localiste.makers.models import KnowHow, KnowHowPhoto
from localiste.makers.selectors.knowhow import KNOWHOW_MAP_CACHE_KEY, knowhow_category_map_build


def knowhow_map_rebuild() -> None:
    """Once the current transaction commits, rebuild the category → pages map in the shared
    cache, with no expiry (every write that changes it comes here)."""
    transaction.on_commit(
        lambda: cache.set(KNOWHOW_MAP_CACHE_KEY, knowhow_category_map_build(), None)
    )


@transaction.atomic
def knowhow_save(*, knowhow: KnowHow, categories: Iterable[Category] | None = None) -> KnowHow:
    """Check and save `knowhow`; its categories become `categories` when given."""
    knowhow.full_clean()
    knowhow.save()
    if categories is not None:
        knowhow.categories.set(list(categories))
    knowhow_map_rebuild()
    return knowhow


@transaction.atomic
def knowhow_delete(*, knowhow: KnowHow) -> None:
    """Delete `knowhow`, its photos and their stored files."""
    names = [name for photo in knowhow.photos.all() for name in _files_of(photo)]
    knowhow.delete()
    knowhow_map_rebuild()
    transaction.on_commit(lambda: media_files_remove(names=names))


def knowhow_photo_add(
    *,
    knowhow: KnowHow,
    upload,
    alt_text_fr: str,
    credit: str,
    alt_text_en: str = "",
    caption_fr: str = "",
    caption_en: str = "",
    position: int = 0,
) -> KnowHowPhoto:
    """A new photo of `knowhow` from `upload` (ImageRejected if it is not an image we take).

    Checked by its content and stored without metadata, with its renditions, as the makers'
    photos are; the files are removed again if the row cannot be saved.
    """
    photo = KnowHowPhoto(
        knowhow=knowhow,
        alt_text_fr=alt_text_fr,
        alt_text_en=alt_text_en,
        caption_fr=caption_fr,
        caption_en=caption_en,
        credit=credit,
        position=position,
    )
    photo.full_clean(exclude=["image"])
    written = photo_files_write(photo=photo, clean=image_open_checked(upload))
    try:
        knowhow_photo_save(photo=photo)
    except BaseException:
        media_files_remove(names=written)
        raise
    return photo


@transaction.atomic
def knowhow_photo_save(*, photo: KnowHowPhoto) -> KnowHowPhoto:
    """Check and save a photo's descriptions, credit and position (not its file)."""
    photo.full_clean()
    photo.save()
    return photo


@transaction.atomic
def knowhow_photo_delete(*, photo: KnowHowPhoto) -> None:
    """Delete a photo and, once that is committed, its stored files."""
    names = _files_of(photo)
    photo.delete()
    transaction.on_commit(lambda: media_files_remove(names=names))


def _files_of(photo: KnowHowPhoto) -> list[str]:
    return files_of(photo.image.name if photo.image else "", photo.renditions)
