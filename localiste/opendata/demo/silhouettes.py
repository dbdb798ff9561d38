"""Drawn silhouettes of the things each top-level category makes, for the demo pictures.

Every drawing works in a unit square (0–1 on both axes) that `Frame` scales to the picture, so
one function serves every size. A drawing uses one ink, and the background colour for holes
(the pips of a die, the opening of a vase), so the picture shows a flat shape in two colours.
"""

from collections.abc import Callable
from dataclasses import dataclass

from PIL import ImageDraw


@dataclass(frozen=True, slots=True)
class Frame:
    """Where the unit square lies in the picture: its left, top and side, in pixels."""

    left: float
    top: float
    side: float

    def point(self, x: float, y: float) -> tuple[float, float]:
        return (self.left + x * self.side, self.top + y * self.side)

    def box(self, x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float]]:
        return [self.point(x0, y0), self.point(x1, y1)]

    def width(self, fraction: float) -> int:
        return max(1, round(fraction * self.side))


@dataclass(frozen=True, slots=True)
class Silhouette:
    """A drawn object and its name as an alt text says it (French first, English second)."""

    key: str
    name_fr: str
    name_en: str
    draw: Callable[[ImageDraw.ImageDraw, Frame, str, str], None]


def _polygon(pen, frame, points, ink):
    pen.polygon([frame.point(x, y) for x, y in points], fill=ink)


def _chair(pen, frame, ink, hole):
    pen.rectangle(frame.box(0.28, 0.08, 0.36, 0.92), fill=ink)  # back leg and upright
    pen.rectangle(frame.box(0.28, 0.08, 0.62, 0.18), fill=ink)  # top rail
    pen.rectangle(frame.box(0.28, 0.28, 0.62, 0.34), fill=ink)  # middle rail
    pen.rectangle(frame.box(0.44, 0.18, 0.50, 0.50), fill=ink)  # back splat
    pen.rectangle(frame.box(0.56, 0.08, 0.62, 0.50), fill=ink)  # front upright
    pen.rectangle(frame.box(0.28, 0.50, 0.74, 0.58), fill=ink)  # seat
    pen.rectangle(frame.box(0.66, 0.58, 0.74, 0.92), fill=ink)  # front leg
    pen.rectangle(frame.box(0.36, 0.74, 0.66, 0.78), fill=ink)  # stretcher


def _table(pen, frame, ink, hole):
    pen.rounded_rectangle(frame.box(0.06, 0.36, 0.94, 0.46), frame.width(0.02), fill=ink)
    for left in (0.12, 0.80):
        _polygon(
            pen,
            frame,
            [(left, 0.46), (left + 0.08, 0.46), (left + 0.06, 0.9), (left + 0.02, 0.9)],
            ink,
        )
    pen.rectangle(frame.box(0.16, 0.52, 0.84, 0.56), fill=ink)


def _shirt(pen, frame, ink, hole):
    _polygon(
        pen, frame,
        [(0.36, 0.12), (0.44, 0.16), (0.56, 0.16), (0.64, 0.12), (0.92, 0.26), (0.82, 0.44),
         (0.72, 0.38), (0.72, 0.90), (0.28, 0.90), (0.28, 0.38), (0.18, 0.44), (0.08, 0.26)],
        ink,
    )  # fmt: skip
    pen.chord(frame.box(0.42, 0.06, 0.58, 0.22), 0, 180, fill=hole)  # the neckline


def _hat(pen, frame, ink, hole):
    pen.ellipse(frame.box(0.06, 0.56, 0.94, 0.78), fill=ink)  # brim
    pen.rounded_rectangle(frame.box(0.26, 0.24, 0.74, 0.68), frame.width(0.08), fill=ink)
    pen.rectangle(frame.box(0.26, 0.54, 0.74, 0.60), fill=hole)  # ribbon


