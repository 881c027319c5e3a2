"""Throughput over HTTP: one uvicorn process (1 worker) and a load generator in another process.

The server is started exactly as in production minus `helpfinder serve`'s start-up work:
`python -m uvicorn api.main:app --workers 1`, so nothing migrates or seeds the benchmark
database (importing api.main only builds the app). DATABASE_URL points at the benchmark
database, rate limits are set far above the load (bench/__init__.py), access logging is off
as in `helpfinder serve`.

Scenarios, each for `duration` seconds with `connections` keep-alive connections:
- health:      GET /health (the floor: middleware, one trivial SQL query, tiny JSON);
- search:      GET /v1/services cycling through VARIED_COUNT different query strings (age, gender,
               region, postcode, radius, service_type, q, page), so no cache can serve repeats;
- conditional: one search repeated with If-None-Match set to its ETag (every answer must be 304).

The load generator is wrk (2 threads, a Lua script cycling the paths and counting statuses);
without wrk, bench/loadgen.py (httpx, asyncio) in its own process. Peak RSS is the server's
VmHWM from /proc/PID/status, read just before it is stopped.
"""

import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import httpx

from bench import BENCH_ENV

VARIED_COUNT = 200
REPEATED_SEARCH = "/v1/services?region=PV27&age=16&gender=male"
TOWNS = ["Zwolle", "Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "Groningen", "Arnhem", "Enschede",
         "Den Haag", "Den Bosch", "Maastricht", "Leeuwarden", "Almere", "Tilburg", "Breda", "Nijmegen"]
WRK_INSTALL_HINT = "apt-get install -y wrk"
LOADGEN = Path(__file__).with_name("loadgen.py")


@dataclass
class ScenarioResult:
    """One load run against one endpoint mix."""

    name: str
    expected_status: int
    requests: int
    seconds: float
    requests_per_second: float
    statuses: dict[int, int]
    errors: int = 0
    p50_ms: float | None = None
    p99_ms: float | None = None

    @property
    def unexpected(self) -> int:
        """Responses with another status than expected, plus socket errors and timeouts."""
        return sum(n for status, n in self.statuses.items() if status != self.expected_status) + self.errors


@dataclass
class HttpResult:
    """The HTTP run on one database."""

    backend: str
    size: int
    generator: str
    scenarios: dict[str, ScenarioResult] = field(default_factory=dict)
    peak_rss_mb: float | None = None
    warmup_problems: list[str] = field(default_factory=list)

    def ratio(self, name: str) -> float | None:
        """requests/s of a scenario relative to /health."""
        health, other = self.scenarios.get("health"), self.scenarios.get(name)
        if not health or not other or not health.requests_per_second:
            return None
        return other.requests_per_second / health.requests_per_second


def varied_search_paths(count: int = VARIED_COUNT, *, seed: int = 1) -> list[str]:
    """`count` different /v1/services query strings mixing every filter, all valid for the seed data."""
    from api.geo.gazetteer import get_gazetteer
    from api.seed.synthetic import NAME_PARTS, SERVICE_TYPES

    rng = random.Random(seed)
    gazetteer = get_gazetteer()
    postcodes = sorted(gazetteer.all_postcodes())
    municipalities = sorted({entry.municipality_code for entry in gazetteer.all_postcodes().values()})
    regions = [f"PV{n}" for n in range(20, 32)] + municipalities
    towns = [town for town in TOWNS if gazetteer.place(town) is not None]
    words = [part.lower() for part in NAME_PARTS]

    def one() -> list[tuple[str, str | int]]:
        kind = rng.randrange(6)
        age = rng.randint(10, 26)
        if kind == 0:
            return [("region", rng.choice(regions)), ("age", age), ("gender", "male")]
        if kind == 1:
            return [("postcode", rng.choice(postcodes)), ("radius_km", rng.choice([10, 25, 50])), ("age", age)]
        if kind == 2:
            return ([("service_type", t) for t in rng.sample(SERVICE_TYPES, 2)]
                    + [("region", rng.choice(regions))])
        if kind == 3:
            return [("postcode", rng.choice(postcodes)), ("radius_km", 50), ("page", rng.randint(1, 5))]
        if kind == 4:
            return [("near", rng.choice(towns)), ("age", age), ("gender", "male")]
        return [("q", rng.choice(words)), ("age", age), ("page", rng.randint(1, 3))]

    paths: list[str] = []
    seen: set[str] = set()
    while len(paths) < count:
        path = "/v1/services?" + urlencode(one())
        if path not in seen:
            seen.add(path)
            paths.append(path)
    return paths


def wrk_path() -> str | None:
    """The wrk executable, if installed."""
    return shutil.which("wrk")


