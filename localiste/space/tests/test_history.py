"""The history page of the maker space: the team reads every change of its listing."""

import pytest
from django.urls import reverse
from django.utils import translation

from localiste.makers import services
from localiste.makers.models import Maker, Membership
from localiste.makers.selectors.history import HISTORY_PAGE_SIZE
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def listing(lucie):
    maker = MakerFactory(name="Atelier Lucie", tagline="Sacs en cuir")
    Membership.objects.create(user=lucie, maker=maker, role=Membership.Role.OWNER)
    return maker


def history_url(maker, language="fr") -> str:
    with translation.override(language):
        return reverse("space:history", kwargs={"slug": maker.slug})


def test_the_team_reads_who_changed_what_from_what_to_what(lucie_client, listing, operator):
    page = lucie_client.get(reverse("space:story", kwargs={"slug": listing.slug}))
    data = {
        "version": listing.version,
        "tagline": "Sacs cousus main à Bègles",
        "story": listing.story,
        "know_how": listing.know_how,
        "founded_year": "",
    }
    assert lucie_client.post(page.request["PATH_INFO"], data).status_code == 302
    services.maker_withdraw(
        maker=listing, status=Maker.Status.SUSPENDED, operator=operator, reason="Photos volées"
    )

    response = lucie_client.get(history_url(listing, "en"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Page edited" in html and "by you" in html
    assert "Sacs en cuir" in html and "Sacs cousus main à Bègles" in html
    assert "Suspended" in html and "by an operator" in html and "Photos volées" in html
    assert "ops@example.org" not in html  # the team is not told which operator
    # The French page shows the same changes.
    french = lucie_client.get(history_url(listing)).content.decode()
    assert "Sacs cousus main à Bègles" in french and "Photos volées" in french


def test_the_team_never_reads_the_desks_notes_on_reports(lucie_client, listing, operator, client):
    report = services.report_submit(
        maker=listing, reason="other", message="Revendeur ?", visitor_address="203.0.113.9"
    )
    services.report_dismiss(
        report=report, operator=operator, note="Le signaleur est un concurrent connu."
    )

    html = lucie_client.get(history_url(listing, "en")).content.decode()
    assert "concurrent connu" not in html and "Report" not in html
    client.force_login(operator)  # the operators read it
    assert "concurrent connu" in client.get(history_url(listing, "en")).content.decode()


def test_the_menu_of_the_space_leads_to_the_history(lucie_client, listing):
    dashboard = lucie_client.get(reverse("space:dashboard", kwargs={"slug": listing.slug}))
    assert history_url(listing) in dashboard.content.decode()
    page = lucie_client.get(history_url(listing)).content.decode()
    assert f'href="{history_url(listing)}" aria-current="page"' in page


def test_the_history_comes_a_page_at_a_time(lucie_client, listing, lucie):
    for number in range(HISTORY_PAGE_SIZE + 3):
        listing.refresh_from_db()
        services.maker_update(
            maker=listing, editor=lucie, version=listing.version, fields={"phone": f"05 {number}"}
        )
    first = lucie_client.get(history_url(listing, "en")).content.decode()
    assert first.count('class="panel__title">Page edited<') == HISTORY_PAGE_SIZE
    assert 'rel="next"' in first
    second = lucie_client.get(history_url(listing, "en") + "?page=2").content.decode()
    # The three oldest edits, the publication and the creation.
    assert second.count('class="panel__title">Page edited<') == 3
    assert 'class="panel__title">Listing created<' in second
    assert lucie_client.get(history_url(listing) + "?page=3").status_code == 404
    assert lucie_client.get(history_url(listing) + "?page=x").status_code == 404


def test_operators_reading_a_space_see_who_the_operators_were(operator_client, listing, operator):
    services.maker_withdraw(
        maker=listing, status=Maker.Status.SUSPENDED, operator=operator, reason="Doublon"
    )
    html = operator_client.get(history_url(listing, "en")).content.decode()
    assert "by you" in html  # the operator themselves
    other = type(operator).objects.create_superuser("marie", "marie@example.org", "x")
    operator_client.force_login(other)
    assert (
        "ops@example.org (operator)"
        in operator_client.get(history_url(listing, "en")).content.decode()
    )


def test_only_the_team_and_staff_read_a_history(client, listing, make_user):
    assert client.get(history_url(listing)).status_code == 302  # to the login page
    client.force_login(make_user("intrus@example.org"))
    assert client.get(history_url(listing)).status_code == 404
    assert client.post(history_url(listing)).status_code == 405  # it changes nothing
