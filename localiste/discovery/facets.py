"""Facet counts from the engine turned into options a visitor can tick: names, counts, state.

The engine counts ids ("category" → {id: count}); the taxonomy tables are small, so their
names come from one query each.
"""

from __future__ import annotations

from dataclasses import dataclass

from localiste.catalog.models import Category, Label
from localiste.discovery.params import SERVICES, SearchRequest
from localiste.places.models import Territory


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int | None
    selected: bool = False
    depth: int = 0  # 0: an ancestor or the selection's level; 1: a child of the selection


@dataclass(frozen=True)
class Facets:
    categories: list[FacetOption]
    labels: list[FacetOption]
    services: list[FacetOption]
    territories: list[FacetOption]


def _counts(facets: dict, name: str) -> dict:
    counts = facets.get(name) or {}
    return {str(key): count for key, count in counts.items()}


def _category_options(request: SearchRequest, counts: dict[str, int]) -> list[FacetOption]:
    """Without a category: the top level. With one: its ancestors (to widen), itself and its
    children (to narrow), each with the number of results it would give."""
    selected = request.category
    categories = list(Category.objects.order_by("depth", "position", "name_fr"))
    if selected is None:
        return [
            FacetOption(category.slug, category.name, counts.get(str(category.pk), 0))
            for category in categories
            if category.parent_id is None and counts.get(str(category.pk))
        ]
    by_id = {category.pk: category for category in categories}
    ancestors, parent_id = [], selected.parent_id
    while parent_id and parent_id in by_id:
        ancestors.insert(0, by_id[parent_id])
        parent_id = by_id[parent_id].parent_id
    options = [FacetOption(category.slug, category.name, None) for category in ancestors]
    options.append(
        FacetOption(selected.slug, selected.name, counts.get(str(selected.pk)), selected=True)
    )
    options += [
        FacetOption(category.slug, category.name, counts.get(str(category.pk), 0), depth=1)
        for category in categories
        if category.parent_id == selected.pk and counts.get(str(category.pk))
    ]
    return options


def facets_for(request: SearchRequest, facets: dict) -> Facets:
    """The options of each facet for the results of `request`, selected ones first kept."""
    label_counts = _counts(facets, "label")
    chosen_labels = {label.slug for label in request.labels}
    labels = [
        FacetOption(
            label.slug, label.name, label_counts.get(str(label.pk), 0), label.slug in chosen_labels
        )
        for label in Label.objects.order_by("name_fr")
        if label_counts.get(str(label.pk)) or label.slug in chosen_labels
    ]
    service_counts = _counts(facets, "service")
    services = [
        FacetOption(key, str(name), service_counts.get(key, 0), key in request.services)
        for key, name in SERVICES.items()
        if service_counts.get(key) or key in request.services
    ]
    territory_counts = _counts(facets, "territory")
    chosen_territory = request.territory.slug if request.territory else ""
    wanted_ids = [int(key) for key in territory_counts if key.isdigit()]
    territories = [
        FacetOption(
            territory.slug,
            territory.name,
            territory_counts.get(str(territory.pk), 0),
            territory.slug == chosen_territory,
        )
        for territory in Territory.objects.filter(is_active=True, pk__in=wanted_ids).order_by(
            "name"
        )
    ]
    if request.territory and not any(option.selected for option in territories):
        territories.insert(0, FacetOption(request.territory.slug, request.territory.name, 0, True))
    return Facets(
        categories=_category_options(request, _counts(facets, "category")),
        labels=labels,
        services=services,
        territories=territories,
    )
