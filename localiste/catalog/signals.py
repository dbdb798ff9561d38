"""What the catalog tells the apps above it (which it does not know) when the taxonomy changes."""

from django.dispatch import Signal

# Sent with `category_ids` whose names changed: what is indexed of their makers is out of date.
category_renamed = Signal()

# Sent, inside the saving transaction, with `category_ids`: a category that was given another
# parent and its sub-categories. The makers listed there now sit under other ancestors.
category_moved = Signal()
