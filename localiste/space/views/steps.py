"""The steps of a listing: eligibility, name and categories, address, story, practical info."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from localiste.core.markdown import render_markdown
from localiste.makers import services
from localiste.makers.models import Maker, OpeningPeriod, SalesPoint
from localiste.makers.selectors import maker_get_for_edit, maker_pending_revision, makers_managed_by
from localiste.makers.services.editing import maker_direct_category_ids, pin_is_plausible
from localiste.places.geocoding import locate_address, place_suggestions
from localiste.space import forms
from localiste.space.views.common import (
    ConflictRow,
    after_save,
    form_add_errors,
    space_render,
    versioned_save,
)
from localiste.space.views.territories import (
    OUTSIDE_TERRITORIES,
    outside_territories,
    warn_when_leaving,
)

ELIGIBILITY_SESSION_KEY = "space_eligibility"


def eligibility_initial(answers: dict | None) -> dict:
    """The eligibility form's initial values from stored answers."""
    answers = answers or {}
    initial = {
        question: "yes" if answers[question] else "no"
        for question in ("makes_own_work", "in_territory", "non_food")
        if question in answers
    }
    return initial | {"what_you_make": answers.get("what_you_make", "")}


@login_required
def home(request):
    """The maker space: the user's listings, or the first step of listing a workshop."""
    makers = list(makers_managed_by(user=request.user))
    if len(makers) == 1:
        return redirect("space:dashboard", slug=makers[0].slug)
    if makers:
        return render(request, "space/home.html", {"makers": makers})
    initial = eligibility_initial(request.session.get(ELIGIBILITY_SESSION_KEY))
    return render(request, "space/start.html", {"form": forms.EligibilityForm(initial=initial)})


@login_required
def start(request):
    """Step 1 of listing a workshop: may it be listed here? (answers kept for moderators)"""
    initial = eligibility_initial(request.session.get(ELIGIBILITY_SESSION_KEY))
    form = forms.EligibilityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        # No listing exists before it has a name: the answers wait in the session.
        request.session[ELIGIBILITY_SESSION_KEY] = form.answers()
        return redirect("space:create")
    return render(request, "space/start.html", {"form": form})


@login_required
def create(request):
    """Step 2 of listing a workshop: its name and categories; the draft exists from here on."""
    answers = request.session.get(ELIGIBILITY_SESSION_KEY)
    if not answers:
        return redirect("space:start")
    form = forms.IdentityForm(request.POST or None, with_version=False)
    if request.method == "POST" and form.is_valid():
        primary, others = form.categories()
        maker = services.maker_start(
            user=request.user,
            name=form.cleaned_data["name"],
            primary_category=primary,
            others=others,
            eligibility=answers,
            # Mails to the team are written in the language of the space it started in.
            language=get_language(),
        )
        del request.session[ELIGIBILITY_SESSION_KEY]
        messages.success(request, _("Your draft is saved. You can come back to it at any time."))
        return redirect("space:address", slug=maker.slug)
    return render(request, "space/create.html", {"form": form})


@login_required
def eligibility(request, slug):
    """Change the eligibility answers of an existing listing."""
    maker = maker_get_for_edit(user=request.user, slug=slug)
    initial = eligibility_initial(maker.eligibility)
    form = forms.EligibilityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.maker_update(
            maker=maker,
            editor=request.user,
            version=maker.version,
            fields={"eligibility": form.answers()},
        )
        messages.success(request, _("Saved."))
        return redirect("space:dashboard", slug=maker.slug)
    return space_render(request, "space/eligibility.html", maker, "identity", {"form": form})


def identity_values(maker: Maker) -> dict:
    primary, others = maker_direct_category_ids(maker)
    return {"name": maker.name, "primary_category": primary, "other_categories": others}


@login_required
def identity(request, slug):
    """Name and categories of a listing (reviewed by the operators once published)."""
    maker = maker_get_for_edit(user=request.user, slug=slug)
    form = forms.IdentityForm(
        request.POST or None, initial=identity_values(maker) | {"version": maker.version}
    )
    conflict = []
    if request.method == "POST" and form.is_valid():
        primary, others = form.categories()
        update, conflict = versioned_save(
            request,
            form=form,
            maker=maker,
            current_values=identity_values,
            save=lambda: services.maker_update(
                maker=maker,
                editor=request.user,
                version=form.cleaned_data["version"],
                fields={"name": form.cleaned_data["name"]},
                primary_category=primary,
                others=others,
            ),
        )
        if update:
            return after_save(request, update.maker, "identity")
    context = {"form": form, "conflict": conflict, "revision": maker_pending_revision(maker)}
    return space_render(request, "space/identity.html", maker, "identity", context)


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
            if update and not located_before and update.maker.has_location:
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
    return space_render(request, "space/address.html", maker, "address", context)


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


