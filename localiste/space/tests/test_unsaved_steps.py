"""Leaving a step through the step tabs (issue 15): what was typed is saved first, or the page
stays with its messages; nothing typed is ever lost, and the tabs never lead off the space."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from localiste.makers.models import Maker, Membership
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db

STAYED = "You are still on this page"


def url(name, maker):
    """The English page: these tests read the messages in their source language."""
    with translation.override("en"):
        return reverse(f"space:{name}", kwargs={"slug": maker.slug})


@pytest.fixture
def published(lucie, category):
    maker = MakerFactory(name="Atelier Lucie", primary_category=category, tagline="Ancien")
    Membership.objects.create(user=lucie, maker=maker, role=Membership.Role.OWNER)
    return maker


def story_post(maker, **fields):
    return {
        "version": maker.version,
        "tagline": maker.tagline,
        "story": maker.story,
        "know_how": maker.know_how,
        "founded_year": maker.founded_year or "",
        **fields,
    }


def test_the_story_typed_is_saved_when_the_maker_leaves_through_another_step_tab(
    lucie_client, draft
):
    response = lucie_client.post(
        url("story", draft),
        story_post(draft, story="Cousu main depuis 1998.", go="practical"),
    )

    # Onboarding would lead to the photos; the tab chosen wins.
    assert response.status_code == 302
    assert response["Location"] == url("practical", draft)
    assert Maker.objects.get().story == "Cousu main depuis 1998."
    page = lucie_client.get(response["Location"]).content.decode()
    assert "Saved." in page


def test_a_published_page_also_goes_to_the_tab_chosen(lucie_client, published):
    response = lucie_client.post(
        url("story", published), story_post(published, tagline="Sacs cousus", go="address")
    )
    assert response.status_code == 302 and response["Location"] == url("address", published)
    assert Maker.objects.get().tagline == "Sacs cousus"


def test_an_invalid_step_left_through_a_tab_stays_with_the_text_and_the_errors(lucie_client, draft):
    response = lucie_client.post(
        url("story", draft),
        story_post(draft, story="Mon histoire, tapée avec soin.", founded_year="19", go="address"),
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Mon histoire, tapée avec soin." in html  # still in the form
    assert "greater than or equal to 1000" in html  # the field's error
    assert STAYED in html  # and why the step was not left
    assert Maker.objects.get().story == ""


@pytest.mark.parametrize(
    "go", ["https://evil.example/", "//evil.example", "dashboard", "team", "../", ""]
)
def test_a_tab_value_that_is_no_step_is_ignored_and_the_form_saved_as_usual(
    lucie_client, draft, go
):
    response = lucie_client.post(url("story", draft), story_post(draft, story="Texte", go=go))

    assert response.status_code == 302
    assert response["Location"] == url("photos", draft)  # the usual next step
    assert Maker.objects.get().story == "Texte"


def test_a_tab_on_an_untouched_page_leaves_it_without_saving(lucie_client, published, make_user):
    version = published.version
    response = lucie_client.post(url("story", published), story_post(published, go="photos"))

    assert response.status_code == 302 and response["Location"] == url("photos", published)
    # No new version: a co-editor's open form is not turned into a conflict by a mere visit.
    assert Maker.objects.get().version == version
    assert "Saved." not in lucie_client.get(response["Location"]).content.decode()


def test_a_conflict_met_through_a_tab_keeps_the_page_and_both_versions(
    lucie_client, published, make_user
):
    opened = published.version
    paul = make_user("paul@example.org")
    Membership.objects.create(user=paul, maker=published)
    first = story_post(published, tagline="Celle de Paul")
    paul_client = lucie_client.__class__()
    paul_client.force_login(paul)
    assert paul_client.post(url("story", published), first).status_code == 302

    published.version = opened  # Lucie's form still carries the version she opened
    response = lucie_client.post(
        url("story", published), story_post(published, tagline="Celle de Lucie", go="address")
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Celle de Lucie" in html and "Celle de Paul" in html
    assert 'class="conflict__table"' in html and STAYED in html
    assert Maker.objects.get().tagline == "Celle de Paul"


def test_the_other_steps_go_to_the_tab_chosen_after_saving(lucie_client, draft, category):
    identity = lucie_client.post(
        url("identity", draft),
        {
            "version": draft.version,
            "name": "Atelier Lucie",
            "primary_category": category.pk,
            "other_categories": [],
            "go": "story",
        },
    )
    assert identity.status_code == 302 and identity["Location"] == url("story", draft)

    draft.refresh_from_db()
    practical = lucie_client.get(url("practical", draft))
    form = practical.context["form"]
    data = {
        name: value
        for name, value in {
            **{form.add_prefix(n): form[n].value() for n in form.fields},
            **management(practical.context["hours"]),
            **management(practical.context["sales"]),
        }.items()
        if value not in (None, False)
    }
    data.update(email="atelier@example.org", go="identity")
    saved = lucie_client.post(url("practical", draft), data)
    assert saved.status_code == 302 and saved["Location"] == url("identity", draft)
    assert Maker.objects.get().email == "atelier@example.org"

    eligibility = lucie_client.post(
        url("eligibility", draft),
        {
            "makes_own_work": "yes",
            "in_territory": "yes",
            "non_food": "yes",
            "what_you_make": "Des sacs en cuir",
            "go": "identity",
        },
    )
    assert eligibility.status_code == 302 and eligibility["Location"] == url("identity", draft)
    assert Maker.objects.get().eligibility["what_you_make"] == "Des sacs en cuir"


def management(formset) -> dict:
    return {
        f"{formset.prefix}-TOTAL_FORMS": "0",
        f"{formset.prefix}-INITIAL_FORMS": "0",
    }


def test_on_a_step_form_the_tabs_submit_it_and_elsewhere_they_stay_links(lucie_client, draft):
    html = lucie_client.get(url("story", draft)).content.decode()
    assert re.search(r'<form [^>]*id="step-form"', html)
    tabs = re.findall(r'<button type="submit" form="step-form" name="go" value="(\w+)"', html)
    assert tabs == ["identity", "address", "story", "photos", "products", "practical", "preview"]
    assert re.search(r'value="story"[^>]*aria-current="step"', html)
    assert f'href="{url("address", draft)}"' not in html.split("space-steps")[1].split("</ol>")[0]

    dashboard = lucie_client.get(url("dashboard", draft)).content.decode()
    assert 'name="go"' not in dashboard
    assert f'<a href="{url("address", draft)}"' in dashboard
