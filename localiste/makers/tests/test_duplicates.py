"""Possible duplicates: what counts as one listing twice, and what never does."""

import math
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models.functions import Lower

from localiste.makers.duplicate_keys import (
    PhoneTail,
    WebsiteHost,
    name_key,
    name_similarity,
    phone_number,
    phone_tail,
    website_domain,
    website_host,
    website_hosts_of,
)
from localiste.makers.duplicate_scan import duplicates_find_all
from localiste.makers.duplicates import (
    MAX_SHARED,
    duplicate_dismiss,
    duplicates_find_for,
    duplicates_of,
)
from localiste.makers.models import DuplicateCandidate, Maker
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db

BORDEAUX = (44.8378, -0.5792)
KM_PER_DEGREE_LAT = 111.2


def north_of(point: tuple[float, float], metres: float) -> dict:
    return {"latitude": point[0] + metres / 1000 / KM_PER_DEGREE_LAT, "longitude": point[1]}


def east_of(point: tuple[float, float], metres: float) -> dict:
    km_per_degree = KM_PER_DEGREE_LAT * math.cos(math.radians(point[0]))
    return {"latitude": point[0], "longitude": point[1] + metres / 1000 / km_per_degree}


def pairs() -> dict[tuple[int, int], list[str]]:
    return {(c.maker_id, c.other_id): c.signals for c in DuplicateCandidate.objects.all()}


def pair_of(first: Maker, second: Maker) -> tuple[int, int]:
    return tuple(sorted((first.pk, second.pk)))


# --- the keys ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "05 56 12 34 56",
        "05.56.12.34.56",
        "0556123456",
        "05-56-12-34-56",
        "+33 5 56 12 34 56",
        "+33 (0)5 56 12 34 56",
        "+330556123456",
        "0033 5 56 12 34 56",
        " (05) 56 12 34 56 ",
    ],
)
def test_a_french_number_is_one_number_however_written(written):
    assert phone_number(written) == "556123456"


def test_international_numbers_and_what_is_no_number():
    assert phone_number("+44 20 7946 0958") == phone_number("0044 20 7946 0958") == "2079460958"
    assert phone_number("+1 (555) 123-4567") == phone_number("555 123 4567")
    assert phone_number("+32 2 123 45 67") == phone_number("02 123 45 67")
    assert phone_number("05 56 12 34 56") != phone_number("06 56 12 34 56")
    assert phone_number("3631") == phone_number("") == phone_number("n/a") == ""


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.atelier-dupont.fr/contact", "atelier-dupont.fr"),
        ("http://Atelier-Dupont.fr", "atelier-dupont.fr"),
        ("atelier-dupont.fr/boutique?page=2", "atelier-dupont.fr"),
        ("https://dupont.wixsite.com/atelier", "dupont.wixsite.com"),
        ("https://www.facebook.com/atelierdupont", ""),
        ("https://m.facebook.com/atelierdupont", ""),
        ("https://instagram.com/atelierdupont", ""),
        ("https://www.etsy.com/fr/shop/AtelierDupont", ""),
        ("https://wixsite.com/", ""),
        ("", ""),
        ("https://[broken", ""),
    ],
)
def test_a_website_is_its_domain_unless_many_makers_share_it(url, domain):
    assert website_domain(url) == domain


def test_names_are_compared_without_their_generic_words():
    assert name_key("L'Atelier Dupont & Fils") == name_key("atelier dupont") == "dupont"
    assert name_similarity(name_key("Atelier Dupont"), name_key("Atelier Dupond")) > 80
    assert name_similarity(name_key("Maison Dupont"), name_key("Atelier Dupont")) == 100
    assert name_similarity(name_key("Céramiques Martin"), name_key("CERAMIQUE MARTIN")) > 80
    for first, second in [
        ("Atelier Brume", "Atelier Plume"),
        ("Les Bois de Léa", "Les Bois de Léo"),
        ("Atelier Dupont", "Dupont Céramique"),
        ("Lucie Bernadet", "Élise Bernadet"),
        ("Terres de Pessac", "Tissages de Pessac"),
    ]:
        assert name_similarity(name_key(first), name_key(second)) == 0, (first, second)


