"""The admin index names every app's section in the reader's language."""

import pytest

from localiste.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SECTIONS_EN = ["Catalog", "Makers", "Places", "Search engine", "Accounts"]
SECTIONS_FR = ["Catalogue", "Fabricants", "Lieux", "Moteur de recherche", "Comptes"]


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def _section_captions(response) -> list[str]:
    return [str(app["name"]) for app in response.context["app_list"]]


def test_the_english_admin_index_names_each_app(superuser_client):
    response = superuser_client.get("/en/admin/")
    assert response.status_code == 200
    captions = _section_captions(response)
    for name in SECTIONS_EN:
        assert name in captions, captions
    assert not [caption for caption in captions if caption.isupper()]


def test_the_french_admin_index_names_each_app_in_french(superuser_client):
    # Needs the coordinator's merge of docs/wip/i18n-F.tsv into the French catalogue.
    response = superuser_client.get("/admin/")
    assert response.status_code == 200
    captions = _section_captions(response)
    for name in SECTIONS_FR:
        assert name in captions, captions
