"""The naive baseline: Django ORM icontains, then Python haversine over every matching row."""

from django.db.models import Q

from localiste.makers.models import Maker
from localiste.search.geo import distance_km


def naive_search(query, limit: int = 20) -> list[int]:
    """What a first version would do: filter every row in SQL by substring, rank in Python."""
    makers = Maker.objects.filter(status=Maker.Status.PUBLISHED)
    for word in query.text.split():
        makers = makers.filter(
            Q(name__icontains=word) | Q(tagline__icontains=word) | Q(story__icontains=word)
        )
    rows = makers.values_list("id", "latitude", "longitude")
    if query.has_point:
        found = []
        for pk, lat, lon in rows:
            if lat is None:
                continue
            km = distance_km(query.latitude, query.longitude, lat, lon)
            if query.radius_km is None or km <= query.radius_km:
                found.append((km, pk))
        return [pk for _, pk in sorted(found)[:limit]]
    return [pk for pk, _, _ in list(rows)[:limit]]
