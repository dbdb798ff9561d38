"""The demo's taglines are coherent: a technique only goes with a material it works."""

import re
from random import Random

from localiste.opendata.demo import texts
from localiste.opendata.demo.banks import _crafts_file, craft_bank, has_bank, words
from localiste.opendata.demo.names import Person
from localiste.opendata.demo.techniques import NOT_A_BODY, TAGLINE_TECHNIQUES, TECHNIQUE_MATERIALS

GLASS = ("verre", "cristal")


def _slugs() -> list[str]:
    return [slug for slug, raw in _crafts_file().items() if has_bank(slug) and "taglines" in raw]


def _pattern(template: str) -> re.Pattern:
    """A regex that reads back the {material} of a tagline written from `template`."""
    parts = re.split(r"(\{\w+\})", template)
    regex = "".join(
        "(?P<material>.+?)" if part == "{material}" else ".*?" if part.startswith("{") else
        re.escape(part)
        for part in parts
    )  # fmt: skip
    return re.compile(regex + r"\Z")


def _scan(slug: str, draws: int):
    """(template, material) of `draws` taglines generated for the bank of `slug`."""
    bank = craft_bank(slug)
    patterns = [(t, _pattern(t)) for t in bank.taglines if "{material}" in t]
    rng = Random(f"taglines:{slug}")
    for _ in range(draws):
        text = texts.tagline(
            rng, bank, category="Céramique", locality="Libourne", in_area="en Gironde"
        )
        for template, pattern in patterns:
            found = pattern.match(text)
            if found and found["material"] in bank.materials:
                yield template, found["material"]
                break


def test_the_technique_table_uses_the_words_of_the_banks():
    techniques = {t for slug in _slugs() for t in craft_bank(slug).techniques}
    taglines = {t: slug for slug in _slugs() for t in craft_bank(slug).taglines}
    for template, technique in TAGLINE_TECHNIQUES.items():
        assert template in taglines, template
        bank = craft_bank(taglines[template])
        assert technique in bank.techniques, technique
        assert set(TECHNIQUE_MATERIALS[technique]) <= set(bank.materials), technique
    assert set(TECHNIQUE_MATERIALS) <= techniques
    materials = {m for slug in _slugs() for m in craft_bank(slug).materials}
    assert NOT_A_BODY.issubset(materials)


def test_glass_blowing_only_goes_with_glass():
    assert all(m.startswith(GLASS) for m in TECHNIQUE_MATERIALS["le soufflage de verre"])
    blown = [m for t, m in _scan("verre", 3000) if "soufflées à la canne" in t]
    assert len(blown) > 500
    assert all(material.startswith(GLASS) for material in blown), set(blown)


def test_no_generated_tagline_pairs_a_technique_with_a_material_it_does_not_work():
    seen_techniques, bad = set(), set()
    for slug in _slugs():
        for template, material in _scan(slug, 2000):
            technique = TAGLINE_TECHNIQUES.get(template)
            if technique is None:
                if material in NOT_A_BODY:
                    bad.add((template, material))
            else:
                seen_techniques.add(technique)
                if material not in TECHNIQUE_MATERIALS[technique]:
                    bad.add((template, material))
    assert not bad
    assert seen_techniques == set(TAGLINE_TECHNIQUES.values())


def test_stories_name_what_pieces_are_made_of():
    # A glaze, a thread or a paint is worked with: never "commence par peintures à l'eau".
    templates = [
        re.compile(re.sub(r"\\\{material2?\\\}", "(.+?)", re.escape(template)) + r"\Z")
        for template in words()["story_materials"]
    ]
    owner = Person(first="Léa", surname="Martin", feminine=True)
    drawn = set()
    for slug in _slugs():
        bank = craft_bank(slug)
        rng = Random(slug)
        for _ in range(30):
            story = texts.story(rng, bank, name="Atelier", owner=owner, locality="Blaye",
                                founded_year=2015, paragraphs=4)  # fmt: skip
            paragraph = story.split("\n\n")[1]
            match = next(filter(None, (t.match(paragraph) for t in templates)))
            drawn.update(match.groups())
    assert drawn and not drawn & NOT_A_BODY
