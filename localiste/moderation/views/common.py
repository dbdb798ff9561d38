"""What the desk's views share: who may enter, and how an item page takes its lock, shows
its decision forms and runs the one an operator sent."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from localiste.core.site_url import site_root
from localiste.makers.selectors.history import maker_history
from localiste.moderation.locks import ItemLocked, lock_for_decision, lock_release, lock_take
from localiste.moderation.selectors import desk_scope

HISTORY_SHOWN = 20


def desk_view(view):
    """A desk page: logged in (else the login page), moderating something (else 403);
    `request.desk` is what the user may see."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.desk = desk_scope(user=request.user)
        return view(request, *args, **kwargs)

    return wrapped


def desk_item_view(view):
    """An item page: GET shows it (HEAD too), POST decides."""
    return desk_view(require_http_methods(["GET", "HEAD", "POST"])(view))


@dataclass
class Action:
    """A decision an item page offers: its button, its form, and what it does."""

    name: str
    label: str
    form_class: type[forms.Form]
    run: Callable[[dict[str, Any]], Any]
    done: str  # the message once done
    style: str = ""  # "primary", "danger"
    form_kwargs: dict[str, Any] | None = None

    def form(self, data=None) -> forms.Form:
        return self.form_class(data, prefix=self.name, **(self.form_kwargs or {}))


@dataclass
class Item:
    """An item as its page shows it: what it is, whether it still waits, and its actions."""

    kind: str
    pk: int
    is_open: bool
    actions: list[Action]
    template: str
    context: dict[str, Any]
    # What the page shows, in short (moderation.diffs' fingerprints): sent back with every
    # decision as data["seen"], for the service to refuse one made on an older version.
    seen: str = ""


def item_response(request, item: Item):
    """Show `item` (taking its lock while it waits) or run the decision POSTed to it."""
    lock = None
    forms_by_action = {action.name: action.form() for action in item.actions}
    status = 200
    if request.method == "POST":
        name = request.POST.get("action", "")
        if name == "take_over" and item.is_open:
            lock_take(kind=item.kind, object_id=item.pk, user=request.user, take_over=True)
            messages.success(request, _("This item is yours now."))
            return redirect(request.path)
        action = next((a for a in item.actions if a.name == name), None)
        if not item.is_open:
            messages.error(request, _("This item has already been decided."))
            return redirect(request.path)
        if action is None:
            messages.error(request, _("Choose one of the decisions below."))
            return redirect(request.path)
        try:
            lock = lock_for_decision(kind=item.kind, object_id=item.pk, user=request.user)
        except ItemLocked as locked:
            lock, status = locked.lock, 409
            forms_by_action[name] = action.form(request.POST)  # what they typed stays
            messages.error(
                request,
                _("%(name)s is working on this item: your decision was not recorded.")
                % {"name": person_name(locked.lock.holder)},
            )
        else:
            form = action.form(request.POST)
            forms_by_action[name] = form
            if form.is_valid():
                try:
                    action.run({**form.cleaned_data, "seen": request.POST.get("seen", "")})
                except ValidationError as error:
                    for message in error.messages:
                        form.add_error(None, message)
                    status = 400
                else:
                    lock_release(kind=item.kind, object_id=item.pk, user=request.user)
                    messages.success(request, action.done)
                    return redirect("moderation:queue")
            else:
                status = 400
    elif item.is_open and request.method == "GET":  # not HEAD: a link checker holds nothing
        lock = lock_take(kind=item.kind, object_id=item.pk, user=request.user)
    context = {
        **item.context,
        "kind": item.kind,
        "item_pk": item.pk,
        "is_open": item.is_open,
        "seen": item.seen,
        "lock": lock,
        "locked_by_other": lock is not None and lock.holder_id != request.user.pk,
        "actions": [(action, forms_by_action[action.name]) for action in item.actions],
    }
    return render(request, item.template, context, status=status)


def root(request) -> str:
    """The site's address for the links of the mails a decision sends."""
    return site_root(request)


def person_name(user) -> str:
    return (user.get_full_name() or user.email or user.get_username()) if user else "—"


def history_of(request, maker) -> list:
    """The newest entries of `maker`'s history, with the operators by their names."""
    return maker_history(maker=maker, limit=HISTORY_SHOWN, viewer=request.user)
