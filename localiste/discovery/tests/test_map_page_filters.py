"""The full-screen map's form keeps the filters it was opened with."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_map_keeps_open_now_when_its_form_is_sent_again(client):
    html = client.get("/en/carte/", {"q": "poterie", "ouvert": "1"}).content.decode()
    assert 'name="ouvert" value="1" checked' in html
    assert "open_now=true" in html  # what the map asks /api/v1/map for
    html = client.get("/en/carte/", {"q": "poterie"}).content.decode()
    assert 'name="ouvert" value="1">' in html
