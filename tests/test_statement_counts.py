"""No N+1: a list request executes a fixed number of SQL statements, whatever its page size.

Counts leave out SAVEPOINT / RELEASE SAVEPOINT / ROLLBACK TO SAVEPOINT (see tests/statements.py):
they come from joining each request to the test's transaction. The ceilings are the numbers
measured on the seeded data; raising one needs a reason.
"""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection
from sqlmodel import Session

from tests.builders import make_location, make_organization, make_service
from tests.statements import counting_statements

CountedGet = Callable[..., tuple[Any, int]]

# path, query parameters, ceiling (statements per request, the directory-version read for the ETag included)
LIST_ENDPOINTS = [
    ("/v1/organizations", {}, 4),
    ("/v1/organizations", {"lang": "en"}, 4),
    ("/v1/taxonomy_terms", {}, 2),
    ("/v1/regions", {}, 3),
    ("/hsds/services", {}, 4),
    ("/hsds/services", {"full": "true"}, 14),
    ("/hsds/services", {"minimal": "true"}, 3),
    ("/hsds/organizations", {}, 4),
    ("/hsds/service_at_locations", {}, 4),
    ("/hsds/service_at_locations", {"postcode": "8011"}, 4),
    ("/hsds/service_at_locations", {"postcode": "8011", "proximity": 100_000}, 4),
    ("/hsds/taxonomies", {}, 2),
    ("/hsds/taxonomy_terms", {}, 2),
]

# One organisation: the count must not grow with its number of services and locations.
ORGANIZATION_DETAILS = [("/v1/organizations/{id}", {}, 13), ("/hsds/organizations/{id}", {"full": "true"}, 7)]

# The service search: the page's results are read from their stored cards in one query, so the
# count does not depend on what the page holds; each page query also counts its matches
# (count(*) OVER ()), so only a page without rows runs a separate count. A point search runs
# its nearby part, then the covering part (page and count, or the count alone).
# query parameters, ceiling, extra statements allowed at per_page=100
SEARCHES = [
    ({}, 4, 0),
    ({"region": "GM0193", "age": 16, "gender": "male"}, 8, 0),  # count and page: two range scans of search_scope
    ({"q": "hulp", "lang": "en"}, 4, 0),
    ({"postcode": "8011"}, 12, 0),
    ({"near": "Zwolle", "radius_km": 50}, 12, 0),
    ({"lat": 52.37, "lon": 4.9, "sort": "name"}, 9, 0),
]


@pytest.fixture
def counted_get(client: TestClient, connection: Connection) -> CountedGet:
    """GET a path and count the statements that one request executed: (JSON body, count)."""

    def _get(path: str, **params: Any) -> tuple[Any, int]:
        with counting_statements(connection.engine) as log:
            response = client.get(path, params=params)
        assert response.status_code == 200, response.text
        return response.json(), log.count

    return _get


def _ids(case: tuple) -> str:
    """A readable test id: path and parameters."""
    path, params = case[0], case[1]
    return path + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


@pytest.mark.parametrize(("path", "params", "ceiling"), LIST_ENDPOINTS, ids=[_ids(c) for c in LIST_ENDPOINTS])
def test_list_statements_do_not_grow_with_page_size(counted_get: CountedGet, path: str, params: dict,
                                                    ceiling: int) -> None:
    one, count_one = counted_get(path, **params, per_page=1)
    many, count_many = counted_get(path, **params, per_page=100)
    assert len(one["contents"]) == 1 and len(many["contents"]) > 1
    assert count_many <= count_one, f"per_page=100 took {count_many} statements, per_page=1 took {count_one}"
    assert count_one <= ceiling


def _organization_with(db: Session, *, services: int) -> str:
    """An organisation whose services each have a location, phone, channel, area and two languages."""
    organization = make_organization(db, name=f"Telorganisatie {services}")
    for index in range(services):
        location = make_location(db, organization=organization, municipality="GM0193", street=f"Telstraat {index}",
                                 postal_code="8011 AB")
        make_service(db, organization=organization, name=f"Teldienst {index}", locations=[location],
                     phones=["0800-0188"], channels=["chat"], areas=["GM0193"], languages=["nl", "en"],
                     english_name=f"Counting service {index}")
    return organization.id


@pytest.mark.parametrize(("path", "params", "ceiling"), ORGANIZATION_DETAILS,
                         ids=[_ids(c) for c in ORGANIZATION_DETAILS])
def test_organization_statements_do_not_grow_with_its_services(counted_get: CountedGet, db: Session, path: str,
                                                               params: dict, ceiling: int) -> None:
    small, large = _organization_with(db, services=1), _organization_with(db, services=6)
    _, count_small = counted_get(path.format(id=small), **params)
    body, count_large = counted_get(path.format(id=large), **params)
    assert len(body.get("services") or body.get("locations")) == 6
    assert count_large <= count_small <= ceiling


@pytest.mark.parametrize(("params", "ceiling"), [(p, c) for p, c, _ in SEARCHES],
                         ids=[_ids(("/v1/services", p)) for p, _, _ in SEARCHES])
def test_search_statements_stay_under_a_ceiling(counted_get: CountedGet, params: dict, ceiling: int) -> None:
    for per_page in (1, 20):
        _, count = counted_get("/v1/services", **params, per_page=per_page)
        assert count <= ceiling, f"per_page={per_page}: {count}"


@pytest.mark.parametrize(("params", "extra"), [(p, e) for p, _, e in SEARCHES],
                         ids=[_ids(("/v1/services", p)) for p, _, _ in SEARCHES])
def test_search_statements_do_not_grow_with_page_size(counted_get: CountedGet, params: dict, extra: int) -> None:
    one, count_one = counted_get("/v1/services", **params, per_page=1)
    many, count_many = counted_get("/v1/services", **params, per_page=100)
    assert len(one["contents"]) == 1 and len(many["contents"]) > 1
    assert count_many <= count_one + extra, f"per_page=100 took {count_many} statements, per_page=1 took {count_one}"


def test_service_detail_statements_stay_under_a_ceiling(counted_get: CountedGet) -> None:
    found, _ = counted_get("/v1/services", q="kindertelefoon")
    _, count = counted_get(f"/v1/services/{found['contents'][0]['id']}")
    assert count <= 11, count
