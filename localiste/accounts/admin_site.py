"""Django's admin site, whose login page limits failed passwords as /compte/login/ does."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.core.exceptions import NON_FIELD_ERRORS


class AdminConfig(DjangoAdminConfig):
    """`django.contrib.admin` with the site below as `admin.site` (in INSTALLED_APPS)."""

    default_site = "localiste.accounts.admin_site.AdminSite"


class AdminSite(admin.AdminSite):
    """The admin site: its login form counts failures, and a refused login answers 429."""

    @property
    def login_form(self):
        # Imported here: this module is loaded with the app registry, before the models.
        from localiste.accounts.forms import AdminLoginForm

        return AdminLoginForm

    def login(self, request, extra_context=None):
        response = super().login(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if form is not None and form.has_error(NON_FIELD_ERRORS, "too_many_login_attempts"):
            response.status_code = 429
        return response
