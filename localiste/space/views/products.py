"""Products of a listing: list, create, edit, order, show or hide, remove, photos."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from localiste.makers import services
from localiste.makers.models import Product
from localiste.makers.selectors import maker_get_for_edit
from localiste.space.media_forms import ProductForm, ProductPhotoForm
from localiste.space.views.common import (
    after_save,
    form_add_errors,
    leave_untouched,
    saved_or_conflict,
    space_render,
    tab_redirect,
)
from localiste.space.views.photos import upload_into


def _product(maker, product_id: int) -> Product:
    return get_object_or_404(maker.products, pk=product_id)


def _room_left(maker) -> bool:
    return maker.products.count() < settings.MAX_PRODUCTS_PER_MAKER


def product_values(product: Product) -> dict:
    """The saved values of `product`, by field of its form (for a conflict)."""
    return {name: getattr(product, name) for name in ProductForm.Meta.fields}


@login_required
def products(request, slug):
    """The products of a listing, in the order its page shows them."""
    maker = maker_get_for_edit(user=request.user, slug=slug)
    product_list = list(maker.products.prefetch_related("photos").order_by("position", "id"))
    if request.method == "POST":  # "continue" from the onboarding
        return after_save(request, maker, "products")
    context = {
        "products": product_list,
        "room_left": len(product_list) < settings.MAX_PRODUCTS_PER_MAKER,
        "max_products": settings.MAX_PRODUCTS_PER_MAKER,
    }
    return space_render(request, "space/products.html", maker, "products", context)


PRODUCT_WAITS = gettext_lazy(
    "Saved. The operators check new and changed products: this one is off your public page "
    "until they approve it."
)


@login_required
def product_create(request, slug):
    """A new product."""
    maker = maker_get_for_edit(user=request.user, slug=slug)
    form = ProductForm(request.POST or None, initial={"category": maker.primary_category_id})
    if request.method == "POST" and (untouched := leave_untouched(request, maker, form)):
        return untouched
    if request.method == "POST" and form.is_valid():
        try:
            product = services.product_create(
                maker=maker, editor=request.user, fields=form.cleaned_data
            )
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            if product.pending_review:
                messages.info(request, PRODUCT_WAITS)
            messages.success(request, _("Product added. You can add its photos now."))
            return tab_redirect(request, maker) or redirect(
                "space:product_edit", slug=maker.slug, product_id=product.pk
            )
    context = {
        "form": form,
        "product": None,
        "room_left": _room_left(maker),
        "max_products": settings.MAX_PRODUCTS_PER_MAKER,
    }
    return space_render(
        request, "space/product_form.html", maker, "products", context, step_form=True
    )


@login_required
def product_edit(request, slug, product_id):
    """Change a product (refused, both versions shown, if it changed meanwhile); its photos."""
    maker = maker_get_for_edit(user=request.user, slug=slug)
    product = _product(maker, product_id)
    saved = product_values(product)  # the form's validation writes into `product`
    form = ProductForm(request.POST or None, instance=product)
    conflict = []
    if request.method == "POST" and (untouched := leave_untouched(request, maker, form)):
        return untouched
    if request.method == "POST" and form.is_valid():
        try:
            updated, conflict = saved_or_conflict(
                form=form,
                current_values=product_values,
                save=lambda: services.product_update(
                    product=product,
                    editor=request.user,
                    version=form.cleaned_data["version"],
                    fields=form.cleaned_data,
                ),
            )
        except Product.DoesNotExist:
            raise Http404("The product was removed meanwhile") from None
        if updated is not None:
            if updated.pending_review:
                messages.info(request, PRODUCT_WAITS)
            else:
                messages.success(request, _("Saved."))
            return tab_redirect(request, maker) or redirect("space:products", slug=maker.slug)
    for name, value in saved.items():  # the title shows the saved product, not the input
        setattr(product, name, value)
    context = {
        "form": form,
        "product": product,
        "conflict": conflict,
        "photo_form": ProductPhotoForm(),
        "product_photos": list(product.photos.order_by("position", "id")),
    }
    return space_render(
        request, "space/product_form.html", maker, "products", context, step_form=True
    )


@login_required
@require_POST
def product_photo_add(request, slug, product_id):
    """Add a photo to a product."""
    maker = maker_get_for_edit(user=request.user, slug=slug)
    product = _product(maker, product_id)
    photo_form = ProductPhotoForm(request.POST, request.FILES)
    if upload_into(request, photo_form, maker=maker, product=product):
        return redirect("space:product_edit", slug=maker.slug, product_id=product.pk)
    context = {
        "form": ProductForm(instance=product),
        "product": product,
        "photo_form": photo_form,
        "product_photos": list(product.photos.order_by("position", "id")),
    }
    return space_render(
        request, "space/product_form.html", maker, "products", context, step_form=True
    )


@login_required
@require_POST
def product_move(request, slug, product_id):
    """Move a product one place earlier or later."""
    maker = maker_get_for_edit(user=request.user, slug=slug)
    product = _product(maker, product_id)
    offset = -1 if request.POST.get("direction") == "up" else 1
    services.product_move(product=product, editor=request.user, offset=offset)
    return redirect("space:products", slug=maker.slug)


@login_required
@require_POST
def product_publish(request, slug, product_id):
    """Show or hide a product on the page."""
    maker = maker_get_for_edit(user=request.user, slug=slug)
    product = _product(maker, product_id)
    published = request.POST.get("published") == "1"
    services.product_publish(product=product, editor=request.user, published=published)
    if published:
        messages.success(request, _("“%(name)s” is shown on your page.") % {"name": product.name})
    else:
        messages.success(request, _("“%(name)s” is hidden.") % {"name": product.name})
    return redirect("space:products", slug=maker.slug)


@login_required
def product_delete(request, slug, product_id):
    """Remove a product and its photos, after a confirmation."""
    maker = maker_get_for_edit(user=request.user, slug=slug)
    product = _product(maker, product_id)
    if request.method == "POST":
        services.product_delete(product=product, editor=request.user)
        messages.success(request, _("Product removed."))
        return redirect("space:products", slug=maker.slug)
    return space_render(
        request, "space/product_delete.html", maker, "products", {"product": product}
    )
