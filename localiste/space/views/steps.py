"""The steps of a listing: eligibility, name and categories, story, practical information
(the address has its own module)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localiste.core.markdown import render_markdown
from localiste.makers import services
from localiste.makers.models import Maker, OpeningPeriod, SalesPoint
from localiste.makers.selectors import maker_get_for_edit, maker_pending_revision, makers_managed_by
from localiste.makers.services.editing import maker_direct_category_ids
from localiste.space import forms
from localiste.space.views.common import (
    ConflictRow,
    after_save,
    leave_untouched,
    space_render,
    tab_redirect,
    versioned_save,
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
    if left := leave_untouched(request, maker, form):
        return left
    if request.method == "POST" and form.is_valid():
        services.maker_update(
            maker=maker,
            editor=request.user,
            version=maker.version,
            fields={"eligibility": form.answers()},
        )
        messages.success(request, _("Saved."))
        return tab_redirect(request, maker) or redirect("space:dashboard", slug=maker.slug)
    return space_render(
        request, "space/eligibility.html", maker, "identity", {"form": form}, step_form=True
    )


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
    if left := leave_untouched(request, maker, form):
        return left
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
    return space_render(request, "space/identity.html", maker, "identity", context, step_form=True)


def story_values(maker: Maker) -> dict:
    return {name: getattr(maker, name) for name in ("tagline", "story", "know_how", "founded_year")}


@login_required
def story(request, slug):
    """Tagline, story and know-how (Markdown, previewed live or with the preview button)."""
    maker = maker_get_for_edit(user=request.user, slug=slug)
    form = forms.StoryForm(
        request.POST or None, initial=story_values(maker) | {"version": maker.version}
    )
    if left := leave_untouched(request, maker, form):
        return left
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
    return space_render(request, "space/story.html", maker, "story", context, step_form=True)


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
    if left := leave_untouched(request, maker, form, hours, sales):
        return left
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
    return space_render(
        request, "space/practical.html", maker, "practical", context, step_form=True
    )
