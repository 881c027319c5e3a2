"""The `helpfinder` command: serve, db, seed."""

import csv
import sys
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlmodel import Session

from api.coverage.cli import coverage
from api.curation import auth
from api.errors import AppError

from api.db import get_engine, refresh_statistics
from api.migrate import missing_database, upgrade_to_head
from api.seed.loader import is_seeded, seed_all
from api.seed.synthetic import generate
from api.settings import get_settings

# No locals in tracebacks: they could hold tokens or connection strings.
app = typer.Typer(help="helpfinder: referral directory API.", no_args_is_help=True,
                  pretty_exceptions_show_locals=False)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
curator_app = typer.Typer(help="Curator accounts and API tokens.", no_args_is_help=True)
app.add_typer(curator_app, name="curator")
console = Console()


class Role(str, Enum):
    """Curator roles, from least to most rights."""

    editor = "editor"
    reviewer = "reviewer"
    admin = "admin"


def _safe_url() -> str:
    """The database URL without a password, for messages."""
    return get_engine().url.render_as_string(hide_password=True)


def existing_database() -> None:
    """Stop with one clear line unless DATABASE_URL names a helpfinder database; bring it to the newest schema."""
    problem = missing_database(engine=get_engine())
    if problem is not None:
        console.print(f"[red]{problem}[/red]", highlight=False)
        raise typer.Exit(2)
    upgrade_to_head(engine=get_engine())


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Migrate the database to the newest schema."""
    upgrade_to_head(engine=get_engine())
    console.print(f"[green]Database at newest schema[/green] ({_safe_url()})")


@app.command()
def seed(
    synthetic: Annotated[int, typer.Option(help="Also add N synthetic services (tests, benchmarks)", min=0)] = 0,
    random_seed: Annotated[int, typer.Option(help="Seed of the synthetic generator")] = 1,
) -> None:
    """Load vocabulary, regions and organisations (adds only what is missing)."""
    upgrade_to_head(engine=get_engine())
    with Session(get_engine()) as session:
        report = seed_all(session)
        added = generate(session, count=synthetic, random_seed=random_seed) if synthetic else 0
        session.commit()
    if added:
        refresh_statistics(get_engine())
    details = ", ".join(f"{kind} {n}" for kind, n in sorted(report.added.items())) or "nothing new"
    console.print(f"Seed data: {details}")
    if synthetic:
        console.print(f"Synthetic services added: {added} (random seed {random_seed})")


@curator_app.command("add")
def curator_add(
    name: Annotated[str, typer.Argument(help="Curator name (unique)")],
    role: Annotated[Role, typer.Option(help="editor, reviewer or admin")] = Role.editor,
) -> None:
    """Add a curator and print a new API token (shown once; only its hash is stored)."""
    existing_database()
    with Session(get_engine()) as session:
        try:
            curator, token = auth.add_curator(session, name=name, role=role.value)
        except AppError as exc:
            console.print(f"[red]{exc.message}[/red]")
            raise typer.Exit(1) from exc
        session.commit()
        console.print(f"Curator [bold]{curator.name}[/bold] ({curator.role}) added. Their token, for the console "
                      "(/console/) and the API, shown only now:", highlight=False)
    print(token)


@curator_app.command("list")
def curator_list() -> None:
    """List curators and their tokens (never the tokens themselves)."""
    existing_database()
    with Session(get_engine()) as session:
        curators = auth.curator_accounts(session)
    columns = ("name", "role", "active", "token id", "created", "last used", "revoked")
    rows = [(curator.name, curator.role, "yes" if curator.active else "no", token.id if token else "-",
             _when(token.created_at if token else None), _when(token.last_used_at if token else None),
             _when(token.revoked_at if token else None))
            for curator in curators for token in curator.tokens or [None]]
    if not sys.stdout.isatty():  # a script or a pipe: tab-separated, every value whole, one line per token
        writer = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
        writer.writerows([columns, *rows])
        return
    table = Table(*columns)
    for row in rows:
        table.add_row(*row)
    console.print(table)


@curator_app.command("revoke")
def curator_revoke(
    name: Annotated[str | None, typer.Argument(help="Deactivate this curator and revoke all their tokens")] = None,
    token: Annotated[str | None, typer.Option(help="Revoke only this token id")] = None,
) -> None:
    """Revoke a curator's tokens (and deactivate them), or a single token."""
    if (name is None) == (token is None):
        console.print("[red]give a curator NAME or --token ID[/red]")
        raise typer.Exit(2)
    existing_database()
    with Session(get_engine()) as session:
        try:
            if token:
                auth.revoke_token(session, token_id=token)
                message = f"token {token} revoked"
            else:
                count = auth.revoke_curator(session, name=name or "")
                message = f"curator {name} deactivated, {count} token(s) revoked"
        except AppError as exc:
            console.print(f"[red]{exc.message}[/red]")
            raise typer.Exit(1) from exc
        session.commit()
    console.print(message)


