import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from localiste.makers.models import Membership
from localiste.makers.selectors import maker_get_for_edit, maker_get_for_owner, makers_managed_by
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    User = get_user_model()
    maker = MakerFactory()
    owner = User.objects.create_user("owner", "owner@example.org", "x")
    manager = User.objects.create_user("manager", "manager@example.org", "x")
    stranger = User.objects.create_user("stranger", "stranger@example.org", "x")
    staff = User.objects.create_user("staff", "staff@example.org", "x", is_staff=True)
    Membership.objects.create(user=owner, maker=maker, role=Membership.Role.OWNER)
    Membership.objects.create(user=manager, maker=maker, role=Membership.Role.MANAGER)
    return maker, owner, manager, stranger, staff


def test_members_and_staff_may_edit_strangers_see_nothing(team):
    maker, owner, manager, stranger, staff = team
    for user in (owner, manager, staff):
        assert maker_get_for_edit(user=user, slug=maker.slug) == maker
    with pytest.raises(Http404):
        maker_get_for_edit(user=stranger, slug=maker.slug)
    with pytest.raises(PermissionDenied):
        maker_get_for_edit(user=AnonymousUser(), slug=maker.slug)
    assert list(makers_managed_by(user=stranger)) == []
    assert list(makers_managed_by(user=manager)) == [maker]


def test_only_owners_and_staff_act_as_owner(team):
    maker, owner, manager, _stranger, staff = team
    assert maker_get_for_owner(user=owner, slug=maker.slug) == maker
    assert maker_get_for_owner(user=staff, slug=maker.slug) == maker
    with pytest.raises(PermissionDenied):
        maker_get_for_owner(user=manager, slug=maker.slug)
