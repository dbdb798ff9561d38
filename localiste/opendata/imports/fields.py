"""Which column of a file fills which field of a listing: the column mapping of a source.

A mapping is {field: column}, fields named as FIELDS names them (`--map name=Nom`). It is
saved with the source (`Source.mapping`), so that the next file of the same shape imports
alike; a field it leaves out is guessed from the file's columns by their usual names
("Nom", "Code postal", "Téléphone"…), case and accents aside.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from localiste.core.text import fold
from localiste.opendata.imports.files import ImportFileError

# A GeoJSON feature's own id, offered as a column (the properties may hold none).
FEATURE_ID = "@id"


@dataclass(frozen=True)
class FileField:
    name: str  # as --map names it
    label: str  # lazy: for the operator
    aliases: tuple[str, ...] = ()  # column names it is guessed from, folded
    listing_field: str = ""  # the Maker field it fills ("" = the same name)


FIELDS = {
    field.name: field
    for field in (
        FileField(
            "key",
            gettext_lazy("key"),
            ("key", "id", "identifiant", "cle", "reference", "ref", FEATURE_ID),
        ),
        FileField("name", gettext_lazy("name"), ("name", "nom", "raison sociale", "enseigne")),
        FileField(
            "category",
            gettext_lazy("category"),
            ("category", "categorie", "activite", "metier"),
            "primary_category",
        ),
        FileField("tagline", gettext_lazy("tagline"), ("tagline", "accroche", "slogan")),
        FileField("story", gettext_lazy("story"), ("story", "histoire", "description")),
        FileField("know_how", gettext_lazy("know-how"), ("know how", "savoir faire")),
        FileField("legal_name", gettext_lazy("legal name"), ("legal name", "denomination")),
        FileField("siret", gettext_lazy("SIRET"), ("siret",)),
        FileField("founded_year", gettext_lazy("founded in"), ("founded", "annee de creation")),
        FileField("street", gettext_lazy("street address"), ("street", "adresse", "rue", "voie")),
        FileField("postcode", gettext_lazy("postcode"), ("postcode", "code postal", "cp")),
        FileField("locality", gettext_lazy("town"), ("locality", "city", "ville", "commune")),
        FileField(
            "commune_code",
            gettext_lazy("commune code"),
            ("commune code", "code commune", "code insee", "insee"),
            "place",
        ),
        FileField("country", gettext_lazy("country"), ("country", "pays")),
        FileField("latitude", gettext_lazy("latitude"), ("latitude", "lat")),
        FileField("longitude", gettext_lazy("longitude"), ("longitude", "lon", "lng", "long")),
        FileField("email", gettext_lazy("email"), ("email", "e mail", "mail", "courriel")),
        FileField("phone", gettext_lazy("phone"), ("phone", "telephone", "tel")),
        FileField("website", gettext_lazy("website"), ("website", "site", "site web", "url")),
        FileField("shop_url", gettext_lazy("online shop"), ("shop", "boutique en ligne")),
        FileField("instagram_url", gettext_lazy("Instagram"), ("instagram",)),
        FileField("facebook_url", gettext_lazy("Facebook"), ("facebook",)),
        FileField("hours_note", gettext_lazy("opening hours"), ("horaires", "hours")),
    )
}
REQUIRED = ("key", "name", "category")
# Plain text fields, copied as the file gives them (the others are read by rows.py).
TEXT_FIELDS = tuple(
    name
    for name in FIELDS
    if name not in {"key", "category", "commune_code", "latitude", "longitude", "founded_year"}
)


def mapping_parse(pairs: Iterable[str]) -> dict[str, str]:
    """{field: column} from "field=column" pairs (`--map`); "field=" leaves a field out."""
    mapping = {}
    for pair in pairs:
        name, equals, column = pair.partition("=")
        name = name.strip()
        if not equals or name not in FIELDS:
            raise ImportFileError(
                _("“%(pair)s” is not FIELD=COLUMN with a field among: %(fields)s.")
                % {"pair": pair, "fields": ", ".join(FIELDS)}
            )
        mapping[name] = column.strip()
    return mapping


def mapping_resolve(
    *, columns: Sequence[str], saved: Mapping[str, str], given: Mapping[str, str]
) -> dict[str, str]:
    """The mapping to import a file with `columns`: the `given` one over the `saved` one,
    the other fields guessed from the column names; or ImportFileError when a column named
    is not in the file or a required field has none."""
    mapping = {
        name: column for name, column in {**saved, **given}.items() if name in FIELDS and column
    }
    left_out = {name for name, column in given.items() if not column}
    used = set(mapping.values())
    by_folded = {}
    for column in columns:
        by_folded.setdefault(fold(column), column)
    for name, field in FIELDS.items():
        if name in mapping or name in left_out:
            continue
        for alias in field.aliases:
            column = by_folded.get(alias)
            if column is not None and column not in used:
                mapping[name] = column
                used.add(column)
                break
    absent = [column for column in mapping.values() if column not in columns]
    if absent:
        raise ImportFileError(
            _("No column %(absent)s in the file (its columns: %(columns)s).")
            % {"absent": _quoted(absent), "columns": _quoted(columns)}
        )
    missing = [name for name in REQUIRED if name not in mapping]
    if missing:
        raise ImportFileError(
            _(
                "No column gives the %(fields)s of a listing: name it with --map, e.g. "
                "--map %(example)s."
            )
            % {
                "fields": ", ".join(str(FIELDS[name].label) for name in missing),
                "example": f"{missing[0]}=COLUMN",
            }
        )
    return {name: mapping[name] for name in FIELDS if name in mapping}


def mapping_text(mapping: Mapping[str, str]) -> str:
    """The mapping as one line for the operator: "name ← Nom, category ← Métier…"."""
    return ", ".join(f"{name} ← {column}" for name, column in mapping.items())


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f"“{name}”" for name in names)
