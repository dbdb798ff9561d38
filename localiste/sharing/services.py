"""Writes of the sharing app: the operators' choice of the sites that may frame the widget."""

from django.db import transaction

from localiste.sharing.framing import frame_ancestors_forget
from localiste.sharing.models import SINGLETON_PK, EmbedPolicy


@transaction.atomic
def embed_policy_save(*, policy: EmbedPolicy) -> EmbedPolicy:
    """Save which sites may frame the widget (ValidationError for an origin that is not a
    site's address); widget pages follow it from the next request, once the write commits."""
    policy.pk = SINGLETON_PK  # one row: a second "add" replaces the first
    policy.full_clean(validate_unique=False)
    policy.save()
    transaction.on_commit(frame_ancestors_forget)
    return policy
