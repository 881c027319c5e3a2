"""In-process latency of every public read shape (search, detail, lists, HSDS, CSV).

Each shape is requested through FastAPI's TestClient on `create_app()` with DATABASE_URL
pointing at the benchmark database, so a request runs the real stack: middleware (ETag,
headers), rate limiter, routing, the project's own session dependency (one transaction,
commit), SQL, distances and JSON. No network and no server process: this isolates the
application cost. After `warmup` untimed requests, `runs` timed ones give p50 and p95.

Run on its own, this file starts the whole harness: `python bench/bench_search.py ...` is
`python -m bench ...`.
"""

import math
import os
import statistics
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

# TestClient still goes through httpx; the deprecation notice is noise in a benchmark run.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")


@dataclass(frozen=True)
class Shape:
    """One request shape: a label and the path with its query string (`{id}` cycles over service ids)."""

    label: str
    path: str


# The shapes of the performance issue. Every query value exists in the seed or synthetic data:
# PV27 (Noord-Holland), GM0363 (Amsterdam), 8011 (Zwolle), 5611 AB (Eindhoven: a PC6 is searched
# at its PC4 centroid), 3011 (Rotterdam), "steunpunt" (a synthetic name part), "synthetic service"
# (every synthetic description), PV23 (Flevoland).
SHAPES = [
    Shape("region province PV27, age 16, male", "/v1/services?region=PV27&age=16&gender=male"),
    Shape("region municipality GM0363, age 16, male", "/v1/services?region=GM0363&age=16&gender=male"),
    Shape("postcode PC4 8011, 25 km, age 17", "/v1/services?postcode=8011&radius_km=25&age=17"),
    Shape("postcode PC4 8011, 50 km, age 17", "/v1/services?postcode=8011&radius_km=50&age=17"),
    Shape("postcode PC6 5611AB, 25 km, age 17", "/v1/services?postcode=5611AB&radius_km=25&age=17"),
    Shape("postcode PC6 5611AB, 50 km, age 17", "/v1/services?postcode=5611AB&radius_km=50&age=17"),
    Shape("near=Zwolle", "/v1/services?near=Zwolle"),
    Shape("lat=52.37 lon=4.9", "/v1/services?lat=52.37&lon=4.9"),
    Shape("service_type chat or helpline, q=steunpunt",
          "/v1/services?service_type=chat&service_type=helpline&q=steunpunt"),
    Shape("q=synthetic service (two words, every service)", "/v1/services?q=synthetic%20service"),
    Shape("q=inloophuis amsterdam (two words, selective)", "/v1/services?q=inloophuis%20amsterdam"),
    Shape("postcode 3011, 50 km, page 1", "/v1/services?postcode=3011&radius_km=50&page=1"),
    Shape("postcode 3011, 50 km, page 3", "/v1/services?postcode=3011&radius_km=50&page=3"),
    Shape("postcode 3011, 50 km, page 10", "/v1/services?postcode=3011&radius_km=50&page=10"),
    Shape("/v1/services/{id} (varied ids)", "/v1/services/{id}"),
    Shape("/v1/organizations?per_page=100", "/v1/organizations?per_page=100"),
    Shape("/hsds/services?per_page=100", "/hsds/services?per_page=100"),
    Shape("/hsds/services?full=true&per_page=100", "/hsds/services?full=true&per_page=100"),
    Shape("/hsds/organizations?per_page=100", "/hsds/organizations?per_page=100"),
    Shape("/hsds/service_at_locations?per_page=100", "/hsds/service_at_locations?per_page=100"),
    Shape("/hsds/service_at_locations 8011, 25 km, per_page=100",
          "/hsds/service_at_locations?postcode=8011&proximity=25000&per_page=100"),
    Shape("/hsds/taxonomies?per_page=100", "/hsds/taxonomies?per_page=100"),
    Shape("/hsds/taxonomy_terms?per_page=100", "/hsds/taxonomy_terms?per_page=100"),
    Shape("/v1/services.csv region PV23", "/v1/services.csv?region=PV23"),
]
DETAIL_IDS = 30


@dataclass
class Timing:
    """The timed runs of one shape on one database."""

    p50_ms: float
    p95_ms: float
    results: int | None
    statuses: dict[int, int] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        """Whether any response was not 200."""
        return any(status != 200 for status in self.statuses)


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 30 samples is the 29th smallest)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def public_service_ids(database_url: str, *, limit: int = DETAIL_IDS) -> list[str]:
    """Ids of public services spread over the id space (ids are hashes, so ordering by id mixes them)."""
    from sqlmodel import Session

    from api.db import make_engine
    from api.models import Service
    from api.listings.visibility import publicly_listed

    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            return list(session.execute(select(Service.id).where(publicly_listed())
                                        .order_by(Service.id).limit(limit)).scalars())
    finally:
        engine.dispose()


def _results(response) -> int | None:  # type: ignore[no-untyped-def]
    """How many results a response holds: total_items of a page, CSV rows, 1 for a detail."""
    if response.status_code != 200:
        return None
    if response.headers.get("content-type", "").startswith("text/csv"):
        return max(0, len(response.text.splitlines()) - 1)
    body = response.json()
    return body.get("total_items", 1) if isinstance(body, dict) else len(body)


def time_shapes(database_url: str, *, runs: int, warmup: int,
                log: Callable[[str], None] = print) -> dict[str, Timing]:
    """Time every shape against one database; returns label -> Timing."""
    from fastapi.testclient import TestClient

    from api.db import get_engine
    from api.main import create_app
    from api.settings import get_settings

    service_ids = public_service_ids(database_url) or ["00000000-0000-0000-0000-000000000000"]
    previous_url = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = database_url
    get_settings.cache_clear()
    get_engine.cache_clear()
    timings: dict[str, Timing] = {}
    try:
        with TestClient(create_app()) as client:
            for shape in SHAPES:
                paths = [shape.path.replace("{id}", i) for i in service_ids] if "{id}" in shape.path else [shape.path]
                for i in range(warmup):
                    client.get(paths[i % len(paths)])
                samples, statuses, results = [], {}, None
                for i in range(runs):
                    started = time.perf_counter()
                    response = client.get(paths[i % len(paths)])
                    samples.append((time.perf_counter() - started) * 1000)
                    statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                    if i == 0:
                        results = _results(response)
                timing = Timing(p50_ms=statistics.median(samples), p95_ms=percentile(samples, 0.95),
                                results=results, statuses=statuses)
                timings[shape.label] = timing
                log(f"  {shape.label:55s} p50 {timing.p50_ms:7.1f} ms  p95 {timing.p95_ms:7.1f} ms"
                    + (f"  statuses {statuses}" if timing.failed else ""))
    finally:
        get_engine().dispose()
        get_engine.cache_clear()
        get_settings.cache_clear()
        if previous_url is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = previous_url
    return timings


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.run import main

    main()
