"""The contact form consumers fill in on maker and product pages."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from localiste.core.renderers import PlainInputRenderer
from localiste.messaging.spam import MAX_LINKS, link_count


class ContactForm(forms.Form):
    # Under every maker page: its inputs are written without templates (same HTML, faster).
    default_renderer = PlainInputRenderer()

    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(
        label=_("Your email"),
        help_text=_("The maker answers you at this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Your phone (optional)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    message = forms.CharField(
        label=_("Your message"),
        min_length=10,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    product = forms.SlugField(required=False, widget=forms.HiddenInput)
    # A trap for robots: hidden from people (CSS, off-screen, out of the tab order).
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"

    def clean_message(self) -> str:
        message = self.cleaned_data["message"]
        if link_count(message) > MAX_LINKS:
            raise forms.ValidationError(
                ngettext(
                    "Please include at most %(count)d web address.",
                    "Please include at most %(count)d web addresses.",
                    MAX_LINKS,
                )
                % {"count": MAX_LINKS}
            )
        return message

    @property
    def is_from_robot(self) -> bool:
        """True when the trap field was filled: answer normally, send nothing."""
        return bool(self.cleaned_data.get("website"))
