"""The `helpfinder` command: serve, db, seed."""

from typing import Annotated

import typer
from rich.console import Console
from sqlmodel import Session

from api.db import get_engine
from api.migrate import upgrade_to_head
from api.seed.loader import is_seeded, seed_all
from api.seed.synthetic import generate
from api.settings import get_settings

app = typer.Typer(help="helpfinder: referral directory API.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
console = Console()


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
