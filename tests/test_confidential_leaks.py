"""Property: for any service at a confidential location, no public surface reveals where it is.

Hypothesis draws the secret (street, house number, full postcode, exact coordinates), the
municipality and the service; each example is written in a savepoint that is rolled back
afterwards. Every public endpoint that can show the service, the CSV export, a 404 body,
the ETags and everything logged meanwhile are searched for the secret.
"""

import logging
import string
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.search import reference
from tests.builders import make_location, make_organization, make_service

MUNICIPALITIES = {"GM0995": "8224", "GM0363": "1012", "GM0772": "5611", "GM0193": "8011", "GM0014": "9711"}

secrets = st.fixed_dictionaries({
    "street": st.text(alphabet=string.ascii_lowercase, min_size=7, max_size=12).map(lambda s: f"Q{s}straat"),
    "number": st.integers(min_value=1, max_value=999).map(str),
    "letters": st.sampled_from(["XY", "QZ", "BV", "KL", "RT"]),
    "municipality": st.sampled_from(sorted(MUNICIPALITIES)),
    # Six decimals, the last never 0, so the figure is always written out in full.
    "latitude": st.integers(min_value=5_080_000, max_value=5_340_000).map(lambda n: (n * 10 + 7) / 1_000_000),
    "longitude": st.integers(min_value=350_000, max_value=710_000).map(lambda n: (n * 10 + 3) / 1_000_000),
    "lang": st.sampled_from(["nl", "en"]),
    "open_too": st.booleans(),
})


def _needles(secret: dict) -> list[str]:
    postcode = f"{MUNICIPALITIES[secret['municipality']]} {secret['letters']}"
    return [secret["street"], f"{secret['street']} {secret['number']}", postcode, postcode.replace(" ", ""),
            repr(secret["latitude"]), repr(secret["longitude"])]


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(secret=secrets)
def test_no_public_surface_reveals_a_confidential_location(client, db, caplog, secret):
    savepoint = db.begin_nested()
    try:
        caplog.clear()
        with caplog.at_level(logging.DEBUG):
            organization = make_organization(db, name=f"Opvang {uuid.uuid4().hex[:8]}")
            hidden = make_location(db, organization=organization, municipality=secret["municipality"],
                                   confidential=True, street=f"{secret['street']} {secret['number']}",
                                   postal_code=f"{MUNICIPALITIES[secret['municipality']]} {secret['letters']}",
                                   latitude=secret["latitude"], longitude=secret["longitude"], name="Opvanghuis")
            locations = [hidden]
            if secret["open_too"]:
                locations.append(make_location(db, organization=organization, municipality="GM0344",
                                               street="Openbare straat 1", postal_code="3511 AA", name="Inloop"))
            service = make_service(db, organization=organization, name="Veilige opvang", service_types=["shelter"],
                                   areas=[secret["municipality"]], locations=locations, english_name="Safe shelter")
            db.flush()
            lang = secret["lang"]
            postcode = MUNICIPALITIES[secret["municipality"]]
            responses = [
                client.get("/v1/services", params={"region": secret["municipality"], "per_page": 100, "lang": lang}),
                client.get("/v1/services", params={"organization_id": organization.id, "lang": lang}),
                client.get("/v1/services", params={"postcode": postcode, "radius_km": 5, "per_page": 100}),
                client.get("/v1/services", params={"lat": round(secret["latitude"], 2),
                                                   "lon": round(secret["longitude"], 2), "radius_km": 300}),
                client.get("/v1/services.csv", params={"organization_id": organization.id, "lang": lang}),
                client.get(f"/v1/services/{service.id}", params={"lang": lang}),
                client.get(f"/v1/organizations/{organization.id}", params={"lang": lang}),
                client.get(f"/hsds/services/{service.id}"),
                client.get("/hsds/services", params={"organization_id": organization.id, "full": "true"}),
                client.get(f"/hsds/organizations/{organization.id}"),
                client.get("/hsds/service_at_locations", params={"postcode": postcode, "proximity": 5000}),
                client.get(f"/v1/services/{uuid.uuid4()}"),
            ]
            for response in responses:
                assert response.status_code in (200, 404), (response.request.url, response.text)
                shown = response.text + " ".join(f"{k}: {v}" for k, v in response.headers.items())
                leaked = [needle for needle in _needles(secret) if needle in shown]
                assert not leaked, (response.request.url, leaked)
            assert responses[1].json()["total_items"] == 1  # the service itself was found, not missed
        logged = "\n".join(record.getMessage() for record in caplog.records)
        assert not [needle for needle in _needles(secret) if needle in logged]
    finally:
        savepoint.rollback()
        reference.forget()
        db.expunge_all()


@pytest.mark.parametrize("lat_lon", [(52.51234, 5.47654)])
def test_the_secret_is_really_stored(db, lat_lon):
    """The property above would pass vacuously if the builder dropped the address: it does not."""
    organization = make_organization(db, name="Opvang Controle")
    hidden = make_location(db, organization=organization, municipality="GM0995", confidential=True,
                           street="Qcontrolestraat 7", postal_code="8224 XY", latitude=lat_lon[0], longitude=lat_lon[1])
    db.refresh(hidden)
    assert (hidden.address.address_1, hidden.address.postal_code) == ("Qcontrolestraat 7", "8224 XY")
    assert (hidden.latitude, hidden.longitude) == lat_lon
