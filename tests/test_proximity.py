"""Search near a postcode, place or point: nearest suitable help first, nothing sent anywhere."""

import json
import random

import pytest
from geopy.distance import geodesic
from sqlalchemy import text

from api.geo.gazetteer import get_gazetteer, inside_netherlands
from api.geo.geocoder import OfflineDutchGeocoder
from api.search.proximity import _EPSILON, SearchPoint, _Approximation, distance_from
from tests.builders import make_location, make_organization, make_service

ZWOLLE_8011 = (52.5116, 6.0921)


def _get(client, **params):
    """GET /v1/services and return the JSON body (asserting 200)."""
    response = client.get("/v1/services", params=params)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def around_zwolle(db):
    """Services at known distances from PC4 8011, a national one and one far away."""
    org = make_organization(db, name="Afstandstest")

    def at(name: str, lat: float, lon: float, municipality: str, **kwargs):
        place = make_location(db, organization=org, municipality=municipality, latitude=lat, longitude=lon)
        return make_service(db, organization=org, name=name, locations=[place], **kwargs)

    return org, {
        "centre": at("Centrum", 52.5120, 6.0930, "GM0193"),  # ~0.1 km
        "kampen": at("Kampen", 52.5550, 5.9110, "GM0166"),  # ~13 km
        "deventer": at("Deventer", 52.2550, 6.1630, "GM0150"),  # ~29 km
        "far": at("Maastricht", 50.8510, 5.6900, "GM0935"),  # ~187 km
        "national": make_service(db, organization=org, name="Landelijke chat", areas=["NL"], channels=["chat"]),
    }


def test_nearest_first_then_services_covering_the_place(client, around_zwolle):
    org, s = around_zwolle
    body = _get(client, postcode="8011", organization_id=org.id, per_page=100)
    ids = [item["id"] for item in body["contents"]]
    assert ids == [s["centre"].id, s["kampen"].id, s["national"].id]
    distances = [item["distance_km"] for item in body["contents"]]
    assert distances[0] < distances[1] <= 25 and distances[2] is None
    expected = round(geodesic(ZWOLLE_8011, (52.5550, 5.9110)).km, 1)
    assert distances[1] == expected
    assert body["interpreted_location"]["municipality"] == "Zwolle"
    assert body["interpreted_location"]["province"] == "Overijssel"


def test_radius_edge(client, around_zwolle):
    org, s = around_zwolle
    exact = geodesic(ZWOLLE_8011, (52.2550, 6.1630)).km
    inside = {i["id"] for i in _get(client, postcode="8011", organization_id=org.id, radius_km=exact + 0.01)["contents"]}
    outside = {i["id"] for i in _get(client, postcode="8011", organization_id=org.id, radius_km=exact - 0.01)["contents"]}
    assert s["deventer"].id in inside and s["deventer"].id not in outside


def test_distance_ordering_is_monotonic_on_synthetic_data(client):
    body = _get(client, near="Utrecht", radius_km=60, per_page=100)
    distances = [i["distance_km"] for i in body["contents"] if i["distance_km"] is not None and i["distance_km"] <= 60]
    assert len(distances) >= 5
    assert distances == sorted(distances)
    first_without = next((n for n, i in enumerate(body["contents"]) if i["distance_km"] is None), len(body["contents"]))
    assert all(i["distance_km"] is None or i["distance_km"] > 60 for i in body["contents"][first_without:])


def test_pages_continue_the_same_order(client):
    first = _get(client, near="Amsterdam", radius_km=80, per_page=7, page=1)
    second = _get(client, near="Amsterdam", radius_km=80, per_page=7, page=2)
    whole = _get(client, near="Amsterdam", radius_km=80, per_page=14, page=1)
    assert [i["id"] for i in first["contents"] + second["contents"]] == [i["id"] for i in whole["contents"]]
    assert first["total_items"] == whole["total_items"]


@pytest.mark.parametrize("query", ["8011", "8011 AB", "8011ab", " 8011  AB ", "Zwolle", "zwolle", "ZWOLLE",
                                   "52.5116,6.0921"])
def test_postcode_place_and_point_resolve_to_zwolle(query):
    found = OfflineDutchGeocoder().geocode(query)
    assert found is not None and found.raw["municipality_code"] == "GM0193"
    assert geodesic((found.latitude, found.longitude), ZWOLLE_8011).km < 3


@pytest.mark.parametrize(("alias", "official"), [("Den Haag", "'s-Gravenhage"), ("den bosch", "'s-Hertogenbosch"),
                                                 ("Ljouwert", "Leeuwarden"), ("Snits", "Sneek"),
                                                 ("s Gravenhage", "'s-Gravenhage")])
def test_aliases_give_the_same_point(alias, official):
    geocoder = OfflineDutchGeocoder()
    a, b = geocoder.geocode(alias), geocoder.geocode(official)
    assert (a.latitude, a.longitude, a.raw["municipality_code"]) == (b.latitude, b.longitude, b.raw["municipality_code"])


