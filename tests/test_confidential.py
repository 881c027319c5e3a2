"""A shelter's street, postcode and exact coordinates never leave the server."""

import json

import pytest
from sqlmodel import Session

from api.models import Region
from tests.builders import make_location, make_organization, make_service

STREET = "Geheimstraat 13"
POSTCODE = "8224 XY"
EXACT = (52.51234, 5.47654)


@pytest.fixture
def shelter(db: Session):
    """A service at a confidential location in Lelystad with an exact address, plus an open one."""
    org = make_organization(db, name="Opvang Vertrouwelijk")
    hidden = make_location(db, organization=org, municipality="GM0995", confidential=True, street=STREET,
                           postal_code=POSTCODE, latitude=EXACT[0], longitude=EXACT[1], name="Opvanghuis")
    service = make_service(db, organization=org, name="Veilige opvang", service_types=["shelter"],
                           locations=[hidden], areas=["PV24"])
    return org, service, db.get(Region, "GM0995")


def _leaks(text: str) -> list[str]:
    """Which confidential facts appear in a response body."""
    needles = [STREET, POSTCODE, POSTCODE.replace(" ", ""), "Geheimstraat", str(EXACT[0]), str(EXACT[1]), "51234", "47654"]
    return [n for n in needles if n in text]


def test_confidential_location_is_stored_exactly(db, shelter):
    _, service, _ = shelter
    location = service.locations[0]
    assert (location.latitude, location.longitude) == EXACT
    assert location.address.address_1 == STREET


def test_no_public_response_reveals_the_address(client, shelter):
    org, service, lelystad = shelter
    responses = [
        client.get("/v1/services", params={"region": "GM0995", "per_page": 100}),
        client.get("/v1/services", params={"q": "veilige opvang"}),
        client.get("/v1/services", params={"organization_id": org.id, "lang": "en"}),
        client.get(f"/v1/services/{service.id}"),
        client.get(f"/v1/services/{service.id}", params={"lang": "en"}),
        client.get(f"/v1/organizations/{org.id}"),
        client.get("/v1/organizations", params={"q": "Opvang"}),
    ]
    for response in responses:
        assert response.status_code == 200
        assert service.id in response.text or org.id in response.text
        assert _leaks(response.text) == [], response.request.url


def test_public_location_shows_only_municipality_and_its_centroid(client, shelter):
    _, service, lelystad = shelter
    location = client.get(f"/v1/services/{service.id}").json()["locations"][0]
    assert location["confidential"] is True
    assert location["address"] is None and location["postal_code"] is None
    assert location["city"] == "Lelystad" and location["municipality_code"] == "GM0995"
    assert (location["latitude"], location["longitude"]) == (lelystad.latitude, lelystad.longitude)


def test_open_location_shows_its_address(client, db):
    org = make_organization(db, name="Open inloop")
    place = make_location(db, organization=org, municipality="GM0772", street="Stratumseind 1", postal_code="5611 EN",
                          latitude=51.4372, longitude=5.4810)
    service = make_service(db, organization=org, locations=[place])
    location = client.get(f"/v1/services/{service.id}").json()["locations"][0]
    assert (location["address"], location["postal_code"], location["latitude"]) == ("Stratumseind 1", "5611 EN", 51.4372)
    assert json.dumps(location)  # serialisable
