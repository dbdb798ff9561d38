"""Clicks on a listing's contact links (phone, website), counted without knowing the visitor.

The maker page carries, for each link, the address of a signed token naming the counter
(`maker.contact.phone` on object 42…): the endpoint counts what the token names and nothing
else, so it needs no lookup of the listing (metrics knows ids, not makers) and nobody can make
it count for an id the site never showed. The token has no expiry: a page
kept open for days must still count its links.
"""

from __future__ import annotations

from django.core import signing

# The kinds a click may count, by the name the page uses; the contact form counts
# `maker.contact` itself (messaging), the dashboard adds them up.
CLICK_KINDS = {
    "phone": "maker.contact.phone",
    "website": "maker.contact.website",
}
_SALT = "localiste.metrics.contact-click"


def click_token(*, link: str, object_id: int) -> str:
    """The signed token that makes the endpoint count a click on `link` for `object_id`."""
    if link not in CLICK_KINDS:
        raise ValueError(f"unknown contact link {link!r}")
    return signing.Signer(salt=_SALT).sign(f"{link}.{int(object_id)}")


def click_read(token: str) -> tuple[str, int] | None:
    """(counter kind, object id) that `token` names, or None when it is forged or malformed."""
    try:
        value = signing.Signer(salt=_SALT).unsign(token)
    except signing.BadSignature:
        return None
    link, _, object_id = value.partition(".")
    if link not in CLICK_KINDS or not object_id.isdigit():
        return None
    return CLICK_KINDS[link], int(object_id)
