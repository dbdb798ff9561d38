"""The confirmation asked before an account is deleted."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AccountDeleteForm(forms.Form):
    """Delete only when the person types their email address and, if they have one, password."""

    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("Type it to confirm that this is the account to delete."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            del self.fields["password"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if email.strip().lower() != (self.user.email or "").lower():
            raise forms.ValidationError(
                _("This is not the email address of this account."), code="email_mismatch"
            )
        return email

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This password is not right."), code="password_wrong")
        return password
