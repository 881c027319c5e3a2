"""Several API replicas share one feedback limit through Redis (REDIS_URL)."""

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _redis_available() -> bool:
    """Whether a Redis server answers."""
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except Exception:  # noqa: BLE001
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    """Start one API process and wait until it answers."""
    process = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
                               cwd=Path(__file__).resolve().parent.parent, env=env,
                               stdout=log.open("w"), stderr=subprocess.STDOUT)
    for _ in range(200):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.terminate()
    raise AssertionError(log.read_text())


def test_two_replicas_share_the_feedback_limit(tmp_path):
    if not _redis_available():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Redis is required in CI but {REDIS_URL} does not answer")
        pytest.skip("no Redis server to share limits through")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.db'}", "REDIS_URL": REDIS_URL,
           "RATE_LIMIT_PREFIX": f"test-{uuid.uuid4()}", "FEEDBACK_RATE_LIMIT": "2/minute"}
    ports = [_free_port(), _free_port()]
    first = _start(ports[0], env, tmp_path / "a.log")
    second = _start(ports[1], env, tmp_path / "b.log")
    try:
        service_id = httpx.get(f"http://127.0.0.1:{ports[0]}/v1/services").json()["contents"][0]["id"]
        body = {"reason": "wrong_phone"}
        answers = [httpx.post(f"http://127.0.0.1:{port}/v1/services/{service_id}/feedback", json=body)
                   for port in (ports[0], ports[1], ports[0])]
    finally:
        first.terminate()
        second.terminate()
        first.wait(timeout=20)
        second.wait(timeout=20)
    assert [a.status_code for a in answers] == [202, 202, 429]
    limited = answers[2]
    assert int(limited.headers["retry-after"]) > 0
    assert limited.json()["error"]["code"] == "rate_limited"
