"""Forms of the public maker pages (a visitor reporting a listing), and the fields of a
listing's workshop lists that the maker space and the admin both edit."""

from django import forms
from django.utils.translation import gettext_lazy as _

from localiste.makers.models import Report
from localiste.makers.models.workshop import PaymentMethod, capitalised, spoken_language_choices
from localiste.makers.services.reports import MAX_REPORT_MESSAGE


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this listing?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what is wrong.")},
    )
    message = forms.CharField(
        label=_("Tell us more"),
        max_length=MAX_REPORT_MESSAGE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you saw, and where. Optional, except for “Something else”."),
    )
    email = forms.EmailField(
        label=_("Your email (optional)"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "Only if you would like an answer: read by the moderators alone, never shown on "
            "the site nor to the maker."
        ),
    )
    # A trap for robots, as on the contact form: hidden from people, out of the tab order.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == Report.Reason.OTHER and not data.get("message", "").strip():
            self.add_error("message", _("Say in a few words what is wrong."))
        return data

    @property
    def is_from_robot(self) -> bool:
        """True when the trap field was filled: answer as usual, store nothing."""
        return bool(self.cleaned_data.get("website"))


def payment_methods_field(label) -> forms.MultipleChoiceField:
    """The payment methods of a workshop, ticked (capitalised in the reader's language)."""
    return forms.MultipleChoiceField(
        label=label,
        choices=lambda: capitalised(PaymentMethod.choices),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def languages_spoken_field(label) -> forms.MultipleChoiceField:
    """The languages spoken at a workshop, ticked, named in the reader's language."""
    return forms.MultipleChoiceField(
        label=label,
        choices=lambda: capitalised(spoken_language_choices()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
