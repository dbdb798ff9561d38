"""Reads about an account: everything the site holds about a user, for "download my data"."""

from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import PurePosixPath
from uuid import UUID

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from localiste.core.emails import email_match
from localiste.makers.models import (
    Invitation,
    Maker,
    MakerCategory,
    Membership,
    OpeningPeriod,
    Photo,
    Product,
    SalesPoint,
)
from localiste.makers.selectors import makers_managed_by
from localiste.messaging.selectors import contact_messages_sent_by

EXPORT_FORMAT = "localiste-account-export/1"
# Columns never exported, even to their owner: credentials and secret tokens.
SECRET_FIELDS = frozenset({"password", "session_key", "key", "token", "secret", "token_hash"})
# Rows about a maker exported in a section of their own (or, for MakerCategory, derived).
MAKER_SECTIONS = (Product, Photo, OpeningPeriod, SalesPoint, Membership, MakerCategory)
USER_SECTIONS = (Membership, EmailAddress)


def jsonable(value):
    """`value` as JSON can hold it: dates in ISO 8601, decimals as strings, files as names."""
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    return value


def row_data(instance: models.Model) -> dict:
    """Every concrete column of `instance` but secrets, by field name (`<fk>_id` for keys)."""
    return {
        field.attname: jsonable(field.value_from_object(instance))
        for field in instance._meta.concrete_fields
        if field.name not in SECRET_FIELDS
    }


def rows_pointing_at(
    target: type[models.Model],
    pks: Iterable[int],
    *,
    skip: Iterable[type[models.Model]] = (),
    owner=None,
) -> dict[str, list[dict]]:
    """Rows of any other installed model whose foreign key points at one of `pks` of `target`.

    This picks up what later apps attach to a user or a maker (claims, invitations, messages,
    audit entries…) without this module knowing them: {"app_label.model": [rows]}. With
    `owner`, a row that names other accounts but not `owner` (another person's claim or
    invitation) is theirs, and left out.
    """
    pks = list(pks)
    found: dict[str, list[dict]] = {}
    skipped = set(skip)
    user_model = get_user_model()
    for model in apps.get_models():
        if model in skipped:
            continue
        fields = [field for field in model._meta.concrete_fields if field.is_relation]
        keys = [field for field in fields if field.related_model is target]
        if not keys or not pks:
            continue
        query = models.Q()
        for field in keys:
            query |= models.Q(**{f"{field.name}__in": pks})
        people = [field.attname for field in fields if field.related_model is user_model]
        rows = [
            row_data(row)
            for row in model._default_manager.filter(query).order_by("pk")
            if owner is None or row_belongs_to(row, people, owner)
        ]
        if rows:
            found[model._meta.label_lower] = rows
    return found


def row_belongs_to(row: models.Model, user_keys: list[str], owner) -> bool:
    """Whether `row` names no account at all, or names `owner`'s among others."""
    named = {getattr(row, key) for key in user_keys} - {None}
    return not named or owner.pk in named


def maker_data(maker: Maker, *, user) -> dict:
    """One listing with all its fields and what hangs off it, as the export shows it."""
    return {
        **row_data(maker),
        "url": maker.get_absolute_url(),
        "categories": list(
            maker.category_links.filter(is_direct=True)
            .order_by("category__slug")
            .values_list("category__slug", flat=True)
        ),
        "labels": sorted(maker.labels.values_list("slug", flat=True)),
        "territories": sorted(maker.territories.values_list("slug", flat=True)),
        "team": [
            {"user_id": membership.user_id, "role": membership.role}
            for membership in maker.memberships.order_by("pk")
        ],
        "products": [row_data(product) for product in maker.products.order_by("pk")],
        "photos": [
            {**row_data(photo), "file_in_archive": photo_archive_path(photo)}
            for photo in maker.photos.order_by("pk")
        ],
        "opening_periods": [row_data(period) for period in maker.opening_periods.order_by("pk")],
        "sales_points": [row_data(point) for point in maker.sales_points.order_by("pk")],
        "related": rows_pointing_at(Maker, [maker.pk], skip=MAKER_SECTIONS, owner=user),
    }


def photo_archive_path(photo: Photo) -> str:
    """Where the original image of `photo` sits in the export archive: a name of its own.

    The photo's id leads the file's name, so that two photos with one file name (a picture
    shared by several photos, or files of one name from two folders) are two entries, and
    each export of the account names the same photo alike.
    """
    return f"images/{photo.maker.slug}/{photo.pk}-{PurePosixPath(photo.image.name).name}"


def account_data(*, user) -> dict:
    """Everything held about `user`: their record, addresses, teams and listings, as JSON data.

    Nobody else's data: co-managers appear by user id only.
    """
    user_model = get_user_model()
    emails = account_emails(user)
    makers = list(makers_managed_by(user=user).order_by("pk"))
    return {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now().isoformat(),
        "site": settings.SITE_NAME,
        "user": row_data(user),
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "memberships": [
            {
                "maker_id": membership.maker_id,
                "maker": membership.maker.slug,
                "role": membership.role,
                "since": jsonable(membership.created_at),
            }
            for membership in user.memberships.select_related("maker").order_by("pk")
        ],
        "makers": [maker_data(maker, user=user) for maker in makers],
        "invitations_received": [
            {"maker": invitation.maker.name, **row_data(invitation)}
            for invitation in Invitation.objects.filter(email_match(emails, "email"))
            .select_related("maker")
            .order_by("pk")
        ],
        "messages_sent": messages_sent(emails),
        "related": rows_pointing_at(user_model, [user.pk], skip=USER_SECTIONS),
    }


def account_emails(user) -> set[str]:
    """Every address `user` is known by, lower-cased."""
    emails = {
        e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    if user.email:
        emails.add(user.email.lower())
    return emails


def messages_sent(emails: Iterable[str]) -> list[dict]:
    """The messages sent from these addresses to makers."""
    return [
        {"to_maker": message.maker.name, **row_data(message)}
        for message in contact_messages_sent_by(emails=emails)
    ]


def account_photos(*, user) -> list[Photo]:
    """The photos of every listing `user` manages, whose original files the export carries."""
    return list(
        Photo.objects.filter(maker__in=makers_managed_by(user=user))
        .select_related("maker")
        .order_by("maker_id", "pk")
    )
