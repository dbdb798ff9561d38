"""A visitor searches: keywords, a category, a radius; list and map agree; back and forward;
a shared URL; no JavaScript; axe-core on /recherche/ at desktop and phone sizes, FR and EN,
filters open and closed; the first result above the fold; suggestions with the keyboard; a
field being typed in survives the results' swap."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from e2e.conftest import serious_violations
from e2e.offline import VIEWPORTS
from localiste.makers.models import Maker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_site(restore_reference_data):
    call_command("gazetteer_load", department="33", verbosity=0)
    call_command("demo", makers=20, seed=11, verbosity=0)
    maker = (
        Maker.objects.filter(status=Maker.Status.PUBLISHED)
        .select_related("primary_category__parent")
        .order_by("pk")
        .first()
    )
    top = maker.primary_category
    while top.parent_id:
        top = top.parent
    return {"maker": maker, "top": top}


def result_names(page) -> list[str]:
    return page.locator(".results .maker-card__name").all_inner_texts()


def open_filters(page, group=None):
    """Open the filters (behind a button on phones) and facet `group` ("category"…)."""
    # The button's visibility depends on the stylesheet: wait for it, or a wide screen may
    # see the button that its stylesheet is about to hide.
    page.wait_for_load_state("load")
    toggle = page.locator(".facets__toggle")
    if toggle.is_visible() and not page.locator(".facets[open]").count():
        toggle.click()
    if group and not page.locator(f"#facet-group-{group}[open]").count():
        page.locator(f"#facet-group-{group} > summary").click()


def show_map_on_phone(page):
    toggle = page.locator("[data-view-toggle]")
    if toggle.is_visible():
        toggle.get_by_role("button", name="Carte").click()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_search_page_is_accessible(page, axe, demo_site, language):
    prefix = "" if language == "fr" else "/en"
    page.goto(f"{page.base_url}{prefix}/recherche/?lieu=Bordeaux")
    expect(page.locator(".results li").first).to_be_visible()
    assert serious_violations(axe, page) == []
    open_filters(page, "services")
    expect(page.locator("#facet-group-services fieldset")).to_be_visible()
    expect(page.locator("#search-tri")).to_be_visible()
    assert serious_violations(axe, page) == []
    page.goto(f"{page.base_url}{prefix}/recherche/?q=zzzzqqq")
    expect(page.locator(".relax")).to_be_visible()
    assert serious_violations(axe, page) == []
    assert page.js_errors == []


def wait_for_htmx(page):
    """Until the region htmx replaced is settled and bound again (no request in flight)."""
    page.wait_for_load_state("networkidle")
    expect(page.locator(".htmx-request, .htmx-settling, .htmx-swapping")).to_have_count(0)


def test_filters_update_the_list_and_the_map_and_the_url(page, demo_site):
    top = demo_site["top"]
    page.goto(page.base_url + "/recherche/")
    page.locator("#search-lieu").fill("Bordeaux")
    page.locator("#search-lieu").press("Enter")
    expect(page).to_have_url(re.compile(r"lieu=Bordeaux"))
    everything = result_names(page)
    assert everything

    open_filters(page, "category")
    page.locator(f"#facet-category-{top.slug}").check()
    expect(page).to_have_url(re.compile(rf"categorie={top.slug}"))
    wait_for_htmx(page)
    # The counts came back with the results; the group the visitor was in stayed open.
    expect(page.locator(f"#facet-category-{top.slug}")).to_be_checked()
    expect(page.locator(f"#facet-category-{top.slug}")).to_be_visible()
    page.locator("#search-rayon").select_option("50")
    expect(page).to_have_url(re.compile(r"rayon=50"))
    filtered = result_names(page)
    assert filtered

    # The map shows the same makers as the list (the list's page is within the map's count).
    show_map_on_phone(page)
    map_element = page.locator("#results-map")
    # The map loads its features after the list: wait for them rather than read too early.
    page.wait_for_function(
        "n => Number(document.querySelector('#results-map').dataset.total) >= n",
        arg=len(filtered),
    )
    assert int(map_element.get_attribute("data-total")) >= len(filtered)

    # Back and forward move between the searches, the results following.
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"rayon=50"))
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"categorie="))
    expect(page.locator(".results .maker-card__name")).to_have_count(len(everything))
    page.go_forward()
    expect(page).to_have_url(re.compile(rf"categorie={top.slug}"))
    assert page.js_errors == []


def test_back_and_forward_restore_the_form_as_it_was_sent(page, demo_site):
    page.goto(page.base_url + "/recherche/?lieu=Bordeaux")
    open_filters(page)
    page.locator("#search-ouvert").check()
    expect(page).to_have_url(re.compile(r"ouvert=1"))
    wait_for_htmx(page)
    page.locator("#search-q").fill("bijoux")
    page.locator("#search-q").press("Enter")
    expect(page).to_have_url(re.compile(r"q=bijoux"))
    wait_for_htmx(page)
    open_filters(page)
    page.locator("#search-rayon").select_option("50")
    expect(page).to_have_url(re.compile(r"rayon=50"))
    wait_for_htmx(page)

    page.go_back()
    expect(page).not_to_have_url(re.compile(r"rayon=50"))
    expect(page.locator("#search-q")).to_have_value("bijoux")
    expect(page.locator("#search-ouvert")).to_be_checked()
    # A change made on the restored page keeps what that page had been searched with.
    open_filters(page)
    page.locator("#search-rayon").select_option("10")
    expect(page).to_have_url(re.compile(r"rayon=10"))
    assert "q=bijoux" in page.url and "ouvert=1" in page.url
    assert page.js_errors == []


def test_a_shared_url_gives_the_same_results(page, browser, demo_site):
    page.goto(page.base_url + "/recherche/")
    page.locator("#search-q").fill("atelier")
    page.locator("#search-q").press("Enter")
    expect(page).to_have_url(re.compile(r"q=atelier"))
    first = result_names(page)
    shared = page.url

    other = page.context.new_page()
    other.goto(shared)
    expect(other.locator(".results .maker-card__name").first).to_be_visible()
    assert other.locator(".results .maker-card__name").all_inner_texts() == first
    other.close()


def test_each_result_shows_its_distance(page, demo_site):
    page.goto(page.base_url + "/en/recherche/?lieu=Bordeaux&rayon=100")
    distances = page.locator(".result-card__distance")
    expect(distances.first).to_contain_text("km")
    assert distances.count() == page.locator(".results > li").count()


def test_search_works_without_javascript(page_without_javascript, demo_site):
    page, top = page_without_javascript, demo_site["top"]
    page.goto(page.base_url + "/")
    page.locator("#search-lieu").fill("Bordeaux")
    page.get_by_role("button", name="Rechercher").first.click()
    expect(page).to_have_url(re.compile(r"/recherche/\?.*lieu=Bordeaux"))
    expect(page.locator(".results li").first).to_be_visible()
    open_filters(page, "category")
    page.locator(f"#facet-category-{top.slug}").check()
    page.get_by_role("button", name=re.compile("filtres|Apply the filters")).click()
    expect(page).to_have_url(re.compile(rf"categorie={top.slug}"))
    expect(page.locator("[data-near-me]")).to_be_hidden()


def test_the_first_result_shows_without_scrolling(page, demo_site):
    page.goto(page.base_url + "/recherche/?q=bijoux&lieu=M%C3%A9rignac")
    card = page.locator(".results .result-card").first
    expect(card).to_be_visible()
    assert page.evaluate("window.scrollY") == 0
    # Not one pixel of the card: its name, which the visitor reads, is wholly on screen.
    name = card.locator(".maker-card__name").bounding_box()
    name_bottom = name["y"] + name["height"]

    # Every label of the sort menu fits in it, "nearest" included.
    open_filters(page)
    widths = page.locator("#search-tri").evaluate(
        """select => {
            const probe = document.createElement("span");
            probe.style.font = getComputedStyle(select).font;
            probe.style.position = "absolute";
            probe.style.whiteSpace = "nowrap";
            document.body.append(probe);
            const widest = Math.max(...Array.from(select.options, option => {
                probe.textContent = option.text;
                return probe.getBoundingClientRect().width;
            }));
            probe.remove();
            const style = getComputedStyle(select);
            const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
            return {widest, inner: select.clientWidth - padding};
        }"""
    )
    assert widths["widest"] < widths["inner"]
    assert name_bottom <= page.viewport_size["height"]


DESKTOP = [("desktop", VIEWPORTS["desktop"])]


@pytest.mark.parametrize("viewport", DESKTOP, ids=["desktop"])
def test_suggestions_are_chosen_with_the_keyboard(page, demo_site):
    page.goto(page.base_url + "/recherche/")
    words = page.locator("#search-q")
    expect(words).to_have_attribute("role", "combobox")
    expect(words).to_have_attribute("aria-expanded", "false")
    words.press_sequentially("bij")
    listbox = page.locator("#" + words.get_attribute("aria-controls"))
    expect(listbox.get_by_role("option").first).to_be_visible()
    expect(words).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#search-q-status")).to_contain_text("Suggestions")
    first = listbox.get_by_role("option").first
    chosen = first.evaluate("option => option.firstChild.textContent")
    words.press("ArrowDown")
    expect(words).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    expect(first).to_have_attribute("aria-selected", "true")
    words.press("Enter")
    expect(words).to_have_value(chosen)
    expect(words).to_have_attribute("aria-expanded", "false")
    expect(page).to_have_url(re.compile(r"q=" + re.escape(chosen.split()[0])))

    # Escape closes the list; a click on a place fills the place.
    place = page.locator("#search-lieu")
    place.press_sequentially("Bord")
    option = page.locator("#search-lieu-listbox").get_by_role("option").first
    expect(option).to_be_visible()
    place.press("Escape")
    expect(option).to_be_hidden()
    place.press("ArrowDown")
    expect(option).to_be_visible()
    option.click()
    expect(place).to_have_value(re.compile(r"^Bordeaux"))
    assert page.js_errors == []


@pytest.mark.parametrize("viewport", DESKTOP, ids=["desktop"])
def test_a_field_changed_while_results_load_is_kept(page, demo_site):
    page.goto(page.base_url + "/recherche/?lieu=Bordeaux")
    expect(page.locator(".results li").first).to_be_visible()
    held = []

    def hold_searches(route):
        if not held and route.request.headers.get("hx-request"):
            held.append(route)  # answered below, once the visitor has typed
        else:
            route.fallback()

    page.route("**/recherche/**", hold_searches)
    open_filters(page, "services")
    service = page.locator("#facet-group-services input").first
    service.check()
    expect(page.locator("#search-form.htmx-request")).to_have_count(1)
    page.locator("#search-q").fill("cuir")  # typed while the results load
    held[0].fallback()
    wait_for_htmx(page)
    expect(page).to_have_url(re.compile(r"services="))
    expect(page.locator("#search-q")).to_have_value("cuir")
    expect(service).to_be_checked()
    assert page.js_errors == []
