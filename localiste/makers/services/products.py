"""A maker's products: create, edit, order, publish or hide, delete."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import ngettext

from localiste.core.slugs import unique_slug
from localiste.makers.models import Maker, Product
from localiste.makers.services.indexing import search_index_maker, search_index_once
from localiste.makers.services.media import photo_delete
from localiste.makers.services.versions import version_claim

PRODUCT_FIELDS = (
    "name",
    "description",
    "category",
    "materials",
    "price_kind",
    "price_min",
    "price_max",
    "made_to_order",
    "is_published",
)


def _price_normalised(product: Product) -> None:
    """Drop the prices a price kind does not use (no stale figure under "on quote")."""
    if product.price_kind == Product.PriceKind.QUOTE:
        product.price_min = product.price_max = None
    elif product.price_kind == Product.PriceKind.FIXED:
        product.price_max = None


def product_room_check(*, maker: Maker) -> None:
    """ValidationError if `maker` already has MAX_PRODUCTS_PER_MAKER products."""
    limit = settings.MAX_PRODUCTS_PER_MAKER
    if Product.objects.filter(maker=maker).count() >= limit:
        raise ValidationError(
            ngettext(
                "Your page already has %(limit)d product, the most it can hold. Remove one "
                "before adding another.",
                "Your page already has %(limit)d products, the most it can hold. Remove one "
                "before adding another.",
                limit,
            )
            % {"limit": limit}
        )


@transaction.atomic
def product_create(*, maker: Maker, editor: AbstractBaseUser, fields: Mapping[str, Any]) -> Product:
    """A new product of `maker`, placed last; ValidationError past MAX_PRODUCTS_PER_MAKER."""
    # The maker's row, locked: two creations for one maker count its products in turn.
    Maker.objects.select_for_update().filter(pk=maker.pk).values_list("pk").get()
    product_room_check(maker=maker)
    product = Product(maker=maker, **{k: v for k, v in fields.items() if k in PRODUCT_FIELDS})
    product.slug = unique_slug(product.name, maker.products.all())
    last = maker.products.aggregate(last=Max("position"))["last"]
    product.position = 0 if last is None else last + 1
    _price_normalised(product)
    product.full_clean()
    product.save()
    search_index_maker(maker_id=maker.pk)
    return product


@transaction.atomic
def product_update(
    *, product: Product, editor: AbstractBaseUser, version: int, fields: Mapping[str, Any]
) -> Product:
    """Change `product`, or EditConflict if it changed since `version`; its address (slug)
    stays, so links to it keep working."""
    version_claim(row=product, version=version)
    changed = [name for name in fields if name in PRODUCT_FIELDS]
    for name in changed:
        setattr(product, name, fields[name])
    _price_normalised(product)
    product.full_clean()
    # Only what the editor changes (and the prices it implies): its place in the list may
    # have moved meanwhile.
    product.save(update_fields={*changed, "price_min", "price_max", "version", "updated_at"})
    search_index_maker(maker_id=product.maker_id)
    return product


@transaction.atomic
def product_publish(*, product: Product, editor: AbstractBaseUser, published: bool) -> Product:
    """Show (`published`) or hide `product` on the maker's page.

    A deliberate click, so no version is checked; the version moves on, so that an edit form
    opened before it does not silently put the old choice back.
    """
    Product.objects.filter(pk=product.pk).update(
        is_published=published, version=F("version") + 1, updated_at=timezone.now()
    )
    product.refresh_from_db(fields=["is_published", "version", "updated_at"])
    search_index_maker(maker_id=product.maker_id)
    return product


@transaction.atomic
def product_move(*, product: Product, editor: AbstractBaseUser, offset: int) -> None:
    """Move `product` `offset` places in its maker's list (-1: earlier, 1: later)."""
    ordered = list(Product.objects.filter(maker_id=product.maker_id).order_by("position", "id"))
    index = next(i for i, other in enumerate(ordered) if other.pk == product.pk)
    target = min(max(index + offset, 0), len(ordered) - 1)
    ordered.insert(target, ordered.pop(index))
    for position, other in enumerate(ordered):
        if other.position != position:
            Product.objects.filter(pk=other.pk).update(position=position)


@transaction.atomic
@search_index_once()  # one reindex, not one per photo
def product_delete(*, product: Product, editor: AbstractBaseUser) -> None:
    """Remove `product` and its photos' files (those no other photo uses)."""
    for photo in product.photos.all():
        photo_delete(photo=photo, editor=editor)
    maker_id = product.maker_id
    product.delete()
    search_index_maker(maker_id=maker_id)
