"""The forms of the staff import page: the file and its source, then its column mapping."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from localiste.makers.models import Source
from localiste.makers.services import source_build
from localiste.opendata.imports.fields import FIELDS, REQUIRED
from localiste.opendata.imports.files import ImportFileError
from localiste.opendata.imports.formats import (
    GUESS_HEAD_BYTES,
    import_format_get,
    import_format_guess,
)
from localiste.opendata.imports.service import import_formats, max_bytes
from localiste.opendata.imports.sirene import communes_parse, departements_parse

ENCODINGS = (
    ("", gettext_lazy("Detect it")),
    ("utf-8", "UTF-8"),
    ("cp1252", "Windows-1252"),
    ("latin-1", "Latin-1 (ISO-8859-1)"),
    ("utf-16", "UTF-16"),
)
PUBLISH_CHOICES = (
    ("pending", gettext_lazy("Pending: the operators review each listing first")),
    ("published", gettext_lazy("Published at once")),
)


def too_large_message() -> str:
    return _(
        "The file is larger than %(limit)s, the largest file an import takes: split it into "
        "smaller files."
    ) % {"limit": filesizeformat(max_bytes())}


class UploadLimitHandler(FileUploadHandler):
    """Stops keeping an upload once it is over settings.IMPORT_MAX_BYTES (a request whose
    size was not announced, or was announced wrong): the rest of the body is read and thrown
    away, and the page says the file is too large."""

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = max_bytes()
        self.too_large = False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.too_large = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handlers keep the file


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"))
    file_format = forms.ChoiceField(label=gettext_lazy("Format"))
    encoding = forms.ChoiceField(
        label=gettext_lazy("Encoding (CSV)"),
        choices=ENCODINGS,
        required=False,
        help_text=gettext_lazy("Leave it to be detected, unless the letters come out wrong."),
    )
    departements = forms.CharField(
        label=gettext_lazy("Départements (SIRENE)"),
        max_length=500,
        required=False,
        help_text=gettext_lazy("Their codes, such as 33 or 2A, separated by spaces or commas."),
    )
    communes = forms.CharField(
        label=gettext_lazy("Communes (SIRENE)"),
        max_length=2000,
        required=False,
        help_text=gettext_lazy(
            "Their INSEE codes, such as 33063. Leave both empty to import every establishment "
            "of the file; only the listings of the chosen ones are flagged when they leave "
            "the register."
        ),
    )
    source = forms.ModelChoiceField(
        label=gettext_lazy("Source"),
        queryset=Source.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("A new source (described below)"),
    )
    name = forms.CharField(
        label=gettext_lazy("New source’s name"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("As the maker pages credit it, e.g. “Chambre des métiers”."),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[("", gettext_lazy("As the file’s format")), *Source.Kind.choices],
        required=False,
    )
    publish = forms.ChoiceField(
        label=gettext_lazy("Its imported listings are"),
        choices=PUBLISH_CHOICES,
        initial="pending",
        widget=forms.RadioSelect,
        required=False,
    )
    licence = forms.CharField(label=gettext_lazy("Licence"), max_length=120, required=False)
    attribution = forms.CharField(label=gettext_lazy("Attribution"), max_length=200, required=False)
    share_alike = forms.BooleanField(
        label=gettext_lazy("Share-alike licence (ODbL)"),
        required=False,
        help_text=gettext_lazy(
            "Its listings are then published in the ODbL files of the open data, apart from "
            "the others. Always so for OpenStreetMap data."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file_format"].choices = [
            ("", _("Detected: from the file’s name (.csv, .geojson…), and for JSON its content")),
            *import_formats(),
        ]
        self.fields["file_format"].required = False
        self.limit = filesizeformat(max_bytes())
        self.fields["file"].help_text = _("%(formats)s, up to %(limit)s.") % {
            "formats": ", ".join(str(label) for _value, label in import_formats()),
            "limit": self.limit,
        }

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file is not None and file.size > max_bytes():
            raise ValidationError(too_large_message(), code="too_large")
        return file

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file_format") and cleaned.get("file") is not None:
            cleaned["file_format"] = _format_of(cleaned["file"])
        cleaned["options"] = self._format_options(cleaned)
        if cleaned.get("source") is not None:
            return cleaned
        name = (cleaned.get("name") or "").strip()
        if not name and cleaned.get("file_format"):
            # A register or a map has a name of its own ("répertoire SIRENE").
            name = import_format_get(cleaned["file_format"]).source_defaults.get("name", "")
            cleaned["name"] = name
        if not name:
            self.add_error("name", _("Name the new source, or choose an existing one."))
            return cleaned
        try:
            source_build(**self.new_source())
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                target = field if field in self.fields else None
                if field == "slug":
                    target = "name"
                for message in messages:
                    self.add_error(target, message)
        return cleaned

    def _format_options(self, cleaned: dict) -> dict:
        """The options of the format chosen (`imports.formats`): a SIRENE import's
        départements and communes, their codes checked."""
        if cleaned.get("file_format") != "sirene":
            return {}
        options = {}
        for name, parse in (("departements", departements_parse), ("communes", communes_parse)):
            try:
                options[name] = sorted(parse([cleaned.get(name) or ""]))
            except ImportFileError as error:
                self.add_error(name, str(error))
        return options

    def new_source(self) -> dict:
        """The settings of the new source (source_build's arguments), the format's defaults
        (licence, attribution, share-alike) for what the operator left empty."""
        cleaned = self.cleaned_data
        name = (cleaned.get("name") or "").strip()
        import_format = import_format_get(cleaned.get("file_format") or "csv")
        return import_format.source_settings(
            slug=slugify(name)[:80] or "source",
            name=name,
            kind=cleaned.get("kind") or "",
            publish=cleaned.get("publish") == "published",
            licence=cleaned.get("licence", ""),
            attribution=cleaned.get("attribution", ""),
            share_alike=bool(cleaned.get("share_alike")),
        )


def _format_of(file) -> str:
    """The format of an uploaded file left to be detected: what its name says, and for JSON
    its beginning (an OpenStreetMap export, whatever its name: `import_format_guess`)."""
    head = b""
    if file.name.lower().endswith((".geojson", ".json")):
        file.seek(0)
        head = file.read(GUESS_HEAD_BYTES)
        file.seek(0)
    return import_format_guess(file_name=file.name, head=head)


class MappingForm(forms.Form):
    """Which column gives each field of a listing; the required ones must have one."""

    encoding = forms.ChoiceField(label=gettext_lazy("Encoding"), choices=ENCODINGS, required=False)

    def __init__(
        self,
        *args,
        columns: Sequence[str],
        suggested: Mapping[str, str],
        with_encoding: bool,
        with_mapping: bool = True,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.with_mapping = with_mapping
        if not with_encoding:
            del self.fields["encoding"]
        if not with_mapping:
            return  # the format names its own columns
        choices = [("", _("— none —")), *((column, column) for column in columns)]
        for name, field in FIELDS.items():
            self.fields[f"map_{name}"] = forms.ChoiceField(
                label=str(field.label).capitalize(),
                choices=choices,
                required=name in REQUIRED,
                initial=suggested.get(name, ""),
                error_messages={"required": _("Choose the column that gives this field.")},
            )

    def mapping_fields(self):
        return [self[f"map_{name}"] for name in FIELDS] if self.with_mapping else []

    def chosen(self) -> dict[str, str]:
        if not self.with_mapping:
            return {}
        return {name: self.cleaned_data.get(f"map_{name}", "") for name in FIELDS}