def _ring(pen, frame, ink, hole):
    pen.ellipse(frame.box(0.18, 0.30, 0.82, 0.94), outline=ink, width=frame.width(0.09))
    _polygon(
        pen, frame, [(0.36, 0.22), (0.64, 0.22), (0.72, 0.30), (0.50, 0.46), (0.28, 0.30)], ink
    )
    _polygon(pen, frame, [(0.40, 0.12), (0.60, 0.12), (0.64, 0.20), (0.36, 0.20)], ink)


def _dice(pen, frame, ink, hole):
    for left, top, pips in ((0.08, 0.36, (0.5,)), (0.50, 0.12, (0.25, 0.5, 0.75))):
        pen.rounded_rectangle(
            frame.box(left, top, left + 0.42, top + 0.42), frame.width(0.06), fill=ink
        )
        for offset in pips:
            x, y = left + 0.42 * offset, top + 0.42 * offset
            pen.ellipse(frame.box(x - 0.04, y - 0.04, x + 0.04, y + 0.04), fill=hole)


def _vase(pen, frame, ink, hole):
    _polygon(
        pen, frame,
        [(0.40, 0.08), (0.60, 0.08), (0.58, 0.22), (0.74, 0.40), (0.78, 0.60), (0.70, 0.82),
         (0.62, 0.92), (0.38, 0.92), (0.30, 0.82), (0.22, 0.60), (0.26, 0.40), (0.42, 0.22)],
        ink,
    )  # fmt: skip
    pen.ellipse(frame.box(0.42, 0.06, 0.58, 0.11), fill=hole)  # the opening


def _handbag(pen, frame, ink, hole):
    pen.arc(frame.box(0.30, 0.12, 0.70, 0.60), 180, 360, fill=ink, width=frame.width(0.06))
    _polygon(pen, frame, [(0.14, 0.36), (0.86, 0.36), (0.92, 0.88), (0.08, 0.88)], ink)
    pen.rectangle(frame.box(0.44, 0.46, 0.56, 0.54), fill=hole)  # clasp


def _lamp(pen, frame, ink, hole):
    _polygon(pen, frame, [(0.34, 0.08), (0.66, 0.08), (0.82, 0.40), (0.18, 0.40)], ink)
    pen.rectangle(frame.box(0.47, 0.40, 0.53, 0.82), fill=ink)
    pen.ellipse(frame.box(0.28, 0.80, 0.72, 0.92), fill=ink)


def _cushion(pen, frame, ink, hole):
    _polygon(
        pen, frame,
        [(0.10, 0.14), (0.50, 0.22), (0.90, 0.14), (0.82, 0.50), (0.90, 0.86), (0.50, 0.78),
         (0.10, 0.86), (0.18, 0.50)],
        ink,
    )  # fmt: skip
    pen.ellipse(frame.box(0.46, 0.46, 0.54, 0.54), fill=hole)  # button


def _soap(pen, frame, ink, hole):
    pen.rounded_rectangle(frame.box(0.10, 0.42, 0.80, 0.86), frame.width(0.10), fill=ink)
    pen.rounded_rectangle(frame.box(0.22, 0.54, 0.68, 0.74), frame.width(0.05), outline=hole,
                          width=frame.width(0.02))  # fmt: skip
    for x, y, r in ((0.70, 0.22, 0.08), (0.84, 0.34, 0.05), (0.58, 0.10, 0.04)):
        pen.ellipse(frame.box(x - r, y - r, x + r, y + r), outline=ink, width=frame.width(0.02))


def _book(pen, frame, ink, hole):
    _polygon(pen, frame, [(0.06, 0.24), (0.48, 0.30), (0.48, 0.86), (0.06, 0.80)], ink)
    _polygon(pen, frame, [(0.52, 0.30), (0.94, 0.24), (0.94, 0.80), (0.52, 0.86)], ink)
    for y in (0.42, 0.52, 0.62):
        pen.line([frame.point(0.14, y), frame.point(0.40, y + 0.03)], fill=hole,
                 width=frame.width(0.015))  # fmt: skip


