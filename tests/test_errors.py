"""Bad input gets a 4xx in the one error shape, naming the parameter; never a 500."""

import uuid

import pytest


def _assert_error(response, *, status: int, field: str | None = None) -> dict:
    """Check the common error shape and return its body."""
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) == {"status", "code", "message", "fields"}
    assert error["status"] == status and error["message"]
    if field is not None:
        assert field in [f["field"] for f in error["fields"]], error
        assert field in error["message"]
    return error


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"age": 121}, "age"),
        ({"age": -1}, "age"),
        ({"age": "sixteen"}, "age"),
        ({"per_page": 101}, "per_page"),
        ({"per_page": 0}, "per_page"),
        ({"page": 0}, "page"),
        ({"gender": "boy"}, "gender"),
        ({"region": "GM9999"}, "region"),
        ({"region": "GM 0193"}, "region"),
        ({"service_type": "massage"}, "service_type"),
        ({"audience": "everyone"}, "audience"),
        ({"situation": "victim"}, "situation"),
        ({"channel": "pigeon"}, "channel"),
        ({"language": "dutch"}, "language"),
        ({"anonymous": "perhaps"}, "anonymous"),
        ({"organization_id": "not-a-uuid"}, "organization_id"),
        ({"lang": "fr"}, "lang"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_search_parameters_are_422_naming_the_parameter(client, params, field):
    _assert_error(client.get("/v1/services", params=params), status=422, field=field)


def test_unknown_region_message_is_readable(client):
    error = _assert_error(client.get("/v1/services", params={"region": "GM9999"}), status=422, field="region")
    assert error["message"] == "region: unknown region code 'GM9999'"


def test_malformed_ids_are_422_and_unknown_ids_404(client):
    _assert_error(client.get("/v1/services/12345"), status=422, field="service_id")
    _assert_error(client.get("/v1/organizations/nope"), status=422, field="organization_id")
    _assert_error(client.get(f"/v1/services/{uuid.uuid4()}"), status=404)
    _assert_error(client.get(f"/v1/organizations/{uuid.uuid4()}"), status=404)
    _assert_error(client.get("/v1/regions/GM9999"), status=404)
    _assert_error(client.get("/v1/taxonomy_terms", params={"taxonomy": "colour"}), status=422, field="taxonomy")


def test_unknown_route_and_method_use_the_same_shape(client):
    _assert_error(client.get("/v1/nothing-here"), status=404)
    _assert_error(client.delete("/v1/services"), status=405)


def test_draft_service_is_not_found_publicly(client, db):
    from tests.builders import make_service

    draft = make_service(db, publication="draft")
    _assert_error(client.get(f"/v1/services/{draft.id}"), status=404)
