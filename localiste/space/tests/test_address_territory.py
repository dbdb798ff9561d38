"""The address step warns (and still saves) when the workshop is in none of the territories."""

import pytest
from django.urls import reverse
from django.utils import translation

from localiste.makers.models import Maker
from localiste.places.models import Territory

pytestmark = pytest.mark.django_db
WARNING = "outside the areas this directory covers"


def _post_address(client, maker):
    data = {
        "version": maker.version,
        "street": "",
        "postcode": "",
        "locality": "Begles",
        "location_precision": "commune",
        "latitude": "",
        "longitude": "",
    }
    with translation.override("en"):
        url = reverse("space:address", kwargs={"slug": maker.slug})
    return client.post(url, data, follow=True)


def test_an_address_outside_every_territory_is_saved_with_a_warning(lucie_client, draft, gironde):
    Territory.objects.update(is_active=False)
    Territory.objects.create(
        slug="landes", name="Landes", kind=Territory.Kind.DEPARTEMENT, admin_code="40"
    )
    response = _post_address(lucie_client, draft)
    assert response.status_code == 200
    assert response.content.decode().count(WARNING) == 1  # back on the address page
    maker = Maker.objects.get(pk=draft.pk)
    assert maker.place.name == "Bègles"  # a warning, not a refusal
    # Confirmed: on to the next step, the warning goes along.
    response = _post_address(lucie_client, maker)
    assert response.redirect_chain[-1][0].endswith(
        reverse("space:story", kwargs={"slug": maker.slug})
    )
    assert response.content.decode().count(WARNING) == 1


def test_an_address_inside_a_territory_has_no_warning(lucie_client, draft, gironde):
    response = _post_address(lucie_client, draft)
    assert response.status_code == 200
    assert WARNING not in response.content.decode()
    response = _post_address(lucie_client, Maker.objects.get(pk=draft.pk))
    assert WARNING not in response.content.decode()
