"""Run Alembic from the application (CLI, server start-up, tests)."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, exc, inspect

from api.resources import resource_dir


def alembic_config(*, database_url: str) -> Config:
    """An Alembic config pointing at the shipped migrations and the given database."""
    config = Config()
    config.set_main_option("script_location", str(resource_dir("migrations")))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def without_statement_timeout(connection: Connection) -> None:
    """PostgreSQL: this transaction's statements are not held to the request statement timeout.

    For work run by an operator, not a request: migrations and bulk loads, where rebuilding the search
    projection of a large directory is one statement of more than the timeout.
    """
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET LOCAL statement_timeout = 0")


def upgrade_to_head(*, engine: Engine) -> None:
    """Bring the database schema to the newest revision."""
    with engine.begin() as connection:
        without_statement_timeout(connection)  # a cut-off migration would leave nothing done
        config = alembic_config(database_url=engine.url.render_as_string(hide_password=False))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")



def missing_database(*, engine: Engine) -> str | None:
    """What to tell a user when this is no helpfinder database yet (None when it is one); creates nothing.

    A command that works on existing data must not quietly create an empty database (SQLite would make
    a new file in whatever folder it runs in) and then act on that instead of the one the API uses.
    """
    url = engine.url
    reason = None
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:") \
            and not Path(url.database).exists():
        reason = f"there is no database file {Path(url.database).resolve()}"
    else:
        try:
            with engine.connect() as connection:
                if not inspect(connection).has_table("alembic_version"):
                    reason = "it has never been migrated"
        except exc.SQLAlchemyError as error:
            reason = f"it cannot be reached ({type(error).__name__})"
    if reason is None:
        return None
    return (f"No helpfinder database at {url.render_as_string(hide_password=True)}: {reason}. Set DATABASE_URL to "
            "the database the API uses (the default is ./helpfinder.db in the folder where `helpfinder serve` runs), "
            "or create one here with `helpfinder db upgrade`.")
