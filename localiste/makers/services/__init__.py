"""Every write to a maker's listing goes through these functions.

Modules by concern: `listing` (create, categorise, publish, withdraw); the maker space's
`editing` (start, edit with review and conflicts, submit, an operator's edit), `practical`
(hours and places to buy), `media` (photos), `products`, `versions` (the version checks of
products and photos), `team` (invitations, ownership), `claims` (imported listings), `indexing`
(the search index follows every write), `reports` (visitors' reports, suspension),
`freshness` (the yearly confirmation), `merge` (two listings become one) and `notices` (mail
to a listing's team, in its language). Operators' decisions on what makers submit are
`localiste.moderation.services`. Import from the package:
`from localiste.makers import services; services.maker_publish(...)`.
"""

from localiste.makers.services.claims import (
    claim_accept,
    claim_reject,
    claim_start,
)
from localiste.makers.services.editing import (
    EditConflict,
    MakerUpdate,
    maker_operator_update,
    maker_start,
    maker_submit,
    maker_territories_refresh,
    maker_update,
)
from localiste.makers.services.freshness import freshness_mails_send, maker_confirm_current
from localiste.makers.services.imports import (
    ImportAction,
    ImportOutcome,
    ImportSession,
    import_values_clean,
    maker_import_upsert,
    makers_import_batch,
    makers_import_finish,
    makers_import_plan,
    makers_import_seen,
    source_build,
    source_create,
    source_imported,
    source_mapping_save,
)
from localiste.makers.services.indexing import (
    search_index_maker,
    search_index_makers,
    search_index_once,
)
from localiste.makers.services.listing import (
    category_counts_refresh,
    category_with_ancestors,
    maker_categories_set,
    maker_create,
    maker_delete,
    maker_publish,
    maker_withdraw,
)
from localiste.makers.services.media import photo_add, photo_delete, photo_move, photo_update
from localiste.makers.services.merge import maker_merge, merge_conflicts
from localiste.makers.services.practical import (
    maker_hours_set,
    maker_practical_update,
    maker_sales_points_set,
)
from localiste.makers.services.products import (
    product_create,
    product_delete,
    product_move,
    product_publish,
    product_update,
    products_review_close,
)
from localiste.makers.services.reports import (
    maker_restore,
    maker_suspend,
    report_act,
    report_dismiss,
    report_submit,
)
from localiste.makers.services.team import (
    invitation_accept,
    invitation_cancel,
    invitation_send,
    member_leave,
    member_remove,
    ownership_transfer,
)
from localiste.makers.services.territories import (
    territory_feature_delete,
    territory_feature_save,
)

__all__ = [
    "ImportAction",
    "ImportOutcome",
    "ImportSession",
    "import_values_clean",
    "maker_import_upsert",
    "makers_import_batch",
    "makers_import_finish",
    "makers_import_plan",
    "makers_import_seen",
    "source_build",
    "source_create",
    "source_imported",
    "source_mapping_save",
    "report_submit",
    "report_dismiss",
    "report_act",
    "maker_suspend",
    "maker_restore",
    "merge_conflicts",
    "maker_merge",
    "maker_confirm_current",
    "freshness_mails_send",
    "EditConflict",
    "MakerUpdate",
    "claim_accept",
    "claim_reject",
    "claim_start",
    "invitation_accept",
    "invitation_cancel",
    "invitation_send",
    "maker_hours_set",
    "maker_operator_update",
    "maker_practical_update",
    "maker_territories_refresh",
    "territory_feature_delete",
    "territory_feature_save",
    "maker_sales_points_set",
    "maker_start",
    "maker_submit",
    "maker_update",
    "member_leave",
    "member_remove",
    "ownership_transfer",
    "photo_add",
    "photo_delete",
    "photo_move",
    "photo_update",
    "product_create",
    "product_delete",
    "product_move",
    "product_publish",
    "product_update",
    "products_review_close",
    "category_counts_refresh",
    "category_with_ancestors",
    "maker_categories_set",
    "maker_create",
    "maker_delete",
    "maker_publish",
    "maker_withdraw",
    "search_index_maker",
    "search_index_makers",
    "search_index_once",
]