def _guitar(pen, frame, ink, hole):
    pen.rectangle(frame.box(0.46, 0.06, 0.54, 0.50), fill=ink)  # neck
    pen.rounded_rectangle(frame.box(0.42, 0.02, 0.58, 0.12), frame.width(0.02), fill=ink)
    pen.ellipse(frame.box(0.32, 0.40, 0.68, 0.70), fill=ink)
    pen.ellipse(frame.box(0.24, 0.56, 0.76, 0.96), fill=ink)
    pen.ellipse(frame.box(0.43, 0.58, 0.57, 0.72), fill=hole)  # sound hole


def _knife(pen, frame, ink, hole):
    _polygon(pen, frame, [(0.08, 0.40), (0.56, 0.36), (0.56, 0.62), (0.30, 0.60)], ink)
    pen.rounded_rectangle(frame.box(0.58, 0.34, 0.94, 0.62), frame.width(0.06), fill=ink)
    for x in (0.68, 0.84):
        pen.ellipse(frame.box(x - 0.025, 0.455, x + 0.025, 0.505), fill=hole)  # rivets


def _wine_glass(pen, frame, ink, hole):
    pen.chord(frame.box(0.24, -0.10, 0.76, 0.56), 0, 180, fill=ink)  # the bowl
    pen.rectangle(frame.box(0.24, 0.08, 0.76, 0.23), fill=ink)
    pen.rectangle(frame.box(0.47, 0.50, 0.53, 0.84), fill=ink)  # stem
    pen.ellipse(frame.box(0.28, 0.82, 0.72, 0.92), fill=ink)  # foot


def _spoon(pen, frame, ink, hole):
    pen.ellipse(frame.box(0.28, 0.04, 0.72, 0.46), fill=ink)
    _polygon(pen, frame, [(0.44, 0.40), (0.56, 0.40), (0.59, 0.94), (0.41, 0.94)], ink)
    pen.ellipse(frame.box(0.47, 0.84, 0.53, 0.90), fill=hole)  # hanging hole


def _framed_picture(pen, frame, ink, hole):
    pen.rectangle(frame.box(0.08, 0.14, 0.92, 0.86), fill=ink)
    pen.rectangle(frame.box(0.18, 0.24, 0.82, 0.76), fill=hole)
    _polygon(
        pen, frame, [(0.18, 0.76), (0.40, 0.44), (0.54, 0.62), (0.64, 0.50), (0.82, 0.76)], ink
    )
    pen.ellipse(frame.box(0.64, 0.30, 0.74, 0.40), fill=ink)  # the sun


def _spool(pen, frame, ink, hole):
    pen.rounded_rectangle(frame.box(0.22, 0.10, 0.78, 0.20), frame.width(0.03), fill=ink)
    pen.rounded_rectangle(frame.box(0.22, 0.80, 0.78, 0.90), frame.width(0.03), fill=ink)
    pen.rectangle(frame.box(0.30, 0.20, 0.70, 0.80), fill=ink)
    for y in (0.30, 0.42, 0.54, 0.66):
        pen.line([frame.point(0.30, y), frame.point(0.70, y + 0.06)], fill=hole,
                 width=frame.width(0.012))  # fmt: skip
    pen.line([frame.point(0.70, 0.72), frame.point(0.92, 0.94)], fill=ink, width=frame.width(0.02))


def _surfboard(pen, frame, ink, hole):
    _polygon(
        pen, frame,
        [(0.82, 0.06), (0.90, 0.14), (0.86, 0.34), (0.64, 0.66), (0.38, 0.88), (0.22, 0.94),
         (0.10, 0.92), (0.12, 0.80), (0.30, 0.56), (0.56, 0.26)],
        ink,
    )  # fmt: skip
    pen.line(
        [frame.point(0.80, 0.14), frame.point(0.18, 0.86)], fill=hole, width=frame.width(0.012)
    )


def _pet_bowl(pen, frame, ink, hole):
    _polygon(pen, frame, [(0.18, 0.50), (0.82, 0.50), (0.92, 0.84), (0.08, 0.84)], ink)
    pen.ellipse(frame.box(0.18, 0.44, 0.82, 0.56), fill=hole)
    for x, y in ((0.38, 0.18), (0.62, 0.18), (0.30, 0.30), (0.70, 0.30)):
        pen.ellipse(frame.box(x - 0.05, y - 0.05, x + 0.05, y + 0.05), fill=ink)  # a paw print
    pen.ellipse(frame.box(0.40, 0.26, 0.60, 0.42), fill=ink)


