"""The contact form's limits hold when many requests reach several worker processes at once.

Each request is handled by a real process of its own set-up (see metrics/tests/parallel.py),
against one SQLite file and the file cache, as gunicorn's workers share them.
"""

import pytest
from django.test import Client
from django.urls import reverse

from localiste.messaging import spam
from localiste.metrics.tests.parallel import parallel_once, parallel_run, parallel_site

SECRET = "atelier-prive@example.org"


def create_maker(*, process: int, call: int) -> str:
    from localiste.makers.tests.factories import MakerFactory

    return MakerFactory(name="Atelier Lune", email=SECRET).slug


def post_contact(*, slug: str, same_address: bool, process: int, call: int) -> int:
    """The status of one message sent to the maker `slug` (302 sent, 429 refused)."""
    address = "203.0.113.9" if same_address else f"198.51.{process}.{call}"
    data = {
        "name": "Camille Martin",
        "email": f"camille{process}-{call}@example.net",
        "phone": "",
        "message": f"Bonjour, faites-vous des sacs sur mesure ? ({process}-{call})",
        "website": "",
    }
    url = reverse("messaging:contact", kwargs={"slug": slug})
    return Client(REMOTE_ADDR=address).post(url, data).status_code


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return parallel_site(tmp_path_factory.mktemp("parallel"))


def test_parallel_messages_from_one_address_get_exactly_the_limit_through(site):
    slug = parallel_once(site, target=f"{__name__}:create_maker")
    statuses = parallel_run(
        site, target=f"{__name__}:post_contact", processes=6, calls=3, slug=slug, same_address=True
    )
    assert sorted(set(statuses)) == [302, 429]
    assert statuses.count(302) == spam.PER_IP[0]


def test_parallel_messages_to_one_maker_get_exactly_the_limit_through(site):
    slug = parallel_once(site, target=f"{__name__}:create_maker")
    statuses = parallel_run(
        site, target=f"{__name__}:post_contact", processes=5, calls=5, slug=slug, same_address=False
    )
    assert sorted(set(statuses)) == [302, 429]
    assert statuses.count(302) == spam.PER_MAKER[0]
