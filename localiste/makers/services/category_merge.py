"""Merging a category into another.

A merge is how an operator removes a category that is still in use: its makers (their main
category and their other ones, each listed once), its products and its sub-categories move to
the target, its address redirects there for good, and it is deleted. The catalog knows nothing
of makers, so this lives here.

The operator's request changes only the tree, the makers' own links and what points at the
source (each moved maker's history says so); listing the makers under the target's ancestors,
recounting and re-indexing them is queued for the worker once the merge commits
(`category_relist`), as for a category given another parent.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from localiste.catalog.models import Category
from localiste.catalog.origins import category_origin_km_map_clear
from localiste.catalog.services import (
    category_depths_refresh,
    category_redirect_add,
    category_subtree_ids,
)
from localiste.makers.audit import audit_entry, audit_record, audit_record_many
from localiste.makers.models import KnowHow, Maker, MakerCategory, MakerRevision, Product
from localiste.makers.models.revision import SourceProposal
from localiste.makers.services.category_relist import CHUNK, category_makers_relist_later
from localiste.makers.services.knowhow import knowhow_map_rebuild
from localiste.search.models import Trade
from localiste.search.services import trade_save


@dataclass(frozen=True)
class CategoryMergePlan:
    """What merging `source` into `target` moves (shown to the operator before they confirm)."""

    source: Category
    target: Category
    makers: int
    products: int
    subcategories: int


def category_merge_plan(*, source: Category, target: Category) -> CategoryMergePlan:
    """What the merge of `source` into `target` would move, or ValidationError if it cannot be
    done (the same category, a sub-category of the source, a tree deeper than allowed)."""
    if source.pk == target.pk:
        raise ValidationError(_("Choose another category to merge this one into."))
    if target.pk in category_subtree_ids(source):
        raise ValidationError(
            _(
                "A category cannot be merged into one of its own sub-categories: move that "
                "one out of it first."
            )
        )
    if target.depth + source.levels_below() > Category.MAX_DEPTH:
        raise ValidationError(
            _(
                "Categories are at most %(depth)d levels deep: under “%(target)s”, the "
                "sub-categories of “%(source)s” would be deeper."
            )
            % {"depth": Category.MAX_DEPTH, "target": target, "source": source}
        )
    direct = MakerCategory.objects.filter(category=source, is_direct=True).values("maker_id")
    return CategoryMergePlan(
        source=source,
        target=target,
        makers=Maker.objects.filter(Q(primary_category=source) | Q(pk__in=direct)).count(),
        products=Product.objects.filter(category=source).count(),
        subcategories=source.children.count(),
    )


@transaction.atomic
def category_merge(
    *, source: Category, target: Category, actor: AbstractBaseUser | None
) -> CategoryMergePlan:
    """Move everything of `source` to `target`, redirect its address there, delete it; what
    moved. Recorded in the audit log as done by `actor`."""
    locked = Category.objects.select_for_update().in_bulk([source.pk, target.pk])
    if len(locked) != 2:
        raise ValidationError(_("One of these categories was deleted in the meantime."))
    source, target = locked[source.pk], locked[target.pk]
    plan = category_merge_plan(source=source, target=target)
    moved_below = category_subtree_ids(source)[1:]

    _makers_record(source=source, target=target, actor=actor)
    if Category.objects.filter(parent=source).update(parent=target):
        # The moved sub-categories now inherit the target's typical distance (transport
        # avoided): the cached map forgets the source's once the merge commits.
        transaction.on_commit(category_origin_km_map_clear)
    category_depths_refresh(category=target)
    _links_move(source=source, target=target)
    pages_move = KnowHow.objects.filter(categories=source).exists()
    _references_move(source=source, target=target)  # heritage pages' categories too
    if pages_move:
        knowhow_map_rebuild()  # the target's makers now lead to the source's pages
    _revisions_move(source=source, target=target)
    _source_values_move(source=source, target=target)
    _trades_move(source=source, target=target)
    category_redirect_add(old_slug=source.slug, category=target)
    audit_record(
        actor=actor,
        action="category.merge",
        target=target,
        changes={
            "category": (source, target),
            "makers_moved": (None, plan.makers),
            "products_moved": (None, plan.products),
            "subcategories_moved": (None, plan.subcategories),
        },
        by_operator=True,
    )
    source.delete()
    # The source's makers are now listed directly under the target, those of its
    # sub-categories there: the worker lists both under the target's ancestors.
    category_makers_relist_later(category_ids=[target.pk, *moved_below])
    return plan


def _makers_record(*, source: Category, target: Category, actor) -> None:
    """Record in the history of each maker listed directly under the source (as its main
    category or another one) that its categories changed, before they do."""
    categories = Category.objects.only("pk", "name_fr", "name_en").in_bulk()
    direct = MakerCategory.objects.filter(category=source, is_direct=True).values("maker_id")
    makers = list(
        Maker.objects.filter(Q(primary_category=source) | Q(pk__in=direct))
        .order_by("pk")
        .values_list("pk", "name", "primary_category_id")
    )

    def by_name(ids) -> list[Category]:
        return sorted((categories[pk] for pk in ids), key=lambda row: (row.name_fr, row.pk))

    for start in range(0, len(makers), CHUNK):
        chunk = makers[start : start + CHUNK]
        own: dict[int, set[int]] = defaultdict(set)
        links = MakerCategory.objects.filter(maker_id__in=[row[0] for row in chunk], is_direct=True)
        for maker_id, category_id in links.values_list("maker_id", "category_id"):
            own[maker_id].add(category_id)
        entries = []
        for maker_id, name, primary_id in chunk:
            others = own[maker_id] - {primary_id}
            new_primary = target.pk if primary_id == source.pk else primary_id
            new_others = {target.pk if pk == source.pk else pk for pk in others} - {new_primary}
            entries.append(
                audit_entry(
                    actor=actor,
                    action="maker.categories",
                    target=Maker(pk=maker_id, name=name),
                    changes={
                        "primary_category": (categories[primary_id], categories[new_primary]),
                        "other_categories": (by_name(others), by_name(new_others)),
                    },
                    by_operator=True,
                )
            )
        audit_record_many(entries)


def _links_move(*, source: Category, target: Category) -> None:
    """List under the target, once each, the makers listed under the source: directly (its
    own makers) or not (those of its sub-categories, which moved under the target)."""
    rows = list(
        MakerCategory.objects.filter(category=source)
        .order_by("maker_id")
        .values_list("maker_id", "is_direct")
    )
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        maker_ids = [maker_id for maker_id, _is_direct in chunk]
        direct = [maker_id for maker_id, is_direct in chunk if is_direct]
        in_target = list(
            MakerCategory.objects.filter(category=target, maker_id__in=maker_ids).values_list(
                "maker_id", flat=True
            )
        )
        # Those already under the target (directly or through a sub-category) are now there
        # directly if they were under the source so; the others have their row moved.
        MakerCategory.objects.filter(
            category=target, maker_id__in=set(in_target) & set(direct)
        ).update(is_direct=True)
        MakerCategory.objects.filter(category=source, maker_id__in=in_target).delete()
        MakerCategory.objects.filter(category=source, maker_id__in=maker_ids).update(
            category=target
        )


def _references_move(*, source: Category, target: Category) -> None:
    """Point at the target whatever else points at the source by a key: makers' main
    category, products, redirects, and the rows of other apps (heritage pages…) this module
    does not know, each kept once where it may be held once. What names a category in JSON
    or by its name is moved apart (`_revisions_move`, `_source_values_move`, `_trades_move`)."""
    for relation in Category._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete:
            continue
        if relation.related_model in (Category, MakerCategory):
            continue  # sub-categories and listings: moved above, with the tree in mind
        if relation.many_to_many:
            _many_to_many_move(relation, source=source, target=target)
        elif relation.one_to_many or relation.one_to_one:
            _foreign_keys_move(relation, source=source, target=target)


def _foreign_keys_move(relation, *, source: Category, target: Category) -> None:
    name = relation.field.name
    rows = relation.related_model._base_manager.filter(**{name: source})
    try:
        with transaction.atomic():
            rows.update(**{name: target})
    except IntegrityError:
        # A row that may exist once per category: where the target has its own, the source's
        # goes (it would duplicate it).
        for row in rows:
            try:
                with transaction.atomic():
                    type(row)._base_manager.filter(pk=row.pk).update(**{name: target})
            except IntegrityError:
                row.delete()


def _many_to_many_move(relation, *, source: Category, target: Category) -> None:
    field = relation.field
    through = field.remote_field.through
    if not through._meta.auto_created:
        return  # an explicit table: its app moves it
    owner, category = field.m2m_field_name(), field.m2m_reverse_field_name()
    holding_target = through.objects.filter(**{category: target}).values(owner)
    through.objects.filter(**{category: source, f"{owner}__in": holding_target}).delete()
    through.objects.filter(**{category: source}).update(**{category: target})


def _revisions_move(*, source: Category, target: Category) -> None:
    """Pending changes of a team that name the source name the target (they are approved
    later, when the source is gone)."""
    pending = MakerRevision.objects.filter(
        status=MakerRevision.Status.PENDING, changes__has_key="primary_category_id"
    )
    for revision in pending:
        changes = dict(revision.changes)
        primary = changes.get("primary_category_id")
        others = changes.get("other_category_ids") or []
        if source.pk != primary and source.pk not in others:
            continue
        primary = target.pk if primary == source.pk else primary
        changes["primary_category_id"] = primary
        moved = (target.pk if pk == source.pk else pk for pk in others)
        changes["other_category_ids"] = sorted({pk for pk in moved if pk != primary})
        MakerRevision.objects.filter(pk=revision.pk).update(changes=changes)


def _source_values_move(*, source: Category, target: Category) -> None:
    """What an import's source said of its listings (`Maker.source_values`), and its pending
    proposals, name the target where they named the source: a proposal applied later would
    look for a category that is gone, and the next import would take the source's unchanged
    value for a new one."""
    said = Maker.objects.filter(source_values__primary_category=source.pk).order_by("pk")
    maker_ids = list(said.values_list("pk", flat=True))
    for start in range(0, len(maker_ids), CHUNK):
        makers = list(Maker.objects.filter(pk__in=maker_ids[start : start + CHUNK]))
        for maker in makers:
            maker.source_values = {**maker.source_values, "primary_category": target.pk}
        Maker.objects.bulk_update(makers, ["source_values"])
    proposals = SourceProposal.objects.filter(
        status=SourceProposal.Status.PENDING, changes__primary_category=source.pk
    )
    for proposal in proposals:
        changes = {**proposal.changes, "primary_category": target.pk}
        SourceProposal.objects.filter(pk=proposal.pk).update(changes=changes)


def _trades_move(*, source: Category, target: Category) -> None:
    """Trades of the operators' vocabulary that lead to the source by its name (in either
    language) lead to the target, by its name in the same language."""
    for name in ("name_fr", "name_en"):
        for trade in Trade.objects.filter(category_name__iexact=getattr(source, name)):
            trade.category_name = getattr(target, name)
            trade_save(trade=trade)