def _parcel(pen, frame, ink, hole):
    pen.rectangle(frame.box(0.14, 0.34, 0.86, 0.90), fill=ink)
    pen.rectangle(frame.box(0.47, 0.34, 0.53, 0.90), fill=hole)  # the string
    pen.rectangle(frame.box(0.14, 0.58, 0.86, 0.64), fill=hole)
    pen.ellipse(frame.box(0.30, 0.16, 0.50, 0.34), outline=ink, width=frame.width(0.04))  # bow
    pen.ellipse(frame.box(0.50, 0.16, 0.70, 0.34), outline=ink, width=frame.width(0.04))


def _all(*silhouettes: Silhouette) -> tuple[Silhouette, ...]:
    return silhouettes


CHAIR = Silhouette("chair", "une chaise", "a chair", _chair)
TABLE = Silhouette("table", "une table", "a table", _table)

# Top-level category slug (localiste/catalog/data/categories.json) → what its pictures show.
SILHOUETTES: dict[str, tuple[Silhouette, ...]] = {
    "vetements": _all(Silhouette("shirt", "une chemise", "a shirt", _shirt)),
    "accessoires-de-mode": _all(Silhouette("hat", "un chapeau", "a hat", _hat)),
    "bijoux": _all(Silhouette("ring", "une bague", "a ring", _ring)),
    "mobilier": _all(CHAIR, TABLE),
    "jeux-et-jouets": _all(Silhouette("dice", "des dés", "dice", _dice)),
    "ceramique": _all(Silhouette("vase", "un vase", "a vase", _vase)),
    "maroquinerie": _all(Silhouette("handbag", "un sac à main", "a handbag", _handbag)),
    "luminaires-et-decoration": _all(Silhouette("lamp", "une lampe", "a lamp", _lamp)),
    "linge-de-maison": _all(Silhouette("cushion", "un coussin", "a cushion", _cushion)),
    "savons-et-cosmetiques": _all(Silhouette("soap", "un pain de savon", "a bar of soap", _soap)),
    "papeterie-et-edition": _all(Silhouette("book", "un livre ouvert", "an open book", _book)),
    "instruments-de-musique": _all(Silhouette("guitar", "une guitare", "a guitar", _guitar)),
    "coutellerie-et-metal": _all(Silhouette("knife", "un couteau", "a knife", _knife)),
    "verre": _all(Silhouette("wine-glass", "un verre à pied", "a wine glass", _wine_glass)),
    "travail-du-bois": _all(Silhouette("spoon", "une cuillère en bois", "a wooden spoon", _spoon)),
    "art-et-illustration": _all(
        Silhouette("framed-picture", "un tableau encadré", "a framed picture", _framed_picture)
    ),
    "mercerie-et-loisirs-creatifs": _all(
        Silhouette("spool", "une bobine de fil", "a spool of thread", _spool)
    ),
    "sports-et-glisse": _all(
        Silhouette("surfboard", "une planche de surf", "a surfboard", _surfboard)
    ),
    "accessoires-pour-animaux": _all(
        Silhouette("pet-bowl", "une gamelle pour animal", "a pet bowl", _pet_bowl)
    ),
}
# For a category that categories.json does not know.
PARCEL = Silhouette("parcel", "un colis ficelé", "a parcel tied with string", _parcel)
BY_KEY = {
    silhouette.key: silhouette
    for group in (*SILHOUETTES.values(), (PARCEL,))
    for silhouette in group
}


def silhouette_for(subject: str, seed: int) -> Silhouette:
    """What a picture of the category `subject` shows; the seed picks among its drawings.

    Every category of categories.json has its own drawings (a test checks it); one added on
    a site (in the admin) gets the parcel, as it gets the generic bank of words.
    """
    group = SILHOUETTES.get(subject, (PARCEL,))
    return group[seed % len(group)]
