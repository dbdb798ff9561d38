"""Reads of search alerts: finding one by its link, re-running its search, its new makers."""

from __future__ import annotations

import datetime
from dataclasses import replace

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from localiste.alerts.models import SearchAlert
from localiste.core.emails import email_match
from localiste.discovery.params import (
    PAGE_NAMES,
    SERVICES,
    SearchRequest,
    search_request_parse,
)
from localiste.makers.models import Maker
from localiste.makers.selectors import maker_search
from localiste.search.query import Sort

TOKEN_MAX_LENGTH = 64
# Makers of a digest's window handed to the engine at once (`Filters.object_ids`), and the
# engine's largest page, through which each chunk's matches are read.
CANDIDATES_PER_CHUNK = 500
CANDIDATES_PER_QUERY = 100


def alert_get(*, token: str, confirmed: bool | None = None) -> SearchAlert | None:
    """The alert of the link holding `token` (only a confirmed one with confirmed=True)."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    alerts = SearchAlert.objects.filter(token=token)
    if confirmed is not None:
        alerts = alerts.filter(confirmed_at__isnull=not confirmed)
    return alerts.first()


def alert_get_for_feed(*, feed_token: str) -> SearchAlert | None:
    """The confirmed alert whose feed address holds `feed_token`."""
    if not feed_token or len(feed_token) > TOKEN_MAX_LENGTH:
        return None
    return SearchAlert.objects.filter(feed_token=feed_token, confirmed_at__isnull=False).first()


def alerts_of(*, email: str):
    """Every alert (confirmed or not) of `email`, ignoring case."""
    return SearchAlert.objects.filter(email_match([email], "email"))


def saved_query_string(search: SearchRequest) -> str:
    """`search`'s filters as the search page's query string, without its place and sort."""
    params = QueryDict(mutable=True)
    for name, value in [
        ("text", search.text),
        ("category", search.category.slug if search.category else ""),
        ("territory", search.territory.slug if search.territory else ""),
    ]:
        if value:
            params[PAGE_NAMES[name]] = value
    if search.labels:
        params.setlist(PAGE_NAMES["label"], [label.slug for label in search.labels])
    if search.services:
        params.setlist(PAGE_NAMES["services"], list(search.services))
    return params.urlencode()


def _point_params(alert: SearchAlert) -> dict[str, str]:
    return {
        PAGE_NAMES["latitude"]: str(alert.latitude),
        PAGE_NAMES["longitude"]: str(alert.longitude),
        PAGE_NAMES["radius"]: str(alert.radius_km),
    }


def alert_search(alert: SearchAlert, **query_changes) -> SearchRequest:
    """`alert`'s search parsed again (a category merged since still works), around its point."""
    params = QueryDict(alert.query_string, mutable=True)
    params.update(_point_params(alert))
    search = search_request_parse(params, with_facets=False)
    if query_changes:
        search.query = replace(search.query, **query_changes)
    return search


def alert_search_url(alert: SearchAlert) -> str:
    """The search page of `alert`'s search (a path, in the current language)."""
    params = QueryDict(alert.query_string, mutable=True)
    if alert.place_name:
        params[PAGE_NAMES["place"]] = alert.place_name
        params[PAGE_NAMES["radius"]] = str(alert.radius_km)
    else:
        params.update(_point_params(alert))
    return reverse("discovery:search") + "?" + params.urlencode()


def alert_feed_path(alert: SearchAlert) -> str:
    return reverse("alerts:feed", kwargs={"feed_token": alert.feed_token})


def alert_description(alert: SearchAlert, *, brief: bool = False) -> str:
    """What `alert` looks for, in words of the current language: “bags”, Leather within
    25 km of Bordeaux.

    `brief` names the category, the place and the radius only: what the confirmation mail
    says, since whoever typed the search may not own the address (its words, free text, are
    never mailed to an address that did not confirm)."""
    search = alert_search(alert)
    parts = []
    if search.text and not brief:
        parts.append(_("“%(text)s”") % {"text": search.text})
    if search.category:
        parts.append(search.category.name)
    if not brief:
        parts += [label.name for label in search.labels]
        parts += [str(SERVICES[service]) for service in search.services]
        if search.territory:
            parts.append(search.territory.name)
    what = ", ".join(parts) or _("Every maker")
    values = {"what": what, "km": alert.radius_km, "place": alert.place_name}
    if alert.place_name:
        return _("%(what)s within %(km)d km of %(place)s") % values
    return _("%(what)s within %(km)d km of a chosen position") % values


def _published_in(
    *, since: datetime.datetime, until: datetime.datetime, after_pk: int
) -> list[int]:
    """Ids (above `after_pk`, in order) of the makers published in [since, until) that have a
    position: the next chunk of the window's candidates, wherever they are. No box around the
    alert's point: the engine draws the circle on each maker's public point (its commune's
    centre for one who shows their town only), which may lie far from its exact point."""
    return list(
        Maker.objects.filter(
            status=Maker.Status.PUBLISHED,
            published_at__gte=since,
            published_at__lt=until,
            latitude__isnull=False,
            longitude__isnull=False,
            pk__gt=after_pk,
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:CANDIDATES_PER_CHUNK]
    )


def _matching(search: SearchRequest, ids: list[int]) -> list[Maker]:
    """The makers among `ids` that `search` finds (its words, filters and radius), paging
    through the engine's largest pages. A search that fell back to "any of the words" (no
    candidate had them all) finds nothing: a digest lists good matches only."""
    found: list[Maker] = []
    base = replace(
        search.query,
        filters=replace(search.query.filters, object_ids=tuple(ids)),
        sort=Sort.DISTANCE,
        limit=CANDIDATES_PER_QUERY,
        with_facets=False,
    )
    wanted = set(ids)
    for offset in range(0, len(ids), CANDIDATES_PER_QUERY):
        page = maker_search(query=replace(base, offset=offset))
        if not page.matched_all_words:
            return []
        found += [maker for maker in page.makers if maker.pk in wanted]
        if offset + CANDIDATES_PER_QUERY >= page.total:
            break
    return found


def alert_search_is_broken(alert: SearchAlert) -> bool:
    """True when `alert`'s saved filters no longer parse (a category or label deleted, a
    territory switched off): running it would widen the search, so it is not run."""
    return bool(alert_search(alert).errors)


def alert_new_makers(
    alert: SearchAlert, *, since: datetime.datetime, until: datetime.datetime
) -> list[Maker]:
    """The makers published in [since, until) that `alert`'s search finds, nearest first,
    each with its `distance_km`; none when the saved search no longer parses.

    The database gives the window's makers in chunks of CANDIDATES_PER_CHUNK ids (all of
    them, however many an import published); the engine keeps those the saved search
    matches among each chunk (`Filters(object_ids=…)`, its text, filters and radius).
    """
    search = alert_search(alert)
    if search.errors:
        return []
    found: list[Maker] = []
    after_pk = 0
    while chunk := _published_in(since=since, until=until, after_pk=after_pk):
        after_pk = chunk[-1]
        found += _matching(search, chunk)
    return sorted(found, key=lambda maker: (maker.distance_km or 0.0, maker.name))


def alert_feed_makers(alert: SearchAlert, *, limit: int = 20) -> list[Maker]:
    """The newest makers `alert`'s search finds, for its feed (none when it no longer
    parses: the feed would show makers the subscriber did not ask for)."""
    search = alert_search(alert, sort=Sort.NEWEST, offset=0, limit=limit)
    if search.errors:
        return []
    return list(maker_search(query=search.query).makers)
