"""The operators' admin: listings and their products (`listings`), the review (`review`),
the desk's own records (`desk`: territory moderators, decisions, locks)."""

from localiste.moderation.admin import desk, listings, review

__all__ = ["desk", "listings", "review"]
