"""What the places app tells the apps above it (which it does not know) when territories change."""

from django.dispatch import Signal

# Sent with `territory_id` when what a territory contains may have changed (its kind, codes,
# boundary, country or active flag): the makers' territories are worked out again.
territory_changed = Signal()
