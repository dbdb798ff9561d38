"""A maker's products: create, edit, order, publish or hide, delete."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Max

from localiste.core.slugs import unique_slug
from localiste.makers.models import Maker, Product
from localiste.makers.services.indexing import search_index_maker
from localiste.makers.services.media import photo_delete

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


@transaction.atomic
def product_create(*, maker: Maker, editor: AbstractBaseUser, fields: Mapping[str, Any]) -> Product:
    """A new product of `maker`, placed last."""
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
    *, product: Product, editor: AbstractBaseUser, fields: Mapping[str, Any]
) -> Product:
    """Change `product`; its address (slug) stays, so links to it keep working."""
    for name, value in fields.items():
        if name in PRODUCT_FIELDS:
            setattr(product, name, value)
    _price_normalised(product)
    product.full_clean()
    product.save()
    search_index_maker(maker_id=product.maker_id)
    return product


@transaction.atomic
def product_publish(*, product: Product, editor: AbstractBaseUser, published: bool) -> Product:
    """Show (`published`) or hide `product` on the maker's page."""
    product.is_published = published
    product.save(update_fields=["is_published", "updated_at"])
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
def product_delete(*, product: Product, editor: AbstractBaseUser) -> None:
    """Remove `product` and its photos' files."""
    for photo in product.photos.all():
        photo_delete(photo=photo, editor=editor)
    maker_id = product.maker_id
    product.delete()
    search_index_maker(maker_id=maker_id)
