"""Machine facts and the Markdown report (tables ready to paste into docs/benchmarks.md)."""

import os
import platform
import shlex
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

from bench.bench_search import SHAPES, Timing
from bench.databases import BACKEND_LABELS, BenchDatabase, size_label
from bench.http_load import VARIED_COUNT, HttpResult

P95_TARGET_MS = 20.0
GROWTH_TARGET = 2.0
TARGET_SIZE, GROWTH_FROM = 100_000, 10_000
SEARCH_RATIO_TARGET = 0.5
CONDITIONAL_RATIO_TARGET = 0.9
RSS_TARGET_MB = 300.0
REPO = Path(__file__).resolve().parent.parent


@dataclass
class RunSettings:
    """How the run was made, for the report header."""

    runs: int
    warmup: int
    http_duration: float
    connections: int
    threads: int
    generator: str | None
    generator_note: str | None = None


@dataclass
class Results:
    """Everything measured in one run."""

    databases: list[BenchDatabase] = field(default_factory=list)
    timings: dict[tuple[str, int], dict[str, Timing]] = field(default_factory=dict)
    http: list[HttpResult] = field(default_factory=list)


def machine_facts(*, postgres_version: str | None, wrk_version: str | None) -> dict[str, str]:
    """Cores, CPU, memory, software versions, load, date and commit."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(next(line for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal")).split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} cores ({cpu}){memory}, {platform.system()} {platform.machine()}",
        "software": (f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
                     f"PostgreSQL {postgres_version or 'not used'}, uvicorn {version('uvicorn')}"
                     + (f", {wrk_version}" if wrk_version else "")),
        "load": load,
        "commit": _git_commit(),
        "command": "python -m bench " + " ".join(shlex.quote(a) for a in sys.argv[1:]),
    }


def wrk_version(executable: str | None) -> str | None:
    """'wrk 4.1.0' from `wrk -v`."""
    if not executable:
        return None
    output = subprocess.run([executable, "-v"], capture_output=True, text=True).stdout
    words = output.split()
    return f"wrk {words[1].rsplit('/', 1)[-1]}" if len(words) > 1 else "wrk"


def _git_commit() -> str:
    """The checked-out commit, marked when the working tree has changes."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
                               capture_output=True, text=True, check=True).stdout.strip()
        return commit + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _ms(value: float | None) -> str:
    """A latency figure: one decimal below 100 ms, none above."""
    if value is None:
        return "-"
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def _columns(results: Results) -> list[tuple[str, int]]:
    """(backend, size) in measurement order."""
    return list(results.timings)


def _growth(results: Results, backend: str, label: str) -> float | None:
    """p95 at 100k divided by p95 at 10k, when both were measured (and answered 200)."""
    small = results.timings.get((backend, GROWTH_FROM), {}).get(label)
    large = results.timings.get((backend, TARGET_SIZE), {}).get(label)
    if not small or not large or small.failed or large.failed or not small.p95_ms:
        return None
    return large.p95_ms / small.p95_ms