def test_the_database_computes_the_keys_the_checks_look_up():
    """The per-listing checks find listings by keys the database computes (and indexes): they
    must be the keys computed here, on SQLite and PostgreSQL alike."""
    phones = ["05 56 12 34 56", "+33 (0)5.56.12.34.56", "0556123456", "12", "05\u00a056 12"]
    sites = ["https://www.Atelier-Dupont.fr/contact", "http://atelier-dupont.fr", "dupont.fr/x"]
    makers = [MakerFactory(phone=phone) for phone in phones]
    for index, maker in enumerate(makers):  # as an import may store them, unchecked
        Maker.objects.filter(pk=maker.pk).update(website=sites[index % len(sites)])
    rows = Maker.objects.filter(pk__in=[m.pk for m in makers]).annotate(
        phone_key=PhoneTail("phone"), host=WebsiteHost("website"), email_key=Lower("email")
    )
    for row in rows:
        assert row.phone_key == phone_tail(row.phone)
        assert row.host == website_host(row.website)
    assert website_host("https://www.Atelier-Dupont.fr/contact") in website_hosts_of(
        "atelier-dupont.fr"
    )


# --- the acceptance ---------------------------------------------------------------


@pytest.fixture
def planted():
    """The issue's test set: three duplicate pairs, and three makers in one building."""
    siret = (
        MakerFactory(name="Ébénisterie Rolland", siret="73282932000074", **north_of(BORDEAUX, 0)),
        MakerFactory(
            name="ROLLAND Jean-Marc EI",
            siret="73282932000074",
            street="Lieu-dit Mauvezin",
            locality="Saint-Émilion",
            latitude=44.8945,
            longitude=-0.1556,
        ),
    )
    phone = (
        MakerFactory(name="Poterie du Bassin", phone="05 56 12 34 56", latitude=44.66),
        MakerFactory(name="Terres d'Arcachon", phone="+33 5 56 12 34 56", latitude=44.65),
    )
    names = (
        MakerFactory(name="Atelier Dupont", email="contact@dupont.fr", **east_of(BORDEAUX, 0)),
        MakerFactory(
            name="Atelier Dupond", email="dupond.atelier@gmail.com", **east_of(BORDEAUX, 300)
        ),
    )
    building = [
        MakerFactory(
            name=name,
            street="4 rue Kléber",
            email=email,
            phone=number,
            website=site,
            latitude=44.83,
            longitude=-0.57,
        )
        for name, email, number, site in [
            ("Céramiques Lune", "lune@example.org", "05 56 00 00 01", "https://lune.example"),
            ("Les Bois de Léa", "lea@example.org", "06 12 00 00 02", "https://lea.example"),
            ("Maroquinerie Sirocco", "", "", "https://www.facebook.com/sirocco"),
        ]
    ]
    return {"siret": siret, "phone": phone, "name_nearby": names, "building": building}


def test_each_listing_finds_its_planted_twin_and_nothing_else(planted):
    for signal in ("siret", "phone", "name_nearby"):
        first, second = planted[signal]
        found = duplicates_find_for(maker=second)
        assert [(c.maker_id, c.other_id, c.signals) for c in found] == [
            (*pair_of(first, second), [signal])
        ], signal
        assert 0 < found[0].score <= 1
    for maker in planted["building"]:
        assert duplicates_find_for(maker=maker) == []
    assert len(pairs()) == 3


def test_the_bulk_pass_finds_the_same_pairs(planted):
    scan = duplicates_find_all()

    assert scan.makers == 9 and scan.pairs == scan.created == 3
    assert pairs() == {
        pair_of(*planted["siret"]): ["siret"],
        pair_of(*planted["phone"]): ["phone"],
        pair_of(*planted["name_nearby"]): ["name_nearby"],
    }
    again = duplicates_find_all()  # nothing new the second time
    assert (again.created, again.updated, again.withdrawn) == (0, 0, 0)


def test_same_names_tens_of_km_apart_with_their_own_contacts_are_two_makers():
    MakerFactory(name="Atelier Arbousier", email="a@example.org", **north_of(BORDEAUX, 0))
    MakerFactory(name="Atelier Arbousier", email="b@example.org", **north_of(BORDEAUX, 30_000))
    far = MakerFactory(name="Atelier Arbousier", email="c@example.org", **east_of(BORDEAUX, 1500))

    assert duplicates_find_for(maker=far) == []
    assert duplicates_find_all().pairs == 0


