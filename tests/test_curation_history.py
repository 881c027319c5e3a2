"""History: one recorded change per change, written atomically with it, restorable, and as HSDS metadata."""

import uuid

import pytest
from sqlmodel import select

from api.curation import revisions as pending_revisions
from api.curation import services
from api.listings.fields import ServicePatch
from api.models import Change, Revision, Service
from tests.test_curation_support import (
    count,
    create_organization,
    create_service,
    curator_view,
    error_of,
    history,
    if_match,
    make_team,
    publish,
)


@pytest.fixture
def team(db):
    return make_team(db)


def _changes_of(db, resource_id: str) -> int:
    return count(db, Change, Change.resource_id == resource_id)


def _same_listing(snapshot: dict, fields: dict) -> bool:
    """Equal fields; phones compared by number (a create snapshot keeps `free` as sent, not as derived)."""
    def numbers(value: dict) -> list[str]:
        return sorted(phone["number"] for phone in value["phones"])

    rest = [key for key in set(snapshot) | set(fields) if key != "phones"]
    return numbers(snapshot) == numbers(fields) and all(snapshot.get(k) == fields.get(k) for k in rest)


def test_every_change_adds_exactly_one_history_row(client, db, team):
    organization_id = create_organization(client, team)
    created = create_service(client, team, organization_id, name="Versie een")
    sid = created["id"]
    steps = [
        ("update", lambda v: client.patch(f"/v1/services/{sid}", json={"name": "Versie twee"},
                                          headers=if_match(v, team.as_second_editor)), "Bram Editor"),
        ("submit", lambda v: client.post(f"/v1/services/{sid}/submit", headers=team.as_editor), "Eva Editor"),
        ("publish", lambda v: client.post(f"/v1/services/{sid}/approve", headers=team.as_reviewer), "Rik Reviewer"),
        ("verify", lambda v: client.post(f"/v1/services/{sid}/verify", headers=team.as_editor), "Eva Editor"),
        ("propose", lambda v: client.patch(f"/v1/services/{sid}", json={"description": "Voorstel"},
                                           headers=if_match(v, team.as_editor)), "Eva Editor"),
        ("approve", lambda v: client.post(f"/v1/services/{sid}/approve", headers=team.as_admin), "Anna Admin"),
        ("propose", lambda v: client.patch(f"/v1/services/{sid}", json={"description": "Afgewezen"},
                                           headers=if_match(v, team.as_editor)), "Eva Editor"),
        ("reject", lambda v: client.post(f"/v1/services/{sid}/reject", headers=team.as_reviewer), "Rik Reviewer"),
        ("archive", lambda v: client.post(f"/v1/services/{sid}/archive", headers=if_match(v, team.as_reviewer)),
         "Rik Reviewer"),
        ("restore", lambda v: client.post(f"/v1/services/{sid}/restore", headers=team.as_editor), "Eva Editor"),
    ]
    entries = history(client, team, sid)
    assert [(e["action"], e["version"], e["curator"]) for e in entries] == [("create", 1, "Eva Editor")]
    assert _same_listing(entries[0]["snapshot"], created["fields"])
    version = 1
    for action, step, who in steps:
        before = _changes_of(db, sid)
        response = step(version)
        assert response.status_code == 200, (action, response.text)
        view = response.json()
        assert view["version"] == version + 1, action  # every change moves the version on by one
        version = view["version"]
        assert _changes_of(db, sid) == before + 1, action
        last = history(client, team, sid)[-1]
        assert (last["action"], last["version"], last["curator"]) == (action, version, who)
        assert last["diff"], action  # something is recorded as changed
    last_update = next(e for e in history(client, team, sid) if e["action"] == "update")
    assert last_update["diff"] == {"name": ["Versie een", "Versie twee"]}
    assert last_update["snapshot"]["name"] == "Versie twee"


