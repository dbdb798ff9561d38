"""Account middleware: the site's own `site` on django-allauth's pages; activity recorded."""

from django.template.response import TemplateResponse

from localiste.accounts.inactivity import activity_record_once_a_day
from localiste.core.context_processors import site as site_context


class SiteContextMiddleware:
    """allauth's sign-in pages put Django's current Site in their context as `site`.

    That object (a host name and nothing else) would hide the operator's name, logo and
    contact address that every template reads from `site`; give them back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_template_response(self, request, response: TemplateResponse) -> TemplateResponse:
        context = getattr(response, "context_data", None)
        if (
            isinstance(context, dict)
            and "site" in context
            and not isinstance(context["site"], dict)
        ):
            context["site"] = site_context(request)["site"]
        return response


class ActivityMiddleware:
    """Note, once a day a session, that a signed-in person is still using the site.

    Accounts inactive for years are erased after a warning (`inactivity`): someone who keeps
    using the site must never be.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            activity_record_once_a_day(request)
        return self.get_response(request)
