"""`manage.py import_csv FILE --source SLUG`: import the listings of a CSV file."""

from localiste.opendata.imports.command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import the listings of a CSV file into a source: each row creates or updates the "
        "listing with its key, never overwriting a field edited since the last import. "
        "The encoding (UTF-8, Windows-1252, Latin-1) and the separator are detected."
    )
    format_name = "csv"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--encoding", default="", help="the file's encoding, when detection gets it wrong"
        )
        parser.add_argument(
            "--delimiter", default="", help="the column separator, when detection gets it wrong"
        )

    def format_options(self, options) -> dict:
        delimiter = "\t" if options["delimiter"] in ("\\t", "tab") else options["delimiter"]
        return {"encoding": options["encoding"], "delimiter": delimiter}
