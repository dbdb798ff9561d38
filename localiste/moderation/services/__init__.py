"""Operators deciding on what waits for them: new listings, pending changes, claims, reports,
possible duplicates and listings nobody confirmed.

Each decision is recorded (`Decision`: who, what, when, and what they wrote), mailed to the
listing's team in its language through the outbox, and indexes the maker once, at its end
(`search_index_once`). Mail is stored in the decision's transaction: both happen, or neither.
Modules: `listings` (new listings, suspension), `revisions` (pending changes and new
photos), `watch` (claims, reports, duplicates, freshness) and `records` (the record kept).
"""

from localiste.moderation.services.invitations import (
    claim_invitations_opt_out,
    claim_invitations_send_due,
    claim_invite,
    claim_invite_batch,
)
from localiste.moderation.services.listings import (
    listing_restore,
    listing_suspend,
    maker_approve,
    maker_refuse,
    maker_request_changes,
)
from localiste.moderation.services.records import decision_record
from localiste.moderation.services.revisions import (
    photos_approve,
    revision_approve,
    revision_reject,
    revision_request_changes,
)
from localiste.moderation.services.watch import (
    claim_approve,
    claim_refuse,
    duplicate_dismiss,
    duplicate_merge,
    freshness_confirm,
    report_close,
    report_suspend,
)

__all__ = [
    "claim_approve",
    "claim_invitations_opt_out",
    "claim_invitations_send_due",
    "claim_invite",
    "claim_invite_batch",
    "claim_refuse",
    "decision_record",
    "duplicate_dismiss",
    "duplicate_merge",
    "freshness_confirm",
    "listing_restore",
    "listing_suspend",
    "maker_approve",
    "maker_refuse",
    "maker_request_changes",
    "photos_approve",
    "report_close",
    "report_suspend",
    "revision_approve",
    "revision_reject",
    "revision_request_changes",
]
