"""Text folding shared by every lookup: gazetteer names, slugs, search terms; required texts."""

import re
import unicodedata

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
_STOP_WORDS = {
    "fr": frozenset(
        (
            "a",
            "au",
            "aux",
            "avec",
            "ce",
            "ces",
            "dans",
            "de",
            "des",
            "du",
            "elle",
            "en",
            "et",
            "est",
            "il",
            "ils",
            "je",
            "la",
            "le",
            "les",
            "leur",
            "lui",
            "ma",
            "mais",
            "me",
            "mes",
            "mon",
            "ne",
            "nos",
            "notre",
            "nous",
            "on",
            "ou",
            "par",
            "pas",
            "pour",
            "qu",
            "que",
            "qui",
            "sa",
            "se",
            "ses",
            "son",
            "sur",
            "ta",
            "te",
            "tes",
            "ton",
            "tu",
            "un",
            "une",
            "vos",
            "votre",
            "vous",
            "y",
        )
    ),  # fmt: skip
    "en": frozenset(
        (
            "a",
            "an",
            "and",
            "are",
            "as",
            "at",
            "be",
            "by",
            "for",
            "from",
            "in",
            "is",
            "it",
            "its",
            "of",
            "on",
            "or",
            "that",
            "the",
            "to",
            "with",
        )
    ),  # fmt: skip
}
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
    "en": {},
}
_SUFFIXES = {"fr": (("isteries", "iste"), ("isterie", "iste")), "en": ()}
_STEMMER_NAMES = {"fr": "french", "en": "english"}
_stemmers: dict[str, object] = {}
_stem_cache: dict[str, dict[str, str]] = {}


def _stemmer(language: str):
    if language not in _stemmers:
        import Stemmer

        _stemmers[language] = Stemmer.Stemmer(_STEMMER_NAMES.get(language, "french"))
    return _stemmers[language]


_COMBINING = re.compile(r"[\u0300-\u036f]+")


def search_words(text: str, language: str = "fr") -> list[str]:
    """The folded words of `text` (elisions and stop words dropped), before stemming."""
    text = _ELISION.sub(" ", text).lower()
    if not text.isascii():
        # fold() for whole documents, with the accent removal in one regex (bulk indexing).
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text.translate(_LIGATURES)))
    stop_words = _STOP_WORDS.get(language, _STOP_WORDS["fr"])
    return [word for word in _WORD.findall(text) if word not in stop_words]


def search_term(word: str, language: str = "fr") -> str:
    """The search term (stem) of one folded word: `meubles` → `meubl`, `jeux` → `jeu`."""
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


def search_terms(text: str, language: str = "fr") -> list[str]:
    """The search terms of `text`, in order: folded, elisions and stop words dropped, stemmed.

    Indexing and querying both use it, so `Ébénisterie`, `ebenisterie` and `ébénistes` meet.

    >>> search_terms("L'Ébénisterie des Chênes")
    ['eben', 'chen']
    """
    cache = _stem_cache.setdefault(language, {})
    return [cache.get(word) or search_term(word, language) for word in search_words(text, language)]