def test_organisation_and_location_changes_are_recorded_too(client, db, team):
    organization_id = create_organization(client, team, name="Oude naam")
    assert client.patch(f"/v1/organizations/{organization_id}", json={"name": "Nieuwe naam"},
                        headers=if_match(1, team.as_editor)).status_code == 200
    entries = client.get(f"/v1/organizations/{organization_id}/history", headers=team.as_editor).json()
    assert [(e["action"], e["curator"]) for e in entries] == [("create", "Eva Editor"), ("update", "Eva Editor")]
    assert entries[1]["diff"] == {"name": ["Oude naam", "Nieuwe naam"]}

    location = client.post("/v1/locations", json={"organization_id": organization_id, "municipality_code": "GM0193",
                                                  "name": "Inloop"}, headers=team.as_editor).json()
    client.patch(f"/v1/locations/{location['id']}", json={"name": "Inloop Zwolle"}, headers=if_match(1, team.as_editor))
    client.post(f"/v1/locations/{location['id']}/archive", headers=if_match(2, team.as_reviewer))
    client.post(f"/v1/locations/{location['id']}/restore", headers=team.as_reviewer)
    entries = client.get(f"/v1/locations/{location['id']}/history", headers=team.as_editor).json()
    assert [(e["action"], e["version"]) for e in entries] == [("create", 1), ("update", 2), ("archive", 3),
                                                              ("restore", 4)]
    assert _changes_of(db, location["id"]) == 4


def test_a_failure_after_the_change_leaves_neither_change_nor_history(client, db, team):
    organization_id = create_organization(client, team)
    sid = create_service(client, team, organization_id, name="Blijft zo", description="Ongewijzigd")["id"]
    changes = count(db, Change)
    with pytest.raises(RuntimeError, match="na de wijziging"), db.begin_nested():
        view = services.update_service(db, curator=team.editor, service_id=sid,
                                       patch=ServicePatch(name="Half weg", description="Nooit bewaard"), if_match='"1"')
        assert view.fields["name"] == "Half weg" and count(db, Change) == changes + 1  # both written...
        raise RuntimeError("fout na de wijziging")
    # ...and both gone.
    db.expire_all()
    stored = db.get(Service, sid)
    assert (stored.name, stored.description, stored.version) == ("Blijft zo", "Ongewijzigd", 1)
    assert count(db, Change) == changes
    view = curator_view(client, team, sid)
    assert (view["version"], view["fields"]["name"]) == (1, "Blijft zo")
    assert [e["action"] for e in history(client, team, sid)] == ["create"]


def test_a_request_that_fails_while_recording_history_stores_nothing(client, db, team, monkeypatch):
    organization_id = create_organization(client, team)
    draft = create_service(client, team, organization_id, name="Concept")
    published = publish(client, team, draft["id"])
    sid = published["id"]
    changes, revisions = count(db, Change), count(db, Revision)
    real_record_change = services.record_change

    def record_then_fail(*args, **kwargs):
        real_record_change(*args, **kwargs)
        raise RuntimeError("history store failed")

    monkeypatch.setattr(services, "record_change", record_then_fail)
    monkeypatch.setattr(pending_revisions, "record_change", record_then_fail)  # where proposals are recorded
    response = client.patch(f"/v1/services/{sid}", json={"name": "Mislukt"},
                            headers=if_match(published["version"], team.as_editor))
    error_of(response, 500, "internal_error")
    response = client.post(f"/v1/services/{sid}/verify", headers=team.as_editor)
    error_of(response, 500, "internal_error")
    monkeypatch.undo()

    assert (count(db, Change), count(db, Revision)) == (changes, revisions)
    view = curator_view(client, team, sid)
    assert (view["version"], view["pending_revision"], view["assured_date"]) == (published["version"], None, None)
    assert client.get(f"/v1/services/{sid}").json()["name"] == "Concept"


