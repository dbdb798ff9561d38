"""What makers tell the apps above it (they connect receivers; makers imports none of them)."""

from django.dispatch import Signal

# Sent by `maker_merge` inside its transaction, before the absorbed listing is deleted, with
# `survivor_id` and `absorbed_id`: an app holding rows of the absorbed listing (contact
# messages…) moves them to the survivor, or the deletion takes them away.
maker_merged = Signal()

# Sent by `maker_submit` inside its transaction (`maker`, `editor`, `resubmitted`): the desk
# tells the operators, now or in their digest.
maker_submitted = Signal()

# Sent when a listing's team confirms it is current (`maker`; `user`, who followed the link
# signed in, or None): a listing confirmed every year is in use, and so are the accounts of
# its team, which must not be erased as inactive.
listing_confirmed = Signal()
