"""Public problem reports: no account needed, validated, rate limited, handled by curators."""

import uuid

import pytest
from limits import parse_many

from api.models import Feedback
from api.ratelimit import limiter
from api.settings import get_settings
from tests.test_curation_support import (
    count,
    create_organization,
    create_service,
    error_of,
    make_team,
    published_service,
)


@pytest.fixture
def team(db):
    return make_team(db)


@pytest.fixture(autouse=True)
def _fresh_limiter():
    """Feedback counts per client across the whole process: start and leave every test with empty counters."""
    limiter.reset()
    yield
    limiter.reset()


def test_public_report_reaches_the_curators_and_can_be_resolved(client, db, team):
    service = published_service(client, team, name="Meldbare dienst")
    sid = service["id"]
    response = client.post(f"/v1/services/{sid}/feedback",
                           json={"reason": "wrong_phone", "message": "  Het nummer is niet meer in gebruik  "})
    assert response.status_code == 202
    assert response.json() == {"received": True, "message": "Thank you. A curator will check this listing."}
    assert client.post(f"/v1/services/{sid}/feedback", json={"reason": "closed"}).status_code == 202

    listed = client.get("/v1/curation/feedback", headers=team.as_editor)
    assert listed.status_code == 200 and listed.headers["Cache-Control"] == "private, no-store"
    mine = [item for item in listed.json() if item["service_id"] == sid]
    assert [(i["reason"], i["message"], i["service_name"]) for i in mine] == [
        ("closed", None, "Meldbare dienst"), ("wrong_phone", "Het nummer is niet meer in gebruik", "Meldbare dienst")]
    assert all(i["resolved_at"] is None and i["resolution"] is None for i in mine)

    phone_report = mine[1]["id"]
    resolved = client.post(f"/v1/curation/feedback/{phone_report}/resolve", json={"resolution": "Nummer aangepast"},
                           headers=team.as_editor)
    assert resolved.status_code == 200
    assert resolved.json()["resolution"] == "Nummer aangepast" and resolved.json()["resolved_at"] is not None

    still_open = [i["id"] for i in client.get("/v1/curation/feedback", headers=team.as_editor).json()]
    assert phone_report not in still_open and mine[0]["id"] in still_open
    everything = client.get("/v1/curation/feedback", params={"include_resolved": True}, headers=team.as_editor).json()
    assert next(i for i in everything if i["id"] == phone_report)["resolution"] == "Nummer aangepast"
    again = client.post(f"/v1/curation/feedback/{phone_report}/resolve", json={"resolution": "Nog eens"},
                        headers=team.as_editor)
    error_of(again, 409, "conflict")
    error_of(client.post(f"/v1/curation/feedback/{phone_report}/resolve", json={"resolution": " "},
                         headers=team.as_editor), 422)
    error_of(client.post(f"/v1/curation/feedback/{uuid.uuid4()}/resolve", json={"resolution": "x"},
                         headers=team.as_editor), 404)


def test_invalid_reports_are_refused_and_not_stored(client, db, team):
    sid = published_service(client, team)["id"]
    before = count(db, Feedback)
    cases = [
        ({"reason": "rude"}, {"reason"}),
        ({}, {"reason"}),
        ({"reason": "other", "message": "x" * 1001}, {"message"}),
        ({"reason": "other", "email": "iemand@example.org"}, {"email"}),  # no contact details
    ]
    for body, fields in cases:
        response = client.post(f"/v1/services/{sid}/feedback", json=body)
        assert {p["field"] for p in error_of(response, 422)["fields"]} == fields, body
    assert count(db, Feedback) == before
    longest = client.post(f"/v1/services/{sid}/feedback", json={"reason": "other", "message": "x" * 1000})
    assert longest.status_code == 202


def test_reports_only_for_public_services(client, db, team):
    organization_id = create_organization(client, team)
    draft = create_service(client, team, organization_id)
    before = count(db, Feedback)
    error_of(client.post(f"/v1/services/{draft['id']}/feedback", json={"reason": "closed"}), 404, "not_found")
    error_of(client.post(f"/v1/services/{uuid.uuid4()}/feedback", json={"reason": "closed"}), 404, "not_found")
    error_of(client.post("/v1/services/not-a-uuid/feedback", json={"reason": "closed"}), 422)
    assert count(db, Feedback) == before


def test_too_many_reports_get_429_with_retry_after(client, db, team):
    sid = published_service(client, team)["id"]
    allowed = min(item.amount for item in parse_many(get_settings().feedback_rate_limit))
    before = count(db, Feedback)
    for _ in range(allowed):
        assert client.post(f"/v1/services/{sid}/feedback", json={"reason": "other"}).status_code == 202
    refused = client.post(f"/v1/services/{sid}/feedback", json={"reason": "other", "message": "nog een"})
    error = error_of(refused, 429, "rate_limited")
    assert int(refused.headers["Retry-After"]) > 0
    assert error["fields"] == []
    assert count(db, Feedback) == before + allowed
    # Curators are not affected by the public limit.
    assert client.get("/v1/curation/feedback", headers=team.as_editor).status_code == 200


def test_curator_views_of_feedback_and_history_need_a_token(client, team):
    sid = published_service(client, team)["id"]
    client.post(f"/v1/services/{sid}/feedback", json={"reason": "closed", "message": "Dicht sinds maart"})
    feedback_id = client.get("/v1/curation/feedback", headers=team.as_editor).json()[0]["id"]
    requests = [
        client.get("/v1/curation/feedback"),
        client.get("/v1/curation/feedback", params={"include_resolved": True}),
        client.post(f"/v1/curation/feedback/{feedback_id}/resolve", json={"resolution": "x"}),
        client.get(f"/v1/services/{sid}/history"),
        client.get(f"/v1/organizations/{uuid.uuid4()}/history"),
        client.get("/v1/curation/queue"),
    ]
    for response in requests:
        error_of(response, 401, "unauthorized")
        assert response.headers["WWW-Authenticate"] == "Bearer"
        assert "Dicht sinds maart" not in response.text