def _when(moment: datetime | None) -> str:
    """A short timestamp or a dash."""
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "-"


app.command()(coverage)


class ExportFormat(str, Enum):
    """Export formats."""

    hsds_json = "hsds-json"
    hsds_csv = "hsds-csv"
    csv = "csv"


def _admin_or_exit(session: Session, token: str | None, *, purpose: str) -> None:
    """Check an admin token for a privileged CLI action."""
    if not token:
        console.print(f"[red]{purpose} needs --token with an admin token[/red]")
        raise typer.Exit(2)
    try:
        curator = auth.authenticate(session, raw_token=token)
        auth.ensure_role(curator, "admin")
    except AppError as exc:
        console.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(1) from exc


@app.command("export")
def export_command(
    path: Annotated[Path, typer.Argument(help="File (hsds-json, csv) or directory (hsds-csv) to write")],
    format: Annotated[ExportFormat, typer.Option("--format", help="hsds-json, hsds-csv or csv")] = ExportFormat.hsds_json,
    full_backup: Annotated[bool, typer.Option(help="Every listing incl. drafts and confidential addresses")] = False,
    token: Annotated[str | None, typer.Option(help="Admin token (required for --full-backup)", envvar="HELPFINDER_TOKEN")] = None,
) -> None:
    """Export public listings as HSDS JSON, an HSDS tabular package or a flat CSV."""
    from api.interop import export

    existing_database()
    with Session(get_engine()) as session:
        if full_backup:
            _admin_or_exit(session, token, purpose="--full-backup")
            session.commit()
        if format is ExportFormat.hsds_json:
            count = export.write_hsds_json(session, path=path, full_backup=full_backup)
        elif format is ExportFormat.hsds_csv:
            count = export.write_hsds_tabular(session, directory=path, full_backup=full_backup)
        else:
            if full_backup:
                console.print("[red]the flat CSV never holds confidential data; use hsds-json or hsds-csv[/red]")
                raise typer.Exit(2)
            count = export.write_flat_csv(session, path=path)
    console.print(f"{count} services written to {path} ({format.value}{', full backup' if full_backup else ''})")


@app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(help="HSDS JSON file or HSDS tabular package directory", exists=True)],
    dry_run: Annotated[bool, typer.Option(help="Show what would change, write nothing")] = False,
    publish: Annotated[bool, typer.Option(help="Publish imported services (admin only); default: drafts")] = False,
    token: Annotated[str | None, typer.Option(help="Admin token (required for --publish)", envvar="HELPFINDER_TOKEN")] = None,
) -> None:
    """Import HSDS data: validates every record, upserts by id, reports every rejected record."""
    from rich.progress import Progress

    from api.interop.importer import ImportFileError, ensure_reference_data, import_documents, read_documents

    upgrade_to_head(engine=get_engine())
    try:
        documents = read_documents(path)
    except ImportFileError as exc:
        console.print(f"[red]cannot import[/red] {exc}", highlight=False)
        raise typer.Exit(2) from None
    if not documents:
        console.print(f"[red]cannot import[/red] {path}: no organisations in it", highlight=False)
        raise typer.Exit(2)
    with Session(get_engine()) as session:
        if publish:
            _admin_or_exit(session, token, purpose="--publish")
        ensure_reference_data(session)
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("importing", total=len(documents))
            report = import_documents(session, documents=documents, publish=publish, commit=not dry_run,
                                      on_progress=lambda n: progress.advance(task, n))
        if dry_run:
            session.rollback()
    table = Table("", "created", "updated", "unchanged", title="dry run: nothing written" if dry_run else "import")
    for kind in ("organization", "location", "service"):
        table.add_row(kind, str(report.created.get(kind, 0)), str(report.updated.get(kind, 0)),
                      str(report.unchanged.get(kind, 0)))
    console.print(table)
    for kind, record_id, reason in report.rejected:
        console.print(f"[red]rejected {kind} {record_id}[/red]: {reason}", highlight=False)
    console.print(f"{len(report.rejected)} rejected")
    if report.rejected:
        raise typer.Exit(1)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes")] = 1,
) -> None:
    """Migrate, seed an empty database, then serve the API."""
    import uvicorn

    engine = get_engine()
    upgrade_to_head(engine=engine)
    with Session(engine) as session:
        if not is_seeded(session):
            report = seed_all(session)
            session.commit()
            console.print(f"Empty database seeded: {report.added.get('service', 0)} services")
    console.print(f"helpfinder on http://{host}:{port}  (database {_safe_url()}; docs at /docs)")
    # access_log off: request lines carry client IPs and search queries, which we never log.
    # server_header off: no "server: uvicorn" telling a prober which software and version to try.
    uvicorn.run("api.main:app", host=host, port=port, workers=workers, access_log=False, server_header=False,
                proxy_headers=True, forwarded_allow_ips=get_settings().forwarded_allow_ips)


if __name__ == "__main__":
    app()
