"""`manage.py import_sirene FILE --source SLUG`: import establishments of the SIRENE register."""

from pathlib import Path

from localiste.opendata.imports.command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import the open manufacturing establishments (NAF divisions 13 to 33, never food) of "
        "INSEE's SIRENE establishment stock (StockEtablissement CSV) into a source, for the "
        "départements or communes chosen: each establishment creates or updates its listing "
        "by its SIRET, never overwriting a field edited since the last import. See "
        "docs/imports-sirene.md."
    )
    format_name = "sirene"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--departement",
            action="append",
            default=[],
            metavar="CODE",
            help="only the establishments of this département (33, 2A, 974…); repeatable",
        )
        parser.add_argument(
            "--commune",
            action="append",
            default=[],
            metavar="INSEE",
            help="only the establishments of this commune (INSEE code, 33063); repeatable",
        )
        parser.add_argument(
            "--naf-map",
            type=Path,
            metavar="FILE",
            help="the NAF → category map to use (default: settings.IMPORT_SIRENE_NAF_MAP, "
            "else the one shipped)",
        )
        parser.add_argument(
            "--unites-legales",
            type=Path,
            metavar="FILE",
            help="the legal-unit stock (StockUniteLegale CSV), for the names of companies",
        )

    def format_options(self, options) -> dict:
        return {
            "departements": options["departement"],
            "communes": options["commune"],
            "naf_map": options["naf_map"],
            "legal_units": options["unites_legales"],
        }
