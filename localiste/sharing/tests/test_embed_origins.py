"""Operators choose which sites may frame the widget: any site (the default) or those listed."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from localiste.accounts.tests.factories import UserFactory
from localiste.makers.tests.factories import MakerFactory
from localiste.sharing.framing import embed_policy, frame_ancestors
from localiste.sharing.models import EmbedPolicy
from localiste.sharing.origins import origins_parse
from localiste.sharing.services import embed_policy_save

pytestmark = pytest.mark.django_db

WIDGETS = ("/embed/liste/", "/en/embed/carte/")


def frame_ancestors_sent(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy  # the rest of the site's policy stays
    return next(part for part in policy.split("; ") if part.startswith("frame-ancestors"))


@pytest.fixture
def limit_to(django_capture_on_commit_callbacks):
    """`limit_to(text)`: the operators list the sites of `text`, as the admin saves it."""

    def save(text: str, framing=EmbedPolicy.Framing.LISTED) -> EmbedPolicy:
        with django_capture_on_commit_callbacks(execute=True):
            return embed_policy_save(policy=EmbedPolicy(framing=framing, allowed_origins=text))

    return save


def test_by_default_any_site_may_frame_the_widget(client):
    MakerFactory()
    for path in WIDGETS:
        assert frame_ancestors_sent(client, path) == "frame-ancestors *"


def test_a_list_of_sites_takes_effect_at_once_and_choosing_any_site_undoes_it(client, limit_to):
    assert frame_ancestors_sent(client, "/embed/liste/") == "frame-ancestors *"  # now cached

    limit_to("https://www.mairie-begles.fr\nhttp://localhost:8080/\n\nhttps://*.gironde.fr")

    expected = (
        "frame-ancestors 'self' https://www.mairie-begles.fr http://localhost:8080 "
        "https://*.gironde.fr"
    )
    for path in WIDGETS:
        assert frame_ancestors_sent(client, path) == expected
    limit_to("https://www.mairie-begles.fr", framing=EmbedPolicy.Framing.ANY)
    assert frame_ancestors_sent(client, "/embed/liste/") == "frame-ancestors *"


def test_only_the_site_itself_when_the_list_is_empty(client, limit_to):
    limit_to("")
    assert frame_ancestors_sent(client, "/embed/liste/") == "frame-ancestors 'self'"


def test_there_is_one_setting_whatever_is_saved(limit_to):
    limit_to("https://a.example.org")
    limit_to("https://b.example.org")
    assert list(EmbedPolicy.objects.values_list("allowed_origins", flat=True)) == [
        "https://b.example.org"
    ]


def test_other_pages_still_refuse_every_frame(client, limit_to):
    limit_to("https://www.mairie-begles.fr")
    for path in ("/", "/integrer/"):
        response = client.get(path)
        assert response["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "text",
    [
        "www.mairie-begles.fr",  # no scheme
        "https://www.mairie-begles.fr/artisans",  # a path
        "https://www.mairie-begles.fr?x=1",
        "ftp://www.mairie-begles.fr",
        "https://user@www.mairie-begles.fr",
        "https://www.mairie-begles.fr:99999",
        "https://www.mairie begles.fr",
        "https://a.fr; script-src *",  # would widen the policy
        "https://'self'",
    ],
)
def test_an_entry_that_is_not_a_sites_address_is_refused_with_its_line(text):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        origins_parse(f"https://ok.example.org\n{text}")
    (message,) = refused.value.messages
    assert f"“{text.strip()}” is not the address of a site" in message
    assert "https://www.example.org" in message


def test_entries_are_stored_cleaned_once_each():
    text = " HTTPS://WWW.Example.org/ \nhttps://www.example.org\n\nhttps://www.example.org:8443"
    assert origins_parse(text) == ["https://www.example.org", "https://www.example.org:8443"]


def test_an_address_with_accents_is_kept_in_the_form_browsers_send():
    # A CSP source is ASCII: the browser compares the framing page's punycode host.
    assert origins_parse("https://mairie-bègles.fr\nhttps://*.bègles.fr") == [
        "https://xn--mairie-bgles-4db.fr",
        "https://*.xn--bgles-4ra.fr",
    ]


def test_a_refused_save_changes_nothing(client, limit_to):
    with pytest.raises(ValidationError) as refused:
        limit_to("https://ok.example.org\nexample.org/page")
    assert "allowed_origins" in refused.value.message_dict
    assert not EmbedPolicy.objects.exists()
    assert frame_ancestors_sent(client, "/embed/liste/") == "frame-ancestors *"


def test_an_answer_read_before_a_save_and_stored_after_it_is_never_served(
    client, limit_to, monkeypatch
):
    from localiste.sharing import framing

    read_then_saved = framing.frame_ancestors_build

    def slow_request():
        stale = read_then_saved()  # a request reads the old row: any site…
        limit_to("https://ok.example.org")  # …while the operators' save commits
        return stale

    monkeypatch.setattr(framing, "frame_ancestors_build", slow_request)
    assert framing.frame_ancestors() == "*"  # that request answers what it read
    monkeypatch.setattr(framing, "frame_ancestors_build", read_then_saved)
    expected = "frame-ancestors 'self' https://ok.example.org"
    assert frame_ancestors_sent(client, "/embed/liste/") == expected


def test_the_policy_costs_no_query_once_cached(django_assert_num_queries):
    frame_ancestors()
    with django_assert_num_queries(0):
        assert "frame-ancestors *" in embed_policy()


@pytest.fixture
def operator_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_operators_set_it_in_the_admin(operator_client, django_capture_on_commit_callbacks):
    assert frame_ancestors_sent(operator_client, "/embed/liste/") == "frame-ancestors *"
    response = operator_client.get("/en/admin/sharing/embedpolicy/")
    assert response.status_code == 302 and response["Location"].endswith("/add/")
    form = {"framing": "listed", "allowed_origins": "https://www.mairie-begles.fr/"}

    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post("/en/admin/sharing/embedpolicy/add/", form)

    assert response.status_code == 302
    sent = frame_ancestors_sent(operator_client, "/embed/liste/")
    assert sent == "frame-ancestors 'self' https://www.mairie-begles.fr"
    response = operator_client.get("/en/admin/sharing/embedpolicy/")
    assert response["Location"].endswith("/sharing/embedpolicy/1/change/")
    assert operator_client.get("/en/admin/sharing/embedpolicy/add/").status_code == 403


def test_the_admin_names_a_bad_entry(operator_client):
    form = {"framing": "listed", "allowed_origins": "https://ok.example.org\nmairie.fr/artisans"}

    response = operator_client.post("/en/admin/sharing/embedpolicy/add/", form)

    assert response.status_code == 200
    assert "“mairie.fr/artisans” is not the address of a site" in response.content.decode()
    assert not EmbedPolicy.objects.exists()


def test_a_row_written_past_the_service_cannot_add_a_directive(client):
    # A shell or a fixture skips the service's validation: the header still carries origins only.
    EmbedPolicy.objects.create(
        pk=1,
        framing=EmbedPolicy.Framing.LISTED,
        allowed_origins="https://a.example.org; script-src *\nhttps://b.example.org",
    )
    sent = client.get("/embed/liste/")["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://b.example.org" in sent
    assert "script-src *" not in sent


def test_the_builder_tells_partners_when_only_approved_sites_may_show_it(client, limit_to):
    builder = "/en/integrer/"
    assert "Only the websites the team has approved" not in client.get(builder).content.decode()
    limit_to("https://www.mairie-begles.fr")
    html = client.get(builder, {"kind": "liste", "height": "600"}).content.decode()
    assert "Only the websites the team has approved can show this widget" in html