def test_pc4_and_pc6_and_lat_lon_give_the_same_results(client, around_zwolle):
    org, _ = around_zwolle
    results = [
        [i["id"] for i in _get(client, organization_id=org.id, **params)["contents"]]
        for params in ({"postcode": "8011"}, {"postcode": "8011 AB"}, {"lat": 52.5116, "lon": 6.0921})
    ]
    assert results[0] == results[1] == results[2]


def test_geocoder_never_uses_the_network():
    geocoder = OfflineDutchGeocoder()
    with pytest.raises(Exception, match="no network"):
        geocoder.adapter.get_json("https://nominatim.openstreetmap.org/search?q=8011", timeout=1, headers={})


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"postcode": "1000"}, "postcode", "postcode 1000 not found"),
        ({"postcode": "0999"}, "postcode", None),
        ({"postcode": "ABCD"}, "postcode", None),
        ({"postcode": "80111"}, "postcode", None),
        ({"near": "Nergenshuizen"}, "near", "place 'Nergenshuizen' not found"),
        ({"lat": 52.5}, "lon", "lon: lon is required together with lat"),
        ({"lon": 6.1}, "lat", None),
        ({"lat": 48.85, "lon": 2.35}, "lat", "lat: this point lies outside the Netherlands"),
        ({"postcode": "8011", "radius_km": 301}, "radius_km", None),
        ({"postcode": "8011", "radius_km": 0}, "radius_km", None),
        ({"postcode": "8011", "near": "Zwolle"}, "near", None),
        ({"sort": "distance"}, "sort", None),
    ],
)
def test_location_errors_are_422_naming_the_parameter(client, params, field, message):
    response = client.get("/v1/services", params=params)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert field in [f["field"] for f in error["fields"]]
    if message:
        assert message in error["message"]


def test_confidential_location_distance_uses_municipality_centre_only(client, db):
    org = make_organization(db, name="Vertrouwelijke opvang Zwolle")
    secret = (52.50101, 6.07707)
    shelter = make_location(db, organization=org, municipality="GM0193", confidential=True,
                            street="Verborgenweg 7", postal_code="8017 ZZ", latitude=secret[0], longitude=secret[1])
    service = make_service(db, organization=org, locations=[shelter])
    body = client.get("/v1/services", params={"postcode": "8011", "organization_id": org.id}).json()
    item = body["contents"][0]
    centroid = (shelter.public_latitude, shelter.public_longitude)
    assert centroid != secret
    assert item["id"] == service.id
    assert item["distance_km"] == round(geodesic(ZWOLLE_8011, centroid).km, 1)
    text = json.dumps(body)
    assert "50101" not in text and "07707" not in text and "Verborgenweg" not in text and "8017" not in text


def test_geocode_endpoint(client):
    body = client.get("/v1/geocode", params={"q": "Den Bosch"}).json()
    assert body["municipality"] == "'s-Hertogenbosch" and body["province"] == "Noord-Brabant"
    unknown = client.get("/v1/geocode", params={"q": "1000 AA"})
    assert unknown.status_code == 422
    assert unknown.json()["error"]["fields"][0]["field"] == "q"
    assert client.get("/v1/geocode", params={"q": "8011ab"}).json()["municipality_code"] == "GM0193"


def test_gazetteer_counts_guard():
    gazetteer = get_gazetteer()
    entries = gazetteer.all_postcodes()
    source = json.loads((__import__("api.resources", fromlist=["x"]).resource_dir("seed_data") / "regions.json")
                        .read_text(encoding="utf-8"))
    municipalities = {r["code"] for r in source["regions"] if r["kind"] == "municipality"}
    assert len(entries) >= 4000
    assert all(inside_netherlands(e.latitude, e.longitude) for e in entries.values())
    assert {e.municipality_code for e in entries.values()} == municipalities
    assert len(municipalities) == 342


def test_address_without_coordinates_is_placed_by_the_gazetteer(db):
    org = make_organization(db, name="Adres zonder coordinaten")
    by_postcode = make_location(db, organization=org, municipality=None, postal_code="8011 AB", street="Plein 1")
    assert (by_postcode.latitude, by_postcode.longitude) == ZWOLLE_8011
    assert by_postcode.municipality_code == "GM0193"
    assert (by_postcode.public_latitude, by_postcode.public_longitude) == ZWOLLE_8011


def test_address_with_only_a_place_uses_the_place(db):
    from api.listings.derived import place_location
    from api.models import Location, new_id

    org = make_organization(db, name="Alleen plaats")
    location = Location(id=new_id(), organization_id=org.id)
    place_location(db, location=location, city="Den Bosch")
    assert location.municipality_code == "GM0796"
    entry = get_gazetteer().place("'s-Hertogenbosch")
    assert (location.latitude, location.longitude) == (entry.latitude, entry.longitude)