def test_every_signal_a_pair_shares_is_recorded_and_scores_higher():
    first = MakerFactory(
        name="Atelier Dupont", email="Contact@Dupont.fr", phone="0556123456", siret=""
    )
    second = MakerFactory(
        name="Atelier Dupont",
        email="contact@dupont.fr",
        phone="05.56.12.34.56",
        website="https://www.dupont.fr/",
        **east_of(BORDEAUX, 200),
    )
    one_signal = MakerFactory(name="Autre", email="contact@dupont.fr", latitude=45.5)

    by_pair = {(c.maker_id, c.other_id): c for c in duplicates_find_for(maker=first)}

    both = by_pair[pair_of(first, second)]
    assert both.signals == ["email", "phone", "name_nearby"]
    assert both.score > by_pair[pair_of(first, one_signal)].score


def test_a_website_on_a_shared_host_is_no_signal_but_an_own_domain_is():
    first = MakerFactory(website="https://www.facebook.com/atelier.une", latitude=44.0)
    MakerFactory(website="https://facebook.com/atelier.deux", latitude=45.0)
    third = MakerFactory(website="http://lune.example/boutique", latitude=46.0)
    fourth = MakerFactory(website="https://www.lune.example", latitude=47.0)

    assert duplicates_find_for(maker=first) == []
    assert [c.signals for c in duplicates_find_for(maker=third)] == [["website"]]
    assert pair_of(third, fourth) in pairs()


def test_a_contact_shared_by_many_listings_is_a_switchboard_not_a_duplicate():
    makers = [
        MakerFactory(phone="05 57 00 00 00", latitude=44.0 + index / 10)
        for index in range(MAX_SHARED + 1)
    ]
    assert duplicates_find_for(maker=makers[0]) == []
    assert duplicates_find_all().pairs == 0


def test_drafts_are_not_compared_until_submitted():
    published = MakerFactory(siret="73282932000074")
    draft = MakerFactory(siret="73282932000074", status=Maker.Status.DRAFT, latitude=45.0)

    assert duplicates_find_for(maker=published) == []
    assert duplicates_find_all().pairs == 0
    # The draft itself may be checked (its submission does), against the watched listings.
    assert [c.signals for c in duplicates_find_for(maker=draft)] == [["siret"]]


# --- what operators decided stays decided ----------------------------------------------------


def test_a_dismissed_pair_is_never_suggested_again(operator, planted):
    first, second = planted["siret"]
    candidate = duplicates_find_for(maker=first)[0]
    duplicate_dismiss(candidate=candidate, operator=operator)

    assert duplicates_find_for(maker=first) == []
    assert duplicates_find_for(maker=second) == []
    duplicates_find_all()
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.DISMISSED
    assert candidate.decided_by == operator and candidate.decided_at is not None
    assert duplicates_of(maker=first) == []
    assert DuplicateCandidate.objects.filter(maker=candidate.maker_id).count() == 1


def test_a_suspicion_nothing_supports_any_more_is_withdrawn(planted):
    first, second = planted["phone"]
    assert duplicates_find_for(maker=second)
    second.phone = "06 99 99 99 99"
    second.save()

    assert duplicates_find_for(maker=second) == []
    assert not DuplicateCandidate.objects.exists()


def test_a_new_signal_updates_the_open_suspicion(planted):
    first, second = planted["phone"]
    [candidate] = duplicates_find_for(maker=first)
    second.siret = first.siret = "38012986600018"
    Maker.objects.filter(pk__in=[first.pk, second.pk]).update(siret=first.siret)

    [updated] = duplicates_find_for(maker=first)
    assert updated.pk == candidate.pk
    assert updated.signals == ["siret", "phone"] and updated.score > candidate.score


def test_duplicates_find_reports_what_it_found(planted):
    out = StringIO()
    call_command("duplicates_find", stdout=out, stderr=StringIO())

    assert "9 listings compared: 3 possible duplicates" in out.getvalue()
    assert "name_nearby 1, phone 1, siret 1" in out.getvalue()
    assert DuplicateCandidate.objects.filter(status=DuplicateCandidate.Status.OPEN).count() == 3
