"""Aggregate search counts per day, kept in memory per process and written out of band.

Only totals are kept: searches, searches with zero results, per service type and per
province. No query text, postcode or IP address is ever counted or stored. A search
never writes to the database: `api.background` flushes the counts now and then in a
session of its own, and a count leaves memory only after its commit succeeded.
"""

import threading
from collections import Counter
from datetime import date

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from api.models import SearchStat

_lock = threading.Lock()
_pending: Counter[tuple[date, str, str]] = Counter()


def count_search(*, total: int, service_types: list[str], province_code: str | None) -> None:
    """Count one search in memory."""
    today = date.today()
    with _lock:
        _pending[(today, "searches", "all")] += 1
        if total == 0:
            _pending[(today, "zero_results", "all")] += 1
        for code in service_types:
            _pending[(today, "service_type", code)] += 1
        if province_code:
            _pending[(today, "province", province_code)] += 1


def pending() -> dict[tuple[date, str, str], int]:
    """A copy of the counts not yet written."""
    with _lock:
        return dict(_pending)


def write(session: Session, counts: dict[tuple[date, str, str], int]) -> None:
    """Add these counts to the stored ones (in the caller's transaction)."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    for (day, metric, key), n in counts.items():
        statement = insert(SearchStat).values(day=day, metric=metric, key=key, count=n)
        session.execute(statement.on_conflict_do_update(
            index_elements=["day", "metric", "key"], set_={"count": SearchStat.count + n}))


def forget(counts: dict[tuple[date, str, str], int]) -> None:
    """Drop counts that were committed (new ones counted meanwhile stay)."""
    with _lock:
        _pending.subtract(counts)
        for key in [k for k, n in _pending.items() if n <= 0]:
            del _pending[key]


def read(session: Session, *, days: int) -> list[SearchStat]:
    """The counts of the last `days` days, newest first: stored ones plus this process's pending ones."""
    since = date.fromordinal(date.today().toordinal() - days + 1)
    stored = {(row.day, row.metric, row.key): row.count for row in session.exec(
        select(SearchStat).where(SearchStat.day >= since))}
    for key, n in pending().items():
        if key[0] >= since:
            stored[key] = stored.get(key, 0) + n
    rows = [SearchStat(day=day, metric=metric, key=key, count=n) for (day, metric, key), n in stored.items()]
    return sorted(rows, key=lambda r: (-r.day.toordinal(), r.metric, r.key))
