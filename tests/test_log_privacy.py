"""No request data reaches the server's output, not even when requests fail.

A real `helpfinder serve` process writes everything it logs to one file. The test breaks its
database underneath it (a table renamed, stored results corrupted) so that searches and a
shelter's registration fail with a 500, then reads the whole output: the search words, the
postcode and the shelter's coordinates must not be in it, nor any traceback or SQL.
"""

import os
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, select

from api.curation.auth import add_curator
from api.models import Organization
from tests.conftest import make_backend_engine
from tests.test_shared_rate_limit import _free_port, _start
from tests.test_write_integrity import _migrated_and_seeded, own_postgres_database

SECRET_WORD = "zwijgplicht"  # a search word that nothing in the log may repeat
SHELTER = {"latitude": 52.0912345, "longitude": 5.1223456}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Engine, Path]]:
    """(base URL, engine, log file) of a `helpfinder serve` process on its own database."""
    directory = Path(tmp_path_factory.mktemp("logs"))
    if request.param == "sqlite":
        engine = _migrated_and_seeded(make_backend_engine("sqlite", directory))
    else:
        engine = own_postgres_database("helpfinder_test_logs")
    url = engine.url.render_as_string(hide_password=False)
    port, log = _free_port(), directory / "server.log"
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": "", "CORS_ORIGINS": '["https://campagne.example"]'}
    process = _start(port, env, log)
    try:
        yield f"http://127.0.0.1:{port}", engine, log
    finally:
        process.terminate()
        process.wait(timeout=20)
        engine.dispose()


def _break(engine: Engine, statement: str) -> None:
    with engine.begin() as connection:
        connection.execute(text(statement))


def _admin_token(engine: Engine) -> tuple[str, str]:
    """(token, an organisation id) for registering a location."""
    with Session(engine) as session:
        _, token = add_curator(session, name=f"logs-{time.monotonic_ns()}", role="admin")
        organization_id = session.exec(select(Organization.id)).first()
        session.commit()
    return token, organization_id


def test_failing_requests_leave_no_request_data_in_the_log(served):
    base, engine, log = served
    token, organization_id = _admin_token(engine)
    search = {"q": SECRET_WORD, "postcode": "3511", "radius_km": 25}
    origin = {"Origin": "https://campagne.example"}

    # 1. A database error in a search (its statement's parameters hold the words and the bounding box).
    _break(engine, "ALTER TABLE search_entry RENAME TO search_entry_away")
    try:
        failed = httpx.get(f"{base}/v1/services", params=search, headers=origin, timeout=10)
    finally:
        _break(engine, "ALTER TABLE search_entry_away RENAME TO search_entry")
    assert failed.status_code in (500, 503) and failed.json()["error"]["status"] == failed.status_code

    # 2. A database error while registering a shelter (the history row holds its coordinates).
    _break(engine, 'ALTER TABLE "change" RENAME TO change_away')
    try:
        shelter = httpx.post(f"{base}/v1/locations", headers={"Authorization": f"Bearer {token}"}, timeout=10,
                             json={"organization_id": organization_id, "name": "Opvang", "confidential": True,
                                   "municipality_code": "GM0344", **SHELTER})
    finally:
        _break(engine, 'ALTER TABLE change_away RENAME TO "change"')
    assert shelter.status_code in (500, 503), shelter.text

    # 3. An error that is not the database's: stored results that no longer parse.
    _break(engine, "UPDATE search_card SET facts = '{'")
    broken = httpx.get(f"{base}/v1/services", params={**search, "q": "hulp"}, headers=origin, timeout=10)
    assert broken.status_code == 500 and broken.json()["error"]["code"] == "internal_error"
    # Even this one is answered in full: the campaign site may read it, and it carries the security headers.
    assert broken.headers["access-control-allow-origin"] == "https://campagne.example"
    assert broken.headers["x-content-type-options"] == "nosniff"
    assert "server" not in broken.headers  # no software banner either

    time.sleep(0.5)  # let the server flush its log
    output = log.read_text(encoding="utf-8")
    assert "database error" in output and "unhandled" in output, output  # the failures were logged, by type
    for leak in (SECRET_WORD, "3511", str(SHELTER["latitude"]), str(SHELTER["longitude"]), "52.09", "Traceback",
                 "[parameters", "[SQL", "SELECT ", "INSERT "):
        assert leak not in output, f"{leak!r} in the server's output:\n{output}"