def _free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """One uvicorn process serving api.main:app on the benchmark database."""

    def __init__(self, *, database_url: str, port: int | None, workdir: Path) -> None:
        self.port = port or _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._log_path = workdir / f"uvicorn-{self.port}.log"
        env = dict(os.environ, **BENCH_ENV, DATABASE_URL=database_url, PYTHONUNBUFFERED="1")
        command = [sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port", str(self.port),
                   "--workers", "1", "--no-access-log", "--log-level", "warning"]
        self._log = self._log_path.open("w")
        self.process = subprocess.Popen(command, env=env, stdout=self._log, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Wait until /health answers 200."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"uvicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                if httpx.get(f"{self.base_url}/health", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"uvicorn did not answer /health within {timeout:.0f} s:\n{self.log_tail()}")

    def peak_rss_mb(self) -> float | None:
        """VmHWM (peak resident set size) of the server process, in MB."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return None
        match = re.search(r"^VmHWM:\s+(\d+)\s+kB", status, re.MULTILINE)
        return int(match.group(1)) / 1024 if match else None

    def log_tail(self, lines: int = 30) -> str:
        """The end of the server's output."""
        self._log.flush()
        return "\n".join(self._log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it does not stop within 10 s."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


WRK_SCRIPT = """\
-- Generated by bench/http_load.py: cycle through the paths, count response statuses.
local paths = {%(paths)s}
%(headers)s
local threads = {}

function setup(thread)
  thread:set("start", #threads * math.floor(#paths / %(threads)d))
  table.insert(threads, thread)
end

function init(args)
  n = start
  statuses = {}
end

function request()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      io.write(string.format("BENCH status %%d %%d\\n", status, count))
    end
  end
  io.write(string.format("BENCH requests %%d %%d\\n", summary.requests, summary.duration))
  io.write(string.format("BENCH latency %%d %%d\\n", latency:percentile(50), latency:percentile(99)))
  local e = summary.errors
  io.write(string.format("BENCH errors %%d\\n", e.connect + e.read + e.write + e.timeout))
end
"""


def _run_wrk(*, name: str, expected: int, base_url: str, paths: list[str], headers: dict[str, str],
             duration: float, connections: int, threads: int, workdir: Path) -> ScenarioResult:
    """One wrk run; statuses, latency and errors come from the Lua script's done()."""
    script = workdir / f"wrk-{name}.lua"
    script.write_text(WRK_SCRIPT % {
        "paths": ", ".join(json.dumps(p) for p in paths),
        "headers": "\n".join(f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items()),
        "threads": threads,
    })
    command = [wrk_path() or "wrk", f"-t{threads}", f"-c{connections}", f"-d{duration:g}s", "--timeout", "60s",
               "-s", str(script), base_url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    statuses: dict[int, int] = {}
    requests, micros, p50, p99, errors = 0, duration * 1e6, None, None, 0
    for line in output.splitlines():
        parts = line.split()
        if line.startswith("BENCH status"):
            statuses[int(parts[2])] = statuses.get(int(parts[2]), 0) + int(parts[3])
        elif line.startswith("BENCH requests"):
            requests, micros = int(parts[2]), int(parts[3])
        elif line.startswith("BENCH latency"):
            p50, p99 = int(parts[2]) / 1000, int(parts[3]) / 1000
        elif line.startswith("BENCH errors"):
            errors = int(parts[2])
    seconds = micros / 1e6
    return ScenarioResult(name=name, expected_status=expected, requests=requests, seconds=seconds,
                          requests_per_second=requests / seconds if seconds else 0.0, statuses=statuses,
                          errors=errors, p50_ms=p50, p99_ms=p99)


def _run_python(*, name: str, expected: int, base_url: str, paths: list[str], headers: dict[str, str],
                duration: float, connections: int, workdir: Path) -> ScenarioResult:
    """One run of bench/loadgen.py in its own process."""
    paths_file = workdir / f"paths-{name}.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    command = [sys.executable, str(LOADGEN), "--base-url", base_url, "--paths-file", str(paths_file),
               "--duration", str(duration), "--connections", str(connections)]
    for key, value in headers.items():
        command += ["--header", f"{key}: {value}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    data = json.loads(output.strip().splitlines()[-1])
    return ScenarioResult(name=name, expected_status=expected, requests=data["requests"], seconds=data["seconds"],
                          requests_per_second=data["requests_per_second"],
                          statuses={int(k): v for k, v in data["statuses"].items()}, errors=data["errors"],
                          p50_ms=data["p50_ms"], p99_ms=data["p99_ms"])


def measure_http(database_url: str, *, backend: str, size: int, duration: float, generator: str,
                 connections: int, threads: int, port: int | None, workdir: Path,
                 log: Callable[[str], None] = print) -> HttpResult:
    """Start the server, check the scenarios answer as expected, run them, read the peak RSS."""
    result = HttpResult(backend=backend, size=size, generator=generator)
    varied = varied_search_paths()
    server = Server(database_url=database_url, port=port, workdir=workdir)
    try:
        server.wait_ready()
        with httpx.Client(base_url=server.base_url, timeout=120) as client:
            # Warm up and check: a few of the varied searches, then the ETag of the repeated one.
            for path in varied[:10]:
                status = client.get(path).status_code
                if status != 200:
                    result.warmup_problems.append(f"{path} answered {status}")
            etag = client.get(REPEATED_SEARCH).headers.get("etag", "")
            conditional = client.get(REPEATED_SEARCH, headers={"If-None-Match": etag}).status_code
            if conditional != 304:
                result.warmup_problems.append(f"{REPEATED_SEARCH} with If-None-Match answered {conditional}")
        scenarios = [("health", 200, ["/health"], {}), ("search", 200, varied, {}),
                     ("conditional", 304, [REPEATED_SEARCH], {"If-None-Match": etag})]
        for name, expected, paths, headers in scenarios:
            if generator == "wrk":
                scenario = _run_wrk(name=name, expected=expected, base_url=server.base_url, paths=paths,
                                    headers=headers, duration=duration, connections=connections, threads=threads,
                                    workdir=workdir)
            else:
                scenario = _run_python(name=name, expected=expected, base_url=server.base_url, paths=paths,
                                       headers=headers, duration=duration, connections=connections, workdir=workdir)
            result.scenarios[name] = scenario
            log(f"  {name:12s} {scenario.requests_per_second:9.1f} req/s  statuses {scenario.statuses}"
                + (f"  errors {scenario.errors}" if scenario.errors else ""))
        result.peak_rss_mb = server.peak_rss_mb()
        log(f"  peak RSS {result.peak_rss_mb:.0f} MB" if result.peak_rss_mb else "  peak RSS unknown")
    finally:
        server.stop()
    return result