def story_values(maker: Maker) -> dict:
    return {name: getattr(maker, name) for name in ("tagline", "story", "know_how", "founded_year")}


@login_required
def story(request, slug):
    """Tagline, story and know-how (Markdown, previewed live or with the preview button)."""
    maker = maker_get_for_edit(user=request.user, slug=slug)
    form = forms.StoryForm(
        request.POST or None, initial=story_values(maker) | {"version": maker.version}
    )
    conflict, previews = [], {}
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            previews = {
                "story": render_markdown(form.cleaned_data["story"]),
                "know_how": render_markdown(form.cleaned_data["know_how"]),
            }
        else:
            update, conflict = versioned_save(
                request,
                form=form,
                maker=maker,
                current_values=story_values,
                save=lambda: services.maker_update(
                    maker=maker,
                    editor=request.user,
                    version=form.cleaned_data["version"],
                    fields=form.maker_fields(),
                ),
            )
            if update:
                return after_save(request, update.maker, "story")
    context = {"form": form, "conflict": conflict, "previews": previews}
    return space_render(request, "space/story.html", maker, "story", context)


@login_required
@require_POST
def markdown_preview(request, slug):
    """The HTML a Markdown text becomes on the public page (for the live preview)."""
    maker_get_for_edit(user=request.user, slug=slug)
    return HttpResponse(render_markdown(request.POST.get("text", "")[: settings.MAX_STORY_CHARS]))


PRACTICAL_FIELDS = [name for name in forms.PracticalForm.base_fields if name != "version"]


def practical_values(maker: Maker) -> dict:
    return {name: getattr(maker, name) for name in PRACTICAL_FIELDS}


def _sales_point_line(point: SalesPoint) -> str:
    where = ", ".join(part for part in (point.locality, point.schedule) if part)
    return f"{point.name} ({point.get_kind_display()})" + (f" — {where}" if where else "")


def practical_conflict_rows(current: Maker, periods: list, sales_points: list) -> list:
    """The opening hours and places to buy typed and saved, when they differ (a conflict)."""
    rows = []
    mine = [str(OpeningPeriod(weekday=w, opens=o, closes=c)) for w, o, c in sorted(periods)]
    theirs = [str(period) for period in current.opening_periods.all()]
    if mine != theirs:
        rows.append(
            ConflictRow(_("Opening hours"), "\n".join(mine) or "—", "\n".join(theirs) or "—")
        )
    mine = [_sales_point_line(SalesPoint(**values)) for values in sales_points]
    theirs = [_sales_point_line(point) for point in current.sales_points.all()]
    if mine != theirs:
        rows.append(
            ConflictRow(_("Where else to buy"), "\n".join(mine) or "—", "\n".join(theirs) or "—")
        )
    return rows


@login_required
def practical(request, slug):
    """Contact, links, services, opening hours and where else to buy."""
    maker = maker_get_for_edit(user=request.user, slug=slug)
    data = request.POST or None
    form = forms.PracticalForm(data, initial=practical_values(maker) | {"version": maker.version})
    hours = forms.OpeningPeriodFormSet(
        data,
        prefix="hours",
        initial=[
            {"weekday": p.weekday, "opens": p.opens, "closes": p.closes}
            for p in maker.opening_periods.all()
        ],
    )
    sales = forms.SalesPointFormSet(
        data,
        prefix="sales",
        initial=[
            {k: getattr(s, k) for k in forms.SalesPointForm.base_fields}
            for s in maker.sales_points.all()
        ],
    )
    conflict = []
    if request.method == "POST" and all([form.is_valid(), hours.is_valid(), sales.is_valid()]):
        periods = forms.hours_from_formset(hours)
        sales_points = forms.sales_points_from_formset(sales)
        update, conflict = versioned_save(
            request,
            form=form,
            maker=maker,
            current_values=practical_values,
            extra_rows=lambda current: practical_conflict_rows(current, periods, sales_points),
            save=lambda: services.maker_practical_update(
                maker=maker,
                editor=request.user,
                version=form.cleaned_data["version"],
                fields=form.maker_fields(),
                periods=periods,
                sales_points=sales_points,
            ),
        )
        if update:
            return after_save(request, update.maker, "practical")
    context = {"form": form, "hours": hours, "sales": sales, "conflict": conflict}
    return space_render(request, "space/practical.html", maker, "practical", context)
