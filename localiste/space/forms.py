"""Forms of the maker space: one per step of a listing, each a plain POST form."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import get_language_info, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from localiste.catalog.models import Category
from localiste.core.text import fold
from localiste.makers.forms import languages_spoken_field, payment_methods_field
from localiste.makers.models import Maker, OpeningPeriod, SalesPoint
from localiste.makers.models.maker import STORY_LIMIT
from localiste.makers.models.workshop import (
    SPOKEN_LANGUAGES,
    PaymentMethod,
    WorkshopAccess,
    capitalised,
    choices_in_order,
)
from localiste.makers.services.practical import MAX_OPENING_PERIODS, MAX_SALES_POINTS

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def language_choices() -> list[tuple[str, str]]:
    """The site's languages, each named in itself (Français, English)."""
    return [
        (code, get_language_info(code)["name_local"].capitalize())
        for code, _name in settings.LANGUAGES
    ]


class VersionedForm(forms.Form):
    """A form that edits a maker: it carries the version the editor started from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def maker_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class EligibilityForm(forms.Form):
    makes_own_work = forms.ChoiceField(
        label=_("Do you make what you sell yourself (or with your team)?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    in_territory = forms.ChoiceField(
        label=_("Is your workshop in the territory this directory covers?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    non_food = forms.ChoiceField(
        label=_("Do you make non-food goods (no food or drink)?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    what_you_make = forms.CharField(
        label=_("In a few words, what do you make?"),
        max_length=300,
        required=False,
        help_text=_("For the moderators who check new listings."),
    )

    def clean(self):
        data = super().clean()
        if any(data.get(q) == "no" for q in ("makes_own_work", "in_territory", "non_food")):
            raise forms.ValidationError(
                _(
                    "This directory lists makers of non-food goods who make what they sell "
                    "in its territory. If you think your workshop belongs here anyway, "
                    "write to us."
                )
            )
        return data

    def answers(self) -> dict:
        """The answers as kept on the listing for the moderators."""
        data = self.cleaned_data
        answers = {q: data[q] == "yes" for q in ("makes_own_work", "in_territory", "non_food")}
        answers["what_you_make"] = data.get("what_you_make", "")
        return answers


def category_choices() -> list:
    """Categories grouped under their top-level category (an <optgroup> each), sub-levels
    indented; each level alphabetical in the active language, accents and case ignored."""
    categories = sorted(
        Category.objects.all(), key=lambda category: (fold(category.name), category.name)
    )
    children: dict[int | None, list[Category]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)

    def below(category: Category, indent: str) -> list:
        rows = []
        for child in children.get(category.pk, []):
            rows.append((child.pk, f"{indent}{child.name}"))
            rows += below(child, indent + "– ")
        return rows

    return [(top.name, [(top.pk, top.name), *below(top, "– ")]) for top in children.get(None, [])]


class IdentityForm(VersionedForm):
    name = forms.CharField(label=_("Name of your workshop or brand"), max_length=120)
    primary_category = forms.TypedChoiceField(
        label=_("Main category"), coerce=int, help_text=_("What you make most.")
    )
    other_categories = forms.TypedMultipleChoiceField(
        label=_("Other categories (optional)"),
        coerce=int,
        required=False,
        help_text=_("Up to three. Hold Ctrl (or ⌘) to choose several."),
    )

    def __init__(self, *args, with_version: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_version:
            del self.fields["version"]
        choices = category_choices()
        self.fields["primary_category"].choices = [("", _("Choose…")), *choices]
        self.fields["other_categories"].choices = choices

    def clean_other_categories(self):
        ids = self.cleaned_data["other_categories"]
        if len(ids) > 3:
            raise forms.ValidationError(_("Choose three other categories at most."))
        return ids

    def categories(self) -> tuple[Category, list[Category]]:
        """(main category, other categories) chosen."""
        data = self.cleaned_data
        found = Category.objects.in_bulk([data["primary_category"], *data["other_categories"]])
        others = [found[pk] for pk in data["other_categories"] if pk in found]
        return found[data["primary_category"]], others


class AddressForm(VersionedForm):
    street = forms.CharField(
        label=_("Street address"),
        max_length=200,
        required=False,
        help_text=_("Leave it empty if you only want to show your town."),
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    locality = forms.CharField(
        label=_("Town"),
        max_length=120,
        widget=forms.TextInput(attrs={"list": "place-suggestions", "autocomplete": "off"}),
    )
    location_precision = forms.ChoiceField(
        label=_("What should visitors see?"),
        choices=[
            (Maker.Precision.EXACT, _("My exact address (I welcome visitors)")),
            (Maker.Precision.COMMUNE, _("My town only (I work from home)")),
        ],
        widget=forms.RadioSelect,
    )
    latitude = forms.FloatField(widget=forms.HiddenInput, required=False)
    longitude = forms.FloatField(widget=forms.HiddenInput, required=False)
    pin_moved = forms.BooleanField(widget=forms.HiddenInput, required=False)


class StoryForm(VersionedForm):
    tagline = forms.CharField(
        label=_("Tagline"),
        max_length=160,
        required=False,
        help_text=_("One line under your name, e.g. “Leather bags sewn by hand in Bègles”."),
    )
    story = forms.CharField(
        label=_("Your story"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "data-markdown-preview": "story"}),
        help_text=_("How it started, who you are. Markdown: **bold**, *italic*, lists."),
    )
    know_how = forms.CharField(
        label=_("Your know-how"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "data-markdown-preview": "know_how"}),
        help_text=_("Techniques, materials, where they come from."),
    )
    founded_year = forms.IntegerField(
        label=_("Founded in"), min_value=1000, max_value=2100, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page's own limit, checked here too (before the save's transaction): the
        # text stays in the form with the message. No maxlength: it would cut a paste short.
        for name in ("story", "know_how"):
            field = self.fields[name]
            field.validators.append(STORY_LIMIT)
            limit = number_format(settings.MAX_STORY_CHARS, force_grouping=True)
            field.help_text = f"{field.help_text} " + _("%(limit)s characters at most.") % {
                "limit": limit
            }


class PracticalForm(VersionedForm):
    email = forms.EmailField(
        label=_("Contact email"),
        help_text=_("Never shown: messages from customers are relayed to it."),
    )
    phone = forms.CharField(label=_("Public phone"), max_length=30, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    shop_url = forms.URLField(label=_("Online shop"), required=False, assume_scheme="https")
    instagram_url = forms.URLField(label=_("Instagram"), required=False, assume_scheme="https")
    facebook_url = forms.URLField(label=_("Facebook"), required=False, assume_scheme="https")
    offers_workshop_visits = forms.BooleanField(label=_("Workshop visits"), required=False)
    offers_on_site_sale = forms.BooleanField(label=_("Sale at the workshop"), required=False)
    offers_online_shop = forms.BooleanField(label=_("Online shop"), required=False)
    offers_made_to_order = forms.BooleanField(label=_("Made to order"), required=False)
    offers_shipping = forms.BooleanField(label=_("Shipping"), required=False)
    hours_note = forms.CharField(
        label=_("Note on opening hours"),
        max_length=200,
        required=False,
        help_text=_("E.g. “Closed in August”."),
    )
    offers_visits_by_appointment = forms.BooleanField(
        label=_("Visits by appointment"),
        required=False,
        help_text=_("Your listing then offers workshop visits too."),
    )
    workshop_access = forms.ChoiceField(
        label=_("Wheelchair access"),
        choices=lambda: capitalised(WorkshopAccess.choices),
        widget=forms.RadioSelect,
        # Not required: a form posted without it (an old page) keeps "not stated".
        required=False,
    )
    workshop_access_note = forms.CharField(
        label=_("Note on access"),
        max_length=200,
        required=False,
        help_text=_("E.g. “One 10 cm step at the door”, “Workshop upstairs, no lift”."),
    )
    languages_spoken = languages_spoken_field(_("Languages spoken"))
    payment_methods = payment_methods_field(_("Payment methods accepted"))
    language = forms.ChoiceField(
        label=_("Language of our emails to you"),
        choices=language_choices,
        # Not required: a form posted without it (an old page) keeps the language saved.
        required=False,
        help_text=_("Reminders, notices from the moderators and news about your listing."),
    )

    def clean_workshop_access(self) -> str:
        return self.cleaned_data.get("workshop_access") or WorkshopAccess.UNKNOWN

    def clean_languages_spoken(self) -> list[str]:
        return choices_in_order(self.cleaned_data.get("languages_spoken", []), SPOKEN_LANGUAGES)

    def clean_payment_methods(self) -> list[str]:
        return choices_in_order(self.cleaned_data.get("payment_methods", []), PaymentMethod.values)

    def maker_fields(self) -> dict:
        fields = super().maker_fields()
        if not fields.get("language"):
            fields.pop("language", None)
        return fields


class OpeningPeriodForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("Day"),
        coerce=int,
        choices=[("", "—"), *OpeningPeriod.Weekday.choices],
        required=False,
    )
    opens = forms.TimeField(
        label=_("Opens"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    closes = forms.TimeField(
        label=_("Closes"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )

    def clean(self):
        data = super().clean()
        filled = [data.get(name) not in (None, "") for name in ("weekday", "opens", "closes")]
        if any(filled) and not all(filled):
            raise forms.ValidationError(_("Give the day, the opening and the closing time."))
        if all(filled) and data["closes"] <= data["opens"]:
            raise forms.ValidationError(_("The closing time must come after the opening time."))
        return data


class SalesPointForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", "—"), *SalesPoint.Kind.choices], required=False
    )
    name = forms.CharField(label=_("Name"), max_length=120, required=False)
    locality = forms.CharField(label=_("Town"), max_length=120, required=False)
    url = forms.URLField(label=_("Web address"), required=False, assume_scheme="https")
    schedule = forms.CharField(label=_("When"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if any(data.values()) and not (data.get("kind") and data.get("name")):
            raise forms.ValidationError(_("Give at least the kind and the name of the place."))
        return data


class OpeningPeriodBaseFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_many_forms": ngettext_lazy(
            "Give %(num)d opening period at most.", "Give %(num)d opening periods at most.", "num"
        )
    }


class SalesPointBaseFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_many_forms": ngettext_lazy(
            "Give %(num)d place to buy at most.", "Give %(num)d places to buy at most.", "num"
        )
    }


OpeningPeriodFormSet = forms.formset_factory(
    OpeningPeriodForm,
    formset=OpeningPeriodBaseFormSet,
    extra=2,
    max_num=MAX_OPENING_PERIODS,
    validate_max=True,
)
SalesPointFormSet = forms.formset_factory(
    SalesPointForm,
    formset=SalesPointBaseFormSet,
    extra=1,
    max_num=MAX_SALES_POINTS,
    validate_max=True,
)


def hours_from_formset(formset) -> list[tuple]:
    return [
        (form.cleaned_data["weekday"], form.cleaned_data["opens"], form.cleaned_data["closes"])
        for form in formset.forms
        if form.cleaned_data.get("opens")
    ]


def sales_points_from_formset(formset) -> list[dict]:
    return [
        {key: form.cleaned_data.get(key) or "" for key in SalesPointForm.base_fields}
        for form in formset.forms
        if form.cleaned_data.get("name")
    ]
