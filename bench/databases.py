"""The benchmark databases: one SQLite file and one PostgreSQL database per size.

Each is built from nothing the way a real deployment is: the Alembic migrations, the seed data,
then N synthetic services (random seed 1, so every run measures the same data). PostgreSQL
databases are named `helpfinder_bench_<size>`; the harness creates and drops only those.
A kept database is reused when it is at the newest schema and holds exactly N synthetic services.
"""

import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, func, select, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from api.db import make_engine, refresh_statistics
from api.migrate import upgrade_to_head
from api.models import Service
from api.seed.loader import seed_all
from api.seed.synthetic import SYNTHETIC_SOURCE, generate
from api.settings import Settings

RANDOM_SEED = 1
DB_PREFIX = "helpfinder_bench"
BACKEND_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@dataclass
class BenchDatabase:
    """One built database: where it is, how long it took to fill, and whether it was reused."""

    backend: str
    size: int
    url: str
    build_seconds: float | None = None
    reused: bool = False

    @property
    def label(self) -> str:
        """'SQLite 10k' and the like."""
        return f"{BACKEND_LABELS[self.backend]} {size_label(self.size)}"


def size_label(size: int) -> str:
    """1000 -> '1k', 100000 -> '100k', 2500 -> '2500'."""
    return f"{size // 1000}k" if size >= 1000 and size % 1000 == 0 else str(size)


