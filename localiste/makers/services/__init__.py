"""Every write to a maker's listing goes through these functions.

Modules by concern: `listing` (create, categorise, publish, withdraw). Import from the
package: `from localiste.makers import services; services.maker_publish(...)`.
"""

from localiste.makers.services.listing import (
    category_counts_refresh,
    category_with_ancestors,
    maker_categories_set,
    maker_create,
    maker_publish,
    maker_withdraw,
)

__all__ = [
    "category_counts_refresh",
    "category_with_ancestors",
    "maker_categories_set",
    "maker_create",
    "maker_publish",
    "maker_withdraw",
]
