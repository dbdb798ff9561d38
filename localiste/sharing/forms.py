"""Parameters of the embeddable widget, and the form that builds its snippet.

The widget reads its parameters leniently: a parameter it cannot use is named in
`EmbedFilterForm.ignored` (shown in the widget) and the others still filter, so an old snippet
keeps showing something, and never silently more than it asks for.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from localiste.catalog.models import Category, Label
from localiste.catalog.selectors import category_for_slug
from localiste.places.models import Territory
from localiste.places.points import (
    MAX_PLACE_TEXT_LENGTH,
    place_text_clean,
    point_from_place_text,
)
from localiste.search.query import RADIUS_CHOICES, radius_nearest

# What the widget says of a parameter it cannot use, by field; "%(value)s" is what was given.
IGNORED_NOTICES = {
    "territoire": _("There is no territory “%(value)s”: makers of every territory are shown."),
    "categorie": _("There is no category “%(value)s”: all categories are shown."),
    "label": _("There is no label “%(value)s”: makers with or without a label are shown."),
    "rayon": _("The distance “%(value)s” is not a whole number of kilometres: it is ignored."),
}
NEEDS_PLACE_NOTICE = _("A distance needs a town or postcode (lieu): it is ignored.")


class CategorySlugField(forms.ModelChoiceField):
    """A category by its slug; the old slug of a category merged or renamed names the one it
    leads to now (partners' widgets keep the address they were given)."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            if "\x00" in str(value):  # no slug holds one (and PostgreSQL text cannot)
                raise
            moved = category_for_slug(str(value)[:80])
            if moved is None or not self.queryset.filter(pk=moved.pk).exists():
                raise
            return moved


class PlaceTextField(forms.CharField):
    """A town or postcode as a visitor types it: control characters dropped, spaces collapsed,
    cut at MAX_PLACE_TEXT_LENGTH characters (longer text names no town anyway)."""

    def __init__(self, **kwargs):
        super().__init__(max_length=MAX_PLACE_TEXT_LENGTH, **kwargs)

    def to_python(self, value):
        return place_text_clean(super().to_python(value))


class EmbedFilterForm(forms.Form):
    """What a widget shows: the makers of a territory, a category, a label and a town, or
    within a distance of a town (all optional)."""

    territoire = forms.ModelChoiceField(
        label=_("Territory"),
        queryset=Territory.objects.filter(is_active=True),
        to_field_name="slug",
        required=False,
        empty_label=_("All territories"),
    )
    categorie = CategorySlugField(
        label=_("Category"),
        queryset=Category.objects.order_by("depth", "position", "name_fr"),
        to_field_name="slug",
        required=False,
        empty_label=_("All categories"),
    )
    label = forms.ModelChoiceField(
        label=_("Label"),
        queryset=Label.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("With or without a label"),
    )
    lieu = PlaceTextField(label=_("Town or postcode"), required=False)
    rayon = forms.IntegerField(label=_("Distance around the town"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.adjustments: list[str] = []
        self.asked_radius: int | None = None

    def clean_rayon(self) -> int | None:
        """The search page's distance nearest to the one asked (the same makers as there)."""
        self.asked_radius = self.cleaned_data.get("rayon")
        return None if self.asked_radius is None else radius_nearest(self.asked_radius)

    def clean(self):
        data = super().clean()
        radius = data.get("rayon")
        if radius is None or "lieu" in self.errors:
            return data
        if not data.get("lieu"):
            self.add_error(
                "rayon",
                ValidationError(
                    _("Give a town or postcode for the distance to count from."),
                    code="needs_place",
                ),
            )
        elif radius != self.asked_radius:
            # Said only when the distance is used (the view drops it for an unknown town).
            self.adjustments.append(
                gettext("Distances go from %(min)d to %(max)d km: %(radius)d km was used.")
                % {"min": RADIUS_CHOICES[0], "max": RADIUS_CHOICES[-1], "radius": radius}
            )
        return data

    @property
    def ignored(self) -> list[str]:
        """What the widget tells its visitors about the parameters it could not use, in the
        order of the fields (call after is_valid())."""
        found = []
        for name in self.fields:
            if name not in self.errors:
                continue
            if self.has_error(name, code="needs_place"):
                found.append(str(NEEDS_PLACE_NOTICE))
            elif name in IGNORED_NOTICES:
                value = "".join(c for c in str(self.data.get(name, "")) if c.isprintable())
                found.append(str(IGNORED_NOTICES[name]) % {"value": value[:80]})
            else:
                found.extend(self.errors[name])
        return found


class EmbedBuilderForm(EmbedFilterForm):
    """The "embed on your site" form: what to show, as a list or a map, and how tall."""

    rayon = forms.TypedChoiceField(
        label=_("Distance around the town"),
        choices=[
            ("", _("None: the makers of the town only")),
            *[(km, f"{km} km") for km in RADIUS_CHOICES],
        ],
        coerce=int,
        empty_value=None,
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("Show"),
        choices=[("liste", _("a list")), ("carte", _("a map"))],
        initial="liste",
        widget=forms.RadioSelect,
    )
    height = forms.IntegerField(
        label=_("Height in pixels"), min_value=200, max_value=2000, initial=600
    )

    def clean_lieu(self) -> str:
        """The town, refused when it names none (the widget would show every town's makers)."""
        text = self.cleaned_data["lieu"]
        reading = point_from_place_text(text)
        if text and reading.error:
            raise ValidationError(reading.error, code="unknown_place")
        return text
