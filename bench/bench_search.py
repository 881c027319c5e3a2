"""Search latency with a point at 1k, 10k and 100k synthetic services (SQLite and PostgreSQL).

Usage: python bench/bench_search.py [--sizes 1000 10000 100000] [--postgres URL] [--runs 20]
Builds each database from scratch (migrations + seed + synthetic data), then times
in-process requests (FastAPI TestClient: routing, SQL, distances, JSON) and prints a table.
The PostgreSQL database given (default: helpfinder_bench, created if missing) is WIPED.
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session

from api.db import get_session, make_engine
from api.main import create_app
from api.migrate import upgrade_to_head
from api.seed.loader import seed_all
from api.seed.synthetic import generate
from api.settings import Settings

QUERIES = {
    "postcode 8011, 25 km": {"postcode": "8011"},
    "near Amsterdam, age 16, male": {"near": "Amsterdam", "age": 16, "gender": "male"},
    "postcode 5611, chat or helpline, 50 km": {"postcode": "5611", "service_type": ["chat", "helpline"],
                                               "radius_km": 50},
    "region PV27, age 17 (no point)": {"region": "PV27", "age": 17},
}


def _client(engine) -> TestClient:  # type: ignore[no-untyped-def]
    """An app bound to this engine."""
    app = create_app()

    def _session():  # type: ignore[no-untyped-def]
        with Session(engine) as session:
            yield session

    app.dependency_overrides[get_session] = _session
    return TestClient(app)


def _time(client: TestClient, params: dict, runs: int) -> tuple[float, float, int]:
    """Median and p95 in ms, and the result count."""
    client.get("/v1/services", params=params)  # warm caches
    samples = []
    total = 0
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get("/v1/services", params=params)
        samples.append((time.perf_counter() - start) * 1000)
        total = response.json()["total_items"]
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1], total


def _create_database(url: str) -> None:
    """Create the benchmark database if it does not exist (needs rights to CREATE DATABASE)."""
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = make_engine(target.set(database="postgres").render_as_string(hide_password=False))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database}).first()
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def main() -> None:
    """Build, fill and measure each backend at each size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/helpfinder_bench")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()
    for backend in args.backends:
        if backend == "sqlite":
            url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
        else:
            url = Settings(database_url=args.postgres).database_url
            _create_database(url)
        engine = make_engine(url)
        if backend == "postgresql":
            with engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        upgrade_to_head(engine=engine)
        with Session(engine) as session:
            seed_all(session)
            session.commit()
        for size in sorted(args.sizes):
            started = time.perf_counter()
            with Session(engine) as session:
                generate(session, count=size, random_seed=1)
                session.commit()
            if backend == "postgresql":
                with engine.begin() as conn:
                    conn.execute(text("ANALYZE"))
            print(f"\n[{backend}] {size} synthetic services (filled in {time.perf_counter() - started:.0f} s)")
            client = _client(engine)
            for label, params in QUERIES.items():
                median, p95, total = _time(client, params, args.runs)
                print(f"  {label:42s} median {median:7.1f} ms   p95 {p95:7.1f} ms   {total:6d} results")
        engine.dispose()


if __name__ == "__main__":
    main()
