"""Test databases: a real SQLite file and a real PostgreSQL server, both built by the migrations.

Every test runs once per backend. The schema is migrated and seeded (plus a fixed set of
synthetic services) once per backend; each test then runs inside a transaction that is
rolled back, so tests can write freely without affecting each other.

PostgreSQL: TEST_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/test). The tests
wipe that database's public schema. Without a reachable server the PostgreSQL half is
skipped, except when CI=true, where it fails.

The tests run on parallel workers (pytest-xdist, `-n auto` in pyproject.toml). Each worker has
databases of its own: its SQLite files live in its own temporary folder, and on PostgreSQL it
uses TEST_DATABASE_URL's database with the worker's name appended (`test_gw0`), created when
missing. Test modules that make a database of their own append the worker's name the same way.
"""

import os
from collections.abc import Callable, Iterator

# Searches in tests come from one client; keep search limits out of the way (the feedback
# limit stays as configured, and its own test checks it).
os.environ.setdefault("SEARCH_RATE_LIMIT", "100000/minute")
os.environ.setdefault("GEOCODE_RATE_LIMIT", "100000/minute")
os.environ.setdefault("EXPORT_RATE_LIMIT", "100000/minute")
os.environ.setdefault("READ_RATE_LIMIT", "100000/minute")
# Counts are written when a test client stops, not by the periodic task in the middle of a test.
os.environ.setdefault("STATS_FLUSH_SECONDS", "3600")
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import URL, Connection, Engine, make_url, text
from sqlmodel import Session

from api.db import get_session, make_engine
from api.main import create_app
from api.migrate import upgrade_to_head
from api.search import reference
from api.search.projection import one_rebuild
from api.seed.loader import seed_all
from api.seed.synthetic import generate

DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/test"
SYNTHETIC_COUNT = 240
SYNTHETIC_SEED = 7


def worker_database(name: str) -> str:
    """A database name of this test worker's own (the name itself when the tests run in one process)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return f"{name}_{worker}" if worker else name


def _configured_postgres_url() -> URL:
    """TEST_DATABASE_URL in the driver form the app uses."""
    from api.settings import Settings

    return make_url(Settings(database_url=os.environ.get("TEST_DATABASE_URL", DEFAULT_PG_URL)).database_url)


def _postgres_url() -> str:
    """The PostgreSQL URL of this worker's test database."""
    url = _configured_postgres_url()
    return url.set(database=worker_database(url.database or "test")).render_as_string(hide_password=False)


def require_postgres() -> str:
    """This worker's PostgreSQL test database URL, the database created when missing; skips the test when
    the server is unreachable (fails under CI=true)."""
    url = _postgres_url()
    name = make_url(url).database
    admin = make_engine(_configured_postgres_url().render_as_string(hide_password=False))
    try:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name})
            if exists.first() is None:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL is required in CI but unreachable: {type(exc).__name__}")
        pytest.skip("PostgreSQL not reachable; set TEST_DATABASE_URL to run these")
    finally:
        admin.dispose()
    return url


def _reset_postgres(engine: Engine) -> None:
    """Drop everything in the public schema so the migrations start from nothing."""
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))


def _build(engine: Engine) -> None:
    """Migrate to head, seed, add synthetic services."""
    upgrade_to_head(engine=engine)
    with Session(engine) as session:
        seed_all(session)
        generate(session, count=SYNTHETIC_COUNT, random_seed=SYNTHETIC_SEED)
        session.commit()


def make_backend_engine(backend: str, tmp_dir: Path) -> Engine:
    """A fresh, empty database engine for one backend (skips PostgreSQL when unavailable)."""
    if backend == "sqlite":
        return make_engine(f"sqlite:///{tmp_dir / 'helpfinder-test.db'}")
    engine = make_engine(require_postgres())
    _reset_postgres(engine)
    return engine


@pytest.fixture(autouse=True)
def _fresh_reference_data() -> Iterator[None]:
    """Reference data kept per directory version is dropped after each test: rolled-back test
    transactions reuse version numbers, which committed data never does."""
    yield
    reference.forget()


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """Every test starts with empty rate-limit counters."""
    from api.ratelimit import limiter

    limiter.reset()
    yield


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A migrated, seeded database per backend."""
    built = make_backend_engine(request.param, tmp_path_factory.mktemp(request.param))
    _build(built)
    yield built
    built.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    """A connection inside an outer transaction that is rolled back after the test."""
    with engine.connect() as conn:
        outer = conn.begin()
        yield conn
        outer.rollback()


@pytest.fixture
def db(connection: Connection) -> Iterator[Session]:
    """A session for arranging data; its commits become savepoints of the outer transaction."""
    with Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False) as session:
        yield session


def joined_sessions(connection: Connection) -> Callable[[], Iterator[Session]]:
    """A session provider for the app whose sessions join the test's transaction (commits become savepoints)."""

    def _session() -> Iterator[Session]:
        with Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False) as session:
            try:
                with one_rebuild(session):  # as api.db.transaction does for requests that may write
                    yield session
                session.commit()
            except Exception:
                session.rollback()
                raise

    return _session


@pytest.fixture
def client(connection: Connection, db: Session) -> Iterator[TestClient]:
    """The API, with each request's session joined to the test's transaction."""
    db.flush()
    app = create_app()
    app.dependency_overrides[get_session] = joined_sessions(connection)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def cli_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the CLI at a fresh SQLite file; restore the cached settings and engine afterwards."""
    from api.db import get_engine
    from api.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    get_settings.cache_clear()
    get_engine.cache_clear()
    yield tmp_path
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()
