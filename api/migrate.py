"""Run Alembic from the application (CLI, server start-up, tests)."""

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from api.resources import resource_dir


def alembic_config(*, database_url: str) -> Config:
    """An Alembic config pointing at the shipped migrations and the given database."""
    config = Config()
    config.set_main_option("script_location", str(resource_dir("migrations")))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade_to_head(*, engine: Engine) -> None:
    """Bring the database schema to the newest revision."""
    with engine.begin() as connection:
        config = alembic_config(database_url=engine.url.render_as_string(hide_password=False))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

