"""Fallback HTTP load generator (used when `wrk` is not installed): one process, N async connections.

    python bench/loadgen.py --base-url http://127.0.0.1:8000 --paths-file paths.txt \
        --duration 10 --connections 8 [--header "If-None-Match: \"...\""]

Each connection requests the next path of the list in turn (the list is cycled) until the
duration is over, then one JSON line is printed: requests, seconds, requests_per_second,
statuses, errors, p50_ms, p99_ms. Runs on its own (only httpx needed), so it never shares a
process or an interpreter lock with the server it measures. A Python client is slower than wrk:
for very cheap endpoints such as /health the client, not the server, may set the pace.
"""

import argparse
import asyncio
import itertools
import json
import math
import time

import httpx


def _percentile(samples: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile."""
    if not samples:
        return None
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


async def _run(*, base_url: str, paths: list[str], duration: float, connections: int,
               headers: dict[str, str]) -> dict:
    """Drive the server for `duration` seconds and summarise."""
    statuses: dict[int, int] = {}
    latencies: list[float] = []
    errors = 0
    cycle = itertools.cycle(paths)
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(base_url=base_url, headers=headers, limits=limits, timeout=60) as client:
        started = time.perf_counter()
        deadline = started + duration

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                sent = time.perf_counter()
                try:
                    response = await client.get(next(cycle))
                    await response.aread()
                except httpx.HTTPError:
                    errors += 1
                    continue
                latencies.append((time.perf_counter() - sent) * 1000)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

        await asyncio.gather(*(worker() for _ in range(connections)))
        seconds = time.perf_counter() - started
    requests = sum(statuses.values())
    return {"requests": requests, "seconds": seconds, "requests_per_second": requests / seconds,
            "statuses": statuses, "errors": errors,
            "p50_ms": _percentile(latencies, 0.50), "p99_ms": _percentile(latencies, 0.99)}


def main() -> None:
    """Parse arguments, run, print one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--paths-file", required=True, help="One path with query string per line")
    parser.add_argument("--duration", type=float, default=10.0, help="Seconds")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--header", action="append", default=[], help="'Name: value', repeatable")
    args = parser.parse_args()
    with open(args.paths_file, encoding="utf-8") as handle:
        paths = [line.strip() for line in handle if line.strip()]
    headers = dict(h.split(":", 1) for h in args.header)
    headers = {name.strip(): value.strip() for name, value in headers.items()}
    result = asyncio.run(_run(base_url=args.base_url, paths=paths, duration=args.duration,
                              connections=args.connections, headers=headers))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
