"""Give the "how listings are ranked" page the search ranking formula.

Only a body still equal to the text shipped by 0002 is replaced (each language on its own):
an operator's edit is never overwritten. Unapplying restores the old default the same way.
"""

import importlib

from django.db import migrations

DEFAULTS = importlib.import_module("localiste.content.migrations.0002_default_pages")

SEARCH_FR = """\
## Dans la recherche

Lorsque vous cherchez par mots-clés, l'ordre des résultats dépend de la pertinence du texte \
et, si vous indiquez un lieu, de la distance. Aucun de ces éléments ne s'achète.

1. **La pertinence du texte.** Chacun de vos mots est cherché dans les fiches ; il compte \
selon le champ le plus fort où il apparaît : le **nom** de l'atelier (poids 10), ses \
**catégories** (6), ses **produits** (4), son **accroche** (3), puis son **histoire** et son \
savoir-faire (1). Le total est ramené entre 0 et 1. Les accents, les majuscules, le \
singulier ou le pluriel et les variantes d'un même mot ne comptent pas : « ébéniste » trouve \
aussi « ébénisterie » ; une petite faute de frappe sur un mot long est corrigée, et la page \
vous le signale. Si aucune fiche ne contient tous vos mots, la page le dit et montre celles \
qui en contiennent une partie.
2. **La complétude de la fiche** ajoute au plus 0,1 : une fiche avec photos, description et \
produits passe devant une fiche vide à pertinence égale. Elle ne dépend que du contenu de la \
fiche, jamais d'un paiement, d'un don ou d'une adhésion.
3. **La distance**, lorsque vous indiquez un lieu (commune, code postal ou adresse) ou votre \
position. Les ateliers situés au-delà du rayon choisi (5, 10, 25, 50 ou 100 km) sont \
écartés, et le score est divisé par (1 + distance ÷ 10 km) : un atelier à 10 km compte \
moitié moins qu'un atelier voisin à pertinence égale. Pour les fabricants qui travaillent \
chez eux, la distance est mesurée depuis leur commune.

En résumé : **score = (pertinence du texte + 0,1 × complétude) ÷ (1 + distance ÷ 10 km)**.

Les filtres (catégorie, label, services, territoire) réduisent la liste sans changer \
l'ordre. Vous pouvez aussi trier les résultats par distance ou par date d'inscription : \
c'est vous qui le choisissez.
"""

SEARCH_EN = """\
## In search

When you search with keywords, the order of results depends on how well the text matches \
and, when you give a place, on distance. None of this can be bought.

1. **How well the text matches.** Each of your words is looked for in the listings; it \
counts by the strongest field it appears in: the workshop's **name** (weight 10), its \
**categories** (6), its **products** (4), its **tagline** (3), then its **story** and \
know-how (1). The total is scaled between 0 and 1. Accents, capital letters, singular or \
plural and variants of the same word do not matter: in French, "ébéniste" also finds \
"ébénisterie"; a small typo in a long word is corrected, and the page tells you. If no \
listing holds all your words, the page says so and shows those holding some of them.
2. **How complete the listing is** adds at most 0.1: a listing with photos, a description \
and products comes before an empty one when relevance is equal. It depends only on the \
listing's content, never on a payment, a donation or a membership.
3. **Distance**, when you give a place (town, postcode or address) or your position. \
Workshops beyond the chosen radius (5, 10, 25, 50 or 100 km) are left out, and the score is \
divided by (1 + distance ÷ 10 km): a workshop 10 km away counts half as much as a \
neighbouring one of equal relevance. For makers who work from home, distance is measured \
from their town.

In short: **score = (text relevance + 0.1 × completeness) ÷ (1 + distance ÷ 10 km)**.

Filters (category, label, services, territory) narrow the list without changing its order. \
You may also sort the results by distance or by listing date: you are the one who chooses.
"""


def _replace_section(body: str, heading: str, next_heading: str, section: str) -> str:
    start, end = body.index(heading), body.index(next_heading)
    return body[:start] + section + "\n" + body[end:]


NEW_FR = _replace_section(
    DEFAULTS.RANKING_FR, "## Dans la recherche", "## Quand une fiche est retirée", SEARCH_FR
)
NEW_EN = _replace_section(
    DEFAULTS.RANKING_EN, "## In search", "## When a listing is removed", SEARCH_EN
)


def _swap(apps, replacements):
    SitePage = apps.get_model("content", "SitePage")
    page = SitePage.objects.filter(slug="classement").first()
    if page is None:
        return
    changed = []
    for field, (old, new) in replacements.items():
        if getattr(page, field) == old:
            setattr(page, field, new)
            changed.append(field)
    if changed:
        page.save(update_fields=changed)


def add_formula(apps, schema_editor):
    _swap(
        apps,
        {"body_fr": (DEFAULTS.RANKING_FR, NEW_FR), "body_en": (DEFAULTS.RANKING_EN, NEW_EN)},
    )


def remove_formula(apps, schema_editor):
    _swap(
        apps,
        {"body_fr": (NEW_FR, DEFAULTS.RANKING_FR), "body_en": (NEW_EN, DEFAULTS.RANKING_EN)},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0002_default_pages"),
    ]

    operations = [migrations.RunPython(add_formula, remove_formula)]
