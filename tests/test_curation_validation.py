"""Write-API validation: every bad field is named in a 422, and a refused request stores nothing."""

import pytest
from sqlmodel import select

from api.models import Change, Location, Organization, Phone, Revision, Service
from tests.builders import make_location, make_organization
from tests.test_curation_support import (
    bad_fields,
    count,
    create_organization,
    create_service,
    curator_view,
    error_of,
    if_match,
    make_team,
    published_service,
    service_body,
)


@pytest.fixture
def team(db):
    return make_team(db)


@pytest.fixture
def organization_id(client, team):
    return create_organization(client, team)


def _stored(db) -> tuple[int, ...]:
    """What a write could have added."""
    return (count(db, Service), count(db, Change), count(db, Phone), count(db, Revision), count(db, Organization),
            count(db, Location))


def test_dutch_phone_numbers_are_normalised_and_keep_their_written_form(client, db, team, organization_id):
    phones = [{"number": "033 448 11 86"}, {"number": "0800-0188"}, {"number": "0900-0101"},
              {"number": "+31 33 448 11 86", "free": True, "description": "Teruggebeld worden"}]
    service = create_service(client, team, organization_id, phones=phones)
    stored = sorted(((p.display_number, p.number, p.free) for p in db.exec(
        select(Phone).where(Phone.service_id == service["id"])).all()), key=lambda row: row[0])
    assert stored == [
        ("+31 33 448 11 86", "+31334481186", True),  # an explicit free wins
        ("033 448 11 86", "+31334481186", None),     # a landline: cost unknown
        ("0800-0188", "+318000188", True),           # 0800 is free
        ("0900-0101", "+319000101", False),          # 0900 is paid
    ]
    assert sorted(p["number"] for p in service["fields"]["phones"]) == sorted(p["number"] for p in phones)

    service_id = service["id"]
    assert client.post(f"/v1/services/{service_id}/submit", headers=team.as_editor).status_code == 200
    assert client.post(f"/v1/services/{service_id}/approve", headers=team.as_reviewer).status_code == 200
    channels = client.get(f"/v1/services/{service_id}").json()["channels"]
    public = {c["value"]: (c["href"], c["free"]) for c in channels if c["type"] == "phone"}
    assert public["033 448 11 86"] == ("tel:+31334481186", None)
    assert public["0800-0188"] == ("tel:+318000188", True)
    assert public["0900-0101"] == ("tel:+319000101", False)


# (case, overrides of a valid body, the fields the 422 must name). Schema rules first, then reference rules.
SINGLE_RULES = [
    ("unknown field", {"bogus": 1}, {"bogus"}),
    ("unknown field in a phone", {"phones": [{"number": "0800-0188", "fax": "x"}]}, {"phones.0.fax"}),
    ("invalid phone", {"phones": [{"number": "12345678"}]}, {"phones.0.number"}),
    ("letters as phone", {"phones": [{"number": "bel ons maar"}]}, {"phones.0.number"}),
    ("javascript url", {"url": "javascript:alert(1)"}, {"url"}),
    ("ftp url", {"url": "ftp://example.org/file"}, {"url"}),
    ("url without scheme", {"source_url": "www.example.org"}, {"source_url"}),
    ("chat link not http", {"channels": [{"type": "chat", "value": "javascript:alert(1)"}]}, {"channels.0.value"}),
    ("invalid e-mail", {"email": "hulp-at-example.org"}, {"email"}),
    ("invalid e-mail channel", {"channels": [{"type": "email", "value": "hulp@"}]}, {"channels.0.value"}),
    ("negative age", {"minimum_age": -1}, {"minimum_age"}),
    ("age above 120", {"maximum_age": 121, "minimum_age": None}, {"maximum_age"}),
    ("minimum above maximum", {"minimum_age": 18, "maximum_age": 12}, {"maximum_age"}),
    ("empty name", {"name": "   "}, {"name"}),
    ("name too long", {"name": "n" * 201}, {"name"}),
    ("description too long", {"description": "d" * 4001}, {"description"}),
    ("unknown gender", {"genders": ["male", "man"]}, {"genders.1"}),
    ("bad language code", {"languages": ["nld"]}, {"languages.0"}),
    ("unknown region code", {"service_areas": ["NL", "GM9999"]}, {"service_areas.1"}),
    ("unknown service type", {"service_types": ["helpline", "hotline"]}, {"service_types.1"}),
    ("unknown audience", {"audiences": ["ouders"]}, {"audiences.0"}),
    ("unknown situation", {"situations": ["onbekend"]}, {"situations.0"}),
]


