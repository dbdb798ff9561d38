"""The maker space's inbox: a maker's messages, and marking them answered."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from localiste.makers.selectors import maker_get_for_edit
from localiste.messaging.models import ContactMessage
from localiste.messaging.selectors import inbox_page
from localiste.messaging.services import contact_message_mark_answered


@login_required
@require_safe
def inbox(request, slug):
    """The messages consumers sent to the maker, newest first."""
    maker = maker_get_for_edit(user=request.user, slug=slug)
    page = inbox_page(maker=maker, page_number=request.GET.get("page"))
    context = {"maker": maker, "page": page, "retention_days": settings.MESSAGE_RETENTION_DAYS}
    return render(request, "space/inbox.html", context)


@login_required
@require_POST
def mark_answered(request, slug, message_id):
    """Mark a message answered (or, with answered=0, waiting for an answer again)."""
    maker = maker_get_for_edit(user=request.user, slug=slug)
    message = get_object_or_404(ContactMessage, pk=message_id, maker=maker)
    answered = request.POST.get("answered", "1") != "0"
    contact_message_mark_answered(message=message, answered=answered)
    if answered:
        messages.success(
            request, _("Message from %(name)s marked as answered.") % {"name": message.sender_name}
        )
    else:
        messages.success(
            request,
            _("Message from %(name)s marked as waiting for an answer.")
            % {"name": message.sender_name},
        )
    page = request.POST.get("page", "")
    url = reverse("space:inbox", kwargs={"slug": maker.slug})
    return redirect(f"{url}?page={page}" if page.isdigit() else url)
