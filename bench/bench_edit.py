"""What a curator's save costs in search rows: rebuild the projection of one public service at a time.

    python -m bench.bench_edit URL [URL ...]          # e.g. databases kept by `python -m bench --keep DIR`

Every write to a listing ends, before its commit, by rebuilding the search rows of the services it touched
(`api.search.projection.rebuild`). This times that rebuild for one service, for `--services` public
services spread over the id space, each in a transaction that is rolled back: the database is left as it
was. Prints p50 and p95 in ms per database, and, with --statements, the statements that took longest.
"""

import argparse
import statistics
import time
from collections import defaultdict

import bench  # noqa: F401 - sets the benchmark environment before any api module loads
from bench.bench_search import percentile, public_service_ids


def time_rebuilds(database_url: str, *, services: int) -> tuple[list[float], dict[str, float]]:
    """Milliseconds per one-service rebuild, and the seconds spent per statement (its first 100 characters)."""
    from sqlalchemy import event

    from api.db import make_engine
    from api.search.projection import rebuild

    ids = public_service_ids(database_url, limit=services)
    engine = make_engine(database_url)
    per_statement: dict[str, float] = defaultdict(float)

    @event.listens_for(engine, "before_cursor_execute")
    def _started(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        conn.info["statement_started"] = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def _ended(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        per_statement[" ".join(statement.split())[:100]] += time.perf_counter() - conn.info["statement_started"]

    samples = []
    try:
        with engine.connect() as connection:
            rebuild(connection, ids[:1])  # warm-up: caches and the first plans
            connection.rollback()
            per_statement.clear()
            for service_id in ids:
                started = time.perf_counter()
                rebuild(connection, [service_id])
                samples.append((time.perf_counter() - started) * 1000)
                connection.rollback()
    finally:
        engine.dispose()
    return samples, dict(per_statement)


def main(argv: list[str] | None = None) -> None:
    """Time one-service rebuilds on each database given."""
    parser = argparse.ArgumentParser(prog="python -m bench.bench_edit", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("urls", nargs="+", metavar="URL", help="Database URLs (sqlite:///file or postgresql://...)")
    parser.add_argument("--services", type=int, default=30, help="Services rebuilt one at a time (default: 30)")
    parser.add_argument("--statements", action="store_true", help="Also list the five slowest statements")
    args = parser.parse_args(argv)
    print("| database | services | p50 ms | p95 ms |\n|---|---:|---:|---:|")
    slowest = {}
    for url in args.urls:
        samples, per_statement = time_rebuilds(url, services=args.services)
        if not samples:
            print(f"| {url} | 0 | - | - |")
            continue
        print(f"| {url} | {len(samples)} | {statistics.median(samples):.1f} | {percentile(samples, 0.95):.1f} |")
        slowest[url] = [(statement, seconds / len(samples)) for statement, seconds
                        in sorted(per_statement.items(), key=lambda item: -item[1])[:5]]
    if args.statements:
        for url, statements in slowest.items():
            print(f"\n{url}, ms per rebuild:")
            for statement, seconds in statements:
                print(f"- {seconds * 1000:6.2f}  {statement}")


if __name__ == "__main__":
    main()
