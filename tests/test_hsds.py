"""The /hsds/ face conforms to the official Open Referral HSDS 3.0 JSON Schemas (../shared/hsds)."""

import json
import os
from functools import lru_cache
from pathlib import Path

import pytest
from jsonschema import Draft7Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7 as _DRAFT

from tests.builders import make_location, make_organization, make_service

BASE = "https://hsds.test/schema/"


def _schema_dir() -> Path:
    """The official HSDS 3.0 schemas kept with the tests (HSDS_SCHEMA_DIR points at another copy)."""
    configured = os.environ.get("HSDS_SCHEMA_DIR")
    directory = Path(configured) if configured else Path(__file__).resolve().parent / "hsds" / "schema"
    if not (directory / "service.json").exists():
        pytest.fail(f"HSDS schemas not found in {directory}")
    return directory


@lru_cache
def _registry() -> Registry:
    """Every schema file, addressable by its relative name as the schemas reference them."""
    directory = _schema_dir()
    resources = []
    for path in sorted(directory.glob("*.json")) + sorted((directory / "compiled").glob("*.json")):
        relative = path.relative_to(directory).as_posix()
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((BASE + relative, Resource.from_contents(contents, default_specification=_DRAFT)))
    return Registry().with_resources(resources)





def _errors(instance: dict, schema_file: str) -> list[str]:
    """Validation errors of an instance against one schema file (formats checked too)."""
    validator = Draft7Validator({"$ref": BASE + schema_file}, registry=_registry(), format_checker=FormatChecker())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}


def _all_pages(client, path: str, **params) -> list[dict]:
    """Every item of a paged HSDS list."""
    items, page = [], 1
    while True:
        body = client.get(path, params={**params, "page": page, "per_page": 100}).json()
        assert set(body) == PAGE_KEYS
        items += body["contents"]
        if body["last_page"]:
            return items
        page += 1


def test_api_info(client):
    assert client.get("/hsds/").json() == {"version": "3.0", "profile": "https://docs.openreferral.org/en/latest/hsds/",
                                           "openapi_url": "/openapi.json"}


def test_every_seeded_service_validates_in_full(client):
    listed = _all_pages(client, "/hsds/services")
    checked = 0
    for summary in listed:
        full = client.get(f"/hsds/services/{summary['id']}").json()
        assert _errors(full, "compiled/service_with_definitions.json") == [], full["name"]
        assert _errors(full, "service.json") == []
        checked += 1
    assert checked == len(listed) >= 18 + 200  # the 18 seeded services and the synthetic ones


def test_every_organization_validates(client):
    organizations = _all_pages(client, "/hsds/organizations")
    assert len(organizations) >= 16
    for organization in organizations:
        assert _errors(organization, "compiled/organization_list.json") == []
        full = client.get(f"/hsds/organizations/{organization['id']}").json()
        assert _errors(full, "organization.json") == [], full["name"]


def test_list_pages_validate(client):
    for item in client.get("/hsds/services", params={"per_page": 50}).json()["contents"]:
        assert _errors(item, "compiled/service_list.json") == []
    for item in client.get("/hsds/service_at_locations", params={"per_page": 50}).json()["contents"]:
        assert _errors(item, "compiled/service_at_location_list.json") == []
        assert _errors(item, "service_at_location.json") == []
    for item in client.get("/hsds/taxonomies").json()["contents"]:
        assert _errors(item, "taxonomy.json") == []
    for item in _all_pages(client, "/hsds/taxonomy_terms"):
        assert _errors(item, "taxonomy_term.json") == []


def test_extensions_are_attributes_with_terms(client):
    service = next(s for s in _all_pages(client, "/hsds/services", search="kindertelefoon"))
    full = client.get(f"/hsds/services/{service['id']}").json()
    codes = {(a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["code"], a.get("value")) for a in full["attributes"]}
    assert ("flag", "anonymous", "true") in codes and ("flag", "free", "true") in codes
    assert any(taxonomy == "channel" and code == "chat" for taxonomy, code, _ in codes)
    assert ("service_type", "helpline", None) in codes
    phone = full["phones"][0]
    assert phone["number"] == "0800-0432"
    assert phone["attributes"][0]["taxonomy_term"]["code"] == "free_call"


def test_filters_and_minimal(client):
    terms = _all_pages(client, "/hsds/taxonomy_terms", search="shelter")
    shelter = next(t for t in terms if t["code"] == "shelter")
    with_shelter = _all_pages(client, "/hsds/services", taxonomy_term_id=shelter["id"], full="true")
    assert with_shelter and all(any(a["taxonomy_term_id"] == shelter["id"] for a in s["attributes"])
                                for s in with_shelter)
    minimal = client.get("/hsds/services", params={"minimal": "true", "per_page": 5}).json()["contents"]
    assert all(set(item) == {"id", "last_modified"} for item in minimal)
    future = client.get("/hsds/services", params={"modified_after": "2999-01-01T00:00:00"}).json()
    assert future["total_items"] == 0 and future["empty"]
    top = client.get("/hsds/taxonomy_terms", params={"top_only": "true", "per_page": 100}).json()
    assert top["total_items"] > 0


