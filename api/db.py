"""Engine and the per-request session: one transaction per request."""

import itertools
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine, event, text
from sqlmodel import Session, create_engine

from api.search.projection import one_rebuild, track_listing_changes
from api.settings import get_settings

_WRITES = "helpfinder_writes"  # execution option: this transaction may write

# Every ORM flush keeps the search projection in step with the listings.
track_listing_changes()


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets foreign keys switched on for every connection."""
    # hide_parameters: an error's text never carries a statement's parameters (search words, a
    # postcode's bounding box, a shelter's coordinates), wherever that text ends up.
    pool = {"pool_size": get_settings().db_pool_size, "max_overflow": 10, "hide_parameters": True}
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, **pool)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin
            # (needed for savepoints and for one real transaction per request).
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection) -> None:  # type: ignore[no-untyped-def]
            # A writing transaction takes the write lock at BEGIN (IMMEDIATE): a deferred one that
            # read first and then writes fails at once with "database is locked" when another
            # writer holds the lock, where an immediate one waits (busy_timeout) and then sees
            # the other's committed work (so a stale If-Match gets its 412).
            connection.exec_driver_sql("BEGIN IMMEDIATE" if connection.get_execution_options().get(_WRITES)
                                       else "BEGIN")

        return engine
    timeout = get_settings().statement_timeout_ms
    engine = create_engine(
        url,
        **pool,
        # A server that does not answer a new connection within 3 s is treated as away (503). On an open
        # connection, data the server has not acknowledged within 5 s (tcp_user_timeout) or an idle peer that
        # stops answering keepalive probes ends the connection with an error (503), instead of a request
        # hanging for the operating system's default of many minutes.
        # plan_cache_mode: psycopg prepares a statement run five times, and the server may then switch it to a
        # generic plan that ignores the values; for a search (a bounding box, a region) that plan can be a
        # thousand times slower (seen: 1.4 s instead of 37 ms after the tenth run of the same point search).
        connect_args={"options": f"-c statement_timeout={timeout} -c plan_cache_mode=force_custom_plan",
                      "connect_timeout": 3, "tcp_user_timeout": 5000,
                      "keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 3, "keepalives_count": 3},
    )
    _answer_within_deadlines(engine)
    return engine


# A request's statement that gets no answer within this time fails (503): its connection's socket is
# shut, which wakes the waiting driver at once. The server's own statement_timeout cannot help when the
# network or the server is frozen: its cancellation never arrives.
REQUEST_STATEMENT_DEADLINE = 5.0
_DEADLINE = "helpfinder_deadline"  # execution option: this connection serves a request


def _shut(dbapi_connection) -> None:  # type: ignore[no-untyped-def]
    """Shut a connection's socket: whatever waits on it fails now, and the pool drops the connection."""
    try:
        with socket.socket(fileno=os.dup(dbapi_connection.fileno())) as sock:
            sock.shutdown(socket.SHUT_RDWR)
    except (OSError, ValueError, AttributeError):
        pass  # already closed


class _Watchdog:
    """One thread that shuts the sockets of statements past their deadline (it looks four times a second)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: dict[int, tuple[float, object]] = {}
        self._tokens = itertools.count()
        self._thread: threading.Thread | None = None

    def arm(self, dbapi_connection: object, seconds: float) -> int:
        """Watch this connection's statement; returns the token to disarm it with."""
        token = next(self._tokens)
        with self._lock:
            self._waiting[token] = (time.monotonic() + seconds, dbapi_connection)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="db-deadlines", daemon=True)
                self._thread.start()
        return token

    def disarm(self, token: int) -> None:
        """The statement was answered (or failed by itself)."""
        with self._lock:
            self._waiting.pop(token, None)

    def _run(self) -> None:
        while True:
            time.sleep(0.25)
            now = time.monotonic()
            with self._lock:
                late = [token for token, (deadline, _) in self._waiting.items() if deadline <= now]
                connections = [self._waiting.pop(token)[1] for token in late]
            for connection in connections:
                _shut(connection)


_WATCHDOG = _Watchdog()


def _answer_within_deadlines(engine: Engine) -> None:
    """PostgreSQL: every statement of a request gets an answer in bounded time, or fails.

    No pre-ping on checkout (it has no time limit): a connection that died while pooled fails its first
    statement at once, and SQLAlchemy then drops every pooled connection of that age, so one request
    answers 503 and the next ones reconnect.
    """

    @event.listens_for(engine, "before_cursor_execute")
    def _start(connection, _cursor, _statement, _parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if connection.get_execution_options().get(_DEADLINE):
            connection.info["deadline"] = _WATCHDOG.arm(connection.connection.dbapi_connection,
                                                        REQUEST_STATEMENT_DEADLINE)

    @event.listens_for(engine, "after_cursor_execute")
    def _stop(connection, *_args) -> None:  # type: ignore[no-untyped-def]
        if (token := connection.info.pop("deadline", None)) is not None:
            _WATCHDOG.disarm(token)

    @event.listens_for(engine, "handle_error")
    def _stop_on_error(context) -> None:  # type: ignore[no-untyped-def]
        if context.connection is not None and (token := context.connection.info.pop("deadline", None)) is not None:
            _WATCHDOG.disarm(token)


@contextmanager
def _committed_in_time(session: Session) -> Iterator[None]:
    """On PostgreSQL the COMMIT of a request gets the statement deadline too (it is no cursor statement)."""
    if not session.in_transaction():  # nothing to commit (a handler rolled back): no connection to watch
        yield
        return
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        yield
        return
    token = _WATCHDOG.arm(connection.connection.dbapi_connection, REQUEST_STATEMENT_DEADLINE)
    try:
        yield
    finally:
        _WATCHDOG.disarm(token)


@lru_cache
def get_engine() -> Engine:
    """The engine of this process, built from DATABASE_URL."""
    return make_engine(get_settings().database_url)


@contextmanager
def transaction(*, writes: bool) -> Iterator[Session]:
    """A session in one transaction: committed when the block succeeds, rolled back when it raises.

    `writes`: the block may write, so on SQLite the transaction starts with BEGIN IMMEDIATE. On
    PostgreSQL each statement gets REQUEST_STATEMENT_DEADLINE seconds to be answered.
    """
    with Session(get_engine(), expire_on_commit=False) as session:
        session.connection(execution_options={_WRITES: writes, _DEADLINE: True})
        try:
            if writes:
                with one_rebuild(session):  # the search projection of what changed: rebuilt once, before COMMIT
                    yield session
            else:
                yield session
            with _committed_in_time(session):
                session.commit()
        except Exception:
            session.rollback()
            raise


_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_session(request: Request) -> Iterator[Session]:
    """The request's session and transaction; requests other than GET, HEAD and OPTIONS may write."""
    with transaction(writes=request.method not in _READ_METHODS) as session:
        yield session


# scope="function": the transaction commits when the route returns, before the response is sent,
# so a failed COMMIT reaches the client as an error response instead of a 200 for a lost write.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def schema_revision(session: Session) -> str | None:
    """The Alembic revision the database is at; raises if the schema was never migrated."""
    return session.execute(text("SELECT version_num FROM alembic_version")).scalar_one_or_none()


def refresh_statistics(engine: Engine) -> None:
    """After a bulk load on PostgreSQL: planner statistics and the visibility map, as autovacuum would.

    Without them the planner guesses row counts for the new rows, and searches can take
    seconds until autovacuum has run. SQLite plans well without statistics.
    """
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
