"""Every read of makers, and the only way code outside this app loads one.

Modules by concern: `access` (what a user may edit: the maker space and the API load
listings through it), `public` (published pages and cards, in a fixed number of queries),
`completeness` (what a draft lacks, the changes waiting for review), `search` (the search
engine's ids turned into cards and map features), `documents` (what the engine indexes
of a maker), `history` (a listing's changes, readable), `freshness` (listings to ask,
remind or flag), `redirects` (old addresses) and `reports`. Import from the package:
`from localiste.makers import selectors`.
"""

from localiste.makers.selectors.access import (
    maker_get_for_edit,
    maker_get_for_owner,
    makers_managed_by,
)
from localiste.makers.selectors.completeness import (
    CompletenessItem,
    completeness_missing,
    completeness_percent,
    maker_completeness,
    maker_pending_revision,
)
from localiste.makers.selectors.documents import (
    maker_documents,
    maker_documents_count,
    maker_documents_iter,
)
from localiste.makers.selectors.freshness import maker_updated_on, makers_unconfirmed
from localiste.makers.selectors.history import maker_history, maker_history_page
from localiste.makers.selectors.public import (
    MakerPage,
    category_makers_page,
    maker_get_preview,
    maker_get_public,
    makers_attach_card_photos,
    makers_featured,
    makers_in_order,
    makers_newest,
    page_number_parse,
    product_get_public,
    products_other,
    territory_featured_makers,
)
from localiste.makers.selectors.redirects import maker_redirect_slug, maker_redirect_slugs
from localiste.makers.selectors.reports import maker_get_reportable
from localiste.makers.selectors.search import (
    MakerSearchPage,
    maker_map,
    maker_search,
    maker_suggest,
)

__all__ = [
    "maker_get_reportable",
    "maker_redirect_slug",
    "maker_redirect_slugs",
    "maker_history_page",
    "maker_history",
    "makers_unconfirmed",
    "maker_updated_on",
    "CompletenessItem",
    "MakerPage",
    "MakerSearchPage",
    "category_makers_page",
    "completeness_missing",
    "completeness_percent",
    "maker_completeness",
    "maker_documents",
    "maker_documents_count",
    "maker_documents_iter",
    "maker_get_for_edit",
    "maker_get_for_owner",
    "maker_get_preview",
    "maker_get_public",
    "maker_map",
    "maker_pending_revision",
    "maker_search",
    "maker_suggest",
    "makers_attach_card_photos",
    "makers_featured",
    "territory_featured_makers",
    "makers_in_order",
    "makers_managed_by",
    "makers_newest",
    "page_number_parse",
    "product_get_public",
    "products_other",
]
