"""What `maker_merge` moves from the absorbed listing to the survivor, and how it ends.

Products (a slug already taken gets a suffix), photos (of two logos or covers, the one not
kept joins the gallery), opening hours, places to buy, the team (the higher of two roles),
pending changes, suspicions of duplicates and old addresses; then the absorbed listing is
deleted without the files its photos shared. Each function runs inside the merge's
transaction.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import ngettext

from localiste.core.slugs import unique_slug
from localiste.core.text import fold
from localiste.makers.images import media_files_delete, photo_files
from localiste.makers.models import (
    DuplicateCandidate,
    Maker,
    MakerRevision,
    Membership,
    OpeningPeriod,
    Photo,
    Product,
    SalesPoint,
    SlugRedirect,
)
from localiste.makers.services.indexing import search_index_maker
from localiste.makers.services.listing import category_counts_refresh
from localiste.makers.services.practical import MAX_SALES_POINTS

ABSORBED = "absorbed"
ROLE_RANK = {Membership.Role.MANAGER: 0, Membership.Role.OWNER: 1}


def single_photo(maker: Maker, kind: str) -> Photo | None:
    """The logo (or cover) the public page of `maker` shows, if any."""
    return (
        maker.photos.filter(kind=kind, product=None, pending_review=False)
        .order_by("position", "id")
        .first()
    )


def products_move(survivor: Maker, absorbed: Maker) -> int:
    """Move the absorbed products after the survivor's; a product slug already taken there
    gets a suffix (-2…)."""
    last = survivor.products.aggregate(last=Max("position"))["last"]
    position = -1 if last is None else last
    taken = set(survivor.products.values_list("slug", flat=True))
    products = list(absorbed.products.order_by("position", "id"))
    for product in products:
        slug = product.slug
        if slug in taken:
            slug = unique_slug(product.name, Product.objects.filter(maker=survivor))
        position += 1
        taken.add(slug)
        # A new version: an edit started on the absorbed listing's product is refused.
        Product.objects.filter(pk=product.pk).update(
            maker=survivor, slug=slug, position=position, version=F("version") + 1
        )
    return len(products)


def photos_move(survivor: Maker, absorbed: Maker, chosen: dict) -> int:
    """Move every photo of `absorbed`; of two logos (covers), the one not kept becomes the
    last photo of the gallery."""
    gallery = Photo.Kind.GALLERY
    last = survivor.photos.filter(kind=gallery, product=None).aggregate(last=Max("position"))[
        "last"
    ]
    position = -1 if last is None else last
    for kind in (Photo.Kind.LOGO, Photo.Kind.COVER):
        mine, theirs = single_photo(survivor, kind), single_photo(absorbed, kind)
        if mine is None or theirs is None:
            continue
        demoted = mine if chosen.get(str(kind)) == ABSORBED else theirs
        position += 1
        Photo.objects.filter(pk=demoted.pk).update(
            kind=gallery, position=position, version=F("version") + 1
        )
    for photo in absorbed.photos.filter(kind=gallery, product=None).order_by("position", "id"):
        position += 1
        Photo.objects.filter(pk=photo.pk).update(position=position)
    return Photo.objects.filter(maker=absorbed).update(maker=survivor, version=F("version") + 1)


def hours_move(survivor: Maker, absorbed: Maker, chosen: dict) -> int:
    """The opening hours of the survivor, or the absorbed one's when it has none or they
    were chosen."""
    if not absorbed.opening_periods.exists():
        return 0
    if survivor.opening_periods.exists():
        if chosen.get("hours") != ABSORBED:
            return 0
        survivor.opening_periods.all().delete()
    return OpeningPeriod.objects.filter(maker=absorbed).update(maker=survivor)


def sales_points_move(survivor: Maker, absorbed: Maker) -> int:
    """Add the absorbed listing's places to buy that the survivor does not list already."""
    listed = {(point.kind, fold(point.name)) for point in survivor.sales_points.all()}
    last = survivor.sales_points.aggregate(last=Max("position"))["last"]
    position = -1 if last is None else last
    moving = [
        point
        for point in absorbed.sales_points.order_by("position", "id")
        if (point.kind, fold(point.name)) not in listed
    ]
    total = len(listed) + len(moving)
    if total > MAX_SALES_POINTS:
        raise ValidationError(
            ngettext(
                "Together the two listings give %(total)d place to buy, more than a page may "
                "hold (%(limit)d). Remove some before merging them.",
                "Together the two listings give %(total)d places to buy, more than a page may "
                "hold (%(limit)d). Remove some before merging them.",
                total,
            )
            % {"total": total, "limit": MAX_SALES_POINTS}
        )
    for point in moving:
        position += 1
        SalesPoint.objects.filter(pk=point.pk).update(maker=survivor, position=position)
    return len(moving)