def test_each_rule_names_its_field_and_nothing_is_stored(client, db, team, organization_id):
    before = _stored(db)
    for case, overrides, expected in SINGLE_RULES:
        response = client.post("/v1/services", json=service_body(organization_id, **overrides), headers=team.as_editor)
        assert bad_fields(response) == expected, case
    assert _stored(db) == before


def test_hours_must_close_after_they_open(client, db, team, organization_id):
    before = _stored(db)
    late = [{"days": ["MO", "TU"], "opens": "17:00", "closes": "09:00"}]
    response = client.post("/v1/services", json=service_body(organization_id, hours=late), headers=team.as_editor)
    fields = bad_fields(response)
    assert any(f.startswith("hours") and f.endswith(".0.closes") for f in fields), fields
    assert "closes must be after opens" in response.json()["error"]["message"]
    phone = [{"number": "0800-0188", "hours": [{"days": ["SA"], "opens": "12:00", "closes": "12:00"}]}]
    fields = bad_fields(client.post("/v1/services", json=service_body(organization_id, phones=phone),
                                    headers=team.as_editor))
    assert any(f.startswith("phones.0.hours") and f.endswith(".0.closes") for f in fields), fields
    assert _stored(db) == before


def test_ages_at_the_edges_are_accepted(client, team, organization_id):
    for minimum, maximum in ((0, 120), (16, 16)):
        service = create_service(client, team, organization_id, minimum_age=minimum, maximum_age=maximum)
        assert (service["fields"]["minimum_age"], service["fields"]["maximum_age"]) == (minimum, maximum)


def test_one_request_with_several_bad_fields_names_all_of_them(client, db, team, organization_id):
    other = make_organization(db, name="Andere organisatie")
    elsewhere = make_location(db, organization=other, municipality="GM0363")
    before = _stored(db)
    body = service_body(
        organization_id, name="", url="javascript:alert(1)", email="geen-adres", minimum_age=30, maximum_age=10,
        phones=[{"number": "0800-0188"}, {"number": "112"}, {"number": "nummer"}],
        channels=[{"type": "web_form", "value": "ftp://example.org"}], description="x" * 4001, onbekend=True,
    )
    response = client.post("/v1/services", json=body, headers=team.as_editor)
    assert bad_fields(response) == {"name", "url", "email", "maximum_age", "phones.2.number", "channels.0.value",
                                    "description", "onbekend"}
    assert _stored(db) == before

    body = service_body(organization_id, service_areas=["GM0193", "XX01", "ZZ"], service_types=["shelter", "nope"],
                        audiences=["self", "everyone"], location_ids=[elsewhere.id])
    response = client.post("/v1/services", json=body, headers=team.as_editor)
    assert bad_fields(response) == {"service_areas.1", "service_areas.2", "service_types.1", "audiences.1",
                                    "location_ids.0"}
    problems = {p["field"]: p["problem"] for p in response.json()["error"]["fields"]}
    assert "another organisation" in problems["location_ids.0"]
    assert _stored(db) == before


def test_location_must_belong_to_the_services_organisation(client, db, team, organization_id):
    other = make_organization(db, name="Andere organisatie")
    own = make_location(db, organization=db.get(Organization, organization_id), municipality="GM0193")
    foreign = make_location(db, organization=other, municipality="GM0363")
    before = _stored(db)
    response = client.post("/v1/services", json=service_body(organization_id, location_ids=[own.id, foreign.id]),
                           headers=team.as_editor)
    assert bad_fields(response) == {"location_ids.1"}
    assert _stored(db) == before
    ok = create_service(client, team, organization_id, location_ids=[own.id])
    assert ok["fields"]["location_ids"] == [own.id]


