"""A row's category, found in the category tree by its slug or its name (either language).

The tree holds non-food goods only, so a category it lacks is unknown; one whose words say
food or drink ("Boulangerie", "Vins et spiritueux", "Cheese") is told apart, so that the
operator reads why such rows are refused rather than "unknown".
"""

from __future__ import annotations

from localiste.catalog.models import Category
from localiste.catalog.selectors import category_old_slugs
from localiste.core.slugs import slug_base
from localiste.core.text import fold
from localiste.opendata.imports.reasons import Skip

# Words of food and drink trades, folded, singular (a final s or x is dropped to compare).
_FOOD_TEXT = """
    alimentation alimentaire agroalimentaire boulangerie boulanger patisserie patissier
    viennoiserie pain boucherie boucher charcuterie charcutier traiteur fromagerie fromage
    fromager cremerie epicerie epicier primeur maraicher poissonnerie poissonnier volaille
    viande conserverie restaurant restauration brasserie brasseur biere cidre vin vigneron
    viticulteur viticulture caviste spiritueux distillerie liqueur chocolat chocolaterie
    chocolatier confiserie confiseur biscuiterie biscuit nougat macaron canele miel apiculteur
    apiculture confiture glacier cafe torrefaction torrefacteur epice boisson jus sirop
    food bakery baker pastry butcher cheese grocery grocer catering caterer wine winery beer
    brewery cider chocolate confectionery honey coffee drink beverage juice meat fish
"""
FOOD_WORDS = frozenset(_FOOD_TEXT.split())


def is_food(text: str) -> bool:
    """Whether `text` (a category as a file names it) speaks of food or drink."""
    words = fold(text).split()
    return any(word in FOOD_WORDS or word.rstrip("sx") in FOOD_WORDS for word in words)


class CategoryFinder:
    """Finds categories of the tree by slug or name; the tree is read once per import. The
    old slug of a category merged or renamed finds the one it leads to now (a file made
    before the change still imports)."""

    def __init__(self):
        self.by_name: dict[str, Category] = {}
        for category in Category.objects.order_by("depth", "position", "pk"):
            for name in (category.slug, fold(category.name_fr), fold(category.name_en)):
                self.by_name.setdefault(name, category)
        for old_slug, category in category_old_slugs().items():
            self.by_name.setdefault(old_slug, category)

    def find(self, text: str) -> Category:
        """The category `text` names, or Skip (food, or unknown)."""
        text = text.strip()
        category = self.by_name.get(text) or self.by_name.get(fold(text))
        category = category or self.by_name.get(slug_base(text))
        if category is not None:
            return category
        if is_food(text):
            raise Skip("food_category", value=text)
        raise Skip("unknown_category", value=text)
