"""The address step of a listing: where the workshop is, located through the gazetteer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from localiste.makers import services
from localiste.makers.models import Maker
from localiste.makers.selectors import maker_get_for_edit, maker_pending_revision
from localiste.makers.services.editing import pin_is_plausible
from localiste.places.geocoding import locate_address, place_suggestions
from localiste.space import forms
from localiste.space.views.common import (
    after_save,
    chosen_step,
    form_add_errors,
    leave_untouched,
    space_render,
    versioned_save,
)
from localiste.space.views.territories import (
    OUTSIDE_TERRITORIES,
    outside_territories,
    warn_when_leaving,
)


def address_values(maker: Maker) -> dict:
    return {
        name: getattr(maker, name)
        for name in ("street", "postcode", "locality", "location_precision")
    } | {"latitude": maker.latitude, "longitude": maker.longitude}


def _address_fields(data: dict, maker: Maker) -> dict:
    """The Maker fields an address form gives, located through the gazetteer, or ValidationError.

    A dragged pin (JavaScript) wins over the geocoder's point if it lies near the commune;
    without JavaScript the commune's (or the address's) point is used.
    """
    fields = {name: data[name] for name in ("street", "postcode", "locality", "location_precision")}
    moved = any(data[name] != getattr(maker, name) for name in ("street", "postcode", "locality"))
    place = maker.place
    if moved or not maker.has_location:
        location = locate_address(
            street=data["street"],
            postcode=data["postcode"],
            locality=data["locality"],
            country=maker.country,
        )
        if location is None:
            names = ", ".join(
                f"{p.name} ({p.postcodes.split()[0]})" if p.postcodes else p.name
                for p in place_suggestions(data["locality"], limit=5)
            )
            message = _("We could not find this town.")
            if names:
                message += " " + _("Did you mean: %(names)s?") % {"names": names}
            raise ValidationError({"locality": [message]})
        place = location.place
        fields.update(place=place, latitude=location.latitude, longitude=location.longitude)
        if place and not data["postcode"] and place.postcodes:
            fields["postcode"] = place.postcodes.split()[0]
    latitude, longitude = data.get("latitude"), data.get("longitude")
    if data.get("pin_moved") and latitude is not None and longitude is not None:
        if not pin_is_plausible(place=place, latitude=latitude, longitude=longitude):
            raise ValidationError(
                _("The pin is too far from the town you gave. Move it to your workshop.")
            )
        fields.update(latitude=round(latitude, 6), longitude=round(longitude, 6))
    return fields


@login_required
def address(request, slug):
    """Where the workshop is, with a draggable pin, and how much of it the public sees."""
    maker = maker_get_for_edit(user=request.user, slug=slug)
    form = forms.AddressForm(
        request.POST or None, initial=address_values(maker) | {"version": maker.version}
    )
    if left := leave_untouched(request, maker, form):
        return left
    conflict = []
    if request.method == "POST" and form.is_valid():
        located_before = maker.has_location
        try:
            fields = _address_fields(form.cleaned_data, maker)
        except ValidationError as error:
            fields = None
            form_add_errors(form, error)
        if fields is not None:
            update, conflict = versioned_save(
                request,
                form=form,
                maker=maker,
                current_values=address_values,
                save=lambda: services.maker_update(
                    maker=maker,
                    editor=request.user,
                    version=form.cleaned_data["version"],
                    fields=fields,
                ),
            )
            # The first point found is checked on this page, unless a step tab leads away.
            first_point = not located_before and update and update.maker.has_location
            if first_point and chosen_step(request) is None:
                messages.info(
                    request,
                    _("Check the pin on the map: drag it to your door if needed, then continue."),
                )
                return redirect("space:address", slug=update.maker.slug)
            if update:
                response = after_save(request, update.maker, "address")
                return warn_when_leaving(request, update.maker, response, request.path)
    context = {
        "form": form,
        "conflict": conflict,
        "revision": maker_pending_revision(maker),
        "outside_territories": request.method != "POST" and outside_territories(maker),
        "outside_territories_message": OUTSIDE_TERRITORIES,
    }
    return space_render(request, "space/address.html", maker, "address", context, step_form=True)


@login_required
@require_safe
def places(request):
    """Gazetteer suggestions for the town field: [{"label", "name", "postcode"}] as JSON."""
    query = request.GET.get("q", "")[:100]
    suggestions = place_suggestions(query, limit=8) if len(query) >= 2 else []
    return JsonResponse(
        {
            "places": [
                {
                    "name": place.name,
                    "postcode": place.postcodes.split()[0] if place.postcodes else "",
                }
                for place in suggestions
            ]
        }
    )
