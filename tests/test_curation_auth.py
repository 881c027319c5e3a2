"""Curator accounts: what each role may do, what a bad token gets, and that token hashes never leave the server."""

import uuid

import pytest
from sqlmodel import select

from api.background import forget_written, write_pending
from api.curation.auth import revoke_curator
from api.errors import Conflict
from api.models import ApiToken, Curator, Service, utcnow
from tests.builders import make_location, make_organization, make_service
from tests.test_curation_support import (
    bearer,
    create_organization,
    create_service,
    curator_view,
    error_of,
    history,
    if_match,
    make_team,
    publish,
    published_service,
)


@pytest.fixture
def team(db):
    return make_team(db)


def _forbidden(response) -> None:
    error_of(response, 403, "forbidden")


def _token_id(db, curator: Curator) -> str:
    return db.exec(select(ApiToken.id).where(ApiToken.curator_id == curator.id)).first()


def _account_requests(client, db, team, headers):
    """Every account-management request, as `headers` would send them."""
    return [
        client.post("/v1/curators", json={"name": "Nieuwe Curator", "role": "editor"}, headers=headers),
        client.get("/v1/curators", headers=headers),
        client.post(f"/v1/curators/{team.second_editor.id}/tokens", headers=headers),
        client.delete(f"/v1/tokens/{_token_id(db, team.second_editor)}", headers=headers),
    ]


def test_editor_writes_but_cannot_decide_archive_published_or_manage_accounts(client, db, team):
    organization_id = create_organization(client, team)
    draft = create_service(client, team, organization_id)
    first_change = history(client, team, draft["id"])[0]["id"]
    submitted = client.post(f"/v1/services/{draft['id']}/submit", headers=team.as_editor)
    assert submitted.status_code == 200 and submitted.json()["state"] == "in_review"

    _forbidden(client.post(f"/v1/services/{draft['id']}/approve", headers=team.as_editor))
    _forbidden(client.post(f"/v1/services/{draft['id']}/reject", headers=team.as_editor))
    _forbidden(client.post(f"/v1/services/{draft['id']}/history/{first_change}/restore", headers=team.as_editor))
    assert curator_view(client, team, draft["id"])["state"] == "in_review"  # the refused approve changed nothing

    published = published_service(client, team)
    refused = client.post(f"/v1/services/{published['id']}/archive",
                          headers=if_match(published["version"], team.as_editor))
    _forbidden(refused)
    assert "reviewer" in refused.json()["error"]["message"]
    assert client.get(f"/v1/services/{published['id']}").status_code == 200  # still public

    location = make_location(db, organization=make_organization(db), municipality="GM0193")
    _forbidden(client.post(f"/v1/locations/{location.id}/archive", headers=if_match(1, team.as_editor)))

    for response in _account_requests(client, db, team, team.as_editor):
        _forbidden(response)
    assert db.exec(select(Curator).where(Curator.name == "Nieuwe Curator")).first() is None


def test_reviewer_decides_and_restores_but_cannot_manage_accounts(client, db, team):
    organization_id = create_organization(client, team)
    service = create_service(client, team, organization_id, name="Eerste naam")
    first_change = history(client, team, service["id"])[0]["id"]
    published = publish(client, team, service["id"])  # the approve inside is the reviewer's

    proposed = client.patch(f"/v1/services/{service['id']}", json={"name": "Voorstel"},
                            headers=if_match(published["version"], team.as_editor))
    assert proposed.status_code == 200
    rejected = client.post(f"/v1/services/{service['id']}/reject", json={"comment": "nee"}, headers=team.as_reviewer)
    assert rejected.status_code == 200 and rejected.json()["pending_revision"] is None

    restored = client.post(f"/v1/services/{service['id']}/history/{first_change}/restore", headers=team.as_reviewer)
    assert restored.status_code == 200 and restored.json()["fields"]["name"] == "Eerste naam"

    archived = client.post(f"/v1/services/{service['id']}/archive",
                           headers=if_match(restored.json()["version"], team.as_reviewer))
    assert archived.status_code == 200 and archived.json()["state"] == "archived"

    for response in _account_requests(client, db, team, team.as_reviewer):
        _forbidden(response)


