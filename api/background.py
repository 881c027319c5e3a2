"""Writes that do not belong in a request: aggregate search counts and token last use.

Requests only count in memory (api.stats, api.curation.auth); this module writes the
counts in a session and transaction of its own, every STATS_FLUSH_SECONDS and when the
process stops. Counts leave memory only after their commit succeeded, so a database
that is briefly away loses nothing, and a read request never writes.

The same start-up also moves the objects of start-up (modules, classes, the app) out of the
cyclic garbage collector's way, once per process: see `settle_startup_objects`.
"""

import asyncio
import contextlib
import functools
import gc
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI
from sqlmodel import Session

from api import stats
from api.curation import auth
from api.db import get_session, transaction
from api.geo.gazetteer import get_gazetteer
from api.settings import get_settings

log = logging.getLogger(__name__)


def write_pending(session: Session) -> tuple[dict, dict]:
    """Write everything counted so far into this session; returns what was written (to forget after commit)."""
    counts, uses = stats.pending(), auth.pending_token_use()
    stats.write(session, counts)
    auth.write_token_use(session, uses)
    return counts, uses


def forget_written(written: tuple[dict, dict]) -> None:
    """Drop from memory what a committed write_pending stored."""
    counts, uses = written
    stats.forget(counts)
    auth.forget_token_use(uses)


def flush(app: FastAPI) -> None:
    """Write the pending counts in a transaction of their own; keep them for the next try on failure.

    The session comes from the app's session provider (the one requests use), so a test
    that points requests at its own database gets the counts there too.
    """
    if not stats.pending() and not auth.pending_token_use():
        return
    override = app.dependency_overrides.get(get_session)
    sessions = contextlib.contextmanager(override) if override else functools.partial(transaction, writes=True)
    try:
        with sessions() as session:
            written = write_pending(session)
    except Exception as exc:  # noqa: BLE001 - keep serving; the counts stay in memory
        log.warning("could not write search counts and token use: %s", type(exc).__name__)
        return
    forget_written(written)


async def _flush_every(app: FastAPI, seconds: float) -> None:
    """Flush periodically, in a worker thread so the event loop never waits on the database."""
    while True:
        await asyncio.sleep(seconds)
        await asyncio.to_thread(flush, app)


# Young objects the collector lets pile up before it looks (Python's default: 700). A request makes
# thousands: at 700 collecting took 0.8-1.7 ms per request at 100k services (searches; the HSDS lists),
# at 7000 about 0.2 ms.
_YOUNG_COLLECTION_THRESHOLD = 7000


@functools.cache  # once per process
def settle_startup_objects() -> None:
    """Collect once, then freeze what is left: the collector no longer walks start-up's objects.

    Every object alive at start-up lives as long as the process, yet a full collection walks them
    all (about 200,000): 120-150 ms, in the middle of some request, every few hundred requests
    and more often under big responses. Frozen, a full collection walks only what requests left
    behind. Once per process (a test run starts many apps); later objects are collected as before,
    less often. The gazetteer (every point search needs it; 30 ms to read) is loaded first, so it is
    frozen too.
    """
    get_gazetteer()
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(_YOUNG_COLLECTION_THRESHOLD, older, oldest)


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Run the periodic flush while the app serves, and flush once more on shutdown."""
    settle_startup_objects()
    task = asyncio.create_task(_flush_every(app, get_settings().stats_flush_seconds))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await asyncio.to_thread(flush, app)
