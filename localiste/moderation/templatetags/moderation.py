"""Template filters of the desk."""

from django import template

from localiste.moderation.diffs import changed_parts as parts_of

register = template.Library()


@register.filter
def changed_parts(changes) -> list[str]:
    """The parts of a listing a pending change touches, by their names."""
    return parts_of(changes or {})