def test_restoring_the_first_version_brings_back_its_text_and_is_recorded(client, db, team):
    organization_id = create_organization(client, team)
    created = create_service(client, team, organization_id, name="Eerste naam", description="Eerste tekst",
                             maximum_age=18)
    sid = created["id"]
    client.patch(f"/v1/services/{sid}", json={"name": "Tweede naam"}, headers=if_match(1, team.as_editor))
    client.patch(f"/v1/services/{sid}", json={"description": "Derde tekst", "maximum_age": 30},
                 headers=if_match(2, team.as_editor))
    first = history(client, team, sid)[0]
    assert first["action"] == "create"

    restored = client.post(f"/v1/services/{sid}/history/{first['id']}/restore", headers=team.as_reviewer)
    assert restored.status_code == 200 and restored.headers["ETag"] == '"4"'
    fields = restored.json()["fields"]
    assert (fields["name"], fields["description"], fields["maximum_age"]) == ("Eerste naam", "Eerste tekst", 18)
    assert _same_listing(first["snapshot"], fields)

    last = history(client, team, sid)[-1]
    assert (last["action"], last["version"], last["curator"]) == ("restore_version", 4, "Rik Reviewer")
    assert "version 1" in last["comment"]
    diff = last["diff"]
    assert (diff["name"], diff["description"], diff["maximum_age"]) == (
        ["Tweede naam", "Eerste naam"], ["Derde tekst", "Eerste tekst"], [30, 18])
    assert set(diff) == {"name", "description", "maximum_age"}
    assert _changes_of(db, sid) == 4

    unknown = client.post(f"/v1/services/{sid}/history/{uuid.uuid4()}/restore", headers=team.as_reviewer)
    error_of(unknown, 404, "not_found")
    other = create_service(client, team, organization_id, name="Andere dienst")
    foreign = history(client, team, other["id"])[0]["id"]
    error_of(client.post(f"/v1/services/{sid}/history/{foreign}/restore", headers=team.as_reviewer), 404)


def test_resending_an_unchanged_phone_records_no_phone_change(client, team):
    organization_id = create_organization(client, team)
    sid = create_service(client, team, organization_id, name="Oud", phones=[{"number": "0800-0188"}])["id"]
    client.patch(f"/v1/services/{sid}", json={"name": "Nieuw", "phones": [{"number": "0800-0188"}]},
                 headers=if_match(1, team.as_editor))
    assert history(client, team, sid)[-1]["diff"] == {"name": ["Oud", "Nieuw"]}


def test_history_entries_carry_hsds_metadata_rows(client, db, team):
    organization_id = create_organization(client, team)
    sid = create_service(client, team, organization_id, name="Oude naam", minimum_age=12)["id"]
    client.patch(f"/v1/services/{sid}", json={"name": "Nieuwe naam", "minimum_age": 14},
                 headers=if_match(1, team.as_second_editor))
    entry = history(client, team, sid)[-1]
    rows = {row["field_name"]: row for row in entry["metadata"]}
    assert set(rows) == set(entry["diff"]) == {"name", "minimum_age"}
    assert rows["name"] | {"id": None, "last_action_date": None} == {
        "id": None, "last_action_date": None, "resource_id": sid, "resource_type": "service",
        "last_action_type": "update", "field_name": "name", "previous_value": "Oude naam",
        "replacement_value": "Nieuwe naam", "updated_by": "Bram Editor",
    }
    assert (rows["minimum_age"]["previous_value"], rows["minimum_age"]["replacement_value"]) == ("12", "14")
    assert rows["name"]["last_action_date"] == entry["at"][:10]
    stored = db.exec(select(Change).where(Change.resource_id == sid).order_by(Change.version)).all()[-1]
    assert stored.curator_id == team.second_editor.id and stored.curator_name == "Bram Editor"
    create_rows = history(client, team, sid)[0]["metadata"]
    assert {r["field_name"] for r in create_rows} >= {"name", "organization_id", "phones"}
    assert all(r["previous_value"] == "" for r in create_rows)
