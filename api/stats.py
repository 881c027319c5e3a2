"""Aggregate search counts per day, kept in memory per process and written out now and then.

Only totals are kept: searches, searches with zero results, per service type and per
province. No query text, postcode or IP address is ever counted or stored.
"""

import threading
import time
from collections import Counter
from datetime import date

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from api.models import SearchStat
from api.settings import get_settings

_lock = threading.Lock()
_pending: Counter[tuple[date, str, str]] = Counter()
_last_flush = time.monotonic()


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


def flush(session: Session, *, force: bool = False) -> None:
    """Add the in-memory counts to the database (within the caller's transaction)."""
    global _last_flush
    with _lock:
        due = force or time.monotonic() - _last_flush >= get_settings().stats_flush_seconds
        if not due or not _pending:
            return
        batch = dict(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    for (day, metric, key), n in batch.items():
        statement = insert(SearchStat).values(day=day, metric=metric, key=key, count=n)
        session.execute(statement.on_conflict_do_update(
            index_elements=["day", "metric", "key"], set_={"count": SearchStat.count + n}))


def read(session: Session, *, days: int) -> list[SearchStat]:
    """The stored counts of the last `days` days, newest first."""
    since = date.fromordinal(date.today().toordinal() - days + 1)
    return list(session.exec(select(SearchStat).where(SearchStat.day >= since)
                             .order_by(SearchStat.day.desc(), SearchStat.metric, SearchStat.key)).all())