def test_misspelt_place_gets_a_suggestion(client):
    error = client.get("/v1/services", params={"near": "Zwole"}).json()["error"]
    assert error["fields"][0]["problem"] == "place 'Zwole' not found; did you mean Zwolle?"
    geocoded = client.get("/v1/geocode", params={"q": "Amsterdm"}).json()["error"]
    assert "did you mean Amsterdam?" in geocoded["message"]


def test_friendly_messages_for_location_mistakes(client):
    bad = client.get("/v1/services", params={"postcode": "80111"}).json()["error"]["fields"][0]
    assert bad == {"field": "postcode", "location": "query",
                   "problem": "must be a Dutch postcode such as 8011 or 8011 AB"}
    lonely = client.get("/v1/services", params={"radius_km": 10}).json()["error"]["fields"][0]
    assert lonely["field"] == "radius_km"
    abroad = client.get("/v1/geocode", params={"q": "48.85,2.35"}).json()["error"]["fields"][0]
    assert abroad["problem"] == "this point lies outside the Netherlands"


def test_distance_approximation_stays_well_inside_its_bound():
    """The SQL-side distance estimate is within half its stated error bound of geopy's, all over the country."""
    rng = random.Random(20261202)
    worst = 0.0
    for _ in range(3000):
        origin = (rng.uniform(50.75, 53.55), rng.uniform(3.35, 7.25))
        approx = _Approximation.at(*origin)
        for _ in range(5):
            point = (origin[0] + rng.uniform(-2.9, 2.9), origin[1] + rng.uniform(-4.7, 4.7))
            exact = geodesic(origin, point).km
            if 0.05 < exact <= 320:
                worst = max(worst, abs(approx.km(*point) / exact - 1))
    assert worst < _EPSILON / 2, f"worst relative error {worst:.5f}"


def test_shown_distance_is_geopys_rounded_even_where_the_estimate_decides():
    """distance_km skips geopy when the estimate's bound settles the decimal: it must still be geopy's
    distance to the nearest location, rounded, for services near and far and for distances a hair
    either side of a rounding step (x.x5 km), where only the measurement can decide."""
    rng = random.Random(20261203)
    settled = near_cases = 0
    for _ in range(600):
        origin = (rng.uniform(50.8, 53.5), rng.uniform(3.4, 7.2))
        point = SearchPoint(query="test", kind="point", latitude=origin[0], longitude=origin[1],
                            municipality=None, province=None)  # type: ignore[arg-type]
        steps = [rng.randrange(0, 3000) / 10 + 0.05 + rng.choice([-1e-6, 1e-6, -1e-4, 1e-4]) for _ in range(2)]
        on_steps = [geodesic(kilometers=km).destination(origin, rng.uniform(0, 360)) for km in steps]
        near = [(origin[0] + rng.uniform(-0.05, 0.05), origin[1] + rng.uniform(-0.08, 0.08)) for _ in range(3)]
        far = [(origin[0] + rng.uniform(-1.5, 1.5), origin[1] + rng.uniform(-2.5, 2.5)) for _ in range(2)]
        for points in ([(p.latitude, p.longitude) for p in on_steps], [(on_steps[0].latitude, on_steps[0].longitude)],
                       near, near[:1], far, far + near):
            expected = round(min(geodesic(origin, p).km for p in points), 1)
            assert distance_from(point, points) == expected, (origin, points)
        estimate = min(point.approximation.km(*p) for p in near)
        near_cases += 1
        settled += round(estimate * (1 - _EPSILON), 1) == round(estimate * (1 + _EPSILON), 1)
    assert settled > near_cases / 2, "within a few km the estimate should settle most distances"
    assert distance_from(SearchPoint(query="t", kind="point", latitude=52.0, longitude=5.0, municipality=None,
                                     province=None), []) is None  # type: ignore[arg-type]


@pytest.mark.parametrize("proximity", [5_000, 40_000, 120_000])
def test_hsds_service_at_locations_near_a_postcode_are_in_geodesic_order(client, db, proximity):
    """Every page together: exactly the live public locations within the radius, by geodesic km then link id."""
    point = client.get("/v1/geocode", params={"q": "8011"}).json()
    origin = (point["latitude"], point["longitude"])
    rows = db.exec(text(
        "SELECT sal.id, l.public_latitude, l.public_longitude FROM service_at_location sal "
        "JOIN location l ON l.id = sal.location_id JOIN service s ON s.id = sal.service_id "
        "WHERE s.publication = 'published' AND s.status = 'active' AND l.archived_at IS NULL "
        "AND l.public_latitude IS NOT NULL")).all()
    measured = sorted((geodesic(origin, (lat, lon)).km, link_id) for link_id, lat, lon in rows)
    expected = [link_id for km, link_id in measured if km <= proximity / 1000]
    found, page = [], 1
    while True:
        body = client.get("/hsds/service_at_locations",
                          params={"postcode": "8011", "proximity": proximity, "per_page": 7, "page": page}).json()
        assert body["total_items"] == len(expected)
        found += [item["id"] for item in body["contents"]]
        if body["last_page"]:
            break
        page += 1
    assert len(expected) > 1 and found == expected
