"""A maker's products: create, edit, order, publish or hide, delete."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import ngettext

from localiste.core.slugs import unique_slug
from localiste.makers.audit import audit_changes, audit_record, audit_snapshot, audit_target
from localiste.makers.models import Maker, Product
from localiste.makers.services.editing import reviewed_parts, revision_ids_set
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
# What the history shows of a product's change (the prices "on quote" drops included).
AUDITED_FIELDS = (*PRODUCT_FIELDS, "price_max")
# What the operators review of a product when settings.REVIEWED_FIELDS names "products" (what
# it is; its price, its place in the list and whether it is shown are the maker's business).
REVIEWED_PRODUCT_FIELDS = ("name", "description", "materials", "category")


def _products_reviewed(published_at) -> bool:
    return published_at is not None and "products" in reviewed_parts()


def reviewed_values(product: Product) -> dict[str, Any]:
    """The reviewed values of `product`, as the pending revision keeps the approved ones."""
    values = {name: getattr(product, name) for name in REVIEWED_PRODUCT_FIELDS}
    values["category"] = product.category_id
    return values


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
    published_at = (
        Maker.objects.select_for_update()
        .filter(pk=maker.pk)
        .values_list("published_at", flat=True)
        .get()
    )
    product_room_check(maker=maker)
    product = Product(maker=maker, **{k: v for k, v in fields.items() if k in PRODUCT_FIELDS})
    product.pending_review = _products_reviewed(published_at)
    product.slug = unique_slug(product.name, maker.products.all())
    last = maker.products.aggregate(last=Max("position"))["last"]
    product.position = 0 if last is None else last + 1
    _price_normalised(product)
    product.full_clean()
    product.save()
    if product.pending_review:
        revision_ids_set(maker=maker, editor=editor, key="product_ids", add=[product.pk])
    search_index_maker(maker_id=maker.pk)
    audit_record(
        actor=editor,
        action="product.create",
        target=maker,
        subject=product,
        changes=audit_changes({}, audit_snapshot(product, AUDITED_FIELDS)),
    )
    return product


@transaction.atomic
def product_update(
    *, product: Product, editor: AbstractBaseUser, version: int, fields: Mapping[str, Any]
) -> Product:
    """Change `product`, or EditConflict if it changed since `version`; its address (slug)
    stays, so links to it keep working.

    On a published listing whose products are reviewed, a change of what the product is
    (REVIEWED_PRODUCT_FIELDS) takes it off the public page until the operators approve it;
    the pending revision keeps its approved values, to show the change and to restore them
    if they refuse it."""
    version_claim(row=product, version=version)
    before = audit_snapshot(product, AUDITED_FIELDS)
    approved = reviewed_values(product)
    changed = [name for name in fields if name in PRODUCT_FIELDS]
    for name in changed:
        setattr(product, name, fields[name])
    _price_normalised(product)
    product.full_clean()
    held = (
        not product.pending_review
        and reviewed_values(product) != approved
        and _products_reviewed(
            Maker.objects.filter(pk=product.maker_id).values_list("published_at", flat=True).get()
        )
    )
    if held:
        product.pending_review = True
        revision_ids_set(
            maker=product.maker,
            editor=editor,
            key="product_ids",
            add=[product.pk],
            before={str(product.pk): approved},
        )
    # Only what the editor changes (and the prices it implies): its place in the list may
    # have moved meanwhile.
    product.save(
        update_fields={
            *changed,
            "price_min",
            "price_max",
            "pending_review",
            "version",
            "updated_at",
        }
    )
    search_index_maker(maker_id=product.maker_id)
    audit_record(
        actor=editor,
        action="product.update",
        target=audit_target(product),
        subject=product,
        changes=audit_changes(before, audit_snapshot(product, AUDITED_FIELDS)),
    )
    return product


@transaction.atomic
def product_publish(*, product: Product, editor: AbstractBaseUser, published: bool) -> Product:
    """Show (`published`) or hide `product` on the maker's page.

    A deliberate click, so no version is checked; the version moves on, so that an edit form
    opened before it does not silently put the old choice back.
    """
    was_published = product.is_published
    Product.objects.filter(pk=product.pk).update(
        is_published=published, version=F("version") + 1, updated_at=timezone.now()
    )
    product.refresh_from_db(fields=["is_published", "version", "updated_at"])
    search_index_maker(maker_id=product.maker_id)
    audit_record(
        actor=editor,
        action="product.publish" if published else "product.hide",
        target=audit_target(product),
        subject=product,
        changes={"is_published": (was_published, published)},
    )
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
    audit_record(
        actor=editor,
        action="product.move",
        target=audit_target(product),
        subject=product,
        changes={"position": (index + 1, target + 1)},  # its place in the list, from 1
    )


@transaction.atomic
@search_index_once()  # one reindex, not one per photo
def product_delete(*, product: Product, editor: AbstractBaseUser) -> None:
    """Remove `product` and its photos' files (those no other photo uses)."""
    for photo in product.photos.all():
        photo_delete(photo=photo, editor=editor)
    maker_id = product.maker_id
    if product.pending_review:
        revision_ids_set(maker=product.maker, editor=editor, key="product_ids", remove=[product.pk])
    audit_record(
        actor=editor,
        action="product.delete",
        target=audit_target(product),
        subject=product,
        changes={"name": (product.name, None)},
    )
    product.delete()
    search_index_maker(maker_id=maker_id)


@transaction.atomic
@search_index_once()
def products_review_close(
    *,
    maker: Maker,
    product_ids: Iterable[int],
    before: Mapping[str, Mapping[str, Any]],
    approved: bool,
    operator: AbstractBaseUser,
) -> None:
    """The operators' decision on the products of `maker` that waited for review: approved,
    they are public; refused, a new one is removed and a changed one gets its approved
    values (`before`, by str(id)) back, public again."""
    waiting = Product.objects.filter(maker=maker, pk__in=list(product_ids), pending_review=True)
    for product in waiting:
        values = before.get(str(product.pk))
        if not approved and values is None:
            product_delete(product=product, editor=operator)
            continue
        changes = {"pending_review": (True, False)}
        if not approved:
            for name, value in values.items():
                field = "category_id" if name == "category" else name
                if getattr(product, field) != value:
                    changes[name] = (getattr(product, field), value)
                    setattr(product, field, value)
        product.pending_review = False
        product.version = F("version") + 1
        product.save()
        audit_record(
            actor=operator,
            action="product.approve" if approved else "product.restore",
            target=maker,
            subject=product,
            changes=changes,
            by_operator=True,
        )
    search_index_maker(maker_id=maker.pk)
