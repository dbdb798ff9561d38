"""Mail to a listing's team, written in the language the team chose (`Maker.language`).

The language is the maker space's at the start of the listing, then whatever the team picks
in the practical step; every mail the site sends about a listing to its team (freshness
requests, suspension, the operators' decisions) is written in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from localiste.mail.outbox import outbox_headers
from localiste.makers.models import Maker


def language_supported(code: str | None) -> str:
    """`code` if the site speaks it (fr, en…), else the site's default language."""
    code = (code or "").lower().split("-")[0]
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def maker_language(maker: Maker) -> str:
    """The language mails to `maker`'s team are written in."""
    return language_supported(maker.language)


def maker_mail_recipients(maker: Maker) -> list[str]:
    """Where mail about `maker` goes: its contact email, else its team members' addresses."""
    if maker.email:
        return [maker.email]
    emails = maker.memberships.exclude(user__email="").values_list("user__email", flat=True)
    return sorted(set(emails))


def maker_mail(
    *,
    maker: Maker,
    template: str,
    context: Mapping[str, Any] | None = None,
    bulk: bool = False,
    reference: str = "",
) -> EmailMessage | None:
    """The mail `template` (`<template>_subject.txt` and `<template>_message.txt`) to
    `maker`'s team in its language, ready to send; None when there is no address to write to.

    `context` is rendered with `maker` and `site_name` added, under the team's language, so
    that dates come out in it (build the links it holds inside `translation.override` too).
    Mail sent in numbers (`bulk`) can be unsubscribed from.
    """
    recipients = maker_mail_recipients(maker)
    if not recipients:
        return None
    with translation.override(maker_language(maker)):
        values = {"maker": maker, "site_name": settings.SITE_NAME, **(context or {})}
        subject = render_to_string(f"{template}_subject.txt", values).strip()
        body = render_to_string(f"{template}_message.txt", values)
    headers = outbox_headers(reference=reference, bulk=bulk)
    return EmailMessage(subject, body, to=recipients, headers=headers)


def maker_mail_send(**kwargs: Any) -> bool:
    """Queue `maker_mail(**kwargs)` in the outbox; False when there was no address."""
    message = maker_mail(**kwargs)
    if message is None:
        return False
    message.send()
    return True


def maker_reference(maker: Maker, what: str) -> str:
    """What the outbox calls a mail about `maker` (`what`: freshness, suspension…)."""
    return f"makers.maker:{maker.pk}:{what}"
