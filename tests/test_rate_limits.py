"""Rate limits as a client meets them: separate counters where they should be, an honest Retry-After,
one counter per real client behind the proxy, and a documented 429 wherever a limit applies."""

import os
import time
import uuid

import httpx
import pytest
from pydantic import ValidationError

from api.settings import Settings, get_settings
from tests.test_curation_support import error_of
from tests.test_shared_rate_limit import _free_port, _start


@pytest.fixture
def limits(monkeypatch):
    """Set rate limits for one test (settings are read again; counters start empty)."""
    def apply(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name.upper(), value)
        get_settings.cache_clear()
    yield apply
    monkeypatch.undo()
    get_settings.cache_clear()


def _service_id(client) -> str:
    return client.get("/v1/services").json()["contents"][0]["id"]


def test_retry_after_counts_down_to_the_reset(client, limits):
    limits(read_rate_limit="2/minute")
    for _ in range(2):
        assert client.get("/hsds/taxonomies").status_code == 200
    first = client.get("/hsds/taxonomies")
    error_of(first, 429, "rate_limited")
    time.sleep(2.2)
    second = client.get("/hsds/taxonomies")
    error_of(second, 429, "rate_limited")
    assert 0 < int(second.headers["Retry-After"]) <= int(first.headers["Retry-After"]) - 2 <= 58


def test_search_and_export_have_counters_of_their_own(client, limits):
    limits(search_rate_limit="2/minute", export_rate_limit="1/minute")
    assert [client.get("/v1/services", params={"age": age}).status_code for age in (15, 16, 17)] == [200, 200, 429]
    assert 0 < int(client.get("/v1/services").headers["Retry-After"]) <= 60
    assert client.get("/v1/services.csv", params={"region": "PV27"}).status_code == 200  # not spent by searching
    error_of(client.get("/v1/services.csv", params={"region": "PV23"}), 429, "rate_limited")


def test_every_other_public_read_shares_one_limit(client, limits):
    service_id = _service_id(client)
    limits(read_rate_limit="4/minute")
    reads = ["/v1/organizations", "/v1/regions", "/hsds/services", f"/v1/services/{service_id}"]
    assert [client.get(path).status_code for path in reads] == [200, 200, 200, 200]
    for path in (*reads, "/v1/taxonomy_terms", "/hsds/organizations", "/v1/regions/PV27"):
        error_of(client.get(path), 429, "rate_limited")
    assert client.get("/v1/services").status_code == 200  # search keeps its own limit
    assert client.get("/health").status_code == 200


def test_every_limited_operation_documents_its_429(client):
    paths = client.get("/openapi.json").json()["paths"]
    limited = {"/v1/services", "/v1/services.csv", "/v1/geocode", "/v1/services/{service_id}", "/v1/organizations",
               "/v1/organizations/{organization_id}", "/v1/regions", "/v1/regions/{code}", "/v1/taxonomy_terms",
               *(path for path in paths if path.startswith("/hsds/"))}
    for path in limited:
        assert "429" in paths[path]["get"]["responses"], path
    assert "429" in paths["/v1/services/{service_id}/feedback"]["post"]["responses"]


def test_trusting_every_proxy_is_refused():
    with pytest.raises(ValidationError, match="forwarded_allow_ips"):
        Settings(forwarded_allow_ips="*")


def test_a_client_behind_the_proxy_cannot_rotate_its_way_to_a_fresh_limit(tmp_path):
    """The proxy (127.0.0.1, trusted) appends the client's address; whatever the client put before it is ignored."""
    port, log = _free_port(), tmp_path / "server.log"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'proxy.db'}", "REDIS_URL": "",
           "READ_RATE_LIMIT": "3/minute", "RATE_LIMIT_PREFIX": f"test-{uuid.uuid4()}"}
    process = _start(port, env, log)
    try:
        def read(forwarded_for: str) -> int:
            return httpx.get(f"http://127.0.0.1:{port}/v1/regions", timeout=10,
                             headers={"X-Forwarded-For": forwarded_for}).status_code

        client = "203.0.113.9"
        statuses = [read(f"198.51.100.{n}, {client}") for n in range(6)]  # a new made-up address each time
        assert statuses == [200, 200, 200, 429, 429, 429]
        assert read("203.0.113.10") == 200  # another real client has its own counter
    finally:
        process.terminate()
        process.wait(timeout=20)
