"""Optimistic concurrency: two curators edit the same listing; nobody's edit is silently lost."""

import threading
import time
import uuid

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from api.curation import services
from api.curation.auth import add_curator
from api.listings.fields import ServiceFields, ServicePatch
from api.errors import PreconditionFailed
from api.models import Change, Revision, Service
from tests.builders import make_location, make_organization
from tests.test_curation_support import (
    count,
    create_organization,
    create_service,
    curator_view,
    error_of,
    history,
    if_match,
    make_team,
    published_service,
    service_body,
)


@pytest.fixture
def team(db):
    return make_team(db)


def test_first_edit_wins_and_the_second_curator_gets_412(client, db, team):
    organization_id = create_organization(client, team)
    service_id = create_service(client, team, organization_id, name="Oorspronkelijk", description="Beschrijving")["id"]
    eva = client.get(f"/v1/curation/services/{service_id}", headers=team.as_editor)
    bram = client.get(f"/v1/curation/services/{service_id}", headers=team.as_second_editor)
    assert eva.headers["ETag"] == bram.headers["ETag"] == '"1"'

    first = client.patch(f"/v1/services/{service_id}", json={"name": "Naam van Eva"},
                         headers={**team.as_editor, "If-Match": eva.headers["ETag"]})
    assert first.status_code == 200 and first.headers["ETag"] == '"2"'
    changes = count(db, Change)

    second = client.patch(f"/v1/services/{service_id}", json={"name": "Naam van Bram", "description": "Van Bram"},
                          headers={**team.as_second_editor, "If-Match": bram.headers["ETag"]})
    error = error_of(second, 412, "version_conflict")
    assert error["current_version"] == 2 and second.headers["ETag"] == '"2"'
    assert count(db, Change) == changes

    fields = curator_view(client, team, service_id)["fields"]
    assert (fields["name"], fields["description"]) == ("Naam van Eva", "Beschrijving")
    assert [(h["action"], h["curator"]) for h in history(client, team, service_id)] == [
        ("create", "Eva Editor"), ("update", "Eva Editor")]

    # Bram re-reads, sees Eva's name, and sends his change against the new version.
    retry = client.patch(f"/v1/services/{service_id}", json={"description": "Van Bram"},
                         headers={**team.as_second_editor, "If-Match": second.headers["ETag"]})
    assert retry.status_code == 200
    fields = retry.json()["fields"]
    assert (fields["name"], fields["description"]) == ("Naam van Eva", "Van Bram")


def test_concurrent_revisions_of_a_published_service(client, db, team):
    service = published_service(client, team, description="Gepubliceerd")
    service_id, version = service["id"], service["version"]
    first = client.patch(f"/v1/services/{service_id}", json={"description": "Voorstel Eva"},
                         headers=if_match(version, team.as_editor))
    assert first.status_code == 200
    revisions = count(db, Revision)
    second = client.patch(f"/v1/services/{service_id}", json={"description": "Voorstel Bram"},
                          headers=if_match(version, team.as_second_editor))
    assert error_of(second, 412, "version_conflict")["current_version"] == first.json()["version"]
    assert count(db, Revision) == revisions
    view = curator_view(client, team, service_id)
    assert view["pending_revision"]["fields"]["description"] == "Voorstel Eva"
    assert client.get(f"/v1/services/{service_id}").json()["description"] == "Gepubliceerd"


def test_a_change_without_if_match_is_refused_with_428(client, db, team):
    organization_id = create_organization(client, team)
    service_id = create_service(client, team, organization_id, name="Ongewijzigd")["id"]
    location = make_location(db, organization=make_organization(db), municipality="GM0193")
    before = count(db, Change)
    refusals = [
        client.patch(f"/v1/services/{service_id}", json={"name": "Zonder If-Match"}, headers=team.as_editor),
        client.post(f"/v1/services/{service_id}/archive", headers=team.as_editor),
        client.patch(f"/v1/organizations/{organization_id}", json={"name": "Zonder"}, headers=team.as_editor),
        client.patch(f"/v1/locations/{location.id}", json={"name": "Zonder"}, headers=team.as_editor),
        client.post(f"/v1/locations/{location.id}/archive", headers=team.as_reviewer),
    ]
    for response in refusals:
        assert "If-Match" in error_of(response, 428, "if_match_required")["message"]
    assert count(db, Change) == before
    view = curator_view(client, team, service_id)
    assert (view["version"], view["fields"]["name"], view["state"]) == (1, "Ongewijzigd", "draft")


