"""Text folding shared by every lookup: gazetteer names, slugs, search terms."""

import re
import unicodedata

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
