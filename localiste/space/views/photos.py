"""Photos of a listing: upload (checked by content), describe, order, remove."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localiste.makers import services
from localiste.makers.images import ImageRejected
from localiste.makers.models import Photo
from localiste.makers.selectors import maker_get_for_edit
from localiste.space.media_forms import PhotoEditForm, PhotoUploadForm
from localiste.space.views.common import (
    form_add_errors,
    leave_untouched,
    saved_or_conflict,
    space_render,
    tab_redirect,
)


def _maker_photos(maker):
    photos = maker.photos.filter(product=None).order_by("position", "id")
    return {
        "logo": [p for p in photos if p.kind == Photo.Kind.LOGO],
        "cover": [p for p in photos if p.kind == Photo.Kind.COVER],
        "gallery": [p for p in photos if p.kind == Photo.Kind.GALLERY],
    }


def upload_into(request, form, **target) -> bool:
    """Add the photo of a valid upload `form` through the service; False with a form error."""
    if not form.is_valid():
        return False
    try:
        services.photo_add(
            editor=request.user,
            upload=form.cleaned_data["image"],
            kind=form.cleaned_data.get("kind", Photo.Kind.PRODUCT),
            alt_text=form.cleaned_data["alt_text"],
            caption=form.cleaned_data["caption"],
            **target,
        )
    except ImageRejected as rejection:
        form.add_error("image", str(rejection))
        return False
    except ValidationError as error:  # the page holds as many photos as it may
        form_add_errors(form, error)
        return False
    messages.success(request, _("Photo added."))
    return True


@login_required
def photos(request, slug):
    """The logo, cover and gallery of a listing, and the form to add one."""
    maker = maker_get_for_edit(user=request.user, slug=slug)
    form = PhotoUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and (untouched := leave_untouched(request, maker, form)):
        return untouched
    if request.method == "POST" and upload_into(request, form, maker=maker):
        return tab_redirect(request, maker) or redirect("space:photos", slug=maker.slug)
    context = {
        "form": form,
        "photos": _maker_photos(maker),
        "max_upload_mb": settings.MAX_UPLOAD_MB,
        "photo_count": maker.photos.count(),
        "max_photos": settings.MAX_PHOTOS_PER_MAKER,
    }
    return space_render(request, "space/photos.html", maker, "photos", context, step_form=True)


def _photo(maker, photo_id: int) -> Photo:
    return get_object_or_404(maker.photos, pk=photo_id)


def photo_values(photo: Photo) -> dict:
    return {"alt_text": photo.alt_text, "caption": photo.caption}


@login_required
def photo_edit(request, slug, photo_id):
    """Change a photo's description and caption (refused, both shown, if it changed)."""
    maker = maker_get_for_edit(user=request.user, slug=slug)
    photo = _photo(maker, photo_id)
    form = PhotoEditForm(
        request.POST or None, initial=photo_values(photo) | {"version": photo.version}
    )
    conflict = []
    if request.method == "POST" and (untouched := leave_untouched(request, maker, form)):
        return untouched
    if request.method == "POST" and form.is_valid():
        try:
            updated, conflict = saved_or_conflict(
                form=form,
                current_values=photo_values,
                save=lambda: services.photo_update(
                    photo=photo, editor=request.user, **form.cleaned_data
                ),
            )
        except Photo.DoesNotExist:
            raise Http404("The photo was removed meanwhile") from None
        if updated is not None:
            messages.success(request, _("Saved."))
            return tab_redirect(request, maker) or redirect(_back(photo))
    context = {"form": form, "photo": photo, "conflict": conflict}
    return space_render(request, "space/photo_edit.html", maker, "photos", context, step_form=True)


def _back(photo: Photo) -> str:
    from django.urls import reverse

    if photo.product_id:
        return reverse(
            "space:product_edit",
            kwargs={"slug": photo.maker.slug, "product_id": photo.product_id},
        )
    return reverse("space:photos", kwargs={"slug": photo.maker.slug})


@login_required
@require_POST
def photo_move(request, slug, photo_id):
    """Move a photo one place earlier or later."""
    maker = maker_get_for_edit(user=request.user, slug=slug)
    photo = _photo(maker, photo_id)
    offset = -1 if request.POST.get("direction") == "up" else 1
    services.photo_move(photo=photo, editor=request.user, offset=offset)
    return redirect(_back(photo))


@login_required
def photo_delete(request, slug, photo_id):
    """Remove a photo, after a confirmation."""
    maker = maker_get_for_edit(user=request.user, slug=slug)
    photo = _photo(maker, photo_id)
    if request.method == "POST":
        back = _back(photo)
        services.photo_delete(photo=photo, editor=request.user)
        messages.success(request, _("Photo removed."))
        return redirect(back)
    return space_render(request, "space/photo_delete.html", maker, "photos", {"photo": photo})
