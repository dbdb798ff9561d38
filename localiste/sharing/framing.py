"""Which sites may frame the widget pages: the `frame-ancestors` of their Content-Security-Policy.

Operators set it in the admin (`EmbedPolicy`). Widget pages are the most requested pages a
partner sends us, so the answer comes from the shared cache (two lookups a request, no
query), stored under a version that `services.embed_policy_save` replaces once its write
commits: a change holds at the next request on every app server, and an answer built from
the old row by a request running across the save is stored under the old version, which
nobody reads again. The header is set on each response by `embed_framing`,
after the view ran: a page cache placed inside it (around the view) keeps serving the
current policy, not the one of the day the page was cached.
"""

from functools import cache, wraps

from django.core.cache import cache as shared_cache
from django.core.exceptions import ValidationError

from localiste.core.cache_tokens import token_get, token_renew
from localiste.core.middleware import ContentSecurityPolicyMiddleware
from localiste.sharing.models import SINGLETON_PK, EmbedPolicy
from localiste.sharing.origins import origin_clean

FRAME_ANCESTORS_CACHE_KEY = "sharing:frame-ancestors:v2"
FRAME_ANCESTORS_VERSION_KEY = "sharing:frame-ancestors:version"
# A safety net for writes made elsewhere (a data migration, a shell): they show within this.
FRAME_ANCESTORS_CACHE_SECONDS = 600


def frame_ancestors_build() -> str:
    """The sources of `frame-ancestors`: "*" (any site), else 'self' and the listed origins."""
    policy = EmbedPolicy.objects.filter(pk=SINGLETON_PK).first()
    if policy is None or policy.framing == EmbedPolicy.Framing.ANY:
        return "*"
    # Read again as origins: a row written past the service (a shell, a fixture) can never
    # put another directive into the header; what is not an origin is left out.
    kept = []
    for line in policy.allowed_origins.splitlines():
        try:
            kept.append(origin_clean(line))
        except ValidationError:
            continue
    return " ".join(["'self'", *dict.fromkeys(kept)])


def framing_is_limited() -> bool:
    """Whether only listed sites may frame the widget (the builder says so to partners)."""
    return frame_ancestors() != "*"


def frame_ancestors() -> str:
    """The sources of `frame-ancestors` in force, from the cache (one query when it is cold)."""
    key = f"{FRAME_ANCESTORS_CACHE_KEY}:{token_get(shared_cache, FRAME_ANCESTORS_VERSION_KEY)}"
    found = shared_cache.get(key)
    if found is None:
        found = frame_ancestors_build()
        shared_cache.set(key, found, FRAME_ANCESTORS_CACHE_SECONDS)
    return found


def frame_ancestors_forget() -> None:
    """What is cached is out of date (called once a save commits)."""
    token_renew(shared_cache, FRAME_ANCESTORS_VERSION_KEY)


@cache
def _site_policy() -> str:
    return ContentSecurityPolicyMiddleware(lambda request: None).policy


def embed_policy() -> str:
    """The site's Content-Security-Policy, except that the sites the operators allow (any site
    by default) may frame the page."""
    return _site_policy().replace("frame-ancestors 'none'", f"frame-ancestors {frame_ancestors()}")


def embed_framing(view):
    """`view` whose responses carry `embed_policy()` (and no X-Frame-Options)."""

    @wraps(view)
    def framed(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Content-Security-Policy"] = embed_policy()
        response.xframe_options_exempt = True  # what XFrameOptionsMiddleware looks for
        return response

    return framed
