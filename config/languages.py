"""The site's languages from environment variables (LANGUAGE_CODE, LANGUAGES; docs/languages.md).

Kept apart from settings.py, which is evaluated once per process, so that tests can call it.
"""

from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


def language_code(code: str) -> str:
    """A language code as Django spells it: `fr_FR`, `FR-fr` → `fr-fr`."""
    return code.strip().replace("_", "-").lower()


def language_name(code: str) -> str | None:
    """The English name of `code` (Django translates it), from the full code if Django knows
    it (`en-gb` → "British English"), else from its base language (`fr-be` → "French");
    None for a language Django does not know."""
    for candidate in (code, code.split("-", 1)[0]):
        info = LANG_INFO.get(candidate, {})
        for fallback in info.get("fallback", ()):  # "zh-cn" → "zh-hans"
            info = LANG_INFO.get(fallback, info)
        if "name" in info:
            return info["name"]
    return None


def site_languages(default: str, offered: list[str]) -> tuple[str, list[tuple[str, object]]]:
    """(LANGUAGE_CODE, LANGUAGES) from the environment's values: codes normalised, the default
    one first, each named; ImproperlyConfigured for a code whose language Django does not know.

    >>> site_languages("fr_BE", ["nl-BE", "fr-be"])[0]
    'fr-be'
    """
    default = language_code(default) or "fr"
    codes = list(dict.fromkeys([default, *(language_code(code) for code in offered if code)]))
    names = {code: language_name(code) for code in codes}
    if unknown := [code for code, name in names.items() if name is None]:
        # Django itself cannot start without a catalogue for the default language: say why.
        raise ImproperlyConfigured(
            f"LANGUAGE_CODE / LANGUAGES: unknown language codes {unknown} "
            "(use Django's codes, such as fr, en, nl-be: docs/languages.md)."
        )
    return default, [(code, _(names[code])) for code in codes]
