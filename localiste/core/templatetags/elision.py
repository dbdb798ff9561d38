"""`{{ place|of_place }}`: a place name as it follows "of" in the active language.

French says "autour de Mérignac" but "autour d’Arcachon" and "autour du Haillan": the
preposition joins the name, so it cannot stay in the translated sentence. Sentences put the
preposition's slot in the name instead ("within %(km)s km of %(of_place)s" → "dans un rayon
de %(km)s km autour %(of_place)s"), and this filter fills it: "de Mérignac", "d’Arcachon",
"du Haillan" in French, the bare name in English.

"de" elides before a vowel ("d’Arcachon", "d’Écoyeux") and before a y followed by a
consonant ("d’Yvrac", but "de Yaoundé"). Before an h it does not, by default: most French
place names starting with an h have an h aspiré ("de Haux", "de Hure", "de Hautefort").
The few with a mute h are listed in MUTE_H, by their first word (so "Hendaye-Plage" elides
too); add a name only when "d’" is the form its inhabitants and its signs use.
"""

from django import template
from django.utils.translation import get_language

register = template.Library()

VOWELS = set("aeiouyàâäéèêëîïôöùûüÿœæ")
ARTICLES = {"le": "du", "les": "des"}  # "de La Teste", "de L’Isle": no contraction
# Place names whose h is mute: "d’Hourtin", "d’Hostens", "d’Hendaye", "d’Hossegor", "d’Hyères".
MUTE_H = frozenset({"hourtin", "hostens", "hendaye", "hossegor", "hyères"})


def _first_word(name: str) -> str:
    return name.replace("-", " ").split(" ", 1)[0].lower()


def _elides(name: str) -> bool:
    """Whether French "de" becomes "d’" before `name`: a vowel; a y before a consonant; an h
    only for the names of MUTE_H."""
    first, second = name[:1].lower(), name[1:2].lower()
    if first == "y":
        return bool(second) and second not in VOWELS
    if first == "h":
        return _first_word(name) in MUTE_H
    return first in VOWELS


def of_place_fr(name: str) -> str:
    """`name` after French "de": "de Mérignac", "d’Arcachon", "du Haillan", "des Billaux"."""
    article, _, rest = name.partition(" ")
    if rest and article.lower() in ARTICLES:
        return f"{ARTICLES[article.lower()]} {rest}"
    return f"d’{name}" if _elides(name) else f"de {name}"


@register.filter
def of_place(name) -> str:
    """`name` ready to follow the slot of "of" in a translated sentence: with its French
    preposition in French, unchanged in other languages."""
    name = str(name or "").strip()
    if not name:
        return ""
    return of_place_fr(name) if (get_language() or "").startswith("fr") else name