def test_stale_if_match_on_organisation_and_location(client, db, team):
    organization_id = create_organization(client, team, name="Eerste naam")
    renamed = client.patch(f"/v1/organizations/{organization_id}", json={"name": "Tweede naam"},
                           headers=if_match(1, team.as_editor))
    assert renamed.status_code == 200 and renamed.headers["ETag"] == '"2"'
    stale = client.patch(f"/v1/organizations/{organization_id}", json={"name": "Derde naam"},
                         headers=if_match(1, team.as_second_editor))
    assert error_of(stale, 412)["current_version"] == 2
    view = client.get(f"/v1/curation/organizations/{organization_id}", headers=team.as_editor).json()
    assert view["fields"]["name"] == "Tweede naam"

    created = client.post("/v1/locations", json={"organization_id": organization_id, "municipality_code": "GM0193",
                                                 "name": "Inloop"}, headers=team.as_editor)
    location_id = created.json()["id"]
    assert client.patch(f"/v1/locations/{location_id}", json={"name": "Inloop Zwolle"},
                        headers=if_match(1, team.as_editor)).status_code == 200
    stale = client.patch(f"/v1/locations/{location_id}", json={"name": "Andere naam"},
                         headers=if_match(1, team.as_second_editor))
    assert error_of(stale, 412)["current_version"] == 2
    assert client.get(f"/v1/curation/locations/{location_id}", headers=team.as_editor).json()["fields"]["name"] == \
        "Inloop Zwolle"


def test_a_weak_etag_from_a_proxy_is_accepted(client, team):
    organization_id = create_organization(client, team)
    service_id = create_service(client, team, organization_id)["id"]
    response = client.patch(f"/v1/services/{service_id}", json={"name": "Via proxy"},
                            headers={**team.as_editor, "If-Match": 'W/"1"'})
    assert response.status_code == 200 and response.json()["fields"]["name"] == "Via proxy"


@pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")  # the second flush deletes phones already gone
def test_simultaneous_patches_with_the_same_if_match_let_only_one_through(engine):
    """Two requests (two transactions) interleave: both read version 1 before either commits."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers; the interleaving needs PostgreSQL")
    with Session(engine, expire_on_commit=False) as setup:
        eva, _ = add_curator(setup, name=f"Gelijktijdig A {uuid.uuid4()}", role="editor")
        bram, _ = add_curator(setup, name=f"Gelijktijdig B {uuid.uuid4()}", role="editor")
        organization = make_organization(setup, name="Gelijktijdig")
        body = service_body(organization.id, name="Origineel", phones=[{"number": "0800-0188"}])
        service_id = services.create_service(setup, curator=eva, fields=ServiceFields.model_validate(body)).id
        setup.commit()
    outcome: dict[str, object] = {}

    def bram_edits() -> None:
        with Session(engine) as second:
            try:
                services.update_service(second, curator=bram, service_id=service_id,
                                        patch=ServicePatch(name="Naam van Bram"), if_match='"1"')
                second.commit()
                outcome["bram"] = "saved"
            except PreconditionFailed:
                outcome["bram"] = 412

    try:
        with Session(engine) as first:
            services.update_service(first, curator=eva, service_id=service_id,
                                    patch=ServicePatch(phones=[{"number": "0900-0101"}]), if_match='"1"')
            thread = threading.Thread(target=bram_edits)
            thread.start()
            time.sleep(0.5)  # Bram's request has read version 1 and waits for Eva's transaction
            first.commit()
        thread.join(timeout=15)
        with Session(engine) as check:
            stored = check.get(Service, service_id)
            phones = sorted(phone.display_number for phone in stored.phones)
            versions = sorted(c.version for c in check.exec(select(Change).where(Change.resource_id == service_id)))
        # Eva's edit was first: Bram must get 412, and the listing is exactly Eva's version 2.
        assert outcome == {"bram": 412}
        assert (stored.name, phones, versions) == ("Origineel", ["0900-0101"], [1, 2])
    finally:
        with engine.begin() as cleanup:
            cleanup.execute(text("DELETE FROM change WHERE resource_id = :id"), {"id": service_id})
            cleanup.execute(text("DELETE FROM service WHERE id = :id"), {"id": service_id})
            cleanup.execute(text("DELETE FROM organization WHERE id = :id"), {"id": organization.id})
            for curator in (eva, bram):
                cleanup.execute(text("DELETE FROM api_token WHERE curator_id = :id"), {"id": curator.id})
                cleanup.execute(text("DELETE FROM curator WHERE id = :id"), {"id": curator.id})
