"""Organisations and locations the public sees change only after a second person's review; a shelter's
address becomes public only with a reviewer other than the one who asked; hiding an address never waits."""

import pytest

from tests.test_curation_support import (
    bearer,
    create_organization,
    create_service,
    error_of,
    if_match,
    make_team,
    publish,
)

STREET = "Schuilplaats 12"
EXACT = (52.51234, 6.08765)


@pytest.fixture
def team(db):
    return make_team(db)


def _location(client, team, organization_id: str, **fields) -> dict:
    body = {"organization_id": organization_id, "name": "Opvang", "municipality_code": "GM0193",
            "latitude": EXACT[0], "longitude": EXACT[1], "address": {"address_1": STREET, "postal_code": "8011 AB"},
            **fields}
    response = client.post("/v1/locations", headers=team.as_editor, json=body)
    assert response.status_code == 201, response.text
    return response.json()


def _public_service_at(client, team, organization_id: str, location_id: str) -> str:
    service = create_service(client, team, organization_id, name="Opvang Zwolle", location_ids=[location_id])
    publish(client, team, service["id"])
    return service["id"]


def _queue(client, team) -> list[dict]:
    response = client.get("/v1/curation/queue", headers=team.as_reviewer)
    assert response.status_code == 200
    return response.json()


def test_an_edit_of_an_organisation_the_public_sees_waits_for_another_reviewer(client, team):
    organization_id = create_organization(client, team, name="Stichting Zichtbaar")
    # Not public yet: edits apply at once.
    early = client.patch(f"/v1/organizations/{organization_id}", json={"description": "Nog niet openbaar"},
                         headers=if_match(1, team.as_editor))
    assert early.status_code == 200 and early.json()["pending_revision"] is None
    assert early.json()["fields"]["description"] == "Nog niet openbaar"
    location = _location(client, team, organization_id)
    service_id = _public_service_at(client, team, organization_id, location["id"])

    version = client.get(f"/v1/curation/organizations/{organization_id}", headers=team.as_editor).json()["version"]
    proposed = client.patch(f"/v1/organizations/{organization_id}", json={"name": "Stichting Anders Genoemd"},
                            headers=if_match(version, team.as_editor))
    assert proposed.status_code == 200
    assert proposed.json()["fields"]["name"] == "Stichting Zichtbaar"
    assert proposed.json()["pending_revision"]["fields"]["name"] == "Stichting Anders Genoemd"
    assert client.get(f"/v1/organizations/{organization_id}").json()["name"] == "Stichting Zichtbaar"
    assert client.get(f"/v1/services/{service_id}").json()["organization"]["name"] == "Stichting Zichtbaar"
    (item,) = [i for i in _queue(client, team) if i["resource_id"] == organization_id]
    assert (item["resource_type"], item["kind"], item["proposed_by"]) == ("organization", "revision", "Eva Editor")
    assert item["diff"]["name"] == ["Stichting Zichtbaar", "Stichting Anders Genoemd"]

    error_of(client.post(f"/v1/organizations/{organization_id}/approve", headers=team.as_editor), 403)
    approved = client.post(f"/v1/organizations/{organization_id}/approve", headers=team.as_reviewer,
                           json={"comment": "Klopt met KvK", "revision_id": item["revision_id"]})
    assert approved.status_code == 200 and approved.json()["pending_revision"] is None
    assert client.get(f"/v1/organizations/{organization_id}").json()["name"] == "Stichting Anders Genoemd"
    found = client.get("/v1/services", params={"q": "anders genoemd"}).json()
    assert service_id in [s["id"] for s in found["contents"]]  # search follows the approved name
    history = client.get(f"/v1/organizations/{organization_id}/history", headers=team.as_editor).json()
    assert [h["action"] for h in history][-2:] == ["propose", "approve"]


def test_a_reviewer_rejects_an_organisation_edit_and_nothing_changes(client, team):
    organization_id = create_organization(client, team, name="Stichting Blijft")
    location = _location(client, team, organization_id)
    _public_service_at(client, team, organization_id, location["id"])
    version = curator_view_of(client, team, "organizations", organization_id)["version"]
    client.patch(f"/v1/organizations/{organization_id}", json={"website": "https://verkeerd.example"},
                 headers=if_match(version, team.as_editor))
    rejected = client.post(f"/v1/organizations/{organization_id}/reject", headers=team.as_reviewer,
                           json={"comment": "Onjuiste website"})
    assert rejected.status_code == 200 and rejected.json()["pending_revision"] is None
    assert rejected.json()["fields"]["website"] is None
    assert not [i for i in _queue(client, team) if i["resource_id"] == organization_id]
    error_of(client.post(f"/v1/organizations/{organization_id}/approve", headers=team.as_reviewer), 409)


