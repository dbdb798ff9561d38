"""Leaving a step of the maker space through its step tabs (issue 15), in Chromium: without
JavaScript what was typed is saved first, or the page stays with it; the tabs are buttons a
keyboard reaches, and axe finds nothing serious."""

import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import serious_violations
from e2e.offline import VIEWPORTS
from e2e.test_space import log_in

pytestmark = pytest.mark.django_db(transaction=True)
DESKTOP = [("desktop", VIEWPORTS["desktop"])]
ELIGIBLE = {"makes_own_work": True, "in_territory": True, "non_food": True, "what_you_make": ""}
STORY = "Des sacs cousus main à Bègles, du cuir tanné au végétal."


def start_listing(page):
    from localiste.catalog.models import Category
    from localiste.makers import services

    user = log_in(page, "lucie@example.org")
    return services.maker_start(
        user=user,
        name="Atelier Lucie",
        primary_category=Category.objects.filter(depth=1).first(),
        eligibility=ELIGIBLE,
    )


def step_tab(page, step: str):
    """The tab of `step`, whatever element it is (before issue 15 it was a plain link)."""
    from localiste.space.views.common import STEPS

    position = [name for name, _label in STEPS].index(step) + 1
    return page.locator(f".space-steps li:nth-child({position})").locator("a, button")


def test_without_javascript_a_step_tab_saves_the_text_typed_before_leaving(
    page_without_javascript,
):
    from localiste.makers.models import Maker

    page = page_without_javascript
    maker = start_listing(page)
    page.goto(f"{page.base_url}/espace/{maker.slug}/histoire/")
    page.locator("[name=story]").fill(STORY)

    step_tab(page, "practical").click()

    expect(page).to_have_url(re.compile(r"/espace/atelier-lucie/infos-pratiques/$"))
    assert Maker.objects.get().story == STORY
    step_tab(page, "story").click()  # nothing typed here: the tab only leaves
    expect(page).to_have_url(re.compile(r"/espace/atelier-lucie/histoire/$"))
    expect(page.locator("[name=story]")).to_have_value(STORY)


def test_without_javascript_a_step_that_cannot_be_saved_keeps_the_text(
    page_without_javascript,
):
    from localiste.makers.models import Maker

    page = page_without_javascript
    maker = start_listing(page)
    page.goto(f"{page.base_url}/en/espace/{maker.slug}/histoire/")
    page.locator("[name=story]").fill(STORY)
    page.locator("[name=founded_year]").fill("19")

    step_tab(page, "address").click()

    expect(page).to_have_url(re.compile(r"/en/espace/atelier-lucie/histoire/$"))
    expect(page.locator("[name=story]")).to_have_value(STORY)
    expect(page.get_by_text("You are still on this page")).to_be_visible()
    expect(page.locator(".errorlist")).to_be_visible()
    assert Maker.objects.get().story == ""


def test_enter_in_a_field_still_saves_as_the_save_button_does(page_without_javascript):
    from localiste.makers.models import Maker

    page = page_without_javascript
    maker = start_listing(page)
    page.goto(f"{page.base_url}/espace/{maker.slug}/histoire/")
    page.locator("[name=tagline]").fill("Sacs en cuir")

    page.locator("[name=tagline]").press("Enter")

    # "Save and continue" while onboarding leads to the photos, not to the first tab.
    expect(page).to_have_url(re.compile(r"/espace/atelier-lucie/photos/$"))
    assert Maker.objects.get().tagline == "Sacs en cuir"


@pytest.mark.parametrize("viewport", DESKTOP, ids=["desktop"])
def test_the_step_tabs_of_a_form_are_buttons_a_keyboard_reaches_and_axe_accepts(page, axe):
    maker = start_listing(page)
    page.goto(f"{page.base_url}/en/espace/{maker.slug}/histoire/")

    steps = page.get_by_role("navigation", name="Steps to list your workshop")
    current = steps.get_by_role("button", name=re.compile(r"Story$"))
    expect(current).to_have_attribute("aria-current", "step")
    expect(steps.get_by_role("link")).to_have_count(0)
    assert serious_violations(axe, page) == []

    page.get_by_role("link", name="My account and data").focus()
    page.keyboard.press("Tab")
    first = steps.get_by_role("button", name=re.compile(r"Name and categories$"))
    expect(first).to_be_focused()
    assert first.evaluate("b => b.matches(':focus-visible')")
    assert first.evaluate("b => getComputedStyle(b).outlineStyle") != "none"


@pytest.mark.parametrize("viewport", DESKTOP, ids=["desktop"])
def test_with_javascript_a_menu_link_asks_before_dropping_the_text_and_a_tab_does_not(page):
    from localiste.makers.models import Maker

    maker = start_listing(page)
    page.goto(f"{page.base_url}/en/espace/{maker.slug}/histoire/")
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # "stay on this page"

    page.on("dialog", answer)
    page.locator("[name=story]").click()
    page.locator("[name=story]").press_sequentially("Cousu main.")

    page.locator(".space-tabs").get_by_role("link", name="Dashboard").click()
    expect(page.locator("[name=story]")).to_have_value("Cousu main.")
    assert dialogs == ["beforeunload"]
    expect(page).to_have_url(re.compile(r"/histoire/$"))

    step_tab(page, "practical").click()
    expect(page).to_have_url(re.compile(r"/infos-pratiques/$"))
    assert dialogs == ["beforeunload"]  # the tab saved: nothing to ask
    assert Maker.objects.get().story == "Cousu main."
    assert page.js_errors == []
