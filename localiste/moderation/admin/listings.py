"""The operators' admin for listings: search, filters, and everything of a maker on one page.

Every save goes through the makers' services, like an edit from the maker space, so that the
search index, the territories and the category listings follow whichever screen a change
came from. Inline rows are saved the same way: photos are described or removed through
`photo_update` / `photo_delete` (uploads belong to the maker space, which checks them),
opening hours and places to buy are replaced through their services, and products and
team members are shown here and changed on their own pages.

Over 400 lines on purpose: the maker's admin page is one screen (its form, inlines and
actions), each part routed to its service; the review admin is apart (`review.py`).
"""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from localiste.makers import services
from localiste.makers.forms import languages_spoken_field, payment_methods_field
from localiste.makers.models import (
    Maker,
    MakerCategory,
    Membership,
    OpeningPeriod,
    Photo,
    Product,
    SalesPoint,
)
from localiste.makers.models.workshop import (
    WorkshopAccess,
    capitalised,
)
from localiste.makers.services.practical import MAX_OPENING_PERIODS, MAX_SALES_POINTS
from localiste.makers.services.products import PRODUCT_FIELDS
from localiste.moderation.admin.review import approve_makers, eligibility_summary

CONFLICT_MESSAGE = _(
    "Someone saved this listing while you were editing it: your changes were not saved. "
    "Here is the listing as it is now."
)
# Web addresses typed without a scheme are taken as https (Django 6's default, asked now).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}
# Form fields that are not plain Maker columns: handled by their own service arguments.
MAKER_RELATIONS = {"primary_category", "labels", "loaded_version"}


class ReadOnlyInline(admin.TabularInline):
    """Rows shown on the maker's page and changed elsewhere (their own page or the space)."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class VersionedAdminForm(forms.ModelForm):
    """An admin form for a row with a version, carrying the version it was loaded at."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get("loaded_version")
        if self.instance.pk and loaded is not None:
            saved = type(self.instance).objects.filter(pk=self.instance.pk)
            if saved.values_list("version", flat=True).first() != loaded:
                raise forms.ValidationError(CONFLICT_MESSAGE)
        return cleaned

    def loaded_or_current_version(self) -> int:
        return self.cleaned_data.get("loaded_version") or self.instance.version


