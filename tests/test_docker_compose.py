"""docker-compose.yml and Dockerfile: the stack wires the API to PostgreSQL correctly.

These tests only read files (no database, no Docker engine). The last one asks
docker-compose itself to validate the file when the binary is installed.
"""

import json
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"
DOCKERFILE = REPO_ROOT / "Dockerfile"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    """The parsed docker-compose.yml."""
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def _service(compose: dict[str, Any], name: str) -> dict[str, Any]:
    services = compose.get("services") or {}
    assert name in services, f"service {name!r} missing from docker-compose.yml"
    return services[name]


def _environment(service: dict[str, Any]) -> dict[str, str]:
    """A service's environment as a dict, whether written as a mapping or a list."""
    env = service.get("environment") or {}
    if isinstance(env, list):
        pairs = (item.split("=", 1) for item in env)
        return {key: value for key, value in pairs}
    return {key: str(value) for key, value in env.items()}


def _dockerfile_instruction(name: str) -> str:
    """The arguments of the last NAME instruction, with line continuations joined."""
    text = DOCKERFILE.read_text(encoding="utf-8").replace("\\\n", " ")
    found = [line.strip()[len(name):].strip() for line in text.splitlines()
             if line.strip().upper().startswith(name + " ")]
    assert found, f"no {name} instruction in the Dockerfile"
    return found[-1]  # only the last CMD / HEALTHCHECK takes effect


def _exec_form(arguments: str) -> list[str]:
    """Parse a CMD in exec form (JSON array) or shell form."""
    if arguments.startswith("["):
        return json.loads(arguments)
    return shlex.split(arguments)


def test_api_database_url_points_at_the_db_service(compose: dict[str, Any]) -> None:
    url = _environment(_service(compose, "api")).get("DATABASE_URL")
    assert url, "api service has no DATABASE_URL"
    parts = urlsplit(url)
    assert parts.scheme.split("+")[0] in {"postgresql", "postgres"}
    assert parts.hostname == "db"
    assert parts.path.lstrip("/"), "DATABASE_URL names no database"


def test_api_credentials_match_the_db_service(compose: dict[str, Any]) -> None:
    parts = urlsplit(_environment(_service(compose, "api"))["DATABASE_URL"])
    db_env = _environment(_service(compose, "db"))
    assert parts.username == db_env["POSTGRES_USER"]
    assert parts.password == db_env["POSTGRES_PASSWORD"]
    assert parts.path.lstrip("/") == db_env["POSTGRES_DB"]
    assert (parts.port or 5432) == 5432


def test_db_is_postgres_16_with_healthcheck(compose: dict[str, Any]) -> None:
    db = _service(compose, "db")
    image = db.get("image", "")
    assert image == "postgres:16" or image.startswith("postgres:16-") or image.startswith("postgres:16.")
    healthcheck = db.get("healthcheck") or {}
    test = healthcheck.get("test")
    assert test, "db service has no healthcheck test"
    command = test if isinstance(test, str) else " ".join(test)
    assert "pg_isready" in command


def test_db_data_lives_in_a_declared_named_volume(compose: dict[str, Any]) -> None:
    db = _service(compose, "db")
    declared = compose.get("volumes") or {}
    named = []
    for volume in db.get("volumes") or []:
        if isinstance(volume, dict):
            source, target = volume.get("source"), volume.get("target")
        else:
            source, _, rest = volume.partition(":")
            target = rest.split(":", 1)[0]
        if target == "/var/lib/postgresql/data":
            named.append(source)
    assert named, "no volume mounted at /var/lib/postgresql/data"
    source = named[0]
    assert source and not source.startswith((".", "/", "~")), f"{source!r} is a bind mount, not a named volume"
    assert source in declared, f"volume {source!r} is not declared under top-level volumes"


def test_api_waits_for_a_healthy_db(compose: dict[str, Any]) -> None:
    depends_on = _service(compose, "api").get("depends_on")
    assert isinstance(depends_on, dict), "depends_on must be the long form to carry a condition"
    assert depends_on.get("db", {}).get("condition") == "service_healthy"


def test_api_is_built_from_the_repo_dockerfile(compose: dict[str, Any]) -> None:
    build = _service(compose, "api").get("build")
    assert build, "api service is not built"
    if isinstance(build, str):
        context, dockerfile = build, "Dockerfile"
    else:
        context, dockerfile = build.get("context", "."), build.get("dockerfile", "Dockerfile")
    assert (COMPOSE_FILE.parent / context).resolve() == REPO_ROOT
    assert (REPO_ROOT / context / dockerfile).resolve() == DOCKERFILE


def test_dockerfile_cmd_runs_helpfinder_serve() -> None:
    command = _exec_form(_dockerfile_instruction("CMD"))
    assert command[:2] == ["helpfinder", "serve"]
    assert "0.0.0.0" in command, "the server must listen on all interfaces inside the container"


def test_dockerfile_healthcheck_probes_health_endpoint() -> None:
    healthcheck = _dockerfile_instruction("HEALTHCHECK")
    assert "/health" in healthcheck
    assert "curl" not in healthcheck, "python:3.11-slim has no curl"


def test_dockerfile_runs_as_non_root_user() -> None:
    user = _dockerfile_instruction("USER")
    assert user.split(":")[0] not in {"root", "0"}


def test_docker_compose_config_is_valid() -> None:
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.skip("docker-compose is not installed; cannot validate the file with it")
    result = subprocess.run(
        [binary, "-f", str(COMPOSE_FILE), "config", "-q"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stderr or result.stdout
