"""Issue 11's acceptance for the audit log: three edits of one listing — one in the maker
space, one at the moderation desk, one in the Django admin — each shown with its values
before and after and who made it, to the team in its space and to the operators."""

import pytest
from django.urls import reverse
from django.utils import translation

from localiste.makers.audit import audit_entries
from localiste.makers.models import Maker, Membership
from localiste.makers.selectors.history import maker_history
from localiste.makers.tests.factories import MakerFactory
from localiste.moderation.forms import CHECKLIST
from localiste.moderation.tests.admin_forms import admin_form_data
from localiste.moderation.tests.conftest import decide

pytestmark = pytest.mark.django_db


@pytest.fixture
def lucie(django_user_model):
    return django_user_model.objects.create_user(
        "lucie@example.org", "lucie@example.org", first_name="Lucie", last_name="Martin"
    )


def rows(entry) -> dict:
    return {change.label: (change.before, change.after) for change in entry.changes}


def test_edits_in_the_space_the_desk_and_the_admin_show_before_and_after(client, lucie, operator):
    maker = MakerFactory(
        name="Atelier Lucie", tagline="Sacs en cuir", phone="", status=Maker.Status.PENDING
    )
    Membership.objects.create(user=lucie, maker=maker, role=Membership.Role.OWNER)
    slug = maker.slug

    # 1. In the maker space, Lucie rewrites her tagline.
    client.force_login(lucie)
    story = reverse("space:story", kwargs={"slug": slug})
    saved = client.post(
        story,
        {
            "version": maker.version,
            "tagline": "Sacs cousus main à Bègles",
            "story": maker.story,
            "know_how": maker.know_how,
            "founded_year": "",
        },
    )
    assert saved.status_code == 302

    # 2. At the moderation desk, an operator approves the listing.
    client.force_login(operator)
    desk = reverse("moderation:listing", kwargs={"pk": maker.pk})
    assert client.get(desk).status_code == 200  # the item is theirs while they decide
    decision = {"action": "approve", **{f"approve-{name}": "on" for name, _label in CHECKLIST}}
    assert decide(client, desk, decision).status_code == 302

    # 3. In the Django admin, the operator adds the workshop's phone.
    change = reverse("admin:makers_maker_change", args=[maker.pk])
    data = admin_form_data(client.get(change), phone="05 56 12 34 56")
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    maker.refresh_from_db()
    with translation.override("en"):
        desk_view = maker_history(maker=maker, limit=10)
        team_view = maker_history(maker=maker, limit=10, viewer=lucie, team_view=True)
    admin_edit, desk_edit, space_edit = desk_view[:3]
    assert (space_edit.title, space_edit.who) == ("Page edited", "Lucie Martin")
    assert rows(space_edit) == {"tagline": ("Sacs en cuir", "Sacs cousus main à Bègles")}
    assert (desk_edit.title, desk_edit.who) == ("Published", "ops@example.org (operator)")
    assert rows(desk_edit) == {"status": ("pending review", "published")}
    assert (admin_edit.title, admin_edit.who) == ("Page edited", "ops@example.org (operator)")
    assert rows(admin_edit) == {"public phone": ("—", "05 56 12 34 56")}
    assert [entry.who for entry in team_view[:3]] == ["an operator", "an operator", "you"]

    # The team reads the same three changes on the history page of its space.
    client.force_login(lucie)
    with translation.override("en"):
        page = client.get(reverse("space:history", kwargs={"slug": slug})).content.decode()
    for text in ("Sacs en cuir", "Sacs cousus main à Bègles", "pending review", "05 56 12 34 56"):
        assert text in page
    assert "ops@example.org" not in page


def test_operators_also_find_every_entry_in_the_admin(operator_client, lucie):
    maker = MakerFactory(name="Atelier Lucie")
    Membership.objects.create(user=lucie, maker=maker, role=Membership.Role.OWNER)
    entry = audit_entries(maker).first()
    listing = operator_client.get(reverse("admin:auditlog_logentry_changelist"))
    assert listing.status_code == 200 and "Atelier Lucie" in listing.content.decode()
    page = operator_client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk]))
    assert page.status_code == 200 and "published" in page.content.decode()
    # Read-only: the record cannot be rewritten there.
    assert operator_client.post(page.request["PATH_INFO"], {}).status_code == 403
