"""Benchmark harness: search latency in process and throughput over HTTP at 1k, 10k and 100k services.

Run `python -m bench --help`; bench/README.md explains what is measured and how to read it.

Importing this package sets the environment the measurements need before any `api` module reads
its settings: rate limits far above any load we generate, and rate-limit counters in memory (a
REDIS_URL from the shell or a .env file would otherwise add a network round trip per request).
"""

import os

BENCH_ENV = {
    "SEARCH_RATE_LIMIT": "100000000/minute",
    "GEOCODE_RATE_LIMIT": "100000000/minute",
    "EXPORT_RATE_LIMIT": "100000000/minute",
    "READ_RATE_LIMIT": "100000000/minute",
    "REDIS_URL": "",
}
os.environ.update(BENCH_ENV)