def test_confidential_location_stays_hidden(client, db):
    org = make_organization(db, name="Opvang HSDS")
    hidden = make_location(db, organization=org, municipality="GM0995", confidential=True,
                           street="Schuilstraat 5", postal_code="8232 ZZ", latitude=52.51111, longitude=5.47222)
    service = make_service(db, organization=org, locations=[hidden], phones=["0800-0188"])
    bodies = [client.get(f"/hsds/services/{service.id}").text,
              client.get(f"/hsds/organizations/{org.id}").text,
              json.dumps(_all_pages(client, "/hsds/service_at_locations", organization_id=org.id)),
              json.dumps(_all_pages(client, "/hsds/service_at_locations", postcode="8232", proximity=20000))]
    for body in bodies:
        assert "Schuilstraat" not in body and "8232 ZZ" not in body and "51111" not in body and "47222" not in body
    location = client.get(f"/hsds/services/{service.id}").json()["service_at_locations"][0]["location"]
    assert "addresses" not in location
    assert any(a["taxonomy_term"]["code"] == "confidential" for a in location["attributes"])


def test_service_at_locations_near_a_postcode_nearest_first(client, db):
    org = make_organization(db, name="Nabij HSDS")
    near = make_location(db, organization=org, municipality="GM0193", latitude=52.512, longitude=6.093)
    far = make_location(db, organization=org, municipality="GM0166", latitude=52.555, longitude=5.911)
    make_service(db, organization=org, locations=[far, near], phones=["0800-0188"])
    items = _all_pages(client, "/hsds/service_at_locations", postcode="8011", proximity=20000, organization_id=org.id)
    assert [i["location_id"] for i in items] == [near.id, far.id]
    close = _all_pages(client, "/hsds/service_at_locations", postcode="8011", proximity=5000, organization_id=org.id)
    assert [i["location_id"] for i in close] == [near.id]


def test_service_at_locations_list_public_services_at_live_locations_only(client, db):
    org = make_organization(db, name="Koppelingen HSDS")
    live = make_location(db, organization=org, municipality="GM0193", latitude=52.512, longitude=6.093)
    closing = make_location(db, organization=org, municipality="GM0193", latitude=52.52, longitude=6.1)
    unplaced = make_location(db, organization=org, municipality="GM0193")
    shown = make_service(db, organization=org, name="Inloop koppeling", locations=[live, closing, unplaced],
                         phones=["0800-0188"], service_types=["legal-aid"])
    draft = make_service(db, organization=org, name="Concept koppeling", locations=[live], phones=["0800-0188"],
                         publication="draft")
    legal_aid = next(t for t in _all_pages(client, "/hsds/taxonomy_terms") if t["code"] == "legal-aid")

    def pairs(**params) -> set[tuple[str, str]]:
        return {(i["service_id"], i["location_id"]) for i in _all_pages(client, "/hsds/service_at_locations", **params)}

    expected = {(shown.id, live.id), (shown.id, closing.id), (shown.id, unplaced.id)}
    assert pairs(organization_id=org.id) == expected
    assert expected <= pairs() and (draft.id, live.id) not in pairs()
    assert pairs(organization_id=org.id, search="inloop koppeling") == expected
    assert pairs(organization_id=org.id, search="concept koppeling") == set()
    assert expected <= pairs(taxonomy_term_id=legal_aid["id"])
    assert pairs(organization_id=org.id, postcode="8011", proximity=20000) == expected
    assert pairs(organization_id=org.id, postcode="8011", proximity=1000) == {(shown.id, live.id)}

    closing.archived_at = shown.updated_at
    db.add(closing)
    db.flush()
    assert pairs(organization_id=org.id) == {(shown.id, live.id), (shown.id, unplaced.id)}
    shown.publication = "draft"
    db.add(shown)
    db.flush()
    assert pairs(organization_id=org.id) == set()
    assert client.get(f"/hsds/service_at_locations/{_all_pages(client, '/hsds/service_at_locations')[0]['id']}"
                      ).status_code == 200


def test_organization_lists_count_exactly_what_they_list(client, db):
    archived = make_organization(db, name="Gearchiveerd HSDS")
    service = make_service(db, organization=archived, phones=["0800-0188"])
    archived.archived_at = service.updated_at  # an archived organisation that still has a public service
    db.add(archived)
    db.flush()
    for path, listed in (("/v1/organizations", True), ("/hsds/organizations", False)):
        items = _all_pages(client, path)
        assert client.get(path).json()["total_items"] == len(items) == len({i["id"] for i in items})
        assert (archived.id in {i["id"] for i in items}) is listed, path
        named = client.get(path, params={"q" if path.startswith("/v1") else "search": "gearchiveerd hsds"}).json()
        assert named["total_items"] == (1 if listed else 0), path


def test_services_list_public_services_in_name_order_and_counts_them(client, db):
    org = make_organization(db, name="Volgorde HSDS")
    b = make_service(db, organization=org, name="beta Volgorde", phones=["0800-0188"])
    a = make_service(db, organization=org, name="Alfa Volgorde", phones=["0800-0188"])
    c = make_service(db, organization=org, name="Charlie Volgorde", phones=["0800-0188"])
    make_service(db, organization=org, name="Aaa concept Volgorde", phones=["0800-0188"], publication="draft")
    items = _all_pages(client, "/hsds/services")
    names = [i["name"].lower() for i in items]
    assert names == sorted(names)  # case-insensitive name order, across pages
    assert client.get("/hsds/services").json()["total_items"] == len(items) == len({i["id"] for i in items})
    assert [i["id"] for i in _all_pages(client, "/hsds/services", organization_id=org.id)] == [a.id, b.id, c.id]
    found = client.get("/hsds/services", params={"search": "volgorde", "organization_id": org.id}).json()
    assert found["total_items"] == 3 and [i["id"] for i in found["contents"]] == [a.id, b.id, c.id]
    second = client.get("/hsds/services", params={"organization_id": org.id, "per_page": 1, "page": 2}).json()
    assert (second["total_items"], [i["id"] for i in second["contents"]]) == (3, [b.id])