class PhotoInline(admin.TabularInline):
    model = Photo
    form = VersionedAdminForm
    fk_name = "maker"
    extra = 0
    fields = ["kind", "image", "alt_text", "caption", "product", "position", "loaded_version"]
    readonly_fields = ["kind", "image", "product", "position"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ProductInline(ReadOnlyInline):
    model = Product
    fields = ["name", "category", "price_kind", "price_min", "price_max", "is_published"]
    readonly_fields = fields


class OpeningPeriodInline(admin.TabularInline):
    model = OpeningPeriod
    extra = 0
    max_num = MAX_OPENING_PERIODS  # as the service allows


class SalesPointInline(admin.TabularInline):
    model = SalesPoint
    extra = 0
    max_num = MAX_SALES_POINTS
    formfield_overrides = URL_FIELDS
    exclude = ["position"]


class MembershipInline(ReadOnlyInline):
    model = Membership
    fields = ["user", "role", "created_at"]
    readonly_fields = fields
    show_change_link = False


class MakerAdminForm(forms.ModelForm):
    """The admin's form for a maker, carrying the version it was loaded at."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Lists of codes, ticked rather than typed as JSON.
    payment_methods = payment_methods_field(_("payment methods"))
    languages_spoken = languages_spoken_field(_("languages spoken"))

    class Meta:
        model = Maker
        fields = ()  # the admin lists them in its fieldsets; territories are derived

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version
        if "workshop_access" in self.fields:
            # Capitalised as the maker space lists them, in the operator's language.
            self.fields["workshop_access"].choices = capitalised(WorkshopAccess.choices)

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get("loaded_version")
        if self.instance.pk and loaded is not None:
            saved = Maker.objects.filter(pk=self.instance.pk).values_list("version", flat=True)
            if saved.first() != loaded:
                raise forms.ValidationError(CONFLICT_MESSAGE)
        return cleaned


@admin.register(Maker)
class MakerAdmin(admin.ModelAdmin):
    form = MakerAdminForm
    formfield_overrides = URL_FIELDS
    list_display = ["name", "locality", "primary_category", "status", "is_featured", "published_at"]
    list_filter = [
        "status",
        "is_featured",
        "location_precision",
        "primary_category__parent",
        "labels",
        "territories",
        "offers_workshop_visits",
        "offers_online_shop",
    ]
    search_fields = ["name", "slug", "legal_name", "siret", "locality", "postcode", "email"]
    list_select_related = ["primary_category"]
    date_hierarchy = "published_at"
    show_full_result_count = False  # no COUNT(*) over a million rows on every page
    readonly_fields = [
        "territory_names",
        "version",
        "published_at",
        "created_at",
        "updated_at",
        "submitted_at",
        "eligibility_answers",
        "desk_link",
    ]
    autocomplete_fields = ["primary_category", "place", "labels"]
    inlines = [ProductInline, PhotoInline, OpeningPeriodInline, SalesPointInline, MembershipInline]
    actions = ["approve_submissions", "publish", "suspend"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "tagline",
                    "primary_category",
                    "labels",
                    "status",
                    "is_featured",
                    "loaded_version",
                ]
            },
        ),
        (_("Story"), {"fields": ["story", "know_how", "founded_year"]}),
        (
            _("Address"),
            {
                "fields": [
                    "street",
                    "postcode",
                    "locality",
                    "country",
                    "place",
                    "latitude",
                    "longitude",
                    "location_precision",
                    "territory_names",
                ]
            },
        ),
        (
            _("Contact and links"),
            {"fields": ["email", "phone", "website", "shop_url", "instagram_url", "facebook_url"]},
        ),
        (
            _("Services and hours"),
            {
                "fields": [
                    "offers_workshop_visits",
                    "offers_on_site_sale",
                    "offers_online_shop",
                    "offers_made_to_order",
                    "offers_shipping",
                    "hours_note",
                ]
            },
        ),
        (
            _("Visiting the workshop"),
            {
                "fields": [
                    "offers_visits_by_appointment",
                    "workshop_access",
                    "workshop_access_note",
                    "languages_spoken",
                    "payment_methods",
                ]
            },
        ),
        (_("Company"), {"fields": ["legal_name", "siret", "vat_number"]}),
        (
            _("Review"),
            {"fields": ["desk_link", "submitted_at", "eligibility_answers", "review_note"]},
        ),
        (
            _("Record"),
            {"fields": ["source_key", "version", "published_at", "created_at", "updated_at"]},
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        # A new listing's address (slug) is made from its name, unique among all listings.
        return self.readonly_fields if obj else [*self.readonly_fields, "slug"]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The form refuses a stale version; a save that races past it is refused by the
        # service, after the form: say so instead of failing.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.EditConflict:
            self.message_user(request, CONFLICT_MESSAGE, messages.ERROR)
            return HttpResponseRedirect(request.path)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        changed = {name: data[name] for name in form.changed_data if name not in MAKER_RELATIONS}
        if change:
            maker = Maker.objects.get(pk=obj.pk)
            version = data.get("loaded_version") or maker.version
        else:
            # A new listing starts as a draft; its status is then set like any change of it.
            status = changed.pop("status", Maker.Status.DRAFT)
            changed.pop("name", None)
            maker = services.maker_create(
                name=data["name"], primary_category=data["primary_category"], **changed
            )
            changed = {"status": status} if status != maker.status else {}
            version = maker.version
        primary = data["primary_category"]
        others = None
        if change and "primary_category" in form.changed_data:
            others = list(
                MakerCategory.objects.filter(maker=maker, is_direct=True)
                .exclude(category=primary)
                .select_related("category")
            )
            others = [link.category for link in others]
        services.maker_operator_update(
            maker=maker,
            operator=request.user,
            version=version,
            fields=changed,
            primary_category=primary if others is not None else None,
            others=others,
            labels=data["labels"] if "labels" in form.changed_data else None,
        )
        # The admin goes on with `obj` (history, inlines, redirect): make it the saved row.
        obj.pk = maker.pk
        obj.refresh_from_db()
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        # Labels went through the service in save_model; inlines go through theirs.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        maker = form.instance
        # Nothing is written here; it tells the admin's history what the rows became.
        formset.save(commit=False)
        if formset.model is Photo:
            for photo in formset.deleted_objects:
                services.photo_delete(photo=photo, editor=request.user)
            loaded = {
                row.instance.pk: row.loaded_or_current_version()
                for row in formset.forms
                if row.instance.pk and row.has_changed()
            }
            for photo, _fields in formset.changed_objects:
                services.photo_update(
                    photo=photo,
                    editor=request.user,
                    version=loaded.get(photo.pk, photo.version),
                    alt_text=photo.alt_text,
                    caption=photo.caption,
                )
        elif not formset.has_changed():
            return
        # Hours and places to buy belong to the listing's version: save_model has just moved
        # it on from the version the page was loaded at (refusing a stale one) within this
        # same transaction, so `maker.version` is the one to claim next.
        elif formset.model is OpeningPeriod:
            services.maker_hours_set(
                maker=maker,
                version=maker.version,
                periods=[
                    (row["weekday"], row["opens"], row["closes"]) for row in _kept_rows(formset)
                ],
            )
        elif formset.model is SalesPoint:
            fields = [name for name in formset.form.base_fields if name not in {"id", "maker"}]
            services.maker_sales_points_set(
                maker=maker,
                version=maker.version,
                sales_points=[{name: row[name] for name in fields} for row in _kept_rows(formset)],
            )

    def delete_model(self, request, obj):
        services.maker_delete(maker=obj)

    def delete_queryset(self, request, queryset):
        for maker in queryset:
            services.maker_delete(maker=maker)

    @admin.display(description=_("territories"))
    def territory_names(self, obj):
        return ", ".join(territory.name for territory in obj.territories.all()) or "—"

    @admin.display(description=_("eligibility answers"))
    def eligibility_answers(self, obj):
        return eligibility_summary(obj)

    @admin.display(description=_("moderation desk"))
    def desk_link(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("moderation:listing", args=[obj.pk]),
            _("Review this listing at the desk (changes, history, decisions)"),
        )

    @admin.action(description=_("Approve: publish with their pending changes"))
    def approve_submissions(self, request, queryset):
        approve_makers(self, request, queryset)

    @admin.action(description=_("Publish the selected makers"))
    def publish(self, request, queryset):
        for maker in queryset:
            services.maker_publish(maker=maker)
        self.message_user(
            request,
            ngettext("%d maker published.", "%d makers published.", len(queryset)) % len(queryset),
            messages.SUCCESS,
        )

    @admin.action(description=_("Suspend the selected makers"))
    def suspend(self, request, queryset):
        for maker in queryset:
            services.maker_withdraw(maker=maker, status=Maker.Status.SUSPENDED)
        self.message_user(
            request,
            ngettext("%d maker suspended.", "%d makers suspended.", len(queryset)) % len(queryset),
            messages.SUCCESS,
        )


def _kept_rows(formset) -> list[dict]:
    """The cleaned rows of an inline formset that are filled in and not marked for deletion."""
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    form = VersionedAdminForm
    list_display = ["name", "maker", "category", "price_kind", "is_published"]
    list_filter = ["is_published", "price_kind", "made_to_order"]
    search_fields = ["name", "maker__name", "materials"]
    list_select_related = ["maker", "category"]
    autocomplete_fields = ["maker", "category"]
    show_full_result_count = False
    fields = ["maker", *PRODUCT_FIELDS, "slug", "position", "loaded_version"]
    readonly_fields = ["slug", "position"]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # As MakerAdmin's: a save that races past the form's version check is refused by
        # the service.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.EditConflict:
            self.message_user(request, CONFLICT_MESSAGE, messages.ERROR)
            return HttpResponseRedirect(request.path)

    def get_readonly_fields(self, request, obj=None):
        # A product stays with its maker: the maker is chosen once, when it is added.
        return [*self.readonly_fields, "maker"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in PRODUCT_FIELDS}
        if change:
            product = services.product_update(
                product=Product.objects.get(pk=obj.pk),
                editor=request.user,
                version=form.loaded_or_current_version(),
                fields=fields,
            )
        else:
            product = services.product_create(
                maker=form.cleaned_data["maker"], editor=request.user, fields=fields
            )
        obj.pk = product.pk
        obj.refresh_from_db()
        obj._state.adding = False

    def delete_model(self, request, obj):
        services.product_delete(product=obj, editor=request.user)

    def delete_queryset(self, request, queryset):
        for product in queryset:
            services.product_delete(product=product, editor=request.user)
