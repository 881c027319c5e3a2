"""The `helpfinder` command: serve, db, seed."""

from datetime import datetime
from enum import Enum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlmodel import Session, select

from api.curation import auth
from api.errors import AppError
from api.models import ApiToken, Curator

from api.db import get_engine
from api.migrate import upgrade_to_head
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
    upgrade_to_head(engine=get_engine())
    with Session(get_engine()) as session:
        try:
            curator, token = auth.add_curator(session, name=name, role=role.value)
        except AppError as exc:
            console.print(f"[red]{exc.message}[/red]")
            raise typer.Exit(1) from exc
        session.commit()
        console.print(f"Curator [bold]{curator.name}[/bold] ({curator.role}) added. Token, shown only now:",
                      highlight=False)
    print(token)


@curator_app.command("list")
def curator_list() -> None:
    """List curators and their tokens (never the tokens themselves)."""
    with Session(get_engine()) as session:
        curators = session.exec(select(Curator).order_by(Curator.name)).all()
        table = Table("name", "role", "active", "token id", "created", "last used", "revoked")
        for curator in curators:
            tokens = session.exec(select(ApiToken).where(ApiToken.curator_id == curator.id)).all() or [None]
            for token in tokens:
                table.add_row(curator.name, curator.role, "yes" if curator.active else "no",
                              token.id if token else "-", _when(token.created_at if token else None),
                              _when(token.last_used_at if token else None), _when(token.revoked_at if token else None))
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


from api.coverage.cli import coverage  # noqa: E402  (registers `helpfinder coverage`)

app.command()(coverage)


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
    uvicorn.run("api.main:app", host=host, port=port, workers=workers, access_log=False,
                proxy_headers=True, forwarded_allow_ips=get_settings().forwarded_allow_ips)


if __name__ == "__main__":
    app()