def curator_view_of(client, team, kind: str, record_id: str) -> dict:
    response = client.get(f"/v1/curation/{kind}/{record_id}", headers=team.as_editor)
    assert response.status_code == 200
    return response.json()


def test_a_shelter_address_becomes_public_only_with_a_second_reviewer(client, team, db):
    organization_id = create_organization(client, team, name="Stichting Veilig")
    shelter = _location(client, team, organization_id, confidential=True)
    service_id = _public_service_at(client, team, organization_id, shelter["id"])

    def public_address() -> str | None:
        return client.get(f"/v1/services/{service_id}").json()["locations"][0]["address"]

    assert public_address() is None
    # Not even a reviewer, alone, can make the address public.
    version = curator_view_of(client, team, "locations", shelter["id"])["version"]
    asked = client.patch(f"/v1/locations/{shelter['id']}", json={"confidential": False},
                         headers=if_match(version, team.as_reviewer))
    assert asked.status_code == 200
    assert asked.json()["fields"]["confidential"] is True
    assert asked.json()["pending_revision"]["fields"]["confidential"] is False
    assert public_address() is None
    (item,) = [i for i in _queue(client, team) if i["resource_id"] == shelter["id"]]
    assert item["resource_type"] == "location" and item["diff"]["confidential"] == [True, False]
    error_of(client.post(f"/v1/locations/{shelter['id']}/approve", headers=team.as_reviewer), 403)
    error_of(client.post(f"/v1/locations/{shelter['id']}/approve", headers=team.as_editor), 403)
    assert public_address() is None

    approved = client.post(f"/v1/locations/{shelter['id']}/approve", headers=team.as_admin)
    assert approved.status_code == 200 and approved.json()["fields"]["confidential"] is False
    assert public_address() == STREET


def test_a_location_that_is_not_public_yet_is_edited_at_once_but_never_made_open_alone(client, team):
    organization_id = create_organization(client, team, name="Stichting Voorbereiding")
    draft_place = _location(client, team, organization_id)
    renamed = client.patch(f"/v1/locations/{draft_place['id']}", json={"name": "Inloop in voorbereiding"},
                           headers=if_match(draft_place["version"], team.as_editor))
    assert renamed.status_code == 200 and renamed.json()["fields"]["name"] == "Inloop in voorbereiding"
    assert renamed.json()["pending_revision"] is None

    hidden = _location(client, team, organization_id, confidential=True)
    asked = client.patch(f"/v1/locations/{hidden['id']}", json={"confidential": False},
                         headers=if_match(hidden["version"], team.as_editor))
    assert asked.json()["fields"]["confidential"] is True and asked.json()["pending_revision"] is not None


def test_hiding_an_address_applies_at_once_while_other_changes_wait(client, team):
    organization_id = create_organization(client, team, name="Stichting Verhuist")
    place = _location(client, team, organization_id)
    service_id = _public_service_at(client, team, organization_id, place["id"])
    assert client.get(f"/v1/services/{service_id}").json()["locations"][0]["address"] == STREET

    version = curator_view_of(client, team, "locations", place["id"])["version"]
    changed = client.patch(f"/v1/locations/{place['id']}", json={"confidential": True, "name": "Nieuw adres"},
                           headers=if_match(version, team.as_editor))
    assert changed.status_code == 200
    assert changed.json()["fields"]["confidential"] is True  # at once
    assert changed.json()["pending_revision"]["fields"]["name"] == "Nieuw adres"  # the rest waits
    public = client.get(f"/v1/services/{service_id}").json()["locations"][0]
    assert public["address"] is None and public["confidential"] is True and public["name"] != "Nieuw adres"
    assert client.post(f"/v1/locations/{place['id']}/approve", headers=team.as_reviewer).status_code == 200
    assert client.get(f"/v1/services/{service_id}").json()["locations"][0]["name"] == "Nieuw adres"


def test_tokens_of_other_roles_cannot_decide(client, team):
    organization_id = create_organization(client, team, name="Stichting Rollen")
    error_of(client.post(f"/v1/organizations/{organization_id}/approve", headers=team.as_editor), 403)
    error_of(client.post(f"/v1/organizations/{organization_id}/reject", headers=team.as_editor), 403)
    error_of(client.post(f"/v1/organizations/{organization_id}/approve", headers=bearer("hf_nonsense")), 401)
    error_of(client.post(f"/v1/organizations/{organization_id}/approve", headers=team.as_reviewer), 409)
