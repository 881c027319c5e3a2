"""Edges a prober or a careless admin finds: they get a clear answer, never a silent surprise."""

import json

from sqlmodel import select

from api.models import ApiToken
from tests.test_curation_support import bearer, error_of, make_team


def test_proximity_without_a_postcode_is_refused_by_name(client):
    error = error_of(client.get("/hsds/service_at_locations", params={"proximity": 5000}), 422)
    assert [f["field"] for f in error["fields"]] == ["proximity"]
    assert client.get("/hsds/service_at_locations", params={"proximity": 5000, "postcode": "8011"}).status_code == 200


def test_modified_after_takes_a_date_not_a_number(client):
    for number in ("0.5", "1700000000", "12"):
        error = error_of(client.get("/hsds/services", params={"modified_after": number}), 422)
        assert [f["field"] for f in error["fields"]] == ["modified_after"], number
        assert "ISO 8601" in error["fields"][0]["problem"]
    for date in ("2020-01-31", "2020-01-31T12:00:00Z", "2020-01-31T12:00:00+01:00"):
        body = client.get("/hsds/services", params={"modified_after": date}).json()
        assert body["total_items"] > 0, date


def test_the_last_admin_token_cannot_be_revoked(client, db):
    team = make_team(db)
    own = db.exec(select(ApiToken.id).where(ApiToken.curator_id == team.admin.id)).one()
    error_of(client.delete(f"/v1/tokens/{own}", headers=team.as_admin), 409, "conflict")
    assert client.get("/v1/curators", headers=team.as_admin).status_code == 200  # still an admin

    second = client.post(f"/v1/curators/{team.admin.id}/tokens", headers=team.as_admin).json()["token"]
    revoked = client.delete(f"/v1/tokens/{own}", headers=bearer(second))
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    assert client.get("/v1/curators", headers=team.as_admin).status_code == 401
    remaining = db.exec(select(ApiToken.id).where(ApiToken.curator_id == team.admin.id,
                                                  ApiToken.revoked_at.is_(None))).one()
    error_of(client.delete(f"/v1/tokens/{remaining}", headers=bearer(second)), 409, "conflict")
    editor_token = db.exec(select(ApiToken.id).where(ApiToken.curator_id == team.editor.id)).one()
    assert client.delete(f"/v1/tokens/{editor_token}", headers=bearer(second)).status_code == 200


def test_a_body_that_is_not_json_or_not_utf8_is_a_422_naming_the_body(client, db):
    team = make_team(db)
    headers = {**team.as_editor, "Content-Type": "application/json"}
    for content, problem in ((b'{"name": "caf\xe9"}', "not valid UTF-8 JSON"), (b'{"name": ', "not valid JSON")):
        error = error_of(client.post("/v1/organizations", content=content, headers=headers), 422)
        assert [(f["field"], f["location"]) for f in error["fields"]] == [("body", "body")]
        assert error["fields"][0]["problem"].startswith(problem)


def test_english_answers_name_regions_in_english_throughout(client):
    def region_texts(**params) -> str:
        """Every region name a search shows: areas, match reasons, where it searched."""
        body = client.get("/v1/services", params={"per_page": 100, **params}).json()
        assert body["total_items"] > 0
        texts = [area["name"] for item in body["contents"] for area in item["service_areas"]]
        texts += [reason for item in body["contents"] for reason in item["match_reasons"]]
        texts.append(json.dumps(body.get("interpreted_location"), ensure_ascii=False))
        return " | ".join(texts)

    for params in ({"region": "PV30"}, {"near": "Den Bosch", "radius_km": 40}):
        english, dutch = region_texts(lang="en", **params), region_texts(lang="nl", **params)
        assert "North Brabant" in english and "Noord-Brabant" not in english, params
        assert "Noord-Brabant" in dutch and "North Brabant" not in dutch, params
        assert "Netherlands" in english and "Nederland" not in english, params
    service = next(s for s in client.get("/v1/services", params={"region": "PV30", "lang": "en"}).json()["contents"]
                   if s["service_areas"])
    detail = client.get(f"/v1/services/{service['id']}", params={"lang": "en"}).json()
    assert [a["name"] for a in detail["service_areas"]] == [a["name"] for a in service["service_areas"]]
