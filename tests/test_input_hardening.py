"""Hostile text in inputs: control characters are refused by name, LIKE wildcards match themselves, no formulas in CSV."""

import csv
import io

import pytest

from api.models import Change, Feedback, Location, Organization, Service
from tests.builders import make_organization, make_service
from tests.test_curation_support import (
    bad_fields,
    count,
    create_organization,
    error_of,
    if_match,
    make_team,
    service_body,
)


@pytest.fixture
def team(db):
    return make_team(db)


@pytest.mark.parametrize(("path", "field"), [
    ("/v1/organizations?q=%00", "q"),
    ("/hsds/organizations?search=%00", "search"),
    ("/hsds/services?search=hulp%00", "search"),
    ("/v1/services?q=hulp%00amsterdam", "q"),
    ("/v1/services?near=Zwolle%01", "near"),
    ("/v1/services.csv?region=PV27&q=%1b", "q"),
    ("/v1/geocode?q=%00", "q"),
    ("/hsds/service_at_locations?search=%7f", "search"),
])
def test_a_control_character_in_a_query_parameter_is_refused_by_name(client, path, field):
    body = error_of(client.get(path), 422)
    assert [(f["field"], f["location"]) for f in body["fields"]] == [(field, "query")]
    assert "control characters" in body["fields"][0]["problem"]


def test_a_control_character_in_listing_text_is_refused_by_name_and_nothing_is_stored(client, db, team):
    organization_id = create_organization(client, team)
    before = (count(db, Organization), count(db, Service), count(db, Location), count(db, Change), count(db, Feedback))

    response = client.post("/v1/organizations", json={"name": "Nul\u0000byte"}, headers=team.as_editor)
    assert bad_fields(response) == {"name"}
    response = client.patch(f"/v1/organizations/{organization_id}", json={"description": "ok\u0007"},
                            headers=if_match(1, team.as_editor))
    assert bad_fields(response) == {"description"}
    response = client.post("/v1/services", json=service_body(organization_id, name="Hulp\u0000"),
                           headers=team.as_editor)
    assert bad_fields(response) == {"name"}
    response = client.post("/v1/locations", headers=team.as_editor, json={
        "organization_id": organization_id, "description": "x\u0000", "confidential": True,
        "latitude": 52.0912345, "longitude": 5.1223456, "municipality_code": "GM0344"})
    assert bad_fields(response) == {"description"}
    service = make_service(db, organization=make_organization(db, name="Terugmelding"), phones=["0800-0188"])
    before = (before[0] + 1, before[1] + 1, *before[2:])
    response = client.post(f"/v1/services/{service.id}/feedback", json={"reason": "wrong_phone", "message": "a\u0000"})
    assert bad_fields(response) == {"message"}

    # Text that only looks odd is accepted: tabs and line breaks belong to descriptions.
    response = client.patch(f"/v1/organizations/{organization_id}", json={"description": "Regel 1\nRegel 2\tmet tab"},
                            headers=if_match(1, team.as_editor))
    assert response.status_code == 200, response.text
    assert (count(db, Organization), count(db, Service), count(db, Location), count(db, Change) - 1,
            count(db, Feedback)) == before


def test_like_wildcards_in_name_filters_match_only_themselves(client, db):
    percent = make_organization(db, name="Honderd% Hulp")
    underscore = make_organization(db, name="Hulp_lijn Noord")
    plain = make_organization(db, name="Gewone Hulp")
    for organization in (percent, underscore, plain):
        make_service(db, organization=organization, phones=["0800-0188"])

    def names(path: str, parameter: str, text: str) -> set[str]:
        body = client.get(path, params={parameter: text, "per_page": 100}).json()
        items = body.get("items", body.get("contents"))
        assert body["total_items"] == len(items)
        return {item["name"] for item in items}

    for path, parameter in (("/v1/organizations", "q"), ("/hsds/organizations", "search")):
        assert names(path, parameter, "%") == {"Honderd% Hulp"}, path
        assert names(path, parameter, "_") == {"Hulp_lijn Noord"}, path
        assert names(path, parameter, "p_l") == {"Hulp_lijn Noord"}, path  # not "Hulp lijn", not any one letter
        assert names(path, parameter, "d% h") == {"Honderd% Hulp"}, path
        assert plain.name in names(path, parameter, "hulp"), path


def test_a_referral_list_never_hands_a_spreadsheet_a_formula(client, db):
    organization = make_organization(db, name="@Kwaadaardig")
    make_service(db, organization=organization, name='=HYPERLINK("https://example.org","klik")',
                 description="-1+1 lijkt een som", phones=["0800-0188"])
    make_service(db, organization=organization, name="Gewone naam", description="Gewone tekst", phones=["0800-0188"])
    response = client.get("/v1/services.csv", params={"organization_id": organization.id})
    assert response.status_code == 200
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(response.text))}
    by_name = {row["name"]: row for row in rows.values()}
    risky = by_name["'=HYPERLINK(\"https://example.org\",\"klik\")"]
    assert (risky["organization"], risky["description"]) == ("'@Kwaadaardig", "'-1+1 lijkt een som")
    assert by_name["Gewone naam"]["description"] == "Gewone tekst"
    assert not any(value.startswith(("=", "+", "-", "@")) for row in rows.values() for value in row.values())
