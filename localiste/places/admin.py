"""The operators' admin for territories (saved through the services) and the gazetteer.

The gazetteer is open data loaded by `manage.py gazetteer_load`: it is shown here, not
edited, since a commune's codes and position decide where every listing of it belongs.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from localiste.core.admin import ServiceSavedAdmin
from localiste.core.text import fold
from localiste.places import places_csv, services
from localiste.places.admin_forms import PlacesImportForm, TerritoryForm
from localiste.places.models import Place, PostalCode, Territory


@admin.register(Territory)
class TerritoryAdmin(ServiceSavedAdmin):
    form = TerritoryForm
    saver = services.territory_save
    deleter = services.territory_delete
    list_display = ["name", "kind", "country_code", "admin_code", "parent", "is_active"]
    list_filter = ["kind", "is_active", "country_code"]
    search_fields = ["name", "slug", "admin_code"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["extent"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "country_code", "parent", "admin_code"]}),
        (
            _("Area"),
            {
                "fields": [
                    "drawn_from",
                    "communes",
                    "departements",
                    "boundary_file",
                    "bbox",
                    "extent",
                ]
            },
        ),
        (_("Home page"), {"fields": ["presentation_fr", "presentation_en", "is_active"]}),
    ]

    def save_model(self, request, obj, form, change):
        services.territory_save(territory=obj, places=form.listed_places)

    @admin.display(description=_("extent"))
    def extent(self, territory: Territory) -> str:
        if territory.min_latitude is None:
            return "—"
        listed = territory.listed_places.count() if territory.pk else 0
        box = _("box %(west).3f, %(south).3f, %(east).3f, %(north).3f") % {
            "west": territory.min_longitude,
            "south": territory.min_latitude,
            "east": territory.max_longitude,
            "north": territory.max_latitude,
        }
        if territory.boundary:
            return _("drawn by a boundary; %(box)s") % {"box": box}
        if listed:
            return _("%(count)s places listed; %(box)s") % {"count": listed, "box": box}
        return box


class PostalCodeInline(admin.TabularInline):
    model = PostalCode
    extra = 0


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "postcodes",
        "official_code",
        "kind",
        "country_code",
        "population",
        "latitude",
        "longitude",
    ]
    list_filter = ["kind", "country_code", "department_code"]
    search_fields = ["name_folded", "official_code", "postal_codes__code"]
    show_full_result_count = False
    inlines = [PostalCodeInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="places_place_import"), *super().get_urls()]

    def import_view(self, request):
        """Upload an operator's CSV of places (towns abroad) through `places_import`."""
        if not request.user.has_perm("places.add_place"):
            raise PermissionDenied
        form = PlacesImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                places_csv.check_size(upload.size)
                changed = services.places_import(
                    raw=upload.read(), country=form.cleaned_data["country_code"]
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)s place created or updated.",
                        "%(count)s places created or updated.",
                        changed,
                    )
                    % {"count": changed},
                    messages.SUCCESS,
                )
                return redirect("admin:places_place_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "form": form,
            "title": _("Import places"),
        }
        return TemplateResponse(request, "places/admin/places_import.html", context)

    def get_search_results(self, request, queryset, search_term):
        # Operators type "Saint-Émilion"; the index holds the folded form.
        return super().get_search_results(request, queryset, fold(search_term) or search_term)
