"""The page of a possible duplicate: both listings side by side, and the merge form.

The listing kept (the "survivor") is the published one, else the older; the operator may
keep the other instead (`?garder=<id>`). Where both listings have a value, the operator
picks the one to keep; elsewhere the merge keeps whichever has one
(`makers.services.merge`).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from localiste.makers.models import DuplicateCandidate, Maker
from localiste.makers.services.merge import merge_conflicts
from localiste.moderation import forms, services
from localiste.moderation.diffs import listing_snapshot, snapshot_diff
from localiste.moderation.views.common import Action


def survivor_and_absorbed(request, candidate: DuplicateCandidate) -> tuple[Maker, Maker]:
    pair = [candidate.maker, candidate.other]
    wanted = request.GET.get("garder") or request.POST.get("survivor")
    if (
        wanted
        and wanted.isascii()
        and wanted.isdigit()
        and int(wanted) in {maker.pk for maker in pair}
    ):
        survivor = next(maker for maker in pair if maker.pk == int(wanted))
    else:
        survivor = min(pair, key=lambda maker: (not maker.is_published, maker.created_at, maker.pk))
    absorbed = pair[1] if survivor is pair[0] else pair[0]
    return survivor, absorbed


def duplicate_context(request, candidate: DuplicateCandidate) -> dict:
    """The page's context: the listing kept (its answers, team and history beside) and the
    one merged into it."""
    from localiste.moderation.views.listings import maker_context

    survivor, absorbed = survivor_and_absorbed(request, candidate)
    signals = dict(DuplicateCandidate.Signal.choices)
    return maker_context(request, survivor) | {
        "candidate": candidate,
        "survivor": survivor,
        "absorbed": absorbed,
        "signals": [signals.get(name, name) for name in candidate.signals],
        "side_by_side": snapshot_diff(
            before=listing_snapshot(absorbed), after=listing_snapshot(survivor), every_row=True
        ),
        "conflicts": merge_conflicts(survivor=survivor, absorbed=absorbed),
    }


def merge_action(request, candidate: DuplicateCandidate, context: dict) -> Action:
    survivor, absorbed = context["survivor"], context["absorbed"]
    return Action(
        "merge",
        _("Merge into the listing kept"),
        forms.MergeForm,
        lambda data: services.duplicate_merge(
            candidate=candidate,
            survivor=survivor,
            absorbed=absorbed,
            choices={
                name.removeprefix("field_"): value
                for name, value in data.items()
                if name.startswith("field_")
            },
            operator=request.user,
            survivor_version=data["survivor_version"],
            absorbed_version=data["absorbed_version"],
        ),
        _("The listings are merged; the old address leads to the one kept."),
        style="primary",
        form_kwargs={"conflicts": context["conflicts"], "survivor": survivor, "absorbed": absorbed},
    )
