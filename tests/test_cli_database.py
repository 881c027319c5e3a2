"""A command run against no database (or the wrong folder) says so in one line and creates nothing."""

import pytest
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from api.cli import app
from api.db import get_engine
from api.settings import get_settings
from tests.conftest import require_postgres


@pytest.fixture
def run(monkeypatch):
    """Run the CLI with this DATABASE_URL (None: the default ./helpfinder.db)."""
    def invoke(*args: str, database_url: str | None = None):
        if database_url is None:
            monkeypatch.delenv("DATABASE_URL", raising=False)
        else:
            monkeypatch.setenv("DATABASE_URL", database_url)
        get_settings.cache_clear()
        get_engine.cache_clear()
        return CliRunner().invoke(app, list(args))
    yield invoke
    get_settings.cache_clear()
    get_engine.cache_clear()


COMMANDS = [("curator", "add", "Eva"), ("curator", "list"), ("curator", "revoke", "Eva"), ("export", "out.json"),
            ("coverage",)]


@pytest.mark.parametrize("command", COMMANDS)
def test_outside_the_servers_folder_a_command_says_where_it_looked(tmp_path, monkeypatch, run, command):
    monkeypatch.chdir(tmp_path)
    result = run(*command)
    output = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert f"No helpfinder database at sqlite:///./helpfinder.db: there is no database file {tmp_path}" in output
    assert "DATABASE_URL" in output and "helpfinder db upgrade" in output and "Traceback" not in output
    assert not (tmp_path / "helpfinder.db").exists()  # nothing created to act on by mistake


def test_an_empty_file_is_no_database_and_upgrade_makes_it_one(tmp_path, monkeypatch, run):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "helpfinder.db").touch()
    assert "has never been migrated" in " ".join(run("curator", "list").output.split())
    assert run("db", "upgrade").exit_code == 0
    added = run("curator", "add", "Eva")
    assert added.exit_code == 0 and added.output.strip().splitlines()[-1].startswith("hf_")


def test_an_unreachable_postgresql_database_is_named(run):
    url = make_url(require_postgres()).set(database="helpfinder_test_no_such_database")
    result = run("curator", "list", database_url=url.render_as_string(hide_password=False))
    output = " ".join(result.output.split())
    assert result.exit_code == 2 and "helpfinder_test_no_such_database: it cannot be reached" in output, output
