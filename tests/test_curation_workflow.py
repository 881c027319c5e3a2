"""The review workflow as the public and curators notice it: what is public when, and the review queue."""

import pytest

from tests.test_curation_support import (
    create_organization,
    create_service,
    curator_view,
    error_of,
    history,
    if_match,
    make_team,
    public_search_ids,
    publish,
    published_service,
)


@pytest.fixture
def team(db):
    return make_team(db)


def _public(client, service_id: str):
    return client.get(f"/v1/services/{service_id}")


def test_draft_is_reviewed_then_published(client, team):
    organization_id = create_organization(client, team, name="Stichting Kwartelkoning")
    draft = create_service(client, team, organization_id, name="Kwartelkoninglijn",
                           description="Hulp via de kwartelkoninglijn")
    service_id = draft["id"]
    assert (draft["state"], draft["version"], draft["pending_revision"]) == ("draft", 1, None)
    error_of(_public(client, service_id), 404, "not_found")
    assert service_id not in public_search_ids(client, q="kwartelkoninglijn")
    assert client.get(f"/v1/organizations/{organization_id}").status_code == 404  # no public services yet

    submitted = client.post(f"/v1/services/{service_id}/submit", headers=team.as_editor)
    assert submitted.status_code == 200 and submitted.headers["ETag"] == '"2"'
    assert submitted.json()["state"] == "in_review"
    error_of(_public(client, service_id), 404)
    assert service_id not in public_search_ids(client, q="kwartelkoninglijn")
    error_of(client.post(f"/v1/services/{service_id}/submit", headers=team.as_editor), 409, "conflict")

    approved = client.post(f"/v1/services/{service_id}/approve", json={"comment": "Gecontroleerd"},
                           headers=team.as_reviewer)
    assert approved.status_code == 200 and approved.json()["state"] == "published"
    public = _public(client, service_id)
    assert public.status_code == 200 and public.json()["name"] == "Kwartelkoninglijn"
    assert service_id in public_search_ids(client, q="kwartelkoninglijn")
    organization = client.get(f"/v1/organizations/{organization_id}").json()
    assert [s["id"] for s in organization["services"]] == [service_id]
    assert [h["action"] for h in history(client, team, service_id)] == ["create", "submit", "publish"]
    assert history(client, team, service_id)[-1]["comment"] == "Gecontroleerd"
    error_of(client.post(f"/v1/services/{service_id}/approve", headers=team.as_reviewer), 409, "conflict")


def test_a_listing_without_phone_channel_or_location_cannot_be_published(client, team):
    organization_id = create_organization(client, team)
    draft = create_service(client, team, organization_id, phones=[], channels=[])
    client.post(f"/v1/services/{draft['id']}/submit", headers=team.as_editor)
    refused = client.post(f"/v1/services/{draft['id']}/approve", headers=team.as_reviewer)
    assert "phone" in error_of(refused, 409, "conflict")["message"]
    assert curator_view(client, team, draft["id"])["state"] == "in_review"
    error_of(_public(client, draft["id"]), 404)

    rejected = client.post(f"/v1/services/{draft['id']}/reject", json={"comment": "Voeg een chat toe"},
                           headers=team.as_reviewer)
    assert rejected.status_code == 200 and rejected.json()["state"] == "draft"
    edited = client.patch(f"/v1/services/{draft['id']}",
                          json={"channels": [{"type": "chat", "value": "https://example.org/chat"}]},
                          headers=if_match(rejected.json()["version"], team.as_editor))
    assert edited.status_code == 200 and edited.json()["state"] == "draft"
    publish(client, team, draft["id"])
    assert _public(client, draft["id"]).json()["channels"][0]["href"] == "https://example.org/chat"


def test_edit_of_a_published_service_waits_for_a_reviewer(client, team):
    service = published_service(client, team, name="Roerdomplijn", description="Oude tekst over de roerdomp")
    service_id = service["id"]
    old_public = _public(client, service_id).json()

    proposed = client.patch(f"/v1/services/{service_id}",
                            json={"name": "Grutto-lijn", "description": "Nieuwe tekst over de grutto"},
                            headers=if_match(service["version"], team.as_editor))
    assert proposed.status_code == 200
    view = proposed.json()
    assert view["state"] == "published" and proposed.headers["ETag"] == f'"{view["version"]}"'
    assert view["fields"]["description"] == "Oude tekst over de roerdomp"  # the published text
    assert view["pending_revision"]["fields"]["description"] == "Nieuwe tekst over de grutto"

    # The public still sees the approved text, in the detail and in search.
    assert _public(client, service_id).json() == old_public
    assert service_id in public_search_ids(client, q="roerdomp")
    assert service_id not in public_search_ids(client, q="grutto")

    queue = client.get("/v1/curation/queue", headers=team.as_reviewer).json()
    item = next(i for i in queue if i["service_id"] == service_id)
    assert item["kind"] == "revision" and item["proposed_by"] == "Eva Editor"
    assert item["diff"] == {"name": ["Roerdomplijn", "Grutto-lijn"],
                            "description": ["Oude tekst over de roerdomp", "Nieuwe tekst over de grutto"]}

    approved = client.post(f"/v1/services/{service_id}/approve", headers=team.as_reviewer)
    assert approved.status_code == 200 and approved.json()["pending_revision"] is None
    public = _public(client, service_id).json()
    assert (public["name"], public["description"]) == ("Grutto-lijn", "Nieuwe tekst over de grutto")
    assert service_id in public_search_ids(client, q="grutto")
    assert service_id not in public_search_ids(client, q="roerdomp")
    queue = client.get("/v1/curation/queue", headers=team.as_reviewer).json()
    assert service_id not in [i["service_id"] for i in queue]
    assert [h["action"] for h in history(client, team, service_id)][-2:] == ["propose", "approve"]


