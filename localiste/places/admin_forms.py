"""The operators' territory form: a territory drawn from codes, places, a file or a box.

Whatever the operator gives is checked here, with messages in their language, and turned
into the territory's kind, code, boundary or list of places; the admin then saves it
through `territory_save` like every other write.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from localiste.places.boundaries import boundary_check_size, boundary_from_bbox, boundary_parse
from localiste.places.models import Place, Territory
from localiste.places.selectors import places_from_list

MAX_PROBLEMS_SHOWN = 20


class DrawnFrom:
    CODE = "code"
    COMMUNES = "communes"
    DEPARTEMENTS = "departements"
    GEOJSON = "geojson"
    BBOX = "bbox"

    choices = [
        (CODE, gettext_lazy("its kind and administrative code (above)")),
        (COMMUNES, gettext_lazy("a list of communes")),
        (DEPARTEMENTS, gettext_lazy("a list of départements")),
        (GEOJSON, gettext_lazy("an uploaded GeoJSON boundary")),
        (BBOX, gettext_lazy("a bounding box")),
    ]


class TerritoryForm(forms.ModelForm):
    drawn_from = forms.ChoiceField(
        label=gettext_lazy("The area is drawn from"),
        choices=DrawnFrom.choices,
        initial=DrawnFrom.CODE,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "For an existing territory, choosing another source redraws it; its listings "
            "are then worked out again in the background."
        ),
    )
    communes = forms.CharField(
        label=gettext_lazy("Communes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "One per line or separated by commas: an official (INSEE) code, a postcode or a "
            "name; add the département in brackets for namesakes, e.g. “Saint-Denis (93)”."
        ),
    )
    departements = forms.CharField(
        label=gettext_lazy("Départements"),
        required=False,
        help_text=gettext_lazy("Their codes, separated by commas, e.g. “24, 33, 47”."),
    )
    boundary_file = forms.FileField(
        label=gettext_lazy("GeoJSON boundary"),
        required=False,
        help_text=gettext_lazy(
            "A Polygon or MultiPolygon in longitude/latitude (WGS 84), or features of them, "
            "up to 5 MB. It is repaired if needed and simplified for the maps."
        ),
    )
    bbox = forms.CharField(
        label=gettext_lazy("Bounding box"),
        required=False,
        help_text=gettext_lazy(
            "West, south, east, north in degrees, e.g. “-1.3, 44.2, 0.3, 45.6”."
        ),
    )

    class Meta:
        model = Territory
        fields = [
            "name",
            "slug",
            "kind",
            "country_code",
            "parent",
            "admin_code",
            "is_active",
            "presentation_fr",
            "presentation_en",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The places the area lists, for the service; None keeps them as they are.
        self.listed_places: list[Place] | None = None

    def clean_country_code(self) -> str:
        return self.cleaned_data["country_code"].upper()

    def clean(self):
        cleaned = super().clean()
        country = cleaned.get("country_code") or self.instance.country_code
        source = cleaned.get("drawn_from")
        try:
            if source == DrawnFrom.COMMUNES:
                self._draw(listed=self._communes(cleaned.get("communes", ""), country))
            elif source == DrawnFrom.DEPARTEMENTS:
                self._departements(cleaned.get("departements", ""), country)
            elif source == DrawnFrom.GEOJSON:
                self._draw(boundary=self._uploaded_boundary(cleaned.get("boundary_file")))
            elif source == DrawnFrom.BBOX:
                self._draw(boundary=self._box(cleaned.get("bbox", "")))
            elif cleaned.get("kind") != Territory.Kind.CUSTOM:
                # An administrative territory covers its code's places, nothing drawn.
                self.instance.boundary = None
                self.listed_places = []
            elif not (self.instance.boundary or self.instance.pk):
                raise ValidationError(
                    _("A custom area needs communes, départements, a boundary or a box."),
                    code="custom_undrawn",
                )
        except ValidationError as error:
            field = {
                DrawnFrom.COMMUNES: "communes",
                DrawnFrom.DEPARTEMENTS: "departements",
                DrawnFrom.GEOJSON: "boundary_file",
                DrawnFrom.BBOX: "bbox",
            }.get(source)
            self.add_error(field, error)
        return cleaned

    def _draw(self, *, boundary: dict | None = None, listed: list[Place] | None = None):
        """Make the territory a custom area drawn by `boundary` or listing `listed`."""
        self.cleaned_data["kind"] = Territory.Kind.CUSTOM
        self.cleaned_data["admin_code"] = ""
        self.instance.boundary = boundary
        self.listed_places = listed or []

    @staticmethod
    def _communes(text: str, country: str) -> list[Place]:
        places, problems = places_from_list(text, country=country)
        if problems:
            shown = problems[:MAX_PROBLEMS_SHOWN]
            if len(problems) > len(shown):
                shown.append(_("… and %(count)s more.") % {"count": len(problems) - len(shown)})
            raise ValidationError(shown, code="unknown_places")
        if not places:
            raise ValidationError(_("List at least one commune."), code="required")
        return places

    def _departements(self, text: str, country: str) -> None:
        codes = [code.upper() for code in re.split(r"[\s,;]+", text) if code]
        if not codes:
            raise ValidationError(_("List at least one département code."), code="required")
        places = Place.objects.filter(country_code=country, department_code__in=codes)
        known = set(places.values_list("department_code", flat=True).distinct())
        if unknown := [code for code in codes if code not in known]:
            raise ValidationError(
                _("No commune of the gazetteer is in these départements: %(codes)s.")
                % {"codes": ", ".join(unknown)},
                code="unknown_departements",
            )
        if len(set(codes)) == 1:
            # One département is an administrative territory: its communes follow the gazetteer.
            self.cleaned_data["kind"] = Territory.Kind.DEPARTEMENT
            self.cleaned_data["admin_code"] = codes[0]
            self.instance.boundary = None
            self.listed_places = []
        else:
            self._draw(listed=list(places))

    @staticmethod
    def _uploaded_boundary(upload) -> dict:
        if upload is None:
            raise ValidationError(_("Choose a GeoJSON file."), code="required")
        boundary_check_size(upload.size)
        return boundary_parse(upload.read())

    @staticmethod
    def _box(text: str) -> dict:
        if not text.strip():
            raise ValidationError(_("Give the bounding box."), code="required")
        return boundary_from_bbox(text)


class PlacesImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("UTF-8 or Windows-1252; comma, semicolon or tab separated."),
    )
    country_code = forms.CharField(
        label=gettext_lazy("Country code"),
        min_length=2,
        max_length=2,
        help_text=gettext_lazy("The two-letter ISO code of their country, e.g. “BE”."),
    )

    def clean_country_code(self) -> str:
        code = self.cleaned_data["country_code"].upper()
        if not code.isalpha():
            raise ValidationError(_("Give a two-letter code, e.g. “BE”."), code="bad_country")
        return code