@dataclass
class DatabaseStore:
    """Creates, finds and removes the benchmark databases of one run.

    With `keep_dir`, SQLite files live there and every database outlives the run; otherwise
    SQLite files go to a temporary directory and everything is removed by `cleanup()`.
    """

    postgres_url: str
    keep_dir: Path | None = None
    reuse: bool = False
    log: Callable[[str], None] = print
    _tmp_dir: Path | None = None
    _created_pg: set[str] = field(default_factory=set)
    _created_files: set[Path] = field(default_factory=set)

    def sqlite_path(self, size: int) -> Path:
        """The SQLite file for this size."""
        if self.keep_dir is not None:
            self.keep_dir.mkdir(parents=True, exist_ok=True)
            return self.keep_dir / f"{DB_PREFIX}_{size}.db"
        if self._tmp_dir is None:
            self._tmp_dir = Path(tempfile.mkdtemp(prefix=f"{DB_PREFIX}_"))
        return self._tmp_dir / f"{DB_PREFIX}_{size}.db"

    def url_for(self, backend: str, size: int) -> str:
        """The SQLAlchemy URL of the database for this backend and size."""
        if backend == "sqlite":
            return f"sqlite:///{self.sqlite_path(size)}"
        server = make_url(Settings(database_url=self.postgres_url).database_url)
        return server.set(database=f"{DB_PREFIX}_{size}").render_as_string(hide_password=False)

    def prepare(self, backend: str, size: int) -> BenchDatabase:
        """A ready database: a valid kept one with --reuse, otherwise a freshly built one."""
        db = BenchDatabase(backend=backend, size=size, url=self.url_for(backend, size))
        if self.reuse and self._is_complete(db):
            db.reused = True
            self.log(f"[{db.label}] reusing {self._where(db)}")
            return db
        self._remove(db)
        self._create_empty(db)
        started = time.perf_counter()
        self.log(f"[{db.label}] building {self._where(db)}")
        engine = make_engine(db.url)
        try:
            upgrade_to_head(engine=engine)
            with Session(engine) as session:
                seed_all(session)
                session.commit()
            with Session(engine) as session:
                generate(session, count=size, random_seed=RANDOM_SEED)
                session.commit()
            refresh_statistics(engine)  # what `helpfinder seed --synthetic` does after a bulk load
        finally:
            engine.dispose()
        db.build_seconds = time.perf_counter() - started
        self.log(f"[{db.label}] built in {db.build_seconds:.0f} s")
        return db

    def release(self, db: BenchDatabase) -> None:
        """Remove a measured database now, unless databases are kept."""
        if self.keep_dir is None:
            self._remove(db)

    def cleanup(self) -> None:
        """Remove everything this run created and did not keep."""
        if self.keep_dir is not None:
            return
        for name in sorted(self._created_pg):
            self._drop_pg(name)
        for path in sorted(self._created_files):
            _remove_sqlite_file(path)
        self._created_pg.clear()
        self._created_files.clear()
        if self._tmp_dir is not None:
            shutil.rmtree(self._tmp_dir, ignore_errors=True)
            self._tmp_dir = None

    def _where(self, db: BenchDatabase) -> str:
        """Where a database lives, without any password."""
        return make_url(db.url).render_as_string(hide_password=True)

    def _is_complete(self, db: BenchDatabase) -> bool:
        """Whether a kept database is at the newest schema and holds exactly `size` synthetic services."""
        if db.backend == "sqlite" and not self.sqlite_path(db.size).exists():
            return False
        if db.backend == "postgresql" and not self._pg_exists(make_url(db.url).database or ""):
            return False
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        from api.migrate import alembic_config

        head = ScriptDirectory.from_config(alembic_config(database_url=db.url)).get_current_head()
        engine = make_engine(db.url)
        try:
            with engine.connect() as conn:
                if MigrationContext.configure(conn).get_current_revision() != head:
                    return False
                count = conn.execute(select(func.count()).select_from(Service)
                                     .where(Service.source_url == SYNTHETIC_SOURCE)).scalar_one()
                return count == db.size
        except Exception:  # noqa: BLE001 - an unreadable database is simply rebuilt
            return False
        finally:
            engine.dispose()

    def _create_empty(self, db: BenchDatabase) -> None:
        """An empty SQLite file location, or an empty PostgreSQL database."""
        if db.backend == "sqlite":
            self._created_files.add(self.sqlite_path(db.size))
            return
        name = make_url(db.url).database or ""
        with self._admin() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        self._created_pg.add(name)

    def _remove(self, db: BenchDatabase) -> None:
        """Delete a benchmark database if it exists."""
        if db.backend == "sqlite":
            _remove_sqlite_file(self.sqlite_path(db.size))
        else:
            self._drop_pg(make_url(db.url).database or "")

    def _drop_pg(self, name: str) -> None:
        """Drop one of our PostgreSQL databases (never any other)."""
        if not name.startswith(DB_PREFIX):
            raise ValueError(f"refusing to drop {name!r}: not a benchmark database")
        with self._admin() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self._created_pg.discard(name)

    def _pg_exists(self, name: str) -> bool:
        """Whether the PostgreSQL database exists."""
        with self._admin() as conn:
            return conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first() is not None

    def _admin(self) -> "_AdminConnection":
        """An autocommit connection to the server's `postgres` database (CREATE/DROP DATABASE)."""
        return _AdminConnection(self.postgres_url)


class _AdminConnection:
    """Context manager: an autocommit connection to the maintenance database, disposed afterwards."""

    def __init__(self, postgres_url: str) -> None:
        server = make_url(Settings(database_url=postgres_url).database_url)
        self._engine: Engine = make_engine(server.set(database="postgres").render_as_string(hide_password=False))

    def __enter__(self):  # type: ignore[no-untyped-def]
        self._conn = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        return self._conn

    def __exit__(self, *exc_info) -> None:  # type: ignore[no-untyped-def]
        self._conn.close()
        self._engine.dispose()


def _remove_sqlite_file(path: Path) -> None:
    """A SQLite database and its WAL side files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def server_version(postgres_url: str) -> str | None:
    """The PostgreSQL server version, or None when it does not answer."""
    try:
        with _AdminConnection(postgres_url) as conn:
            return str(conn.execute(text("SHOW server_version")).scalar_one())
    except Exception:  # noqa: BLE001 - reported as "not reachable"
        return None
