"""The “Tell me” form under the search results: an address, and a trap for robots."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AlertForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # A trap for robots: hidden from people (CSS, off-screen, out of the tab order).
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    @property
    def is_from_robot(self) -> bool:
        """True when the trap field was filled: answer normally, do nothing."""
        return bool(self.cleaned_data.get("website"))
