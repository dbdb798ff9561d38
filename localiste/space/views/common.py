"""What the maker-space views share: the steps of a listing, saving with conflict handling."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from localiste.makers.models import Maker
from localiste.makers.selectors import completeness_percent, maker_completeness
from localiste.makers.services import EditConflict, MakerUpdate
from localiste.makers.services.editing import parts_of

STEPS = [
    ("identity", gettext_lazy("Name and categories")),
    ("address", gettext_lazy("Address")),
    ("story", gettext_lazy("Story")),
    ("photos", gettext_lazy("Photos")),
    ("products", gettext_lazy("Products")),
    ("practical", gettext_lazy("Practical information")),
    ("preview", gettext_lazy("Preview")),
]
STEP_NAMES = frozenset(name for name, _label in STEPS)
# Fields a form carries for its own mechanics, never compared in a conflict.
MECHANICS = {"version", "pin_moved"}
# The id of a step's form: on its page the step tabs are submit buttons of this form.
STEP_FORM_ID = "step-form"
STAYED_MESSAGE = gettext_lazy(
    "You are still on this page because it could not be saved: nothing you typed is lost. "
    "See what is marked below, then save or choose the step again."
)


def is_onboarding(maker: Maker) -> bool:
    """Whether `maker` is still being built (never published): steps lead to the next one."""
    return maker.published_at is None and maker.status in {
        Maker.Status.DRAFT,
        Maker.Status.NEEDS_CHANGES,
    }


def step_url(maker: Maker, step: str) -> str:
    return reverse(f"space:{step}", kwargs={"slug": maker.slug})


def next_step(step: str) -> str:
    names = [name for name, _label in STEPS]
    return names[min(names.index(step) + 1, len(names) - 1)]


def chosen_step(request) -> str | None:
    """The step chosen with a step tab of a step's form (POST `go`), when it names a step."""
    go = request.POST.get("go")
    return go if go in STEP_NAMES else None


def tab_redirect(request, maker: Maker):
    """After a save through a step tab, the redirect to the step it chose (else None)."""
    step = chosen_step(request)
    return redirect(step_url(maker, step)) if step is not None else None


def leave_untouched(request, maker: Maker, *forms):
    """A redirect to the step chosen with a tab when nothing was changed on the page, else None.

    Nothing to save then, and saving would move the version under a co-editor's open form.
    `forms` are the page's bound forms and formsets.
    """
    step = chosen_step(request)
    if step is None or any(_typed_into(form) for form in forms):
        return None
    return redirect(step_url(maker, step))


def _typed_into(form) -> bool:
    if hasattr(form, "management_form"):  # a formset
        return form.has_changed()
    return bool(set(form.changed_data) - MECHANICS)


def after_save(request, maker: Maker, step: str):
    """Where a saved step leads: the step chosen with a tab, the next step while onboarding,
    else back to this one."""
    if (chosen := tab_redirect(request, maker)) is not None:
        return chosen
    if is_onboarding(maker) or "next" in request.POST:
        return redirect(step_url(maker, next_step(step)))
    return redirect(step_url(maker, step))


def space_render(
    request, template: str, maker: Maker, step: str, context: dict, *, step_form: bool = False
):
    """Render a step of `maker`'s space with the step list and the completeness meter.

    With `step_form` the page's form has the id STEP_FORM_ID and the step tabs submit it
    (`after_save` then follows the tab): a page rendered for such a POST was not left.
    """
    items = maker_completeness(maker)
    if step_form and request.method == "POST" and chosen_step(request) is not None:
        messages.error(request, STAYED_MESSAGE)
    return render(
        request,
        template,
        {
            "maker": maker,
            "step": step,
            "steps": [(name, label, step_url(maker, name)) for name, label in STEPS],
            "step_form": STEP_FORM_ID if step_form else "",
            "onboarding": is_onboarding(maker),
            "completeness": items,
            "completeness_percent": completeness_percent(items),
            "missing_required": [item for item in items if item.required and not item.done],
            **context,
        },
    )


@dataclass(frozen=True)
class ConflictRow:
    label: str
    mine: Any
    theirs: Any


