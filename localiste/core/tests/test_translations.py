"""The translation catalogs are complete, compiled, and actually used by the site.

`msgfmt --check` validates every django.po under localiste/locale (syntax, header, and the
python-format placeholders of every flagged message); its statistics must show no fuzzy and
no untranslated message. The compiled .mo files must match their .po (a stale .mo would
silently serve old or missing translations), and a few key strings must come out in French
with the French language active and in English with the English one.
"""

import gettext as gnu_gettext
import os
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.dates import WEEKDAYS

from localiste.core.templatetags.prices import price_text

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
PO_FILES = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po"))
NBSP = "\u00a0"

needs_msgfmt = pytest.mark.skipif(
    shutil.which("msgfmt") is None,
    reason="msgfmt (GNU gettext) is not installed; apt-get install gettext to check the catalogs",
)


def _po_id(path: Path) -> str:
    return path.relative_to(LOCALE_DIR).parts[0]


def _msgfmt(*args: str) -> subprocess.CompletedProcess:
    # C locale: msgfmt translates its own statistics line otherwise.
    env = {**os.environ, "LC_ALL": "C", "LANGUAGE": "C"}
    return subprocess.run(["msgfmt", *args], capture_output=True, text=True, env=env, check=False)


def test_there_are_catalogs():
    assert PO_FILES, f"no django.po under {LOCALE_DIR}"


@needs_msgfmt
@pytest.mark.parametrize("po", PO_FILES, ids=_po_id)
def test_catalog_is_valid_and_complete(po):
    result = _msgfmt("--check", "--statistics", "-o", os.devnull, str(po))
    assert result.returncode == 0, result.stderr
    stats = result.stderr.strip().splitlines()[-1]
    translated = re.search(r"(\d+) translated message", stats)
    fuzzy = re.search(r"(\d+) fuzzy translation", stats)
    untranslated = re.search(r"(\d+) untranslated message", stats)
    assert translated and int(translated.group(1)) > 0, stats
    assert not fuzzy, f"{po}: {stats}"
    assert not untranslated, f"{po}: {stats}"


@needs_msgfmt
@pytest.mark.parametrize("po", PO_FILES, ids=_po_id)
def test_compiled_catalog_matches_its_source(po, tmp_path):
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run `manage.py compilemessages`"
    fresh = tmp_path / "fresh.mo"
    result = _msgfmt("-o", str(fresh), str(po))
    assert result.returncode == 0, result.stderr
    with mo.open("rb") as shipped_file, fresh.open("rb") as fresh_file:
        shipped = gnu_gettext.GNUTranslations(shipped_file)._catalog
        expected = gnu_gettext.GNUTranslations(fresh_file)._catalog
    assert shipped == expected, f"{mo} is out of date: run `manage.py compilemessages`"


def _placeholders(text: str) -> list[str]:
    """%(name)s, %s, %d, {name} and HTML tags, in a comparable (sorted) form."""
    found = re.findall(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|</?[a-zA-Z][^>]*>", text)
    return sorted(found)


@needs_msgfmt
@pytest.mark.parametrize("po", PO_FILES, ids=_po_id)
def test_translations_keep_placeholders_tags_and_edge_whitespace(po, tmp_path):
    mo = tmp_path / "catalog.mo"
    assert _msgfmt("-o", str(mo), str(po)).returncode == 0
    with mo.open("rb") as handle:
        catalog = gnu_gettext.GNUTranslations(handle)._catalog
    problems = []
    for key, msgstr in catalog.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if not msgid:  # the header
            continue
        if _placeholders(msgid) != _placeholders(msgstr):
            problems.append(f"{msgid!r} -> {msgstr!r}: placeholders or tags differ")
        for edge in (str.startswith, str.endswith):
            for blank in (" ", "\n"):
                if edge(msgid, blank) != edge(msgstr, blank):
                    problems.append(f"{msgid!r} -> {msgstr!r}: leading/trailing blank differs")
    assert not problems, "\n".join(problems)


@needs_msgfmt
def test_french_typography(tmp_path):
    """A no-break space, never a plain one, before : ; ! ? and € and inside « »."""
    po = LOCALE_DIR / "fr" / "LC_MESSAGES" / "django.po"
    mo = tmp_path / "fr.mo"
    assert _msgfmt("-o", str(mo), str(po)).returncode == 0
    with mo.open("rb") as handle:
        catalog = gnu_gettext.GNUTranslations(handle)._catalog
    bad = [
        msgstr
        for key, msgstr in catalog.items()
        if (key[0] if isinstance(key, tuple) else key)
        and re.search(
            # A colon between two words is a code (EPSG:4326, [out:json]), not punctuation.
            r"[ \t][:;!?€»]|«[ \t]|\w[;!?»]|\w:(?!\w)|\d€",
            re.sub(r"://|mailto:|tel:", "", msgstr),
        )
    ]
    assert not bad, bad


def test_key_strings_in_french_and_english():
    template = Template(
        "{% load i18n %}{% translate 'Skip to main content' %}|"
        "{% blocktranslate count counter=n %}{{ counter }} maker{% plural %}"
        "{{ counter }} makers{% endblocktranslate %}"
    )
    with translation.override("fr"):
        assert template.render(Context({"n": 1})) == "Aller au contenu principal|1 fabricant"
        assert template.render(Context({"n": 3})).endswith("|3 fabricants")
        assert translation.gettext("Where else to buy") == "Où acheter aussi"
        assert translation.gettext("Made to order") == "Sur commande"
        assert translation.gettext("What are you looking for?") == f"Que cherchez-vous{NBSP}?"
        assert price_text("fixed", Decimal("35"), None) == f"35{NBSP}€"
        assert price_text("range", Decimal("40"), Decimal("120")) == f"de 40 à 120{NBSP}€"
        assert price_text("quote", None, None) == "Sur devis"
        # Lower case: the weekday also appears mid-sentence ("… ouvre lundi à 09:00").
        assert str(WEEKDAYS[0]) == "lundi"
    with translation.override("en"):
        assert template.render(Context({"n": 1})) == "Skip to main content|1 maker"
        assert translation.gettext("Where else to buy") == "Where else to buy"
        assert price_text("fixed", Decimal("35"), None) == "€35"
        assert price_text("range", Decimal("40"), Decimal("120")) == "€40 to €120"
        assert str(WEEKDAYS[0]) == "Monday"
