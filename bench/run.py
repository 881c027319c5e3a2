"""The benchmark command: build the databases, measure in process and over HTTP, print Markdown.

    python -m bench                                   # 1k, 10k, 100k on SQLite and PostgreSQL
    python -m bench --sizes 1000 --http-duration 3    # a quick check
    python -m bench --keep /tmp/hb --reuse            # keep databases, reuse them next time

Progress goes to stderr, the report (Markdown) to stdout and, with --output, to a file.
"""

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import bench  # noqa: F401 - sets the benchmark environment before any api module loads
from bench.bench_search import time_shapes
from bench.databases import DB_PREFIX, DatabaseStore, server_version
from bench.http_load import WRK_INSTALL_HINT, measure_http, wrk_path
from bench.report import Results, RunSettings, machine_facts, render, wrk_version

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"


def _log(message: str) -> None:
    """Progress on stderr, so stdout stays the report."""
    print(message, file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000],
                        help="Numbers of synthetic services (default: 1000 10000 100000)")
    parser.add_argument("--backends", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"])
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, metavar="URL",
                        help=f"PostgreSQL server (its database part is ignored); the harness creates and drops "
                             f"{DB_PREFIX}_<size> there (default: {DEFAULT_POSTGRES})")
    parser.add_argument("--runs", type=int, default=30, help="Timed requests per shape, in process (default: 30)")
    parser.add_argument("--warmup", type=int, default=2, help="Untimed requests per shape first (default: 2)")
    parser.add_argument("--http-duration", type=float, default=10.0, metavar="SECONDS",
                        help="Seconds per HTTP scenario (default: 10)")
    parser.add_argument("--connections", type=int, default=8, help="HTTP connections (default: 8)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default: 2)")
    parser.add_argument("--load-generator", choices=["auto", "wrk", "python"], default="auto",
                        help="auto: wrk when installed, else bench/loadgen.py")
    parser.add_argument("--port", type=int, default=None, help="Port for uvicorn (default: a free one)")
    parser.add_argument("--no-http", action="store_true", help="Only the in-process measurements")
    parser.add_argument("--no-inprocess", action="store_true", help="Only the HTTP measurements")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help=f"Keep the databases after the run: SQLite files in DIR, PostgreSQL databases "
                             f"{DB_PREFIX}_<size> on the server")
    parser.add_argument("--reuse", action="store_true",
                        help="With --keep: use databases kept by an earlier run when they are complete "
                             "(newest schema, exactly N synthetic services) instead of rebuilding them")
    parser.add_argument("--output", type=Path, metavar="FILE", help="Also write the Markdown report here")
    args = parser.parse_args(argv)
    if args.reuse and args.keep is None:
        parser.error("--reuse needs --keep DIR (where the SQLite files are kept)")
    if any(size < 0 for size in args.sizes):
        parser.error("sizes must be 0 or more")
    if args.no_http and args.no_inprocess:
        parser.error("--no-http and --no-inprocess together leave nothing to measure")
    return args


def _generator(choice: str, *, http: bool) -> tuple[str | None, str | None]:
    """The load generator to use and, when falling back, a note saying why."""
    if not http:
        return None, None
    if choice == "python":
        return "python", None
    if wrk_path():
        return "wrk", None
    if choice == "wrk":
        sys.exit(f"wrk is not installed; install it with: {WRK_INSTALL_HINT}")
    note = (f"wrk was not found (install it with `{WRK_INSTALL_HINT}`), so the Python load generator was used; "
            "it is slower than wrk and may itself limit the /health figure, which flatters the ratios.")
    _log(f"NOTE: {note}")
    return "python", note


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print the report."""
    args = parse_args(argv)
    generator, note = _generator(args.load_generator, http=not args.no_http)
    postgres_version = None
    if "postgresql" in args.backends:
        postgres_version = server_version(args.postgres)
        if postgres_version is None:
            sys.exit(f"PostgreSQL does not answer at {args.postgres}; start it or use --backends sqlite")
    facts = machine_facts(postgres_version=postgres_version,
                          wrk_version=wrk_version(wrk_path()) if generator == "wrk" else None)
    settings = RunSettings(runs=args.runs, warmup=args.warmup, http_duration=args.http_duration,
                           connections=args.connections, threads=args.threads, generator=generator,
                           generator_note=note)
    store = DatabaseStore(postgres_url=args.postgres, keep_dir=args.keep, reuse=args.reuse, log=_log)
    workdir = Path(tempfile.mkdtemp(prefix=f"{DB_PREFIX}_http_"))
    results = Results()
    try:
        for backend in args.backends:
            for size in sorted(set(args.sizes)):
                db = store.prepare(backend, size)
                results.databases.append(db)
                if not args.no_inprocess:
                    _log(f"[{db.label}] in process, {args.runs} runs per shape")
                    results.timings[(backend, size)] = time_shapes(db.url, runs=args.runs, warmup=args.warmup,
                                                                   log=_log)
                if generator:
                    _log(f"[{db.label}] HTTP, {generator}, {args.http_duration:g} s per scenario")
                    results.http.append(measure_http(
                        db.url, backend=backend, size=size, duration=args.http_duration, generator=generator,
                        connections=args.connections, threads=args.threads, port=args.port, workdir=workdir,
                        log=_log))
                store.release(db)
    finally:
        store.cleanup()
        shutil.rmtree(workdir, ignore_errors=True)
    report = render(results, facts=facts, settings=settings)
    print(report)
    if args.output:
        args.output.write_text(report + "\n", encoding="utf-8")
        _log(f"report written to {args.output}")


if __name__ == "__main__":
    main()