def test_patch_is_validated_together_with_the_stored_fields(client, db, team, organization_id):
    service = create_service(client, team, organization_id, minimum_age=12, maximum_age=20)
    before = _stored(db)
    response = client.patch(f"/v1/services/{service['id']}", json={"minimum_age": 50},
                            headers=if_match(1, team.as_editor))
    assert bad_fields(response) == {"maximum_age"}
    response = client.patch(f"/v1/services/{service['id']}",
                            json={"url": "ftp://x.nl", "phones": [{"number": "0800-12"}], "extra": 1},
                            headers=if_match(1, team.as_editor))
    assert bad_fields(response) == {"url", "phones.0.number", "extra"}
    response = client.patch(f"/v1/services/{service['id']}", json={"service_areas": ["NL", "PV99"]},
                            headers=if_match(1, team.as_editor))
    assert bad_fields(response) == {"service_areas.1"}
    assert _stored(db) == before
    view = curator_view(client, team, service["id"])
    assert view["version"] == 1 and view["fields"]["minimum_age"] == 12 and view["fields"]["service_areas"] == ["NL"]


def test_refused_edit_of_a_published_service_creates_no_revision(client, db, team):
    service = published_service(client, team)
    before = _stored(db)
    response = client.patch(f"/v1/services/{service['id']}", json={"maximum_age": 5},
                            headers=if_match(service["version"], team.as_editor))
    assert bad_fields(response) == {"maximum_age"}
    assert _stored(db) == before
    assert curator_view(client, team, service["id"])["pending_revision"] is None


def test_organisation_and_location_bodies_are_validated(client, db, team, organization_id):
    before = _stored(db)
    response = client.post("/v1/organizations", json={"name": "", "website": "javascript:alert(1)",
                                                      "email": "x", "kvk": "123"}, headers=team.as_editor)
    assert bad_fields(response) == {"name", "website", "email", "kvk"}
    response = client.patch(f"/v1/organizations/{organization_id}", json={"website": "ftp://example.org"},
                            headers=if_match(1, team.as_editor))
    assert bad_fields(response) == {"website"}

    response = client.post("/v1/locations", json={
        "organization_id": organization_id, "municipality_code": "Zwolle", "latitude": 40.0, "longitude": 5.0,
        "address": {"address_1": "Straat 1", "postal_code": "ABCD 12"}, "capacity": 4}, headers=team.as_editor)
    assert bad_fields(response) == {"municipality_code", "latitude", "address.postal_code", "capacity"}
    response = client.post("/v1/locations", json={"organization_id": organization_id, "latitude": 52.5},
                           headers=team.as_editor)
    assert "longitude" in bad_fields(response)
    response = client.post("/v1/locations", json={"organization_id": organization_id, "municipality_code": "GM9999"},
                           headers=team.as_editor)
    assert bad_fields(response) == {"municipality_code"}
    assert _stored(db) == before


def test_refused_requests_say_nothing_was_stored_via_the_api(client, team, organization_id):
    response = client.post("/v1/services", json=service_body(organization_id, name="Nooit opgeslagen",
                                                             service_areas=["XX"]), headers=team.as_editor)
    error_of(response, 422)
    queue = client.get("/v1/curation/queue", headers=team.as_editor).json()
    assert "Nooit opgeslagen" not in [item["name"] for item in queue]
    organization = client.get(f"/v1/curation/organizations/{organization_id}", headers=team.as_editor)
    assert organization.status_code == 200 and organization.json()["version"] == 1


@pytest.mark.parametrize("number", ["000", "123", "0800", "+32 2 555 12 12"])
def test_only_dutch_numbers_and_known_short_numbers(client, team, number):
    organization_id = create_organization(client, team)
    response = client.post("/v1/services", headers=team.as_editor, json={
        "organization_id": organization_id, "name": "Nummertest", "phones": [{"number": number}]})
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "phones.0.number"