def _latency_table(results: Results) -> list[str]:
    """Shapes as rows; p50 / p95 per backend and size, plus the 10k→100k growth when measured."""
    columns = _columns(results)
    backends = list(dict.fromkeys(backend for backend, _ in columns))
    headers, aligns = ["shape", "results"], ["---", "---:"]
    cells: list[tuple[str, int] | tuple[str, None]] = []
    for backend in backends:
        for b, size in columns:
            if b == backend:
                headers.append(f"{BACKEND_LABELS[b]} {size_label(size)}")
                cells.append((b, size))
        if (backend, GROWTH_FROM) in results.timings and (backend, TARGET_SIZE) in results.timings:
            headers.append(f"{BACKEND_LABELS[backend]} p95 ×10k→100k")
            cells.append((backend, None))
        aligns += ["---:"] * (len(headers) - len(aligns))
    largest = max(columns, key=lambda c: c[1]) if columns else None
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(aligns) + "|"]
    for shape in SHAPES:
        count = results.timings[largest].get(shape.label) if largest else None
        row = [shape.label.replace("|", "\\|"), f"{count.results:,}" if count and count.results is not None else "-"]
        for backend, size in cells:
            if size is None:
                growth = _growth(results, backend, shape.label)
                text = f"{growth:.1f}×" if growth is not None else "-"
                row.append(f"**{text}**" if growth is not None and growth > GROWTH_TARGET else text)
                continue
            timing = results.timings[(backend, size)].get(shape.label)
            if timing is None:
                row.append("-")
            elif timing.failed:
                row.append("HTTP " + ",".join(str(s) for s in sorted(timing.statuses) if s != 200))
            else:
                text = f"{_ms(timing.p50_ms)} / {_ms(timing.p95_ms)}"
                over = size == TARGET_SIZE and timing.p95_ms > P95_TARGET_MS
                row.append(f"**{text}**" if over else text)
        lines.append("| " + " | ".join(row) + " |")
    return lines


def _verdict_rows(results: Results) -> list[str]:
    """One row per backend: the two in-process targets."""
    lines = [f"| backend | p95 ≤ {P95_TARGET_MS:.0f} ms at 100k, every shape | p95 growth 10k→100k ≤ {GROWTH_TARGET:.0f}× |",
             "|---|---|---|"]
    for backend in dict.fromkeys(b for b, _ in results.timings):
        target = results.timings.get((backend, TARGET_SIZE))
        if target is None:
            size = max(s for b, s in results.timings if b == backend)
            over = [(label, t.p95_ms) for label, t in results.timings[(backend, size)].items()
                    if t.failed or t.p95_ms > P95_TARGET_MS]
            p95_text = (f"not measured (no 100k run); at {size_label(size)}: {len(over)} of {len(SHAPES)} "
                        f"shapes over {P95_TARGET_MS:.0f} ms")
        else:
            over = sorted(((label, t.p95_ms) for label, t in target.items() if t.failed or t.p95_ms > P95_TARGET_MS),
                          key=lambda item: -item[1])
            worst = max(target.items(), key=lambda item: item[1].p95_ms)
            p95_text = (f"FAIL: {len(over)} of {len(SHAPES)} shapes over; worst {worst[0]} ({_ms(worst[1].p95_ms)} ms)"
                        if over else f"PASS; worst {worst[0]} ({_ms(worst[1].p95_ms)} ms)")
        growths = [(shape.label, _growth(results, backend, shape.label)) for shape in SHAPES]
        measured = [(label, g) for label, g in growths if g is not None]
        if not measured:
            growth_text = "not measured (needs 10k and 100k)"
        else:
            over_growth = [item for item in measured if item[1] > GROWTH_TARGET]
            worst_label, worst_growth = max(measured, key=lambda item: item[1])
            growth_text = (f"FAIL: {len(over_growth)} of {len(measured)} shapes; worst {worst_label} ({worst_growth:.1f}×)"
                           if over_growth else f"PASS; worst {worst_label} ({worst_growth:.1f}×)")
        lines.append(f"| {BACKEND_LABELS[backend]} | {p95_text} | {growth_text} |")
    return lines


def _check(value: float | None, target: float, *, at_most: bool = False) -> str:
    """'0.62 PASS' / '0.31 FAIL' against a target."""
    if value is None:
        return "-"
    ok = value <= target if at_most else value >= target
    return f"{value:.2f} {'PASS' if ok else 'FAIL'}" if value < 10 else f"{value:.0f} {'PASS' if ok else 'FAIL'}"


