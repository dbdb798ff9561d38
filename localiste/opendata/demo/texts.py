"""A maker's tagline, story and know-how (Markdown), assembled from the phrase banks."""

from random import Random

from localiste.opendata.demo.banks import CraftBank, words
from localiste.opendata.demo.names import Person, at_place, of_place
from localiste.opendata.demo.techniques import NOT_A_BODY

TAGLINE_MAX = 160


def _two(rng: Random, items: tuple[str, ...]) -> tuple[str, str]:
    if len(items) < 2:
        return items[0], items[0]
    first, second = rng.sample(items, 2)
    return first, second


def _made_of(bank: CraftBank, *drawn: str) -> tuple[str, ...]:
    """`drawn` with each material no piece is made of (a glaze, a thread: never "commence
    par peintures à l'eau") swapped for the bank's first one that is, drawing nothing more
    (the rest of the demo stays as the seed gave it)."""
    bodies = [material for material in bank.materials if material not in NOT_A_BODY]
    chosen = []
    for material in drawn:
        if material in NOT_A_BODY:
            material = next((body for body in bodies if body not in drawn + tuple(chosen)),
                            material)  # fmt: skip
        chosen.append(material)
    return tuple(chosen)


def tagline(rng: Random, bank: CraftBank, *, category: str, locality: str, in_area: str) -> str:
    """One of the bank's taglines; its {material} is one the tagline's technique works."""
    index = rng.randrange(len(bank.taglines))
    text = bank.taglines[index].format(
        material=rng.choice(bank.tagline_materials[index]),
        at_locality=at_place(locality),
        of_locality=of_place(locality),
        in_area=in_area,
        category=category,
        category_lower=category.lower(),
    )
    if len(text) > TAGLINE_MAX:
        text = bank.taglines[-1].format(
            material=bank.tagline_materials[-1][0],
            at_locality="",
            of_locality="",
            in_area=in_area,
            category=category,
            category_lower="",
        )
    return text[:TAGLINE_MAX]


def story(
    rng: Random,
    bank: CraftBank,
    *,
    name: str,
    owner: Person,
    locality: str,
    founded_year: int,
    paragraphs: int,
) -> str:
    """2–4 paragraphs: how the workshop started, its materials, its values, visiting it."""
    bank_words = words()
    material, material2 = _made_of(bank, *_two(rng, bank.materials))
    values = {
        "first": owner.first,
        "surname": owner.surname,
        "e": "e" if owner.feminine else "",
        "trade": bank.trade_f if owner.feminine else bank.trade_m,
        "career": rng.choice(bank_words["careers_f" if owner.feminine else "careers_m"]),
        "year": founded_year,
        "locality": locality,
        "at_locality": at_place(locality),
        "of_locality": of_place(locality),
        "name": name,
        "material": material,
        "material2": material2,
    }
    parts = [
        rng.choice(bank_words["story_origin"]),
        rng.choice(bank_words["story_materials"]),
        rng.choice(bank_words["story_values"]),
        rng.choice(bank_words["story_visit"]),
    ]
    if paragraphs < 4:
        del parts[rng.randint(2, 3)]
    if paragraphs < 3:
        del parts[2]
    return "\n\n".join(part.format(**values) for part in parts)


def know_how(rng: Random, bank: CraftBank, *, paragraphs: int) -> str:
    """2–4 Markdown blocks: the techniques, the tools, a list of steps, the finishing."""
    bank_words = words()
    technique, technique2 = _two(rng, bank.techniques)
    tool, tool2 = _two(rng, bank.tools)
    values = {"technique": technique, "technique2": technique2, "tool": tool, "tool2": tool2}
    blocks = [
        rng.choice(bank_words["know_how_intro"]).format(**values),
        rng.choice(bank_words["know_how_tools"]).format(**values),
    ]
    if paragraphs >= 3:
        steps = rng.sample(bank.techniques, min(len(bank.techniques), rng.randint(3, 4)))
        blocks.append(
            "Les grandes étapes :\n\n" + "\n".join(f"- {_capitalised(step)}" for step in steps)
        )
    if paragraphs >= 4:
        blocks.append(rng.choice(bank_words["know_how_finish"]))
    return "\n\n".join(blocks)


def _capitalised(text: str) -> str:
    # "l'émaillage du grès" → "L'émaillage du grès"
    return text[:1].upper() + text[1:]
