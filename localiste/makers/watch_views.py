"""Pages that keep listings right: a visitor's report, a team's one-click confirmation.

Both work without an account and without JavaScript. The confirmation link of the freshness
mail opens a page whose button confirms (a POST): mail scanners that open links confirm
nothing.
"""

from allauth.account.adapter import get_adapter
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_safe

from localiste.makers.forms import ReportForm
from localiste.makers.selectors.reports import maker_get_reportable
from localiste.makers.services.freshness import maker_confirm_current, maker_from_freshness_token
from localiste.makers.services.reports import ReportLimited, report_submit


def _report_page(request, maker, form, *, status: int = 200, retry_after: int | None = None):
    response = render(request, "makers/report.html", {"maker": maker, "form": form}, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def _form_errors_add(form, error: ValidationError) -> None:
    by_field = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for name, messages in by_field.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


@require_http_methods(["GET", "HEAD", "POST"])
def report(request, slug):
    """ "Report this listing": why, a message, an optional email; no account needed."""
    maker = maker_get_reportable(slug=slug)
    if request.method != "POST":
        return _report_page(request, maker, ReportForm())
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _report_page(request, maker, form, status=400)
    if form.is_from_robot:
        return redirect("makers:report_sent", slug=maker.slug)
    try:
        report_submit(
            maker=maker,
            reason=form.cleaned_data["reason"],
            message=form.cleaned_data["message"],
            email=form.cleaned_data["email"],
            language=get_language(),
            # The visitor's address, read behind TRUSTED_PROXY_COUNT proxies as the contact
            # form and the login limits read it.
            visitor_address=get_adapter(request).get_client_ip(request),
        )
    except ReportLimited as error:
        # The form comes back with what they typed: nothing is lost, they may send it later.
        form.add_error(None, error.messages[0])
        return _report_page(request, maker, form, status=429, retry_after=error.retry_after)
    except ValidationError as error:
        _form_errors_add(form, error)
        return _report_page(request, maker, form, status=400)
    return redirect("makers:report_sent", slug=maker.slug)


@require_safe
def report_sent(request, slug):
    """The thank-you page after a report: what happens next."""
    maker = maker_get_reportable(slug=slug)
    return render(request, "makers/report_sent.html", {"maker": maker})


def _link_problem(request, error: ValidationError):
    status = 404 if error.code == "not_public" else 400
    return render(
        request, "makers/freshness_invalid.html", {"message": error.messages[0]}, status=status
    )


@require_http_methods(["GET", "HEAD", "POST"])
def freshness_confirm(request, token):
    """The freshness mail's link: a button confirms (POST) that the listing is current."""
    try:
        maker = maker_from_freshness_token(token)
    except ValidationError as error:
        return _link_problem(request, error)
    if request.method == "POST":
        try:
            maker_confirm_current(maker=maker, user=request.user)
        except ValidationError as error:
            return _link_problem(request, error)
        return redirect("makers:freshness_confirmed", token=token)
    return render(request, "makers/freshness_confirm.html", {"maker": maker, "token": token})


@require_safe
def freshness_confirmed(request, token):
    """The thanks after confirming, with the way to the maker space to change anything."""
    try:
        maker = maker_from_freshness_token(token)
    except ValidationError as error:
        return _link_problem(request, error)
    return render(request, "makers/freshness_thanks.html", {"maker": maker})
