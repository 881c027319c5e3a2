"""The write path as a curator meets it over HTTP: the app's own session dependency on a real server.

Each backend gets a database of its own (migrated and seeded), so these tests commit for
real, exactly as production does, without touching the shared test database.
"""

import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy import Engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

import api.db
from api.curation.auth import add_curator
from api.db import make_engine
from api.main import create_app
from api.migrate import upgrade_to_head
from api.seed.loader import seed_all
from tests.conftest import make_backend_engine, require_postgres, worker_database
from tests.test_curation_support import bearer, service_body

INTEGRITY_DB = "helpfinder_test_integrity"
CURATORS = 8
ROUNDS = 25  # 8 curators x 25 rounds = 200 edits


def own_postgres_database(name: str) -> Engine:
    """A PostgreSQL database of a test module's own (of this test worker's own), created from nothing,
    migrated and seeded; skips or fails as `require_postgres` does when the server is unreachable."""
    name = worker_database(name)
    url = make_url(require_postgres())
    admin = make_engine(url.render_as_string(hide_password=False))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return _migrated_and_seeded(make_engine(url.set(database=name).render_as_string(hide_password=False)))


def _migrated_and_seeded(engine: Engine) -> Engine:
    upgrade_to_head(engine=engine)
    with Session(engine) as session:
        seed_all(session)
        session.commit()
    return engine


@contextmanager
def serve(engine: Engine) -> Iterator[str]:
    """A uvicorn server whose own session dependency uses this engine; yields its base URL."""
    original = api.db.get_engine
    api.db.get_engine = lambda: engine
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the test server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        api.db.get_engine = original
        engine.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def live(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Engine]]:
    """(base URL, engine): a uvicorn server on its own migrated, seeded database."""
    if request.param == "sqlite":
        engine = _migrated_and_seeded(make_backend_engine("sqlite", Path(tmp_path_factory.mktemp("integrity"))))
    else:
        engine = own_postgres_database(INTEGRITY_DB)
    with serve(engine) as base:
        yield base, engine


def _curators(engine: Engine, count: int, role: str = "editor") -> list[dict[str, str]]:
    """Bearer headers of `count` new curators."""
    headers = []
    with Session(engine) as session:
        for _ in range(count):
            _, token = add_curator(session, name=f"Curator {role} {time.monotonic_ns()}", role=role)
            headers.append(bearer(token))
        session.commit()
    return headers


def _draft_service(base: str, editor: dict[str, str], name: str) -> str:
    """A draft service (and its organisation) made over HTTP; returns its id."""
    with httpx.Client(base_url=base) as client:
        organization = client.post("/v1/organizations", json={"name": f"Org {name}", "description": "Test"},
                                   headers=editor)
        assert organization.status_code == 201, organization.text
        service = client.post("/v1/services", json=service_body(organization.json()["id"], name=name), headers=editor)
        assert service.status_code == 201, service.text
        return service.json()["id"]


def test_a_failed_commit_answers_503_and_stores_nothing(live):
    """The transaction commits before the response: a COMMIT that fails is the client's error, not a 201."""
    base, engine = live
    (editor,) = _curators(engine, 1)

    def database_gone(_session: Session) -> None:
        raise OperationalError("COMMIT", {}, ConnectionError("server closed the connection unexpectedly"))

    event.listen(Session, "before_commit", database_gone)
    try:
        with httpx.Client(base_url=base) as client:
            response = client.post("/v1/organizations", json={"name": "Verloren Stichting", "description": "x"},
                                   headers=editor)
    finally:
        event.remove(Session, "before_commit", database_gone)
    assert response.status_code == 503, response.text
    error = response.json()["error"]
    assert error["status"] == 503 and error["code"] == "database_unavailable"
    assert response.headers["Retry-After"].isdigit()
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    with Session(engine) as session:
        stored = session.execute(text("SELECT count(*) FROM organization WHERE name = 'Verloren Stichting'"))
        assert stored.scalar_one() == 0


def test_two_curators_with_the_same_if_match_get_200_and_412(live):
    """Both send their edit at the same moment, against the same version, ten times over."""
    base, engine = live
    eva, bram = _curators(engine, 2)
    service_id = _draft_service(base, eva, "Tweestrijd")
    outcomes: list[tuple[int, int]] = []
    for round_number in range(10):
        with httpx.Client(base_url=base) as reader:
            etag = reader.get(f"/v1/curation/services/{service_id}", headers=eva).headers["ETag"]
        start = threading.Barrier(2)
        statuses: list[int] = []

        def edit(headers: dict[str, str], name: str) -> None:
            with httpx.Client(base_url=base, timeout=30) as client:
                start.wait()
                statuses.append(client.patch(f"/v1/services/{service_id}", json={"name": name},
                                              headers={**headers, "If-Match": etag}).status_code)

        threads = [threading.Thread(target=edit, args=(who, f"{label} {round_number}"))
                   for who, label in ((eva, "Eva"), (bram, "Bram"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        outcomes.append(tuple(sorted(statuses)))
    assert outcomes == [(200, 412)] * 10


def test_many_curators_editing_at_once_lose_nothing_and_never_see_5xx(live):
    """8 curators, 200 edits released together each round: two on the same service, the rest on their own.

    Every accepted edit is in the history with its own version; every refused one is a 412.
    """
    base, engine = live
    editors = _curators(engine, CURATORS)
    shared = _draft_service(base, editors[0], "Gedeeld")
    own = [_draft_service(base, editor, f"Eigen {n}") for n, editor in enumerate(editors)]
    targets = [shared if n < 2 else own[n] for n in range(CURATORS)]  # curators 0 and 1 compete
    statuses: Counter[int] = Counter()
    accepted: dict[str, list[int]] = {service_id: [] for service_id in {*targets}}
    lock = threading.Lock()
    start = threading.Barrier(CURATORS)

    def work(n: int) -> None:
        with httpx.Client(base_url=base, timeout=30) as client:
            for round_number in range(ROUNDS):
                etag = client.get(f"/v1/curation/services/{targets[n]}", headers=editors[n]).headers["ETag"]
                start.wait()
                response = client.patch(f"/v1/services/{targets[n]}", json={"description": f"{n}/{round_number}"},
                                        headers={**editors[n], "If-Match": etag})
                with lock:
                    statuses[response.status_code] += 1
                    if response.status_code == 200:
                        accepted[targets[n]].append(int(response.headers["ETag"].strip('"')))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(CURATORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "an edit never finished"
    assert sum(statuses.values()) == CURATORS * ROUNDS
    assert set(statuses) <= {200, 412}, statuses
    assert statuses[412] >= ROUNDS, "the two curators on one service always overlap, so one of them gets 412"
    with httpx.Client(base_url=base) as client:
        for service_id, versions in accepted.items():
            history = client.get(f"/v1/services/{service_id}/history", headers=editors[0]).json()
            updates = sorted(h["version"] for h in history if h["action"] == "update")
            assert updates == sorted(versions), service_id