def test_admin_manages_accounts_and_can_do_everything_else(client, db, team):
    service = published_service(client, team)
    proposed = client.patch(f"/v1/services/{service['id']}", json={"description": "Door admin goedgekeurd"},
                            headers=if_match(service["version"], team.as_admin))
    assert proposed.status_code == 200
    # Four eyes, for admins too: their own proposal needs another reviewer.
    error_of(client.post(f"/v1/services/{service['id']}/approve", headers=team.as_admin), 403, "forbidden")
    approved = client.post(f"/v1/services/{service['id']}/approve", headers=team.as_reviewer)
    assert approved.status_code == 200
    assert client.get(f"/v1/services/{service['id']}").json()["description"] == "Door admin goedgekeurd"
    proposed = client.patch(f"/v1/services/{service['id']}", json={"description": "Door admin nagekeken"},
                            headers=if_match(approved.json()["version"], team.as_editor))
    assert proposed.status_code == 200
    assert client.post(f"/v1/services/{service['id']}/approve", headers=team.as_admin).status_code == 200
    assert client.get(f"/v1/services/{service['id']}").json()["description"] == "Door admin nagekeken"

    created = client.post("/v1/curators", json={"name": "Nieuwe Curator", "role": "editor"}, headers=team.as_admin)
    assert created.status_code == 201
    new_token = created.json()["token"]
    assert new_token.startswith("hf_") and created.json()["curator"]["role"] == "editor"
    assert client.get("/v1/curation/queue", headers=bearer(new_token)).status_code == 200  # the token works
    duplicate = client.post("/v1/curators", json={"name": "Nieuwe Curator", "role": "admin"}, headers=team.as_admin)
    error_of(duplicate, 409, "conflict")

    listed = client.get("/v1/curators", headers=team.as_admin)
    assert listed.status_code == 200
    assert {"Eva Editor", "Rik Reviewer", "Anna Admin", "Nieuwe Curator"} <= {c["name"] for c in listed.json()}
    assert new_token not in listed.text  # shown once, never again

    curator_id = created.json()["curator"]["id"]
    second = client.post(f"/v1/curators/{curator_id}/tokens", headers=team.as_admin)
    assert second.status_code == 201 and second.json()["token"] != new_token
    assert len(second.json()["curator"]["tokens"]) == 2

    first_token_id = created.json()["curator"]["tokens"][0]["id"]
    revoked = client.delete(f"/v1/tokens/{first_token_id}", headers=team.as_admin)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    error_of(client.get("/v1/curation/queue", headers=bearer(new_token)), 401, "unauthorized")
    assert client.get("/v1/curation/queue", headers=bearer(second.json()["token"])).status_code == 200


def test_admins_change_roles_but_never_leave_the_directory_without_an_admin(client, db, team):
    promoted = client.patch(f"/v1/curators/{team.editor.id}", json={"role": "reviewer"}, headers=team.as_admin)
    assert promoted.status_code == 200 and promoted.json()["role"] == "reviewer"
    queue_item = published_service(client, team)  # the former editor may now decide
    proposed = client.patch(f"/v1/services/{queue_item['id']}", json={"description": "Door Rik voorgesteld"},
                            headers=if_match(queue_item["version"], team.as_reviewer))
    assert client.post(f"/v1/services/{queue_item['id']}/approve", headers=team.as_editor,
                       json={"revision_id": proposed.json()["pending_revision"]["id"]}).status_code == 200

    error_of(client.patch(f"/v1/curators/{team.editor.id}", json={"role": "boss"}, headers=team.as_admin), 422)
    error_of(client.patch(f"/v1/curators/{team.editor.id}", json={"role": "admin"}, headers=team.as_reviewer), 403)
    error_of(client.patch(f"/v1/curators/{uuid.uuid4()}", json={"role": "admin"}, headers=team.as_admin), 404)
    last = client.patch(f"/v1/curators/{team.admin.id}", json={"role": "editor"}, headers=team.as_admin)
    error_of(last, 409, "conflict")
    assert "last admin" in last.json()["error"]["message"]
    with pytest.raises(Conflict):
        revoke_curator(db, name="Anna Admin")

    client.patch(f"/v1/curators/{team.reviewer.id}", json={"role": "admin"}, headers=team.as_admin)
    stepped_down = client.patch(f"/v1/curators/{team.admin.id}", json={"role": "editor"}, headers=team.as_admin)
    assert stepped_down.status_code == 200  # another admin exists now
    error_of(client.get("/v1/curators", headers=team.as_admin), 403)


def _real_token_with_wrong_secret(db, team) -> str:
    token_id = _token_id(db, team.editor).replace("-", "")
    return f"hf_{token_id}_{'x' * 43}"


def _revoked(db, team) -> str:
    token = db.get(ApiToken, _token_id(db, team.editor))
    token.revoked_at = utcnow()
    db.add(token)
    db.flush()
    return team.editor_token


def _deactivated(db, team) -> str:
    team.editor.active = False
    db.add(team.editor)
    db.flush()
    return team.editor_token


BAD_CREDENTIALS = {
    "no header": lambda db, team: None,
    "basic scheme": lambda db, team: "Basic " + "ZXZhOnNlY3JldA==",
    "malformed token": lambda db, team: "Bearer not-a-token",
    "unknown token id": lambda db, team: f"Bearer hf_{uuid.uuid4().hex}_{'y' * 43}",
    "wrong secret for a real token id": lambda db, team: "Bearer " + _real_token_with_wrong_secret(db, team),
    "revoked token": lambda db, team: "Bearer " + _revoked(db, team),
    "deactivated curator": lambda db, team: "Bearer " + _deactivated(db, team),
}


