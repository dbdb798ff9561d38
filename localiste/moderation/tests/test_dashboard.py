"""The operators' dashboard: each chart's table counts what the test made, its CSV holds the
same rows, its chart is a plain SVG image, and only the site's operators see any of it."""

import csv
import datetime
import io
import re
from html.parser import HTMLParser

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone

from localiste.catalog.tests.factories import CategoryFactory
from localiste.core.text import fold
from localiste.makers.models import Maker
from localiste.makers.tests.factories import MakerFactory
from localiste.metrics.models import SearchLog
from localiste.metrics.services import search_log_record
from localiste.moderation.models import Decision, ItemKind
from localiste.moderation.tests.conftest import en, submit
from localiste.moderation.views.dashboard import csv_value

pytestmark = pytest.mark.django_db


class Tables(HTMLParser):
    """{caption: [[cell text, …] per body row]} of the tables of a page."""

    def __init__(self, html: str):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption = self._row = self._cell = None
        self._in_body = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "caption":
            self._caption = ""
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._row = []
        elif tag in {"td", "th"} and self._row is not None:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "caption":
            self._current = self._caption.strip()
            self.tables[self._current] = []
            self._caption = None
        elif tag == "tbody":
            self._in_body = False
        elif tag in {"td", "th"} and self._cell is not None:
            self._row.append(" ".join(self._cell.split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[self._current].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._caption is not None:
            self._caption += data
        elif self._cell is not None:
            self._cell += data


def tables_of(client, name="moderation:dashboard") -> dict[str, list[list[str]]]:
    response = client.get(en(name))
    assert response.status_code == 200
    return Tables(response.content.decode()).tables


def csv_rows(client, slug: str) -> list[list[str]]:
    response = client.get(en("moderation:dashboard_csv", slug))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def test_listings_by_status_category_and_town_count_the_listings(operator_client):
    bags = CategoryFactory(name_en="Bags", slug="sacs-test")
    wallets = CategoryFactory(name_en="Wallets", slug="portefeuilles-test", parent=bags)
    toys = CategoryFactory(name_en="Toys", slug="jouets-test")
    MakerFactory.create_batch(3, primary_category=wallets, locality="Libourne")
    MakerFactory(primary_category=toys, locality="Bègles")
    MakerFactory(primary_category=toys, status=Maker.Status.PENDING)
    MakerFactory(primary_category=toys, status=Maker.Status.DRAFT)

    tables = tables_of(operator_client)

    by_status = dict(tables["Listings by status"])
    assert by_status["Published"] == "4"
    assert by_status["Pending review"] == "1"
    assert by_status["Draft"] == "1"
    assert by_status["Refused"] == "0"
    # A sub-category counts under its top-level category; only published listings count.
    assert tables["Published listings by category"] == [["Bags", "3"], ["Toys", "1"]]
    assert tables["Published listings by town (top 20)"] == [["Libourne", "3"], ["Bègles", "1"]]

    assert csv_rows(operator_client, "categories") == [
        ["Category", "Listings"],
        ["Bags", "3"],
        ["Toys", "1"],
    ]


def test_sign_ups_submissions_and_publications_per_week(
    operator_client, make_user, listing_in, gironde
):
    users = get_user_model().objects
    make_user("a@example.org")
    make_user("b@example.org")
    old = make_user("old@example.org")
    users.filter(pk=old.pk).update(date_joined=timezone.now() - datetime.timedelta(weeks=30))
    owner = make_user("owner@example.org")
    submit(listing_in(gironde, status=Maker.Status.DRAFT, owner=owner), owner)
    MakerFactory.create_batch(2)  # published now

    rows = tables_of(operator_client)["Sign-ups, submissions and publications per week"]

    assert len(rows) == 12
    this_week = rows[-1]
    assert this_week[1:] == ["4", "1", "2"]  # the operator signed up too
    assert all(row[1:] == ["0", "0", "0"] for row in rows[:-1])
    header, *weeks = csv_rows(operator_client, "activity")
    assert header == ["Week of", "Sign-ups", "Listings submitted", "Listings published"]
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
    assert weeks[-1] == [monday.isoformat(), "4", "1", "2"]


def test_moderation_delays_run_from_the_submission_to_the_decision(operator_client, operator):
    now = timezone.now()
    for hours in (2, 4, 10, 30):
        maker = MakerFactory(status=Maker.Status.PENDING)
        Maker.objects.filter(pk=maker.pk).update(submitted_at=now - datetime.timedelta(hours=hours))
        Decision.objects.create(
            kind=ItemKind.LISTING,
            object_id=maker.pk,
            maker=maker,
            action=Decision.Action.APPROVED,
            operator=operator,
        )
    # Not a decision on a new listing: not a moderation delay.
    Decision.objects.create(
        kind=ItemKind.REPORT, object_id=1, maker=maker, action=Decision.Action.DISMISSED
    )

    page = operator_client.get(en("moderation:dashboard")).content.decode()
    rows = Tables(page).tables["Moderation delays per week (hours from submission to decision)"]

    # Median of 2, 4, 10 and 30 hours: 7; nearest-rank 90th percentile of four: the 4th.
    assert rows[-1] == [rows[-1][0], "4", "7.0", "30.0"]
    assert "4 decisions, median 7.0 h, 90th percentile 30.0 h" in page


def log(query: str, times: int, *, found: int = 0, place_id: int | None = None):
    for _ in range(times):
        search_log_record(
            query=query,
            place="",
            filters={},
            result_count=found,
            duration_ms=1.0,
            place_id=place_id,
        )


def test_top_searches_and_searches_that_found_little(operator_client, settings):
    settings.DEMAND_MIN_SEARCHES = 5
    log("Bijoux", 4, found=12)
    log("bijoux ", 3, found=0)  # the same search, folded: 7 in all, 3 of them found nothing
    log("Luthier", 6, found=0)
    log("lampe", 5, found=2)
    log("tapis", 5, found=3)
    log("rare", 4, found=0)  # under the threshold: never shown
    log("ancien", 9, found=0)
    SearchLog.objects.filter(query="ancien").update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )

    tables = tables_of(operator_client)

    assert tables["Top searches of the last 30 days"] == [
        ["bijoux", "7", "3"],
        ["luthier", "6", "6"],
        ["lampe", "5", "0"],
        ["tapis", "5", "0"],
    ]
    assert tables["Searches that found 2 makers or fewer, last 30 days"] == [
        ["luthier", "6", "0"],
        ["lampe", "5", "2"],
    ]
    assert csv_rows(operator_client, "unmet") == [
        ["Search", "Searches", "Most makers found"],
        ["luthier", "6", "0"],
        ["lampe", "5", "2"],
    ]


def test_every_chart_is_an_svg_image_without_script(operator_client):
    MakerFactory()
    for slug in ("status", "categories", "communes", "activity", "delays", "searches", "unmet"):
        response = operator_client.get(en("moderation:dashboard_chart", slug))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/svg+xml"
        assert "script-src" not in response["Content-Security-Policy"]
        svg = response.content.decode()
        assert "<svg" in svg
        assert "<script" not in svg
        assert "http://" not in svg.replace("http://www.w3.org/", "")
        assert "https://" not in svg
    assert operator_client.get(en("moderation:dashboard_chart", "nothing")).status_code == 404


def test_the_page_shows_each_chart_beside_its_table_and_csv_link(operator_client):
    MakerFactory()
    page = operator_client.get(en("moderation:dashboard")).content.decode()
    for slug in ("status", "categories", "communes", "activity"):
        assert f'src="{en("moderation:dashboard_chart", slug)}"' in page
        assert f'href="{en("moderation:dashboard_csv", slug)}"' in page
    # No decision yet: a sentence instead of an empty chart; the table of weeks stays.
    assert f'src="{en("moderation:dashboard_chart", "delays")}"' not in page
    delays = page.split('id="figure-delays"')[1].split("</section>")[0]
    assert "Nothing to count yet." in delays and "<table" in delays
    assert 'scope="col"' in page and 'scope="row"' in page
    assert "<script" not in page.split("</main>")[0].split("<main")[-1]


@pytest.mark.parametrize(
    "name, args",
    [
        ("moderation:dashboard", ()),
        ("moderation:dashboard_chart", ("status",)),
        ("moderation:dashboard_csv", ("status",)),
    ],
)
def test_only_the_sites_operators_see_the_dashboard(client, make_user, moderator, name, args):
    url = en(name, *args)
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(make_user("maker@example.org"))
    assert client.get(url).status_code == 403
    client.force_login(moderator)  # a territory moderator: the desk, not the figures
    assert client.get(url).status_code == 403


def test_the_desk_links_to_the_dashboard_for_operators_only(operator_client, moderator):
    dashboard, demand = en("moderation:dashboard"), en("moderation:demand")
    queue = operator_client.get(en("moderation:queue")).content.decode()
    assert f'href="{dashboard}"' in queue and f'href="{demand}"' in queue
    operator_client.force_login(moderator)
    queue = operator_client.get(en("moderation:queue")).content.decode()
    assert dashboard not in queue and demand not in queue


def test_a_delay_runs_from_the_submission_the_decision_answered(
    operator_client, operator, make_user, listing_in, gironde
):
    """The audit log's submission, not the listing's date (which a later one overwrites)."""
    owner = make_user("owner@example.org")
    maker = submit(listing_in(gironde, status=Maker.Status.DRAFT, owner=owner), owner)
    now = timezone.now()
    LogEntry.objects.filter(additional_data__action="maker.submit").update(
        timestamp=now - datetime.timedelta(hours=6)
    )
    Maker.objects.filter(pk=maker.pk).update(submitted_at=now - datetime.timedelta(hours=100))
    Decision.objects.create(
        kind=ItemKind.LISTING,
        object_id=maker.pk,
        maker=maker,
        action=Decision.Action.CHANGES_REQUESTED,
        operator=operator,
    )

    rows = tables_of(operator_client)[
        "Moderation delays per week (hours from submission to decision)"
    ]
    assert rows[-1][1:] == ["1", "6.0", "6.0"]


def test_two_towns_of_the_same_name_are_two_rows_with_their_departement(operator_client):
    from localiste.places.models import Place

    def saint_denis(code: str, department: str) -> Place:
        return Place.objects.create(
            name="Saint-Denis", name_folded="saint denis", kind=Place.Kind.COMMUNE,
            country_code="FR", official_code=code, department_code=department,
        )  # fmt: skip

    MakerFactory.create_batch(2, place=saint_denis("93066", "93"), locality="Saint-Denis")
    MakerFactory(place=saint_denis("97411", "974"), locality="Saint-Denis")
    MakerFactory(locality="Bègles")  # no gazetteer place: the town typed

    rows = tables_of(operator_client)["Published listings by town (top 20)"]

    assert rows == [["Saint-Denis (93)", "2"], ["Bègles", "1"], ["Saint-Denis (974)", "1"]]


def test_each_chart_image_has_the_size_it_is_drawn_at(operator_client):
    for number in range(15):
        MakerFactory(locality=f"Ville {number:02d}")
    page = operator_client.get(en("moderation:dashboard")).content.decode()

    for slug in ("communes", "activity"):
        src = en("moderation:dashboard_chart", slug)
        img = re.search(rf'<img[^>]*src="{re.escape(src)}"[^>]*>', page).group(0)
        svg = operator_client.get(src).content.decode()
        width, height = re.search(r'<svg[^>]* viewBox="0 0 (\d+) (\d+)"', svg).groups()
        assert f'width="{width}"' in img and f'height="{height}"' in img
    # 15 towns make a taller chart than the weeks' line.
    assert 'height="500"' in page and 'height="360"' in page


def test_the_page_its_charts_and_csv_share_one_count_for_ten_minutes(
    operator_client, settings, django_assert_max_num_queries
):
    settings.DEMAND_MIN_SEARCHES = 5
    log("luthier", 6)
    first = tables_of(operator_client)["Top searches of the last 30 days"]
    log("luthier", 4)  # after the page was counted

    # The chart and the CSV show the page's numbers, and count nothing again.
    with django_assert_max_num_queries(4):  # the operator's session and account only
        assert operator_client.get(en("moderation:dashboard_chart", "searches")).status_code == 200
        rows = csv_rows(operator_client, "searches")
    assert first == [["luthier", "6", "6"]] and rows[1:] == first
    page = operator_client.get(en("moderation:dashboard")).content.decode()
    assert re.search(
        r"Figures as of \d\d:\d\d: they are counted again at most every 10 minutes", page
    )
    assert Tables(page).tables["Top searches of the last 30 days"] == first

    cache.clear()  # as the cache's expiry does, 10 minutes later
    assert csv_rows(operator_client, "searches")[1:] == [["luthier", "10", "10"]]


@pytest.mark.parametrize("query", ['=HYPERLINK("http://x.example")', "+1", "@SUM(A1)"])
def test_a_query_a_spreadsheet_would_run_is_written_as_text(operator_client, settings, query):
    settings.DEMAND_MIN_SEARCHES = 5
    log(query, 5)
    response = operator_client.get(en("moderation:dashboard_csv", "searches"))
    assert response["Cache-Control"] == "private, no-store"
    [header, row] = list(csv.reader(io.StringIO(response.content.decode())))
    assert row == [f"'{fold(query)}", "5", "5"]  # its numbers stay numbers


@pytest.mark.parametrize("text", ["-1+2", "\tcmd", "\rcmd", "=1", "+1", "@A1"])
def test_every_cell_starting_like_a_formula_is_written_as_text(text):
    assert csv_value(text) == f"'{text}"
    assert csv_value(f"bijoux {text}") == f"bijoux {text}"
    assert csv_value(-3) == "-3"
