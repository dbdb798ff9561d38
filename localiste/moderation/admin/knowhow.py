"""The operators' admin for heritage know-how pages and their photos.

Saves go through `makers.services.knowhow`: the page with its categories in one call, each
photo through its own service, so an upload is checked and re-encoded like a maker's photo
and the maker pages' links follow at once.
"""

from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from localiste.core.admin import ServiceSavedAdmin
from localiste.makers.images import ImageRejected, image_open_checked
from localiste.makers.models import KnowHow, KnowHowPhoto
from localiste.makers.services import knowhow as services

PHOTO_TEXT_FIELDS = ("alt_text_fr", "alt_text_en", "caption_fr", "caption_en", "credit")


class KnowHowPhotoForm(forms.ModelForm):
    class Meta:
        model = KnowHowPhoto
        fields = ["image", *PHOTO_TEXT_FIELDS, "position"]

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload and "image" in self.changed_data:
            try:
                image_open_checked(upload)
            except ImageRejected as error:
                raise forms.ValidationError(str(error)) from error
            upload.seek(0)
        return upload


class KnowHowPhotoInline(admin.StackedInline):
    model = KnowHowPhoto
    form = KnowHowPhotoForm
    extra = 0
    readonly_fields = ["preview"]

    @admin.display(description=_("preview"))
    def preview(self, photo):
        if not photo.pk or not photo.image:
            return "—"
        return format_html('<img src="{}" alt="" width="160">', photo.fallback_url)


@admin.register(KnowHow)
class KnowHowAdmin(ServiceSavedAdmin):
    saver = services.knowhow_save
    deleter = services.knowhow_delete
    inlines = [KnowHowPhotoInline]
    list_display = ["title_fr", "title_en", "territory", "is_published", "position"]
    list_filter = ["is_published", "territory"]
    list_editable = ["position"]
    search_fields = ["title_fr", "title_en", "slug", "keywords"]
    prepopulated_fields = {"slug": ["title_fr"]}
    autocomplete_fields = ["territory", "categories"]
    fieldsets = [
        (None, {"fields": ["title_fr", "title_en", "slug", "territory", "is_published"]}),
        (_("Text"), {"fields": ["summary_fr", "summary_en", "body_fr", "body_en", "sources"]}),
        (_("Makers who practise it"), {"fields": ["categories", "keywords"]}),
        (None, {"fields": ["position"]}),
    ]

    def save_model(self, request, obj, form, change):
        categories = form.cleaned_data.get("categories")
        services.knowhow_save(knowhow=obj, categories=categories)

    def save_related(self, request, form, formsets, change):
        # Categories went through the service in save_model; photos go through theirs.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)  # fills new_objects, changed_objects, deleted_objects
        for photo in formset.deleted_objects:
            services.knowhow_photo_delete(photo=photo)
        for photo, changed in formset.changed_objects:
            if "image" in changed:
                # A new file: stored and checked as a new photo, in place of the old one.
                self._photo_add(form.instance, photo)
                services.knowhow_photo_delete(photo=KnowHowPhoto.objects.get(pk=photo.pk))
            else:
                services.knowhow_photo_save(photo=photo)
        for photo in formset.new_objects:
            self._photo_add(form.instance, photo)

    @staticmethod
    def _photo_add(knowhow: KnowHow, photo: KnowHowPhoto) -> None:
        services.knowhow_photo_add(
            knowhow=knowhow,
            upload=photo.image.file,
            position=photo.position,
            **{field: getattr(photo, field) for field in PHOTO_TEXT_FIELDS},
        )
