"""Names of people, workshops and streets, and French identifiers (phone, SIRET)."""

import re
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from random import Random

from localiste.core.slugs import slug_base
from localiste.core.text import fold
from localiste.opendata.demo.banks import CraftBank, words

# A landline's first two digits by region code (the 01–05 zones); mobiles start 06/07.
_PHONE_ZONES = {"11": "01", "24": "02", "28": "02", "52": "02", "53": "02", "27": "03"}
_PHONE_ZONES |= {"32": "03", "44": "03", "84": "04", "93": "04", "94": "04", "75": "05"}
_PHONE_ZONES |= {"76": "05"}


@dataclass(slots=True)
class Person:
    first: str
    surname: str
    feminine: bool


def person(rng: Random) -> Person:
    feminine = rng.random() < 0.55
    first = rng.choice(words()["first_names_f" if feminine else "first_names_m"])
    return Person(first, rng.choice(words()["surnames"]), feminine)


class MakerNamer:
    """Workshop names from weighted patterns ("Atelier Brume", "Les Bois de Léa")."""

    def __init__(self) -> None:
        patterns = words()["maker_patterns"]
        self.patterns = [pattern for pattern, _ in patterns]
        self.cum_weights = list(accumulate(weight for _, weight in patterns))
        self.evocative = words()["evocative_words"]
        self.sites_m = words()["sites_m"]
        self.sites_f = words()["sites_f"]

    def name(self, rng: Random, bank: CraftBank, owner: Person, locality: str) -> str:
        pattern = rng.choices(self.patterns, cum_weights=self.cum_weights)[0]
        trade_word = rng.choice(bank.name_words)
        if trade_word.endswith(" de"):
            # "Les Bois de" only reads well before a person's name.
            return _elide(f"{trade_word} {owner.first}")
        if "{locality}" in pattern and len(locality) > 22:
            pattern = "{trade_word} {surname}"
        word = rng.choice(self.evocative)
        return _elide(
            pattern.format(
                word=word,
                word2=rng.choice([w for w in self.evocative if w != word]),
                first=owner.first,
                surname=owner.surname,
                trade_word=trade_word,
                plural=_plural_of(trade_word),
                site_m=rng.choice(self.sites_m),
                site_f=rng.choice(self.sites_f),
                locality=locality,
            )
        )


_ELISION = re.compile(r"\b([Dd])e ([AEIOUYHÉÈÊÂÎÔaeiouyhéèêâîô])")


def _elide(text: str) -> str:
    """French elision: "de Inès" → "d'Inès"."""
    return _ELISION.sub(r"\1'\2", text)


def _plural_of(trade_word: str) -> str:
    if trade_word.endswith(("s", "x")):
        return trade_word
    if trade_word in {"Atelier", "Maison", "Fil"} or trade_word.endswith("erie"):
        return "Créations"
    return trade_word + "s"


def initials(name: str) -> str:
    """Two letters for a monogram: the first letters of the two most telling words."""
    small = {"de", "du", "des", "la", "le", "les", "l", "d", "et", "&", "en", "aux"}
    parts = [part for part in name.replace("'", " ").split() if part.lower() not in small]
    letters = [part[0].upper() for part in parts if part[0].isalpha()]
    return "".join(letters[-2:] if len(letters) > 2 else letters) or "A"


def street(rng: Random, *, cum_weights: list[float] | None = None) -> str:
    types = words()["street_types"]
    kind = rng.choices([name for name, _ in types], cum_weights=cum_weights)[0]
    if kind == "lieu-dit":
        return f"Lieu-dit {rng.choice(words()['lieux_dits'])}"
    name = rng.choice(words()["street_names"])
    number = rng.randint(1, 140) if rng.random() < 0.9 else rng.randint(1, 12)
    suffix = " bis" if rng.random() < 0.04 else ""
    if kind in {"chemin", "route"} and rng.random() < 0.4:
        return f"{number * 3}{suffix} {kind} {name}"
    return f"{number}{suffix} {kind} {name}"


def street_weights() -> list[float]:
    return list(accumulate(weight for _, weight in words()["street_types"]))


def phone(rng: Random, region_code: str, department_code: str) -> str:
    if rng.random() < 0.55:
        first = rng.choice(("06", "07"))
        rest = [rng.randint(0, 99) for _ in range(4)]
    else:
        first = _PHONE_ZONES.get(region_code, "09")
        second = rng.choice((56, 57)) if department_code == "33" else rng.randint(10, 99)
        rest = [second, *(rng.randint(0, 99) for _ in range(3))]
    return " ".join([first, *(f"{part:02d}" for part in rest)])


def siret(rng: Random) -> str:
    """14 digits passing the Luhn check, as real SIRET numbers do."""
    digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(12)]
    total = 0
    for position, digit in enumerate(reversed(digits)):
        if position % 2 == 0:
            digit *= 2
            digit -= 9 if digit > 9 else 0
        total += digit
    return "".join(map(str, digits)) + str((10 - total % 10) % 10)


def of(name: str) -> str:
    """ "de" before a name, contracted as French wants: "des Bois de Léa", "d'Atelier Brume"."""
    for article, contracted in (("Les ", "des "), ("Le ", "du ")):
        if name.startswith(article):
            return contracted + name[len(article) :]
    return _elide(f"de {name}")


def ascii_letters(letters: str) -> str:
    """The monogram's letters without accents, for file names and the drawing."""
    return fold(letters).upper().replace(" ", "") or "A"


def at_place(locality: str) -> str:
    """ "à Talence", "au Teich", "aux Artigues-près-Bordeaux"."""
    for article, contracted in (("Le ", "au "), ("Les ", "aux ")):
        if locality.startswith(article):
            return contracted + locality[len(article) :]
    return f"à {locality}"


def of_place(locality: str) -> str:
    """ "de Talence", "du Teich", "d'Arcachon"."""
    return of(locality)


@cache
def slug_of(name: str) -> str:
    """`slug_base(name)`, remembered: generated names repeat a lot."""
    return slug_base(name)
