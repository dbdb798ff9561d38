"""Text folding shared by every lookup: gazetteer names, slugs, search terms; required texts."""

import re
import unicodedata
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

_SEPARATORS = re.compile(r"[\s\-‐‑–—'’`´_/.,;:()]+")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})


def fold(text: str) -> str:
    """`text` lower-cased, without accents, hyphens and apostrophes as single spaces.

    >>> fold("Saint-Émilion")
    'saint emilion'
    >>> fold("  L’Haÿ-les-Roses ")
    'l hay les roses'
    """
    text = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return _SEPARATORS.sub(" ", text.lower()).strip()


def text_required(text: str | None, message: str) -> str:
    """`text` stripped, or ValidationError(`message`) when nothing is left (a reason, a note
    that someone will read)."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(message, code="required")
    return text


# --- search terms -------------------------------------------------------------------------
# A word is a run of letters and digits once folded; elided articles and pronouns
# ("l'atelier", "qu'il", "d'art") lose their first letters before stemming.
_WORD = re.compile(r"[a-z0-9]+")
_ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)['’`´]", re.IGNORECASE)
STOP_WORDS_DIR = Path(__file__).parent / "stopwords"
# Language codes → PyStemmer's Snowball algorithms (docs/languages.md).
STEMMERS = {
    "ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "de": "german",
    "el": "greek", "en": "english", "es": "spanish", "et": "estonian", "eu": "basque",
    "fi": "finnish", "fr": "french", "ga": "irish", "hu": "hungarian", "hy": "armenian",
    "id": "indonesian", "it": "italian", "lt": "lithuanian", "nb": "norwegian", "ne": "nepali",
    "nl": "dutch", "nn": "norwegian", "no": "norwegian", "pl": "polish", "pt": "portuguese",
    "ro": "romanian", "ru": "russian", "sr": "serbian", "sv": "swedish", "ta": "tamil",
    "tr": "turkish",
}  # fmt: skip
# Plurals and derived forms the Snowball stemmer leaves apart but searchers expect to meet.
_IRREGULAR = {
    "fr": {
        "jeux": "jeu",
        "vitraux": "vitrail",
        "emaux": "email",
        "travaux": "travail",
        "chevaux": "cheval",
        "bocaux": "bocal",
        "metaux": "metal",
    },
}
_SUFFIXES = {"fr": (("isteries", "iste"), ("isterie", "iste"))}
_stemmers: dict[str, object] = {}
_stop_words: dict[str, frozenset[str]] = {}
_stem_cache: dict[str, dict[str, str]] = {}


def language_base(code: str) -> str:
    """The language of a language code, without its region: `en-gb` → `en`."""
    return (code or "").replace("_", "-").split("-")[0].lower()


def index_language() -> str:
    """The language the search index is built and queried in: the site's default language.

    Every search term comes from it, so changing LANGUAGE_CODE needs `manage.py
    search_rebuild` (docs/languages.md).
    """
    return language_base(settings.LANGUAGE_CODE)


def has_stemmer(language: str) -> bool:
    """Whether search terms can be made in `language` (a Snowball stemmer exists for it)."""
    return language_base(language) in STEMMERS


def stop_words(language: str) -> frozenset[str]:
    """The stop words of `language` (stopwords/<language>.txt, folded; none without a file);
    a regional code uses its language's: `fr-be` → fr.txt."""
    language = language_base(language)
    found = _stop_words.get(language)
    if found is None:
        path = STOP_WORDS_DIR / f"{language}.txt"
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else ()
        words = (fold(line.split("#", 1)[0]) for line in lines)
        found = _stop_words[language] = frozenset(word for word in words if word)
    return found


def _stemmer(language: str):
    language = language_base(language)  # `nl-be` stems as Dutch
    if language not in _stemmers:
        import Stemmer

        if language not in STEMMERS:
            # The system check (core/checks.py) stops a site configured so at startup.
            raise ValueError(f"No Snowball stemmer for the language {language!r}.")
        _stemmers[language] = Stemmer.Stemmer(STEMMERS[language])
    return _stemmers[language]


_COMBINING = re.compile(r"[\u0300-\u036f]+")


def search_words(text: str, language: str | None = None) -> list[str]:
    """The folded words of `text` (elisions and stop words dropped), before stemming.

    `language` defaults to the index language (`index_language()`), as for the functions below.
    """
    text = _ELISION.sub(" ", text).lower()
    if not text.isascii():
        # fold() for whole documents, with the accent removal in one regex (bulk indexing).
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text.translate(_LIGATURES)))
    dropped = stop_words(language or index_language())
    return [word for word in _WORD.findall(text) if word not in dropped]


def search_term(word: str, language: str | None = None) -> str:
    """The search term (stem) of one folded word: `meubles` → `meubl`, `jeux` → `jeu`."""
    language = language_base(language) if language else index_language()
    cache = _stem_cache.setdefault(language, {})
    term = cache.get(word)
    if term is None:
        term = _IRREGULAR.get(language, {}).get(word)
        if term is None:
            base = word
            for suffix, replacement in _SUFFIXES.get(language, ()):
                if base.endswith(suffix) and len(base) > len(suffix) + 2:
                    base = base[: -len(suffix)] + replacement
                    break
            term = _stemmer(language).stemWord(base) if len(base) > 2 else base
        if len(cache) < 200_000:
            cache[word] = term
    return term


def search_terms(text: str, language: str | None = None) -> list[str]:
    """The search terms of `text`, in order: folded, elisions and stop words dropped, stemmed.

    Indexing and querying both use it, so `Ébénisterie`, `ebenisterie` and `ébénistes` meet.

    >>> search_terms("L'Ébénisterie des Chênes", "fr")
    ['eben', 'chen']
    """
    language = language_base(language) if language else index_language()
    cache = _stem_cache.setdefault(language, {})
    return [cache.get(word) or search_term(word, language) for word in search_words(text, language)]


def search_languages() -> list[str]:
    """The site's languages that searches understand: the index language first, then the
    other languages of LANGUAGES that have a stemmer (their synonyms apply too)."""
    codes = [index_language(), *(language_base(code) for code, _name in settings.LANGUAGES)]
    return [code for code in dict.fromkeys(codes) if has_stemmer(code)]