def test_rejecting_a_revision_drops_it_and_keeps_the_published_text(client, team):
    service = published_service(client, team, description="Goedgekeurde tekst")
    service_id = service["id"]
    client.patch(f"/v1/services/{service_id}", json={"description": "Foute tekst", "maximum_age": 99},
                 headers=if_match(service["version"], team.as_editor))
    rejected = client.post(f"/v1/services/{service_id}/reject", json={"comment": "Klopt niet"},
                           headers=team.as_reviewer)
    assert rejected.status_code == 200
    view = curator_view(client, team, service_id)
    assert view["pending_revision"] is None and view["state"] == "published"
    assert view["fields"]["description"] == "Goedgekeurde tekst" and view["fields"]["maximum_age"] == 23
    public = _public(client, service_id).json()
    assert (public["description"], public["maximum_age"]) == ("Goedgekeurde tekst", 23)
    assert service_id not in [i["service_id"] for i in client.get("/v1/curation/queue", headers=team.as_editor).json()]
    last = history(client, team, service_id)[-1]
    assert (last["action"], last["curator"], last["comment"]) == ("reject", "Rik Reviewer", "Klopt niet")
    error_of(client.post(f"/v1/services/{service_id}/approve", headers=team.as_reviewer), 409)  # nothing waits


def test_a_second_edit_builds_on_the_pending_revision(client, team):
    service = published_service(client, team, name="Eerste", description="Eerste tekst")
    service_id = service["id"]
    first = client.patch(f"/v1/services/{service_id}", json={"name": "Tweede"},
                         headers=if_match(service["version"], team.as_editor))
    second = client.patch(f"/v1/services/{service_id}", json={"description": "Tweede tekst"},
                          headers=if_match(first.json()["version"], team.as_second_editor))
    assert second.status_code == 200
    pending = second.json()["pending_revision"]["fields"]
    assert (pending["name"], pending["description"]) == ("Tweede", "Tweede tekst")
    queue = client.get("/v1/curation/queue", headers=team.as_editor).json()
    items = [i for i in queue if i["service_id"] == service_id]
    assert len(items) == 1 and items[0]["proposed_by"] == "Bram Editor"
    assert set(items[0]["diff"]) == {"name", "description"}
    client.post(f"/v1/services/{service_id}/approve", headers=team.as_reviewer)
    public = _public(client, service_id).json()
    assert (public["name"], public["description"]) == ("Tweede", "Tweede tekst")


def test_queue_shows_new_listings_with_their_fields(client, team):
    organization_id = create_organization(client, team)
    draft = create_service(client, team, organization_id, name="Nieuwe hulplijn")
    assert draft["id"] not in [i["service_id"] for i in client.get("/v1/curation/queue", headers=team.as_editor).json()]
    client.post(f"/v1/services/{draft['id']}/submit", headers=team.as_second_editor)
    queue = client.get("/v1/curation/queue", headers=team.as_editor).json()
    item = next(i for i in queue if i["service_id"] == draft["id"])
    assert (item["kind"], item["name"], item["proposed_by"]) == ("new_listing", "Nieuwe hulplijn", "Bram Editor")
    assert item["diff"]["name"] == [None, "Nieuwe hulplijn"]
    assert item["diff"]["service_areas"] == [None, ["NL"]]


def test_archive_hides_from_the_public_and_restore_gives_a_draft(client, team):
    service = published_service(client, team, name="Ijsvogellijn")
    service_id = service["id"]
    organization_id = service["fields"]["organization_id"]
    error_of(client.post(f"/v1/services/{service_id}/archive", headers=team.as_reviewer), 428, "if_match_required")
    archived = client.post(f"/v1/services/{service_id}/archive", headers=if_match(service["version"], team.as_reviewer))
    assert archived.status_code == 200 and archived.json()["state"] == "archived" and archived.json()["archived"]

    error_of(_public(client, service_id), 404)
    assert service_id not in public_search_ids(client, q="ijsvogellijn")
    assert client.get(f"/v1/organizations/{organization_id}").status_code == 404
    edit = client.patch(f"/v1/services/{service_id}", json={"name": "X"},
                        headers=if_match(archived.json()["version"], team.as_editor))
    error_of(edit, 409, "conflict")
    error_of(client.post(f"/v1/services/{service_id}/feedback", json={"reason": "closed"}), 404)

    restored = client.post(f"/v1/services/{service_id}/restore", headers=team.as_editor)
    assert restored.status_code == 200 and restored.json()["state"] == "draft" and not restored.json()["archived"]
    error_of(_public(client, service_id), 404)  # a restored listing needs review again
    publish(client, team, service_id)
    assert _public(client, service_id).json()["name"] == "Ijsvogellijn"
    actions = [h["action"] for h in history(client, team, service_id)]
    assert actions[-4:] == ["archive", "restore", "submit", "publish"]


