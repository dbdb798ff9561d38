"""The operators' admin: listings and their products (`listings`), the review (`review`),
the category admin with its merge (`categories`: here, above the catalog, since a merge
moves makers), the desk's own records (`desk`: territory moderators, decisions, locks),
heritage know-how pages (`knowhow`), the makers put forward on the territories' homes
(`territories`)."""

from localiste.moderation.admin import categories, desk, knowhow, listings, review, territories

__all__ = ["categories", "desk", "knowhow", "listings", "review", "territories"]