def _display(form, name: str, value: Any) -> Any:
    field = form.fields[name]
    choices = {
        key: label
        for key, label in _flat_choices(getattr(field, "choices", []))
        if key not in ("", None)
    }
    if isinstance(value, list | tuple):
        return ", ".join(str(choices.get(v, v)) for v in value) or "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value in (None, ""):
        return "—"
    return choices.get(value, value)


def _flat_choices(choices) -> list:
    flat = []
    for key, label in choices:
        if isinstance(label, list | tuple):
            flat += list(label)
        else:
            flat.append((key, label))
    return flat


def conflict_rows(form, current: dict[str, Any]) -> list[ConflictRow]:
    """Field by field, what the editor typed and what is saved now, where they differ."""
    rows = []
    for name in form.fields:
        if name in MECHANICS or name not in current:
            continue
        mine, theirs = form.cleaned_data.get(name), current[name]
        if mine != theirs and not (mine in (None, "") and theirs in (None, "")):
            rows.append(
                ConflictRow(
                    str(form.fields[name].label),
                    _display(form, name, mine),
                    _display(form, name, theirs),
                )
            )
    return rows


def form_add_errors(form, error: ValidationError) -> None:
    """Show the messages of `error` on `form`, on their fields when it has them."""
    by_field = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for field_name, field_errors in by_field.items():
        target = field_name if field_name in form.fields else None
        for message in field_errors:
            form.add_error(target, message)


CONFLICT_MESSAGE = gettext_lazy(
    "Someone else saved this page while you were editing it. Compare both versions below, "
    "then save again to keep yours."
)


def saved_or_conflict(
    *,
    form,
    current_values: Callable[[Any], dict[str, Any]],
    save: Callable[[], Any],
    extra_rows: Callable[[Any], list[ConflictRow]] | None = None,
) -> tuple[Any, list[ConflictRow]]:
    """(what `save` gave, []), or (None, the rows to show) when it raised EditConflict, or
    (None, []) when it raised ValidationError, the form then carrying the messages.

    On a conflict the editor's input stays in the form; its version moves to the saved one,
    so saving again is a deliberate choice made with both versions in view. `current_values`
    gives the saved row's values by form field; `extra_rows` more rows (formsets' lines).
    """
    try:
        return save(), []
    except EditConflict as conflict:
        current = conflict.current
        rows = conflict_rows(form, current_values(current))
        if extra_rows is not None:
            rows += extra_rows(current)
        form.data = form.data.copy()
        form.data[form.add_prefix("version")] = str(current.version)
        form.add_error(None, CONFLICT_MESSAGE)
        return None, rows
    except ValidationError as error:
        form_add_errors(form, error)
        return None, []


# The parts of a page that may wait for review (makers.services.editing.REVIEWABLE), named.
REVIEWED_PART_NAMES = {
    "name": gettext_lazy("name"),
    "address": gettext_lazy("address"),
    "categories": gettext_lazy("categories"),
    "photos": gettext_lazy("photos"),
    "tagline": gettext_lazy("tagline"),
    "story": gettext_lazy("story"),
    "know_how": gettext_lazy("know-how"),
    "products": gettext_lazy("products"),
}


def versioned_save(
    request,
    *,
    form,
    maker: Maker,
    current_values: Callable[[Maker], dict[str, Any]],
    save: Callable[[], MakerUpdate],
    extra_rows: Callable[[Maker], list[ConflictRow]] | None = None,
) -> tuple[MakerUpdate | None, list[ConflictRow]]:
    """Run `save` (an edit of `maker`) as `saved_or_conflict` does, and say what it did."""
    update, rows = saved_or_conflict(
        form=form, current_values=current_values, save=save, extra_rows=extra_rows
    )
    if update is None:
        return None, rows
    if update.pending:
        parts = [str(REVIEWED_PART_NAMES[part]) for part in parts_of(update.pending)]
        messages.info(
            request,
            _(
                "Saved. Your changes (%(parts)s) go live once the operators approve them; "
                "your page stays online as it is meanwhile."
            )
            % {"parts": get_text_list(parts, _("and"))},
        )
    else:
        messages.success(request, _("Saved."))
    return update, []