@pytest.mark.parametrize("case", list(BAD_CREDENTIALS))
def test_bad_credentials_get_401_in_the_common_shape(client, db, team, case):
    service = make_service(db, name="Hulplijn Testdienst", phones=["0800-0188"])
    authorization = BAD_CREDENTIALS[case](db, team)
    headers = {"Authorization": authorization} if authorization else {}
    requests = [
        client.get(f"/v1/curation/services/{service.id}", headers=headers),
        client.patch(f"/v1/services/{service.id}", json={"name": "Gekaapt"}, headers={**headers, "If-Match": '"1"'}),
        client.get("/v1/curators", headers=headers),
    ]
    for response in requests:
        error_of(response, 401, "unauthorized")
        assert response.headers["WWW-Authenticate"] == "Bearer"
        if authorization:
            assert authorization.split(" ", 1)[1] not in response.text  # the presented secret is not echoed
    db.expire_all()
    assert (db.get(Service, service.id).name, db.get(Service, service.id).publication) == (
        "Hulplijn Testdienst", "published")


def test_last_used_at_is_recorded_out_of_band_when_a_token_is_used(client, db, team):
    token_id = _token_id(db, team.reviewer)
    assert db.get(ApiToken, token_id).last_used_at is None
    assert client.get("/v1/curation/queue", headers=team.as_reviewer).status_code == 200
    db.expire_all()
    assert db.get(ApiToken, token_id).last_used_at is None  # a read request writes nothing

    listed = client.get("/v1/curators", headers=team.as_admin).json()
    reviewer = next(c for c in listed if c["name"] == "Rik Reviewer")
    assert reviewer["tokens"][0]["last_used_at"] is not None  # shown before it is written
    unused = next(c for c in listed if c["name"] == "Bram Editor")
    assert unused["tokens"][0]["last_used_at"] is None

    forget_written(write_pending(db))  # what the background task does, in the test's transaction
    db.expire_all()
    assert db.get(ApiToken, token_id).last_used_at is not None
    assert db.get(ApiToken, _token_id(db, team.editor)).last_used_at is None


def test_only_a_hash_is_stored_and_no_response_shows_it(client, db, team):
    created = client.post("/v1/curators", json={"name": "Nieuwe Curator", "role": "reviewer"}, headers=team.as_admin)
    curator_id = created.json()["curator"]["id"]
    extra = client.post(f"/v1/curators/{curator_id}/tokens", headers=team.as_admin)
    new_token = created.json()["token"]
    service = published_service(client, team)
    responses = [
        created,
        extra,
        client.get("/v1/curators", headers=team.as_admin),
        client.delete(f"/v1/tokens/{extra.json()['curator']['tokens'][1]['id']}", headers=team.as_admin),
        client.get(f"/v1/services/{service['id']}/history", headers=bearer(new_token)),
        client.get(f"/v1/curation/services/{service['id']}", headers=bearer(new_token)),
        client.get("/v1/curation/queue", headers=bearer(new_token)),
        client.get("/v1/curation/queue"),
    ]
    db.expire_all()
    stored = db.exec(select(ApiToken)).all()
    hashes = {token.secret_hash for token in stored}
    assert len(hashes) >= 6
    # The database holds the hash, not the secret.
    secret = new_token.split("_", 2)[2]
    assert all(secret not in token.secret_hash for token in stored)
    for response in responses:
        assert response.status_code < 500, response.text
        assert "secret_hash" not in response.text
        assert not [h for h in hashes if h in response.text], response.request.url


def test_curator_list_for_scripts_prints_whole_names_tab_separated(cli_database):
    """Without a terminal (a pipe, a script), `helpfinder curator list` writes one tab-separated line per token."""
    from typer.testing import CliRunner

    from api.cli import app

    runner = CliRunner()
    long_name = "Maria van den Heuvel-Vermeulen, Coördinatiepunt Mensenhandel Zuid-Holland Zuid"
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    added = runner.invoke(app, ["curator", "add", long_name, "--role", "reviewer"])
    assert added.exit_code == 0, added.output
    listed = runner.invoke(app, ["curator", "list"])
    assert listed.exit_code == 0, listed.output
    header, *rows = listed.output.splitlines()
    assert header.split("\t") == ["name", "role", "active", "token id", "created", "last used", "revoked"]
    (row,) = [line.split("\t") for line in rows if line.startswith(long_name)]
    assert row[:3] == [long_name, "reviewer", "yes"] and len(row) == 7 and row[3] != "-"
