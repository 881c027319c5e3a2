"""Shared helpers for the curation tests: curators with tokens, listings made through the write API.

This module holds no tests; the other `test_curation_*` files import from it.
"""

from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func
from sqlmodel import Session, select

from api.curation.auth import add_curator
from api.models import Curator

DEFAULT_PHONE = "0800-0188"


@dataclass
class Team:
    """One curator per role, each with a working token."""

    editor: Curator
    editor_token: str
    second_editor: Curator
    second_editor_token: str
    reviewer: Curator
    reviewer_token: str
    admin: Curator
    admin_token: str

    @property
    def as_editor(self) -> dict[str, str]:
        return bearer(self.editor_token)

    @property
    def as_second_editor(self) -> dict[str, str]:
        return bearer(self.second_editor_token)

    @property
    def as_reviewer(self) -> dict[str, str]:
        return bearer(self.reviewer_token)

    @property
    def as_admin(self) -> dict[str, str]:
        return bearer(self.admin_token)


def make_team(db: Session) -> Team:
    """An editor, a second editor, a reviewer and an admin."""
    editor, editor_token = add_curator(db, name="Eva Editor", role="editor")
    second, second_token = add_curator(db, name="Bram Editor", role="editor")
    reviewer, reviewer_token = add_curator(db, name="Rik Reviewer", role="reviewer")
    admin, admin_token = add_curator(db, name="Anna Admin", role="admin")
    db.flush()
    return Team(editor, editor_token, second, second_token, reviewer, reviewer_token, admin, admin_token)


def bearer(token: str) -> dict[str, str]:
    """The Authorization header for a token."""
    return {"Authorization": f"Bearer {token}"}


def if_match(version: int | str, headers: dict[str, str]) -> dict[str, str]:
    """Headers plus If-Match for a version."""
    return {**headers, "If-Match": f'"{version}"'}


def count(db: Session, model: Any, *where: Any) -> int:
    """Rows of a table (optionally filtered), as the database holds them now."""
    db.expire_all()
    return db.exec(select(func.count()).select_from(model).where(*where)).one()


def service_body(organization_id: str, **overrides: Any) -> dict[str, Any]:
    """A valid, publishable service body (a free phone and a national service area)."""
    body: dict[str, Any] = {
        "organization_id": organization_id,
        "name": "Hulplijn Testdienst",
        "description": "Anonieme hulp voor jongens en mannen",
        "phones": [{"number": DEFAULT_PHONE}],
        "service_areas": ["NL"],
        "service_types": ["helpline"],
        "minimum_age": 12,
        "maximum_age": 23,
        "genders": ["male"],
    }
    body.update(overrides)
    return body


def create_organization(client: TestClient, team: Team, name: str = "Stichting Testhulp") -> str:
    """An organisation made through the API; returns its id."""
    response = client.post("/v1/organizations", json={"name": name, "description": "Test"}, headers=team.as_editor)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def create_service(client: TestClient, team: Team, organization_id: str, **overrides: Any) -> dict[str, Any]:
    """A draft service made through the API; returns its editable view."""
    response = client.post("/v1/services", json=service_body(organization_id, **overrides), headers=team.as_editor)
    assert response.status_code == 201, response.text
    assert response.headers["ETag"] == '"1"'
    return response.json()


def publish(client: TestClient, team: Team, service_id: str) -> dict[str, Any]:
    """Submit (editor) and approve (reviewer); returns the published view."""
    submitted = client.post(f"/v1/services/{service_id}/submit", headers=team.as_editor)
    assert submitted.status_code == 200, submitted.text
    approved = client.post(f"/v1/services/{service_id}/approve", headers=team.as_reviewer)
    assert approved.status_code == 200, approved.text
    assert approved.json()["state"] == "published"
    return approved.json()


def published_service(client: TestClient, team: Team, **overrides: Any) -> dict[str, Any]:
    """A new organisation with one published service; returns the service's view."""
    organization_id = create_organization(client, team)
    created = create_service(client, team, organization_id, **overrides)
    return publish(client, team, created["id"])


def curator_view(client: TestClient, team: Team, service_id: str) -> dict[str, Any]:
    """The curator view of a service, checking that the ETag matches its version."""
    response = client.get(f"/v1/curation/services/{service_id}", headers=team.as_editor)
    assert response.status_code == 200, response.text
    assert response.headers["ETag"] == f'"{response.json()["version"]}"'
    return response.json()


def history(client: TestClient, team: Team, service_id: str) -> list[dict[str, Any]]:
    """A service's history as curators see it."""
    response = client.get(f"/v1/services/{service_id}/history", headers=team.as_editor)
    assert response.status_code == 200, response.text
    return response.json()


def public_search_ids(client: TestClient, **params: Any) -> list[str]:
    """Ids of the public search results (first 100)."""
    response = client.get("/v1/services", params={"per_page": 100, **params})
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["contents"]]


def error_of(response: Response, status: int, code: str | None = None) -> dict[str, Any]:
    """Check the one error shape and return its body."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert error["status"] == status and isinstance(error["message"], str) and error["message"]
    assert isinstance(error["fields"], list)
    for problem in error["fields"]:
        assert set(problem) == {"field", "location", "problem"}, problem
    if code is not None:
        assert error["code"] == code, error
    return error


def bad_fields(response: Response) -> set[str]:
    """The field names of a 422 response (checked to be in the one error shape)."""
    error = error_of(response, 422)
    assert error["code"] in ("invalid_parameter", "invalid_body")
    return {problem["field"] for problem in error["fields"]}
