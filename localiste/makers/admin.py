"""The operators' admin for listings: search, filters, and everything of a maker on one page."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from localiste.makers import review_admin, services
from localiste.makers.models import (
    Maker,
    Membership,
    OpeningPeriod,
    Photo,
    Product,
    SalesPoint,
)


class PhotoInline(admin.TabularInline):
    model = Photo
    fk_name = "maker"
    extra = 0
    fields = ["kind", "image", "alt_text", "caption", "product", "position"]
    autocomplete_fields = ["product"]


class ProductInline(admin.TabularInline):
    model = Product
    extra = 0
    fields = [
        "name",
        "slug",
        "category",
        "price_kind",
        "price_min",
        "price_max",
        "made_to_order",
        "is_published",
        "position",
    ]
    prepopulated_fields = {"slug": ["name"]}
    show_change_link = True


class OpeningPeriodInline(admin.TabularInline):
    model = OpeningPeriod
    extra = 0


class SalesPointInline(admin.TabularInline):
    model = SalesPoint
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Maker)
class MakerAdmin(admin.ModelAdmin):
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
        "version",
        "published_at",
        "created_at",
        "updated_at",
        "submitted_at",
        "eligibility_answers",
    ]
    autocomplete_fields = ["primary_category", "place", "labels"]
    filter_horizontal = ["territories"]
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
                    "territories",
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
        (_("Company"), {"fields": ["legal_name", "siret", "vat_number"]}),
        (
            _("Review"),
            {"fields": ["submitted_at", "eligibility_answers", "review_note"]},
        ),
        (
            _("Record"),
            {"fields": ["source_key", "version", "published_at", "created_at", "updated_at"]},
        ),
    ]

    def save_model(self, request, obj, form, change):
        # Status changes go through the services so category listings and counts follow.
        wanted_status = obj.status
        if change:
            obj.status = Maker.objects.values_list("status", flat=True).get(pk=obj.pk)
        obj.version += 1 if change else 0
        super().save_model(request, obj, form, change)
        if not change:
            services.maker_categories_set(maker=obj, primary=obj.primary_category)
        elif "primary_category" in form.changed_data:
            others = obj.categories.filter(maker_links__is_direct=True).exclude(
                pk=obj.primary_category_id
            )
            services.maker_categories_set(maker=obj, primary=obj.primary_category, others=others)
        if wanted_status == Maker.Status.PUBLISHED:
            services.maker_publish(maker=obj)
        elif wanted_status != obj.status:
            services.maker_withdraw(maker=obj, status=wanted_status)

    @admin.display(description=_("eligibility answers"))
    def eligibility_answers(self, obj):
        return review_admin.eligibility_summary(obj)

    @admin.action(description=_("Approve: publish with their pending changes"))
    def approve_submissions(self, request, queryset):
        review_admin.approve_makers(self, request, queryset)

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


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "maker", "category", "price_kind", "is_published"]
    list_filter = ["is_published", "price_kind", "made_to_order"]
    search_fields = ["name", "maker__name", "materials"]
    list_select_related = ["maker", "category"]
    autocomplete_fields = ["maker", "category"]
    show_full_result_count = False
