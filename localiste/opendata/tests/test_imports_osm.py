"""OpenStreetMap exports: crafts and shops of a GeoJSON or Overpass JSON file, their OSM ids
as keys, food left out, opening hours read into the week, and OSM credited on the page."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from localiste.makers.models import Maker, Source
from localiste.makers.services import maker_hours_set
from localiste.opendata.imports.osm_hours import hours_read
from localiste.opendata.models import ImportRun
from localiste.places.services import gazetteer_load, territory_sync_from_places

pytestmark = pytest.mark.django_db

HOURS = "Mo-Fr 09:00-18:00; Sa 10:00-12:00"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def gironde(db):
    gazetteer_load(department="33")
    territory_sync_from_places()


def node(osm_id: int, lat: float, lon: float, **tags) -> dict:
    return {"type": "node", "id": osm_id, "lat": lat, "lon": lon, "tags": tags}


# The same places, as both exports give them.
ELEMENTS = [
    node(
        1,
        44.8412,
        -0.5700,
        craft="pottery",
        name="Poterie des Chartrons",
        **{
            "addr:housenumber": "12",
            "addr:street": "Rue Notre-Dame",
            "addr:postcode": "33000",
            "addr:city": "Bordeaux",
            "opening_hours": HOURS,
            "contact:website": "www.poterie-chartrons.fr",
            "phone": "+33 5 56 00 00 01",
        },
    ),
    # A workshop drawn as a building, with no address: its commune is the nearest one.
    {
        "type": "way",
        "id": 45,
        "center": {"lat": 44.8386, "lon": -0.6443},
        "nodes": [7, 8, 9],
        "tags": {"craft": "jeweller", "name": "Bijoux Garonne", "email": "bonjour@bijoux.fr"},
    },
    node(3, 44.84, -0.57, craft="baker", name="Boulangerie du Coin"),
    node(4, 44.84, -0.57, craft="chimney_sweeper", name="Ramonage Express"),
    node(5, 44.84, -0.58, shop="pottery", name="Terres Cuites", opening_hours="sur rendez-vous"),
    node(6, 44.84, -0.58, amenity="cafe", name="Café des Arts"),
    # The nodes that draw the way: no tags, not features.
    {"type": "node", "id": 7, "lat": 44.8385, "lon": -0.6444},
    {"type": "node", "id": 8, "lat": 44.8386, "lon": -0.6442},
    {"type": "node", "id": 9, "lat": 44.8387, "lon": -0.6443},
]


def overpass_json(path: Path, elements=ELEMENTS) -> Path:
    export = {"version": 0.6, "generator": "Overpass API", "osm3s": {}, "elements": elements}
    path.write_text(json.dumps(export), encoding="utf-8")
    return path


def geojson(path: Path, elements=ELEMENTS) -> Path:
    """The export overpass-turbo gives of the same query (osmtogeojson)."""
    features = []
    for element in elements:
        if not element.get("tags"):
            continue
        osm_id = f"{element['type']}/{element['id']}"
        if element["type"] == "node":
            geometry = {"type": "Point", "coordinates": [element["lon"], element["lat"]]}
        else:
            lat, lon = element["center"]["lat"], element["center"]["lon"]
            ring = [[lon - 1e-4, lat - 1e-4], [lon + 1e-4, lat - 1e-4], [lon + 1e-4, lat + 1e-4]]
            geometry = {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}
        features.append(
            {
                "type": "Feature",
                "id": osm_id,
                "properties": {"@id": osm_id, **element["tags"]},
                "geometry": geometry,
            }
        )
    collection = {"type": "FeatureCollection", "generator": "overpass-turbo", "features": features}
    path.write_text(json.dumps(collection), encoding="utf-8")
    return path


def run(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command(
        "import_osm", str(path), "--language", "en", *args, stdout=out, stderr=io.StringIO()
    )
    return out.getvalue()


def imported(path: Path, *args: str) -> str:
    return run(path, "--source", "osm", "--create-source", "--publish", *args)


@pytest.mark.parametrize("export", [geojson, overpass_json])
def test_crafts_and_shops_import_with_their_osm_ids_food_and_the_rest_skipped(
    gironde, tmp_path, export
):
    output = imported(export(tmp_path / "export.json"), "-v", "2")
    assert set(Maker.objects.values_list("source_key", flat=True)) == {
        "node/1",
        "way/45",
        "node/5",
    }
    pottery = Maker.objects.get(source_key="node/1")
    assert pottery.name == "Poterie des Chartrons"
    assert pottery.primary_category.slug == "ceramique"
    assert (pottery.street, pottery.postcode, pottery.place.name) == (
        "12 Rue Notre-Dame",
        "33000",
        "Bordeaux",
    )
    assert pottery.website == "https://www.poterie-chartrons.fr"
    assert pottery.phone == "+33 5 56 00 00 01"
    assert (pottery.latitude, pottery.longitude) == pytest.approx((44.8412, -0.5700))
    jeweller = Maker.objects.get(source_key="way/45")
    assert jeweller.primary_category.slug == "bijoux"
    assert jeweller.place.name == "Mérignac"  # the commune nearest to its centre
    assert jeweller.email == "bonjour@bijoux.fr"
    assert jeweller.latitude == pytest.approx(44.8386, abs=1e-3)
    assert Maker.objects.get(source_key="node/5").primary_category.slug == "ceramique"

    assert "6 rows" in output  # the untagged nodes of the way are no rows
    assert "“craft=baker” is food or drink" in output
    assert "“craft=chimney_sweeper” has no category in the OpenStreetMap category map" in output
    assert "no craft=* or shop=* tag" in output
    assert "3 created, 0 updated, 0 unchanged, 3 skipped" in output
    assert "food category 1" in output and "unmapped OpenStreetMap tag 2" in output

    source = Source.objects.get(slug="osm")
    assert source.kind == Source.Kind.OSM and source.share_alike
    assert source.licence == "ODbL 1.0"
    assert source.attribution == "© les contributeurs d'OpenStreetMap"
    assert source.last_imported_at is not None


def test_running_the_same_export_again_changes_nothing(gironde, tmp_path):
    path = overpass_json(tmp_path / "export.json")
    imported(path)
    versions = dict(Maker.objects.values_list("source_key", "version"))
    output = imported(path)
    assert "0 created, 0 updated, 3 unchanged, 3 skipped" in output
    assert dict(Maker.objects.values_list("source_key", "version")) == versions
    assert ImportRun.objects.filter(dry_run=False).count() == 2


def test_a_changed_feature_updates_its_listing_and_its_hours(gironde, tmp_path):
    imported(overpass_json(tmp_path / "export.json"))
    changed = json.loads(json.dumps(ELEMENTS))
    changed[0]["tags"]["opening_hours"] = "Tu-Sa 10:00-19:00"
    changed[0]["tags"]["name"] = "Poterie des Chartrons & Co"
    output = imported(overpass_json(tmp_path / "export.json", changed))
    assert "0 created, 1 updated, 2 unchanged" in output
    maker = Maker.objects.get(source_key="node/1")
    assert maker.name == "Poterie des Chartrons & Co"
    assert sorted(maker.opening_periods.values_list("weekday", flat=True)) == [1, 2, 3, 4, 5]


def test_a_dry_run_writes_nothing(gironde, tmp_path):
    output = run(
        geojson(tmp_path / "export.geojson"), "--source", "osm", "--create-source", "--dry-run"
    )
    assert "Row 1 (key node/1): created" in output and "Dry run" in output
    assert not Maker.objects.exists() and not Source.objects.exists()


def page_hours(html: str) -> dict[str, str]:
    """{day: its ranges} as the opening hours table of a maker page shows them."""
    table = re.search(r'<table class="hours">(.*?)</table>', html, re.S).group(1)
    rows = re.findall(r'<th scope="row">(\w+).*?</th>\s*<td>(.*?)</td>', table, re.S)
    return {day: " ".join(re.sub(r"<[^>]+>", " ", cell).split()) for day, cell in rows}


def test_opening_hours_give_the_same_hours_on_the_maker_page(gironde, tmp_path, client):
    imported(geojson(tmp_path / "export.geojson"))
    maker = Maker.objects.get(source_key="node/1")
    assert maker.hours_note == ""
    html = client.get(reverse("makers:detail", kwargs={"slug": maker.slug})).content
    week = page_hours(html.decode())
    weekdays = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
    assert week == {
        **dict.fromkeys(weekdays, "9 a.m. to 6 p.m."),
        "Saturday": "10 a.m. to noon",
        "Sunday": "Closed",
    }
    # And on the French page, the site's default.
    with translation.override("fr"):
        url = reverse("makers:detail", kwargs={"slug": maker.slug})
    weekdays = ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi")
    assert page_hours(client.get(url).content.decode()) == {
        **dict.fromkeys(weekdays, "de 09:00 à 18:00"),
        "Samedi": "de 10:00 à 12:00",
        "Dimanche": "Fermé",
    }


def test_hours_the_parser_refuses_are_a_warning_and_the_row_imports(gironde, tmp_path):
    output = imported(overpass_json(tmp_path / "export.json"))
    assert (
        "Row 5 (key node/5): the opening hours “sur rendez-vous” cannot be read; they are kept "
        "as the note on the hours." in output
    )
    assert "1 opening hours value could not be read (kept as a note)." in output
    maker = Maker.objects.get(source_key="node/5")
    assert maker.hours_note == "sur rendez-vous"
    assert not maker.opening_periods.exists()


@pytest.mark.parametrize(
    ("value", "days", "note"),
    [
        (HOURS, {0: "09:00-18:00", 5: "10:00-12:00"}, False),
        ("Mo-Fr 09:00-12:00,14:00-18:00", {0: "09:00-12:00 14:00-18:00"}, False),
        # A later rule replaces an earlier one on its days (the parser's reading).
        ("Mo-Sa 10:00-19:00; We off", {2: "", 3: "10:00-19:00"}, False),
        # The ordinary week, and the exceptions in the note.
        ("Mo-Fr 09:00-18:00; PH off", {0: "09:00-18:00", 5: ""}, True),
        ("Mo-Su 10:00-18:00; Su,PH off", {0: "10:00-18:00", 6: ""}, True),
        ("Mo-Sa 10:00-18:00; Sa[1] off", {5: "10:00-18:00"}, True),
        ("Tu-Sa 10:00-19:00; Jul-Aug Mo 10:00-19:00", {0: "", 1: "10:00-19:00"}, True),
        ('Tu-Sa 10:00-19:00 "sur rendez-vous le lundi"', {0: "", 1: "10:00-19:00"}, True),
        # No week holds these, or none is true most of the time: none is given.
        ("sunrise-sunset", {}, True),
        ("week 1-53/2 Mo 10:00-12:00", {}, True),
        ("Sa 10:00+", {}, True),
        ("Fr 20:00-02:00", {}, True),
        ("24/7", {}, True),
    ],
)
def test_opening_hours_values(value, days, note):
    reading = hours_read(value)
    by_day: dict[int, list[str]] = {}
    for weekday, opens, closes in reading.periods:
        by_day.setdefault(weekday, []).append(f"{opens}-{closes}")
    for weekday, ranges in days.items():
        assert " ".join(by_day.get(weekday, [])) == ranges
    if not days:
        assert reading.periods == ()
    assert reading.note == (value if note else "")
    assert not reading.refused


def test_the_maker_page_credits_openstreetmap_under_the_odbl(gironde, tmp_path, client):
    imported(overpass_json(tmp_path / "export.json"))
    maker = Maker.objects.get(source_key="node/1")
    html = client.get(reverse("makers:detail", kwargs={"slug": maker.slug})).content
    html = " ".join(html.decode().split())
    month = maker.source_seen_at.strftime("%B %Y")
    assert f"Source: OpenStreetMap, {month}" in html
    assert (
        '<a href="https://www.openstreetmap.org/copyright" rel="license">'
        "© OpenStreetMap contributors (ODbL)</a>"
    ) in html


def test_an_operators_category_map_replaces_the_shipped_one(gironde, tmp_path):
    mapping = tmp_path / "map.csv"
    mapping.write_text("tag,value,category\ncraft,chimney_sweeper,objets-en-metal\n")
    output = imported(overpass_json(tmp_path / "export.json"), "--category-map", str(mapping))
    sweeper = Maker.objects.get(source_key="node/4")
    assert sweeper.primary_category.slug == "objets-en-metal"
    # craft=baker is not in this map: its words still say food.
    assert "“craft=baker” is food or drink" in output
    assert "“craft=jeweller” has no category" in output


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("tag,value,category\ncraft,pottery,poterie-inconnue\n", "line 2: no category"),
        ("tag,value,category\namenity,cafe,ceramique\n", "line 2: the first column"),
    ],
)
def test_a_bad_category_map_is_refused_before_anything_is_written(
    gironde, tmp_path, content, expected
):
    mapping = tmp_path / "map.csv"
    mapping.write_text(content)
    with pytest.raises(CommandError, match=expected):
        imported(overpass_json(tmp_path / "export.json"), "--category-map", str(mapping))
    assert not Source.objects.exists() and not Maker.objects.exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"elements": [{"type": "node", "id": 1, "lat": 44.8', "ends too early"),
        ('{"type": "Feature", "geometry": null}', "not a FeatureCollection"),
        ('{"version": 0.6, "remark": "runtime error"}', "no “features”"),
        ("<osm version='0.6'></osm>", "does not start with “{”"),
    ],
)
def test_bad_exports_are_refused_with_a_clear_line(gironde, tmp_path, content, expected):
    path = tmp_path / "export.json"
    path.write_text(content)
    with pytest.raises(CommandError, match=expected):
        imported(path)
    assert not Source.objects.exists() and not Maker.objects.exists()


def test_hours_edited_here_are_kept_when_the_map_changes_them(gironde, tmp_path):
    imported(overpass_json(tmp_path / "export.json"))
    maker = Maker.objects.get(source_key="node/1")
    maker_hours_set(maker=maker, version=maker.version, periods=[(2, "14:00", "19:00")])
    changed = json.loads(json.dumps(ELEMENTS))
    changed[0]["tags"]["opening_hours"] = "Tu-Sa 10:00-19:00"
    output = imported(overpass_json(tmp_path / "export.json", changed))
    assert "Row 1 (key node/1): unchanged; kept, edited since the last import" in output
    periods = maker.opening_periods.values_list("weekday", "opens", "closes")
    assert [(weekday, f"{opens:%H:%M}") for weekday, opens, _closes in periods] == [(2, "14:00")]


def test_older_geojson_exports_with_tags_apart_are_read_too(gironde, tmp_path):
    # osmtogeojson before 3.0: {"type": "node", "id": 1, "tags": {...}} as the properties.
    feature = {
        "type": "Feature",
        "properties": {"type": "node", "id": 77, "tags": {"craft": "luthier", "name": "Luths"}},
        "geometry": {"type": "Point", "coordinates": [-0.57, 44.84]},
    }
    path = tmp_path / "old.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    imported(path)
    maker = Maker.objects.get()
    assert (maker.source_key, maker.name) == ("node/77", "Luths")
    assert maker.primary_category.slug == "instruments-de-musique"
