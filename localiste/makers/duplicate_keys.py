"""How two listings are compared for duplicates: the keys their contacts and names reduce to.

Each key has a Python function (the exact comparison) and, where the database must find
matches among a million listings, an SQL expression that an index can hold
(`DUPLICATE_INDEXES`). The SQL keys are coarse on purpose, so that they stay plain string
functions both SQLite and PostgreSQL run: the candidates they find are then compared with
the exact Python keys. This module imports no model, so `Maker.Meta` may use its indexes.
"""

import re
from functools import lru_cache
from urllib.parse import urlsplit

from django.db import models
from django.db.models.functions import Lower
from rapidfuzz.distance import Levenshtein

from localiste.core.text import fold

# --- phones -------------------------------------------------------------------------------
# "05 56 12 34 56", "05.56.12.34.56", "+33 5 56 12 34 56", "0033 (0)5 56 12 34 56" are one
# number. Its national significant number (NSN) is the digits after the international prefix
# and the country code, or after the trunk 0 when written the national way.
PHONE_SEPARATORS = (" ", ".", "-", "(", ")", "/", "+", "\u00a0", "\t")
# What the index holds: the last digits once separators are gone (the end of every way of
# writing a number is the same). Several numbers share a tail: the NSN decides.
PHONE_TAIL_LENGTH = 8
PHONE_MIN_DIGITS = 8  # shorter numbers (short codes, half-typed ones) are no signal
# E.164 country codes are prefix-free: these are the one- and two-digit ones, the rest have 3.
_CALLING_CODES_1 = frozenset("17")
_CALLING_CODES_2 = frozenset(
    {
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45",
        "46", "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61",
        "62", "63", "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94",
        "95", "98",
    }
)  # fmt: skip
_BRACKETED_TRUNK = re.compile(r"\(\s*0\s*\)")
_NOT_DIGIT = re.compile(r"\D")


def phone_tail(raw: str) -> str:
    """The key `PhoneTail` computes in SQL for `raw` (its last characters, separators off)."""
    for separator in PHONE_SEPARATORS:
        raw = raw.replace(separator, "")
    return raw[-PHONE_TAIL_LENGTH:]


def phone_number(raw: str) -> str:
    """The national significant number of `raw` ("" when it is not a usable number).

    >>> phone_number("+33 (0)5 56 12 34 56") == phone_number("05.56.12.34.56") == "556123456"
    True
    """
    text = _BRACKETED_TRUNK.sub("", raw.strip())
    digits = _NOT_DIGIT.sub("", text)
    international = text.startswith("+") or digits.startswith("00")
    if digits.startswith("00"):
        digits = digits[2:]
    if international:
        if digits[:1] in _CALLING_CODES_1:
            digits = digits[1:]
        elif digits[:2] in _CALLING_CODES_2:
            digits = digits[2:]
        else:
            digits = digits[3:]
    # The trunk prefix (0 in France), and a 0 written after the country code by mistake.
    digits = digits.lstrip("0")
    return digits if len(digits) >= PHONE_MIN_DIGITS else ""


class PhoneTail(models.Func):
    """SQL: the last PHONE_TAIL_LENGTH characters of a phone without its separators."""

    arity = 1
    output_field = models.CharField()

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        for separator in PHONE_SEPARATORS:
            sql = f"REPLACE({sql}, '{separator}', '')"
        if connection.vendor == "sqlite":
            return f"SUBSTR({sql}, -{PHONE_TAIL_LENGTH})", params
        return f"RIGHT({sql}, {PHONE_TAIL_LENGTH})", params


# --- websites -------------------------------------------------------------------------------
# Hosts where many makers have a page: sharing one is no sign of being one maker.
SHARED_SITES = frozenset(
    {
        "facebook.com", "fb.com", "fb.me", "instagram.com", "etsy.com", "linktr.ee",
        "linkedin.com", "youtube.com", "youtu.be", "tiktok.com", "pinterest.com",
        "pinterest.fr", "twitter.com", "x.com", "google.com", "goo.gl", "amazon.fr",
        "amazon.com", "ebay.fr", "ebay.com", "leboncoin.fr", "vinted.fr", "pagesjaunes.fr",
        "alittlemarket.com", "unitag.io", "tripadvisor.fr", "tripadvisor.com",
        "ateliersdart.com", "calameo.com", "helloasso.com", "mapado.com", "airbnb.fr",
    }
)  # fmt: skip
# Site builders give each maker a host of its own (dupont.wixsite.com): only the bare
# domain is shared.
SITE_BUILDERS = frozenset(
    {
        "wixsite.com", "wix.com", "jimdofree.com", "jimdo.com", "wordpress.com", "blogspot.com",
        "over-blog.com", "e-monsite.com", "webnode.fr", "sitew.com", "square.site",
        "myshopify.com", "bigcartel.com", "weebly.com", "godaddysites.com", "ueniweb.com",
    }
)  # fmt: skip
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def website_host(url: str) -> str:
    """The key `WebsiteHost` computes in SQL for `url`: its host as written, lower-cased."""
    text = url.translate(_ASCII_LOWER)
    start = text.find("//")
    after = text[start + 2 :] if start >= 0 else text[1:]  # as SQL's INSTR() = 0 does
    return after[: (after + "/").find("/")]


