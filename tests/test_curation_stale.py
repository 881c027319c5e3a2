"""The list of listings to re-check: never verified first, then the longest ago; verifying takes one off."""

from datetime import date, timedelta

import pytest

from tests.builders import make_organization, make_service
from tests.test_curation_support import error_of, make_team


@pytest.fixture
def team(db):
    return make_team(db)


def _verified(db, service, *, days_ago: int, by: str = "Oud Curator"):
    service.assured_date, service.assurer = date.today() - timedelta(days=days_ago), by
    db.add(service)
    db.flush()
    return service


def test_stale_list_order_and_verify(client, db, team):
    organization = make_organization(db, name="Controle-organisatie")
    never = make_service(db, organization=organization, name="Zzz nooit gecontroleerd", phones=["0800-0188"])
    long_ago = _verified(db, make_service(db, organization=organization, name="Aaa lang geleden"), days_ago=400)
    a_while = _verified(db, make_service(db, organization=organization, name="Aaa tijdje geleden"), days_ago=200)
    recent = _verified(db, make_service(db, organization=organization, name="Recent gecontroleerd"), days_ago=10)
    draft = make_service(db, organization=organization, name="Concept nooit gecontroleerd", publication="draft")

    response = client.get("/v1/curation/stale", params={"older_than_days": 180}, headers=team.as_editor)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
    items = response.json()
    ids = [item["id"] for item in items]
    assert recent.id not in ids and draft.id not in ids
    dates = [item["assured_date"] for item in items]
    first_dated = next(i for i, d in enumerate(dates) if d is not None)
    assert all(d is None for d in dates[:first_dated]) and all(d is not None for d in dates[first_dated:])
    assert dates[first_dated:] == sorted(dates[first_dated:])  # oldest check first
    assert ids.index(never.id) < ids.index(long_ago.id) < ids.index(a_while.id)

    by_id = {item["id"]: item for item in items}
    assert by_id[never.id] == {"id": never.id, "name": "Zzz nooit gecontroleerd",
                               "organization": "Controle-organisatie", "assured_date": None, "assurer": None,
                               "days_since_verified": None}
    assert by_id[long_ago.id]["days_since_verified"] == 400 and by_id[long_ago.id]["assurer"] == "Oud Curator"

    verified = client.post(f"/v1/services/{long_ago.id}/verify", headers=team.as_editor)
    assert verified.status_code == 200
    assert (verified.json()["assured_date"], verified.json()["assurer"]) == (date.today().isoformat(), "Eva Editor")
    assert client.get(f"/v1/services/{long_ago.id}").json()["assured_date"] == date.today().isoformat()

    client.post(f"/v1/services/{never.id}/verify", headers=team.as_second_editor)
    ids = [i["id"] for i in client.get("/v1/curation/stale", params={"older_than_days": 180},
                                       headers=team.as_editor).json()]
    assert never.id not in ids and long_ago.id not in ids and a_while.id in ids

    # With a shorter horizon the recently checked one is due as well, after the older ones.
    ids = [i["id"] for i in client.get("/v1/curation/stale", params={"older_than_days": 5},
                                       headers=team.as_editor).json()]
    assert ids.index(a_while.id) < ids.index(recent.id)
    assert never.id not in ids  # verified today


def test_stale_list_needs_a_curator_and_a_sane_horizon(client, team):
    error_of(client.get("/v1/curation/stale"), 401, "unauthorized")
    response = client.get("/v1/curation/stale", params={"older_than_days": -1}, headers=team.as_editor)
    assert error_of(response, 422)["fields"][0]["field"] == "older_than_days"