def members_move(survivor: Maker, absorbed: Maker) -> int:
    """Put the absorbed listing's team on the survivor's; someone on both keeps the higher
    of their two roles."""
    mine = {membership.user_id: membership for membership in survivor.memberships.all()}
    moved = 0
    for membership in absorbed.memberships.all():
        current = mine.get(membership.user_id)
        if current is None:
            Membership.objects.filter(pk=membership.pk).update(maker=survivor)
            moved += 1
        elif ROLE_RANK[membership.role] > ROLE_RANK[current.role]:
            Membership.objects.filter(pk=current.pk).update(role=membership.role)
    return moved


def revisions_move(survivor: Maker, absorbed: Maker, operator: AbstractBaseUser) -> None:
    """Move the absorbed listing's pending changes and their history to the survivor.

    A listing has one pending revision at most: when both have one, the absorbed one's
    proposals for fields the survivor's does not touch join it (the operators review them
    there), and the absorbed revision is kept in the history as decided.
    """
    pending = MakerRevision.Status.PENDING
    theirs = absorbed.revisions.filter(status=pending).first()
    mine = survivor.revisions.select_for_update().filter(status=pending).first()
    if theirs is not None and mine is not None:
        mine.changes = {**theirs.changes, **mine.changes}
        mine.save(update_fields=["changes", "updated_at"])
        theirs.status = MakerRevision.Status.REJECTED
        theirs.decided_at = timezone.now()
        theirs.decided_by = operator
        theirs.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    MakerRevision.objects.filter(maker=absorbed).update(maker=survivor)


def candidates_follow(survivor: Maker, absorbed: Maker, operator: AbstractBaseUser) -> None:
    """Mark the pair merged, and give the survivor the absorbed listing's other suspicions
    (a pair an operator dismissed stays dismissed)."""
    now = timezone.now()
    low, high = sorted((survivor.pk, absorbed.pk))
    DuplicateCandidate.objects.filter(maker_id=low, other_id=high).update(
        status=DuplicateCandidate.Status.MERGED, decided_at=now, decided_by=operator
    )
    others = DuplicateCandidate.objects.filter(Q(maker=absorbed) | Q(other=absorbed)).exclude(
        maker_id=low, other_id=high
    )
    for candidate in others:
        third = candidate.other_id if candidate.maker_id == absorbed.pk else candidate.maker_id
        if third == survivor.pk:
            continue
        pair = sorted((survivor.pk, third))
        existing = DuplicateCandidate.objects.filter(maker_id=pair[0], other_id=pair[1]).first()
        if existing is None:
            DuplicateCandidate.objects.filter(pk=candidate.pk).update(
                maker_id=pair[0], other_id=pair[1]
            )
            continue
        both = {*existing.signals, *candidate.signals}
        signals = [signal for signal in DuplicateCandidate.Signal.values if signal in both]
        dismissed = DuplicateCandidate.Status.DISMISSED
        if candidate.status == dismissed and existing.status != dismissed:
            existing.status = dismissed
            existing.decided_at, existing.decided_by = candidate.decided_at, candidate.decided_by
        existing.signals = signals
        existing.score = max(existing.score, candidate.score)
        existing.save()


def redirects_follow(survivor: Maker, absorbed: Maker) -> None:
    """The absorbed listing's address, and the old ones that led to it, lead to the survivor."""
    SlugRedirect.objects.filter(maker=absorbed).update(maker=survivor)
    SlugRedirect.objects.update_or_create(old_slug=absorbed.slug, defaults={"maker": survivor})
    SlugRedirect.objects.filter(old_slug=survivor.slug).delete()  # it is a listing's again


def absorbed_delete(absorbed: Maker) -> None:
    """Delete what is left of `absorbed`: off the category counts and the search index, and
    the files of photos it still held once committed (those no other photo uses)."""
    category_ids = list(absorbed.category_links.values_list("category_id", flat=True))
    names = [name for photo in absorbed.photos.all() for name in photo_files(photo)]
    absorbed_id = absorbed.pk
    absorbed.delete()
    category_counts_refresh(category_ids=category_ids)
    search_index_maker(maker_id=absorbed_id)
    transaction.on_commit(lambda: media_files_delete(names=names))