def website_domain(url: str) -> str:
    """The domain of `url` without `www.` ("" when none, or when many makers share it).

    >>> website_domain("HTTPS://www.Atelier-Dupont.fr/contact?x=1")
    'atelier-dupont.fr'
    """
    text = url.strip()
    if not text:
        return ""
    try:
        host = urlsplit(text if "//" in text else f"//{text}").hostname or ""
    except ValueError:
        return ""
    host = host.rstrip(".")
    host = host.removeprefix("www.")
    if "." not in host or host in SITE_BUILDERS:
        return ""
    if any(host == site or host.endswith(f".{site}") for site in SHARED_SITES):
        return ""
    return host


def website_hosts_of(domain: str) -> list[str]:
    """The SQL keys a website of `domain` may have (with and without `www.`)."""
    return [domain, f"www.{domain}"]


class WebsiteHost(models.Func):
    """SQL: the host of a URL as written (lower case): after `//`, before the first `/`."""

    arity = 1
    output_field = models.CharField()

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        find = "INSTR" if connection.vendor == "sqlite" else "STRPOS"
        lowered = f"LOWER({sql})"
        after = f"SUBSTR({lowered}, {find}({lowered}, '//') + 2)"
        host = f"SUBSTR({after}, 1, {find}({after} || '/', '/') - 1)"
        return host, [*params] * 4


# --- emails -------------------------------------------------------------------------------


def email_key(email: str) -> str:
    """`email` as compared: trimmed, lower-cased ("" for none)."""
    return email.strip().lower()


# --- names --------------------------------------------------------------------------------
# Words many workshops' names carry: "Atelier Dupont" and "Atelier Dupond" are compared as
# "dupont" and "dupond", and "Atelier Brume" and "Maison Brume" as one name.
GENERIC_NAME_WORDS = frozenset(
    {
        "atelier", "ateliers", "maison", "creations", "creation", "boutique", "studio",
        "artisan", "artisans", "artisanat", "fabrique", "manufacture", "sarl", "sas", "sasu",
        "eurl", "ei", "ets", "cie", "compagnie", "fils", "chez", "le", "la", "les", "l", "de",
        "du", "des", "d", "et", "au", "aux", "a", "en", "the", "and", "by", "co",
    }
)  # fmt: skip
# Two name keys are alike when they have as many words and each word differs from its
# counterpart by a few letters: one in words up to 10 letters ("dupont" / "dupond"), two up
# to 20, three beyond; none in words of 4 letters or fewer ("léa" / "léo" are two people).
NAME_EDITS = ((4, 0), (10, 1), (20, 2))
NAME_EDITS_BEYOND = 3
NEARBY_KM = 1.0
_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=65_536)  # names repeat (imports, chains): a bulk pass folds each once
def name_key(name: str) -> str:
    """The telling words of `name`, folded and sorted ("Atelier Dupont & Fils" → "dupont")."""
    words = _WORD.findall(fold(name.replace("&", " ")))
    telling = [word for word in words if word not in GENERIC_NAME_WORDS]
    return " ".join(sorted(telling or words))


def name_edits_allowed(length: int) -> int:
    """How many letters two words of (at least) `length` letters may differ by."""
    for longest, edits in NAME_EDITS:
        if length <= longest:
            return edits
    return NAME_EDITS_BEYOND


def name_edits_bound(key: str) -> int:
    """The most letters a name key alike `key` can differ from it by (a search cut-off)."""
    return sum(name_edits_allowed(len(word)) for word in key.split())


def name_similarity(key: str, other_key: str) -> float:
    """How alike two name keys are, 0–100: 0 unless they are alike (see NAME_EDITS).

    >>> name_similarity("dupont", "dupond") > 0 and name_similarity("brume", "plume") == 0
    True
    """
    words, other_words = key.split(), other_key.split()
    if not words or len(words) != len(other_words):
        return 0.0
    edits = 0
    for word, other_word in zip(words, other_words, strict=True):
        allowed = name_edits_allowed(min(len(word), len(other_word)))
        distance = Levenshtein.distance(word, other_word, score_cutoff=allowed)
        if distance > allowed:
            return 0.0
        edits += distance
    return round(100 * (1 - edits / max(len(key), len(other_key))), 1)


# The indexes the per-listing checks read (`Maker.Meta.indexes` adds them).
DUPLICATE_INDEXES = [
    models.Index(fields=["siret"], name="maker_siret"),
    models.Index(Lower("email"), name="maker_email_lower"),
    models.Index(PhoneTail("phone"), name="maker_phone_tail"),
    models.Index(WebsiteHost("website"), name="maker_website_host"),
    models.Index(fields=["latitude", "longitude"], name="maker_position"),
]
