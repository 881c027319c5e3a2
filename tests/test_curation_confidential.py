"""A shelter entered through the write API: curators see its address, no public or unauthenticated response does."""

import json

import pytest

from api.models import Region
from tests.test_curation_support import (
    bearer,
    create_organization,
    create_service,
    error_of,
    if_match,
    make_team,
    publish,
)

STREET = "Verborgenlaan 77"
POSTCODE = "8232 KW"
EXACT = (52.49871, 5.43219)
NEEDLES = [STREET, "Verborgenlaan", POSTCODE, POSTCODE.replace(" ", ""), str(EXACT[0]), str(EXACT[1]), "49871",
           "43219"]


def _leaks(text: str) -> list[str]:
    return [needle for needle in NEEDLES if needle in text]


def _shown(response) -> str:
    """A public body without `interpreted_location`, which echoes the point the searcher sent."""
    body = response.json()
    if isinstance(body, dict):
        body.pop("interpreted_location", None)
    return json.dumps(body)


@pytest.fixture
def team(db):
    return make_team(db)


@pytest.fixture
def shelter(client, team):
    """A published service at a confidential location in Lelystad, entered by an editor."""
    organization_id = create_organization(client, team, name="Stichting Veilig Onderdak")
    location = client.post("/v1/locations", headers=team.as_editor, json={
        "organization_id": organization_id, "name": "Opvanghuis", "confidential": True,
        "municipality_code": "GM0995", "latitude": EXACT[0], "longitude": EXACT[1],
        "address": {"address_1": STREET, "postal_code": POSTCODE, "city": "Lelystad"},
    })
    assert location.status_code == 201, location.text
    service = create_service(client, team, organization_id, name="Veilig onderdak Lelystad", phones=[],
                             location_ids=[location.json()["id"]], service_types=["shelter"], service_areas=["PV24"])
    publish(client, team, service["id"])
    return organization_id, location.json(), service["id"]


def test_curators_see_the_full_address(client, team, shelter):
    _, created, _ = shelter
    assert created["fields"]["address"]["address_1"] == STREET  # the creating editor gets it back
    response = client.get(f"/v1/curation/locations/{created['id']}", headers=team.as_editor)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
    fields = response.json()["fields"]
    assert fields["confidential"] is True
    assert (fields["address"]["address_1"], fields["address"]["postal_code"]) == (STREET, POSTCODE)
    assert (fields["latitude"], fields["longitude"]) == EXACT
    assert (fields["public_latitude"], fields["public_longitude"]) != EXACT


def test_no_public_response_shows_the_address(client, db, shelter):
    organization_id, _, service_id = shelter
    lelystad = db.get(Region, "GM0995")
    responses = [
        client.get("/v1/services", params={"region": "GM0995", "per_page": 100}),
        client.get("/v1/services", params={"q": "veilig onderdak"}),
        client.get("/v1/services", params={"lat": EXACT[0], "lon": EXACT[1], "radius_km": 5}),
        client.get("/v1/services", params={"organization_id": organization_id, "lang": "en"}),
        client.get(f"/v1/services/{service_id}"),
        client.get(f"/v1/services/{service_id}", params={"lang": "en"}),
        client.get(f"/v1/organizations/{organization_id}"),
        client.get("/v1/organizations", params={"q": "Veilig Onderdak"}),
        client.get(f"/hsds/services/{service_id}"),
        client.get("/hsds/services", params={"search": "veilig onderdak"}),
        client.get(f"/hsds/organizations/{organization_id}"),
        client.get("/hsds/service_at_locations", params={"postcode": "8232", "proximity": 5000}),
        client.post(f"/v1/services/{service_id}/feedback", json={"reason": "wrong_address"}),
    ]
    for response in responses:
        assert response.status_code in (200, 202), response.text
        assert _leaks(_shown(response)) == [], response.request.url
    assert all(service_id in r.text or organization_id in r.text for r in responses[:-1])

    public = client.get(f"/v1/services/{service_id}").json()["locations"][0]
    assert public["confidential"] is True and public["address"] is None and public["postal_code"] is None
    assert (public["latitude"], public["longitude"]) == (lelystad.latitude, lelystad.longitude)
    near = client.get("/v1/services", params={"lat": EXACT[0], "lon": EXACT[1], "radius_km": 5}).json()
    hit = next(item for item in near["contents"] if item["id"] == service_id)
    assert hit["distance_km"] > 0.5  # measured to the town centre, not to the house


def test_unauthenticated_and_refused_responses_show_nothing(client, team, shelter):
    _, location, service_id = shelter
    location_id = location["id"]
    responses = [
        client.get(f"/v1/curation/locations/{location_id}"),
        client.get(f"/v1/curation/locations/{location_id}", headers=bearer("hf_" + "0" * 32 + "_" + "x" * 43)),
        client.get(f"/v1/locations/{location_id}/history"),
        client.get(f"/v1/curation/services/{service_id}"),
        client.get(f"/v1/services/{service_id}/history"),
        client.patch(f"/v1/locations/{location_id}", json={"name": "x"}, headers={"If-Match": '"1"'}),
    ]
    for response in responses:
        error_of(response, 401)
        assert _leaks(response.text) == []
    refused = client.post(f"/v1/locations/{location_id}/archive", headers=if_match(1, team.as_editor))
    error_of(refused, 403)
    assert _leaks(refused.text) == []
    invalid = client.post("/v1/locations", headers=team.as_editor, json={
        "organization_id": location["fields"]["organization_id"], "confidential": True, "municipality_code": "GM0995",
        "address": {"address_1": STREET, "postal_code": "8232 KWX"}})
    error_of(invalid, 422)
    assert _leaks(invalid.text.replace("8232 KWX", "")) == []  # the refused body is not echoed back


def test_making_an_open_location_confidential_hides_it_at_once(client, db, team):
    organization_id = create_organization(client, team, name="Inloop die verhuist")
    location = client.post("/v1/locations", headers=team.as_editor, json={
        "organization_id": organization_id, "name": "Inloop", "municipality_code": "GM0995",
        "latitude": EXACT[0], "longitude": EXACT[1], "address": {"address_1": STREET, "postal_code": POSTCODE},
    }).json()
    service = create_service(client, team, organization_id, location_ids=[location["id"]])
    publish(client, team, service["id"])
    public = client.get(f"/v1/services/{service['id']}").json()["locations"][0]
    assert public["address"] == STREET and (public["latitude"], public["longitude"]) == EXACT

    changed = client.patch(f"/v1/locations/{location['id']}", json={"confidential": True},
                           headers=if_match(location["version"], team.as_editor))
    assert changed.status_code == 200 and changed.json()["fields"]["address"]["address_1"] == STREET
    for response in (client.get(f"/v1/services/{service['id']}"),
                     client.get("/v1/services", params={"region": "GM0995", "per_page": 100}),
                     client.get(f"/v1/organizations/{organization_id}")):
        assert response.status_code == 200 and service["id"] in response.text
        assert _leaks(response.text) == [], response.request.url
