"""What campaign sites rely on: caching validators, CORS, security headers, privacy of logs, stats."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.curation.auth import add_curator
from api.db import get_session
from api.main import create_app
from api.settings import get_settings
from tests.builders import make_organization, make_service


def test_repeated_request_gets_304_and_an_edit_changes_the_etag(client, db):
    org = make_organization(db, name="Cachetest")
    service = make_service(db, organization=org, name="Eerste naam", phones=["0800-0188"])
    url = f"/v1/services/{service.id}"
    first = client.get(url)
    etag = first.headers["etag"]
    assert first.headers["cache-control"].startswith("public, max-age=")
    assert "stale-while-revalidate=" in first.headers["cache-control"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    search = client.get("/v1/services", params={"organization_id": org.id})
    assert client.get("/v1/services", params={"organization_id": org.id},
                      headers={"If-None-Match": search.headers["etag"]}).status_code == 304

    _, token = add_curator(db, name="Cache Reviewer", role="reviewer")
    auth = {"Authorization": f"Bearer {token}"}
    version = client.get(f"/v1/curation/services/{service.id}", headers=auth).headers["etag"]
    assert client.patch(url, headers={**auth, "If-Match": version}, json={"name": "Nieuwe naam"}).status_code == 200
    _, second = add_curator(db, name="Cache Reviewer Two", role="reviewer")  # nobody approves their own edit
    assert client.post(f"{url}/approve", headers={"Authorization": f"Bearer {second}"}).status_code == 200
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.json()["name"] == "Nieuwe naam"
    assert changed.headers["etag"] != etag
    assert client.get("/v1/services", params={"organization_id": org.id},
                      headers={"If-None-Match": search.headers["etag"]}).status_code == 200


def test_curator_responses_are_never_cached(client, db):
    _, token = add_curator(db, name="Private Pia", role="editor")
    response = client.get("/v1/curation/queue", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.headers["cache-control"] == "private, no-store"


@pytest.mark.parametrize("path", ["/", "/en/", "/v1/services", "/health", "/v1/nothing"])
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert "geolocation=()" in response.headers["permissions-policy"]
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert "set-cookie" not in response.headers


def test_page_policy_allows_only_own_scripts(client):
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'self';" in csp and "default-src 'self'" in csp and "http" not in csp


def test_api_docs_load_nothing_from_elsewhere(client):
    page = client.get("/docs").text
    assert "/docs-assets/swagger-ui-bundle.js" in page and "cdn." not in page and "https://" not in page
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200


def test_quick_exit_url_comes_from_settings(client):
    assert f'content="{get_settings().quick_exit_url}"' in client.get("/").text


@pytest.fixture
def app_with(monkeypatch, connection) -> Iterator:
    """Build an app under given settings (environment), on the test transaction."""
    from sqlmodel import Session

    def build(**env: str) -> TestClient:
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        get_settings.cache_clear()
        app = create_app()

        def _session():
            with Session(bind=connection, join_transaction_mode="create_savepoint") as session:
                yield session

        app.dependency_overrides[get_session] = _session
        return TestClient(app)

    yield build
    get_settings.cache_clear()


def test_cors_allows_configured_origins_and_refuses_others(app_with):
    client = app_with(CORS_ORIGINS='["https://campagne.example"]')
    allowed = client.get("/v1/regions", headers={"Origin": "https://campagne.example"})
    assert allowed.headers["access-control-allow-origin"] == "https://campagne.example"
    refused = client.get("/v1/regions", headers={"Origin": "https://elders.example"})
    assert "access-control-allow-origin" not in refused.headers
    preflight = client.options("/v1/services/00000000-0000-0000-0000-000000000000/feedback", headers={
        "Origin": "https://campagne.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200 and "POST" in preflight.headers["access-control-allow-methods"]
    bad_preflight = client.options("/v1/regions", headers={"Origin": "https://elders.example",
                                                           "Access-Control-Request-Method": "GET"})
    assert bad_preflight.status_code == 400


def test_cors_wildcard_is_for_get_only(app_with):
    client = app_with(CORS_ORIGINS='["*"]')
    assert client.get("/v1/regions", headers={"Origin": "https://any.example"}).headers[
        "access-control-allow-origin"] == "*"
    preflight = client.options("/v1/services/00000000-0000-0000-0000-000000000000/feedback", headers={
        "Origin": "https://any.example", "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 400


def test_no_cors_by_default(client):
    response = client.get("/v1/regions", headers={"Origin": "https://campagne.example"})
    assert "access-control-allow-origin" not in response.headers


def test_stats_count_searches_without_storing_what_was_searched(client, db):
    _, token = add_curator(db, name="Stats Sam", role="editor")
    auth = {"Authorization": f"Bearer {token}"}
    before = client.get("/v1/curation/stats", params={"days": 1}, headers=auth).json()
    base = before[0] if before else {"searches": 0, "zero_results": 0, "service_types": {}, "provinces": {}}
    client.get("/v1/services", params={"postcode": "8011", "service_type": "chat"})
    client.get("/v1/services", params={"q": "zzzznothing"})
    after = client.get("/v1/curation/stats", params={"days": 1}, headers=auth).json()[0]
    assert after["searches"] == base["searches"] + 2
    assert after["zero_results"] == base["zero_results"] + 1
    assert after["service_types"].get("chat", 0) == base["service_types"].get("chat", 0) + 1
    assert after["provinces"].get("PV23", 0) == base["provinces"].get("PV23", 0) + 1
    text = client.get("/v1/curation/stats", headers=auth).text
    assert "8011" not in text and "zzzz" not in text
    assert client.get("/v1/curation/stats").status_code == 401


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_server_logs_contain_no_postcode_query_or_ip(tmp_path: Path):
    """Run the real server, search with a postcode and a forwarded IP, read everything it printed."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'log.db'}", "FORWARDED_ALLOW_IPS": "127.0.0.1"}
    log_file = (tmp_path / "server.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
                              cwd=Path(__file__).resolve().parent.parent, env=env, stdout=log_file, stderr=log_file)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        headers = {"X-Forwarded-For": "203.0.113.77"}
        assert httpx.get(f"{base}/v1/services", params={"postcode": "8011 AB", "q": "geheimwoord"},
                         headers=headers).status_code == 200
        assert httpx.get(f"{base}/v1/geocode", params={"q": "7511 JK"}, headers=headers).status_code == 200
        httpx.get(f"{base}/v1/services", params={"postcode": "1000"}, headers=headers)  # an error path too
    finally:
        server.terminate()
        server.wait(timeout=20)
        log_file.close()
    output = (tmp_path / "server.log").read_text()
    assert "Uvicorn running" in output  # we did capture the server's output
    for secret in ("8011", "7511", "geheimwoord", "203.0.113.77", "127.0.0.1:", "postcode=1000"):
        if secret == "127.0.0.1:":
            assert output.count(secret) == output.count(f"http://127.0.0.1:{port}"), output
        else:
            assert secret not in output, output
