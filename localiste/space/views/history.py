"""The history of a listing in the maker space: every change, who made it, from what to what."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_safe

from localiste.makers.selectors import maker_get_for_edit
from localiste.makers.selectors.history import maker_history_page
from localiste.space.views.common import space_render


@login_required
@require_safe
def history(request, slug):
    """The changes made to the listing, newest first, a page at a time."""
    maker = maker_get_for_edit(user=request.user, slug=slug)
    page = maker_history_page(
        maker=maker,
        page_number=request.GET.get("page"),
        viewer=request.user,
        # Staff reading a maker's space see who the operators were; the team sees "an operator".
        team_view=not request.user.is_staff,
    )
    return space_render(request, "space/history.html", maker, "history", {"page": page})