def _http_table(results: Results) -> list[str]:
    """One row per database: requests/s, ratios, latency, peak RSS, unexpected answers."""
    lines = ["| backend | services | /health req/s | search req/s | 304 req/s "
             f"| search/health (≥ {SEARCH_RATIO_TARGET}) | 304/health (≥ {CONDITIONAL_RATIO_TARGET}) "
             "| search p50 / p99 ms | 304 p50 / p99 ms "
             f"| peak RSS MB (≤ {RSS_TARGET_MB:.0f}) | unexpected responses |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for run in results.http:
        s = run.scenarios
        rps = [f"{s[n].requests_per_second:.1f}" if n in s else "-" for n in ("health", "search", "conditional")]
        lat = [f"{_ms(s[n].p50_ms)} / {_ms(s[n].p99_ms)}" if n in s else "-" for n in ("search", "conditional")]
        unexpected = sum(x.unexpected for x in s.values()) + len(run.warmup_problems)
        lines.append(f"| {BACKEND_LABELS[run.backend]} | {size_label(run.size)} | {' | '.join(rps)} "
                     f"| {_check(run.ratio('search'), SEARCH_RATIO_TARGET)} "
                     f"| {_check(run.ratio('conditional'), CONDITIONAL_RATIO_TARGET)} | {' | '.join(lat)} "
                     f"| {_check(run.peak_rss_mb, RSS_TARGET_MB, at_most=True)} | {unexpected} |")
    return lines


def _problems(results: Results) -> list[str]:
    """Every response that was not the expected one, spelled out."""
    lines = []
    for (backend, size), timings in results.timings.items():
        for label, timing in timings.items():
            if timing.failed:
                lines.append(f"- in process, {BACKEND_LABELS[backend]} {size_label(size)}, {label}: "
                             f"statuses {timing.statuses}")
    for run in results.http:
        where = f"HTTP, {BACKEND_LABELS[run.backend]} {size_label(run.size)}"
        lines += [f"- {where}, warm-up: {problem}" for problem in run.warmup_problems]
        for scenario in run.scenarios.values():
            if scenario.unexpected:
                lines.append(f"- {where}, {scenario.name}: expected {scenario.expected_status}, got statuses "
                             f"{scenario.statuses}, {scenario.errors} socket errors/timeouts")
    return lines


def render(results: Results, *, facts: dict[str, str], settings: RunSettings) -> str:
    """The whole report as Markdown."""
    built = ", ".join(f"{db.label} {'reused' if db.reused else f'built in {db.build_seconds:.0f} s'}"
                      for db in results.databases)
    out = [f"## Benchmark {facts['date']}", "",
           f"Command: `{facts['command']}` at commit {facts['commit']}.", "",
           f"Machine: {facts['machine']}; {facts['software']}. Load average at start: {facts['load']} "
           "(1, 5, 15 min); on a shared machine treat the figures as upper bounds.", "",
           f"Databases (migrations + seed + synthetic services, random seed 1): {built or 'none'}.", ""]
    if results.timings:
        out += [f"### In process (TestClient, no network): ms, p50 / p95 of {settings.runs} runs "
                f"after {settings.warmup} warm-up requests", "",
                *_latency_table(results), "",
                "`results`: total_items (CSV: rows; detail: 1) at the largest size. "
                f"**Bold**: over target (p95 > {P95_TARGET_MS:.0f} ms at 100k; growth > {GROWTH_TARGET:.0f}×).", "",
                *_verdict_rows(results), ""]
    if results.http:
        generator = (f"wrk, {settings.threads} threads" if settings.generator == "wrk"
                     else "bench/loadgen.py (Python, httpx) in its own process")
        out += [f"### HTTP: one uvicorn process (1 worker); {generator}, {settings.connections} connections, "
                f"{settings.http_duration:g} s per scenario", "",
                *_http_table(results), "",
                f"search: {VARIED_COUNT} different /v1/services query strings in turn; 304: one search repeated "
                "with If-None-Match set to its ETag. Peak RSS: the server's VmHWM. Unexpected responses: "
                "statuses other than 200 (304 for the conditional scenario), socket errors, timeouts."]
        if settings.generator_note:
            out += ["", settings.generator_note]
        out.append("")
    problems = _problems(results)
    if problems:
        out += ["### Unexpected responses", "", *problems, ""]
    return "\n".join(out)
