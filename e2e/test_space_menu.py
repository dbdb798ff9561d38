"""The maker space's menu on a phone: each destination once ("Preview" was both a tab and the
last step)."""

import re

import pytest

from e2e.offline import VIEWPORTS
from e2e.test_space import log_in

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = [("phone", VIEWPORTS["phone"])]
ELIGIBLE = {"makes_own_work": True, "in_territory": True, "non_food": True, "what_you_make": ""}


@pytest.mark.parametrize("viewport", PHONE, ids=["phone"])
@pytest.mark.parametrize(
    "path", ["", "histoire/", "produits/"], ids=["dashboard", "story", "products"]
)
def test_the_space_menu_offers_the_preview_once_on_a_phone(page, path):
    from localiste.catalog.models import Category
    from localiste.makers import services

    user = log_in(page, "lucie@example.org")
    maker = services.maker_start(
        user=user,
        name="Atelier Lucie",
        primary_category=Category.objects.filter(depth=1).first(),
        eligibility=ELIGIBLE,
    )
    page.goto(f"{page.base_url}/en/espace/{maker.slug}/{path}")
    # A numbered step is named "7Preview" (its number, then its label). On a step's form the
    # steps are its submit buttons (nothing typed is lost on the way), elsewhere links.
    links = (
        page.locator(".space-head")
        .locator("a, button")
        .filter(has_text=re.compile(r"^\d*\s*Preview$"))
    )
    visible = [i for i in range(links.count()) if links.nth(i).is_visible()]
    assert len(visible) == 1, page.url