def test_editor_may_archive_a_draft(client, team):
    organization_id = create_organization(client, team)
    draft = create_service(client, team, organization_id)
    archived = client.post(f"/v1/services/{draft['id']}/archive", headers=if_match(1, team.as_editor))
    assert archived.status_code == 200 and archived.json()["state"] == "archived"
    error_of(client.post(f"/v1/services/{draft['id']}/archive", headers=if_match(2, team.as_editor)), 409)


def test_archiving_a_published_service_drops_its_pending_revision(client, team):
    service = published_service(client, team)
    proposed = client.patch(f"/v1/services/{service['id']}", json={"name": "Voorstel"},
                            headers=if_match(service["version"], team.as_editor))
    client.post(f"/v1/services/{service['id']}/archive", headers=if_match(proposed.json()["version"], team.as_reviewer))
    queue = client.get("/v1/curation/queue", headers=team.as_editor).json()
    assert service["id"] not in [i["service_id"] for i in queue]
    assert curator_view(client, team, service["id"])["pending_revision"] is None


def test_an_archived_location_is_no_contact_route(client, team):
    organization_id = create_organization(client, team)
    location = client.post("/v1/locations", headers=team.as_editor, json={
        "organization_id": organization_id, "municipality_code": "GM0193", "name": "Inloop"}).json()
    draft = create_service(client, team, organization_id, phones=[], channels=[], location_ids=[location["id"]])
    client.post(f"/v1/services/{draft['id']}/submit", headers=team.as_editor)
    archived = client.post(f"/v1/locations/{location['id']}/archive", headers=if_match(1, team.as_reviewer))
    assert archived.status_code == 200
    approved = client.post(f"/v1/services/{draft['id']}/approve", headers=team.as_reviewer)
    error_of(approved, 409, "conflict")


def test_approve_names_the_revision_the_reviewer_saw(client, team):
    organization_id = create_organization(client, team)
    service = create_service(client, team, organization_id, description="Origineel")
    client.post(f"/v1/services/{service['id']}/submit", headers=team.as_editor)
    published = client.post(f"/v1/services/{service['id']}/approve", headers=team.as_reviewer).json()
    first = client.patch(f"/v1/services/{service['id']}", json={"description": "Versie A"},
                         headers=if_match(published["version"], team.as_editor)).json()
    seen = next(i for i in client.get("/v1/curation/queue", headers=team.as_reviewer).json()
                if i["service_id"] == service["id"])
    client.patch(f"/v1/services/{service['id']}", json={"description": "Versie B"},
                 headers=if_match(first["version"], team.as_editor))
    stale = client.post(f"/v1/services/{service['id']}/approve", headers=team.as_reviewer,
                        json={"revision_id": seen["revision_id"]})
    error_of(stale, 409, "conflict")
    assert client.get(f"/v1/services/{service['id']}").json()["description"] == "Origineel"


def test_nobody_approves_their_own_change(client, team):
    organization_id = create_organization(client, team)
    created = create_service(client, team, organization_id, name="Eigen voorstel")
    submitted = client.post(f"/v1/services/{created['id']}/submit", headers=team.as_reviewer)
    assert submitted.status_code == 200
    # The reviewer who submitted the new listing may not publish it; another reviewer may.
    error_of(client.post(f"/v1/services/{created['id']}/approve", headers=team.as_reviewer), 403, "forbidden")
    assert client.get(f"/v1/services/{created['id']}").status_code == 404
    published = client.post(f"/v1/services/{created['id']}/approve", headers=team.as_admin)
    assert published.status_code == 200 and published.json()["state"] == "published"

    # A reviewer's own revision of a published listing waits for someone else, and the public keeps the old text.
    proposed = client.patch(f"/v1/services/{created['id']}", json={"description": "Door de reviewer zelf"},
                            headers=if_match(published.json()["version"], team.as_reviewer))
    assert proposed.status_code == 200
    error_of(client.post(f"/v1/services/{created['id']}/approve", headers=team.as_reviewer), 403, "forbidden")
    assert client.get(f"/v1/services/{created['id']}").json()["description"] != "Door de reviewer zelf"
    assert client.post(f"/v1/services/{created['id']}/approve", headers=team.as_admin).status_code == 200
    assert client.get(f"/v1/services/{created['id']}").json()["description"] == "Door de reviewer zelf"
