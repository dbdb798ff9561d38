"""Reads of the messaging app: the maker a consumer writes to, a maker's inbox."""

from collections.abc import Iterable

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from localiste.core.emails import email_match
from localiste.makers.models import PUBLIC_PRODUCTS, Maker, Product
from localiste.messaging.models import ContactMessage

INBOX_PAGE_SIZE = 20


def maker_get_contactable(*, slug: str) -> Maker:
    """The published maker `slug`, with only what the contact pages need (else Http404)."""
    return get_object_or_404(
        Maker.objects.only("id", "name", "slug", "email", "status", "updated_at"),
        slug=slug,
        status=Maker.Status.PUBLISHED,
    )


def product_get_contactable(*, maker: Maker, slug: str) -> Product | None:
    """The published product `slug` of `maker`, None when no slug is given (else Http404)."""
    if not slug:
        return None
    return get_object_or_404(Product, PUBLIC_PRODUCTS, maker=maker, slug=slug)


def inbox_page(*, maker: Maker, page_number: str | None) -> Page:
    """Page `page_number` of `maker`'s messages, newest first (Http404 past the last one)."""
    messages = ContactMessage.objects.filter(maker=maker).select_related("product")
    paginator = Paginator(messages.order_by("-created_at", "-id"), INBOX_PAGE_SIZE)
    try:
        return paginator.page(page_number or 1)
    except Exception as error:  # InvalidPage: not a number, or no such page
        raise Http404(str(error)) from error


def inbox_unanswered_count(*, maker: Maker) -> int:
    """How many of `maker`'s messages wait for an answer (for a badge in the maker space)."""
    return ContactMessage.objects.filter(maker=maker, answered_at__isnull=True).count()


def contact_messages_sent_by(*, emails: Iterable[str]) -> QuerySet[ContactMessage]:
    """The messages sent to makers from these addresses (for "download my data")."""
    return (
        ContactMessage.objects.filter(email_match(emails, "sender_email"))
        .select_related("maker")
        .order_by("pk")
    )
