"""PostgreSQL becomes unreachable while the API serves, then comes back.

The API reaches PostgreSQL through a TCP relay on loopback that the test can cut (every open
connection closed, new ones refused) and restore: a real network failure between two real
processes' sockets, not a mocked driver.
"""

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy.engine import make_url

from api.db import make_engine
from tests.conftest import require_postgres
from tests.test_write_integrity import own_postgres_database, serve

FAULTS_DB = "helpfinder_test_faults"

FAULT_BOUND_SECONDS = 5.0


class Relay:
    """Forwards 127.0.0.1:port to PostgreSQL until cut; restore() listens on the same port again."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = 0
        self._listener: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._flowing = threading.Event()
        self._flowing.set()
        self.restore()

    def freeze(self) -> None:
        """A frozen network: connections stay open and new ones are accepted, but no byte gets through."""
        self._flowing.clear()

    def thaw(self) -> None:
        self._flowing.set()

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        with self._lock:
            if self._listener is not None:
                try:
                    self._listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread; close alone does not
                except OSError:
                    pass
                self._listener.close()
                self._listener = None
            for sock in self._open:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()
            self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                self._flowing.wait()
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


@pytest.fixture(scope="module")
def relayed() -> Iterator[tuple[str, Relay]]:
    """(base URL, relay): a server whose database connections all pass through the relay."""
    direct = own_postgres_database(FAULTS_DB)
    url = direct.url
    direct.dispose()
    relay = Relay((url.host or "127.0.0.1", url.port or 5432))
    with serve(make_engine(url.set(host="127.0.0.1", port=relay.port).render_as_string(hide_password=False))) as base:
        yield base, relay
    relay.cut()


def _timed_get(client: httpx.Client, path: str) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = client.get(path)
    return response, time.monotonic() - started


def _assert_recovers(client: httpx.Client, paths: list[str]) -> None:
    """Once the database is back, the API answers again by itself within 15 s, every path."""
    deadline = time.monotonic() + 15
    while client.get("/health").status_code != 200:
        assert time.monotonic() < deadline, "the API did not recover by itself"
        time.sleep(0.2)
    assert all(client.get(path).status_code == 200 for path in paths)


def test_unreachable_database_answers_503_quickly_and_recovers(relayed):
    base, relay = relayed
    paths = ["/v1/services?region=PV27&age=16&gender=male", "/v1/services?postcode=8011", "/v1/organizations",
             "/hsds/services"]
    with httpx.Client(base_url=base, timeout=30) as client:
        assert client.get("/health").status_code == 200
        assert all(client.get(path).status_code == 200 for path in paths)

        relay.cut()
        health, seconds = _timed_get(client, "/health")
        assert health.status_code == 503 and seconds < FAULT_BOUND_SECONDS
        assert health.json()["error"]["code"] == "database_unavailable" and health.headers["Retry-After"].isdigit()
        for path in paths:
            response, seconds = _timed_get(client, path)
            assert response.status_code == 503, (path, response.text)
            assert seconds < FAULT_BOUND_SECONDS, (path, seconds)
            error = response.json()["error"]
            assert (error["status"], error["code"]) == (503, "database_unavailable")
            assert response.headers["Retry-After"].isdigit()

        relay.restore()
        _assert_recovers(client, paths)


FROZEN_BOUND_SECONDS = 7.0  # the 5 s statement deadline (3 s to connect), plus the watchdog's beat


def test_a_frozen_network_answers_503_within_the_deadline_and_recovers(relayed):
    base, relay = relayed
    paths = ["/health", "/v1/services?region=PV27&age=16&gender=male", "/v1/organizations", "/hsds/services"]
    with httpx.Client(base_url=base, timeout=60) as client:
        assert all(client.get(path).status_code == 200 for path in paths)
        relay.freeze()
        try:
            for path in paths:
                response, seconds = _timed_get(client, path)
                assert response.status_code == 503 and seconds < FROZEN_BOUND_SECONDS, (path, response.status_code,
                                                                                          seconds)
                assert response.json()["error"]["code"] == "database_unavailable"
                assert response.headers["Retry-After"].isdigit()
        finally:
            relay.thaw()
        _assert_recovers(client, paths)


def test_a_database_that_is_gone_answers_503_on_every_data_endpoint():
    """A renamed or dropped database: every endpoint that reads data says 503 with Retry-After, at once."""
    gone = make_url(require_postgres()).set(database="helpfinder_test_renamed_away")
    paths = ["/health", "/v1/services?region=PV27&age=16&gender=male", "/v1/services?postcode=8011",
             "/v1/organizations", "/v1/regions", "/hsds/services", "/hsds/service_at_locations",
             "/v1/services/00000000-0000-4000-8000-000000000001"]
    with serve(make_engine(gone.render_as_string(hide_password=False))) as base, \
            httpx.Client(base_url=base, timeout=30) as client:
        for path in paths:
            response, seconds = _timed_get(client, path)
            assert response.status_code == 503 and seconds < FAULT_BOUND_SECONDS, (path, response.status_code, seconds)
            assert response.json()["error"]["code"] == "database_unavailable"
            assert response.headers["Retry-After"].isdigit()
