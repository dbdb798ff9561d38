"""Parameters of the embeddable widget, and the form that builds its snippet."""

from django import forms
from django.utils.translation import gettext_lazy as _

from localiste.catalog.models import Category
from localiste.catalog.selectors import category_for_slug
from localiste.places.models import Territory


class CategorySlugField(forms.ModelChoiceField):
    """A category by its slug; the old slug of a category merged or renamed names the one it
    leads to now (partners' widgets keep the address they were given)."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            moved = category_for_slug(str(value)[:80])
            if moved is None or not self.queryset.filter(pk=moved.pk).exists():
                raise
            return moved


class EmbedFilterForm(forms.Form):
    """What a widget shows: the makers of a territory, a category and a town (all optional)."""

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
    lieu = forms.CharField(label=_("Town or postcode"), max_length=120, required=False, strip=True)


class EmbedBuilderForm(EmbedFilterForm):
    """The "embed on your site" form: what to show, as a list or a map, and how tall."""

    kind = forms.ChoiceField(
        label=_("Show"),
        choices=[("liste", _("a list")), ("carte", _("a map"))],
        initial="liste",
        widget=forms.RadioSelect,
    )
    height = forms.IntegerField(
        label=_("Height in pixels"), min_value=200, max_value=2000, initial=600
    )
