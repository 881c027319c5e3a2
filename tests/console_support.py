"""Helpers for the console tests: a browser-like client (HTTPS, cookies, forms) signed in as a curator.

This module holds no tests.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape
from typing import Any

import httpx
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy.engine import Connection

from api.db import get_session
from api.main import create_app
from tests.conftest import joined_sessions

BASE = "https://testserver"
RAISE = False


@contextmanager
def console_client(connection: Connection) -> Iterator[TestClient]:
    """A client on https:// (the console's cookie is Secure) whose requests join the test's transaction."""
    app = create_app()
    app.dependency_overrides[get_session] = joined_sessions(connection)
    with TestClient(app, base_url=BASE, raise_server_exceptions=RAISE, follow_redirects=False) as client:
        yield client


def hidden(page: str, name: str) -> str:
    """The value of a hidden input of a page."""
    match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', page)
    assert match, f"no hidden input {name} on the page"
    return unescape(match.group(1))


def text_of(page: str) -> str:
    """The visible text of a page, whitespace collapsed (tags dropped)."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", page)))


class Browser:
    """One curator's console session: its own cookies, so several curators can share one test client."""

    def __init__(self, client: TestClient, token: str | None = None) -> None:
        self.client = client
        self.cookies = httpx.Cookies()
        if token:
            self.sign_in(token)

    def _send(self, method: str, path: str, **kwargs: Any) -> Response:
        self.client.cookies = self.cookies
        try:
            return self.client.request(method, path, **kwargs)
        finally:
            self.cookies = httpx.Cookies(self.client.cookies)
            self.client.cookies = httpx.Cookies()

    def sign_in(self, token: str) -> Response:
        form = self.get("/console/")
        return self._send("POST", "/console/sign-in", data={"nonce": hidden(form.text, "nonce"), "token": token})

    @property
    def csrf(self) -> str:
        return hidden(self.get("/console/").text, "csrf")

    def get(self, path: str, **params: Any) -> Response:
        return self._send("GET", path, params=params or None)

    def post(self, path: str, data: dict[str, Any] | list[tuple[str, Any]] | None = None, *,
             csrf: bool = True, **headers: str) -> Response:
        """Post a form as the page would (with the session's form token unless csrf=False)."""
        items = list(data.items()) if isinstance(data, dict) else list(data or [])
        if csrf:
            items.append(("csrf", self.csrf))
        return self._send("POST", path, content=_encode(items), headers={
            "Content-Type": "application/x-www-form-urlencoded", **headers})


def _encode(items: list[tuple[str, Any]]) -> str:
    from urllib.parse import urlencode
    flat = []
    for key, value in items:
        for one in value if isinstance(value, list) else [value]:
            flat.append((key, "" if one is None else str(one)))
    return urlencode(flat)


def service_form(organization_id: str, **changes: Any) -> list[tuple[str, Any]]:
    """A complete service form as a curator fills it in (one phone, one walk-in channel)."""
    form: dict[str, Any] = {
        "organization_id": organization_id, "name": "Jongensteam Zwaluw", "description": "Hulp voor jongens",
        "status": "active", "minimum_age": "12", "maximum_age": "23", "genders": ["male"],
        "service_types": ["counselling"], "situations": [], "audiences": [], "languages": ["nl"],
        "service_areas": "GM0363", "phones.0.number": "0800-1234", "phones.0.description": "Hulplijn",
        "phones.0.free": "", "phones.0.hours": "ma-vr 09:00-17:00", "phones.1.number": "",
        "channels.0.type": "chat", "channels.0.value": "", "hours": "", "url": "", "email": "",
        "source_url": "https://example.org/bron", "translations.en.name": "", "anonymous": "on",
    }
    form.update(changes)
    return [(k, v) for k, v in form.items() if v is not None]
