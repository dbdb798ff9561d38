"""Fixtures of the alert tests: the Gironde gazetteer, the site's address, a category, and
helpers to act as the visitor does (the form read from the search page, links from mails)."""

import re
from html import unescape

import pytest

from localiste.catalog.tests.factories import CategoryFactory
from localiste.mail.outbox import outbox_deliver_due
from localiste.places.services import gazetteer_load, territory_sync_from_places

SITE = "https://makers.example.org"
# Mérignac's town hall, roughly: the searches below are around the commune of Mérignac.
KM_PER_DEGREE = 111.2


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.SITE_NAME = "Localiste Gironde"
    settings.SITE_CONTACT_EMAIL = "contact@makers.example.org"


@pytest.fixture
def gironde(db):
    gazetteer_load(department="33")
    territory_sync_from_places()


@pytest.fixture
def ceramics(db):
    return CategoryFactory(slug="t-ceramique", name_fr="Céramique", name_en="Ceramics")


def alert_form_fields(html: str) -> dict[str, list[str]]:
    """The fields of the “Tell me” form of a search page, as a browser would send them."""
    form = re.search(r'<form class="alert-offer[^"]*"[^>]*>(.*?)</form>', html, re.S)
    assert form, "no alert form on the page"
    fields: dict[str, list[str]] = {}
    for tag in re.findall(r"<input\b[^>]*>", form.group(1)):
        name = re.search(r'name="([^"]*)"', tag).group(1)
        value = re.search(r'value="([^"]*)"', tag)
        fields.setdefault(name, []).append(unescape(value.group(1)) if value else "")
    return fields


def received(smtp) -> list:
    """The mails the SMTP server received since the last call (the outbox delivered first)."""
    outbox_deliver_due()
    messages = list(smtp.inbox.messages)
    smtp.inbox.messages.clear()
    return messages


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link(body: str, pattern: str) -> str:
    """The path of the first link to this site matching `pattern` in `body`."""
    return re.search(rf"{re.escape(SITE)}({pattern})", body).group(1)
