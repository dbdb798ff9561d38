"""The account forms: sign-up, the admin's login, the confirmation asked before a deletion."""

from allauth.account.adapter import get_adapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext_lazy as _


class SignupForm(AllauthSignupForm):
    """allauth's sign-up, which takes as long for an address that has an account as for one
    that has not.

    With ACCOUNT_PREVENT_ENUMERATION both answer alike and send one mail each ("confirm your
    address", or "you already have an account"); only a new account hashed the password,
    which is nearly all of the time a sign-up takes, so the delay told which addresses are
    known. The other path now hashes it too, once, and throws the hash away.
    """

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)


class AdminLoginForm(AdminAuthenticationForm):
    """The admin's login, whose failed passwords count as those of /compte/login/ do.

    allauth's adapter counts the attempt before the password is checked (limits.py) and
    refuses, saying so, once the limit of failures is reached.
    """

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            adapter = get_adapter(self.request)
            self.user_cache = adapter.authenticate(
                self.request, username=username, password=password
            )
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


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
