"""Schemathesis against the app's own OpenAPI: every operation, curators' ones with an admin token.

Cases are drawn deterministically (derandomized Hypothesis). Every response must be a non-5xx
answer that matches the documented schema. Each backend's data changes roll back with the test.
"""

from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance


from api.curation.auth import add_curator
from api.db import get_session
from api.main import create_app
from tests.conftest import joined_sessions
from tests.test_curation_support import bearer

EXAMPLES_PER_OPERATION = 30
CASES: Counter[str] = Counter()


@pytest.fixture
def admin_headers(db) -> dict[str, str]:
    _, token = add_curator(db, name="Fuzz Admin", role="admin")
    db.flush()
    return bearer(token)


APP = create_app()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture
def joined_app(connection, db):
    """APP with each request's session joined to the test's transaction (as the `client` fixture does)."""
    db.flush()
    APP.dependency_overrides[get_session] = joined_sessions(connection)
    yield APP
    APP.dependency_overrides.clear()


@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, derandomize=True, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_every_operation_answers_without_5xx_and_as_documented(case, joined_app, admin_headers, engine):
    CASES[engine.dialect.name] += 1
    case.call_and_validate(headers=admin_headers, checks=[not_a_server_error, response_schema_conformance])


def test_the_fuzz_ran_at_least_1000_cases(engine, request):
    """Runs after the operations above (same module, same backend): they drew at least 1000 cases."""
    if request.config.getoption("keyword") or request.config.getoption("last_failed", False):
        pytest.skip("a selection of tests ran; the total only means something for the whole module")
    assert CASES[engine.dialect.name] >= 1000, CASES
