"""The operators' admin: listings and their products (`listings`), the review (`review`)."""

from localiste.moderation.admin import listings, review

__all__ = ["listings", "review"]
