"""Age and gender eligibility: the edges a boy or a parent would notice."""

import pytest

from tests.builders import make_organization, make_service


def _ids(client, **params) -> set[str]:
    """All service ids matching the filters (every page)."""
    found, page = set(), 1
    while True:
        body = client.get("/v1/services", params={**params, "page": page, "per_page": 100}).json()
        found |= {item["id"] for item in body["contents"]}
        if body["last_page"]:
            return found
        page += 1


@pytest.mark.parametrize(("age", "expected"), [(11, False), (12, True), (23, True), (24, False)])
def test_age_edges_are_inclusive(client, db, age, expected):
    org = make_organization(db, name="Leeftijdsproef")
    service = make_service(db, organization=org, minimum_age=12, maximum_age=23)
    ids = _ids(client, age=age, organization_id=org.id)
    assert (service.id in ids) is expected


def test_open_age_bounds_are_unbounded(client, db):
    org = make_organization(db, name="Open grenzen")
    from_16 = make_service(db, organization=org, minimum_age=16)
    up_to_17 = make_service(db, organization=org, maximum_age=17)
    anyone = make_service(db, organization=org)
    assert _ids(client, age=0, organization_id=org.id) == {up_to_17.id, anyone.id}
    assert _ids(client, age=120, organization_id=org.id) == {from_16.id, anyone.id}
    assert _ids(client, age=16, organization_id=org.id) == {from_16.id, up_to_17.id, anyone.id}


def test_gender_male_keeps_everyone_and_male_services_drops_women_only(client, db):
    org = make_organization(db, name="Gender")
    everyone = make_service(db, organization=org)
    boys = make_service(db, organization=org, genders=["male"])
    women_only = make_service(db, organization=org, genders=["female"])
    women_and_nonbinary = make_service(db, organization=org, genders=["female", "nonbinary"])
    assert _ids(client, gender="male", organization_id=org.id) == {everyone.id, boys.id}
    assert _ids(client, gender="female", organization_id=org.id) == {everyone.id, women_only.id, women_and_nonbinary.id}


def test_match_reasons_explain_age_and_gender(client, db):
    org = make_organization(db, name="Redenen")
    make_service(db, organization=org, minimum_age=12, maximum_age=23, genders=["male"])
    item = client.get("/v1/services", params={"age": 16, "gender": "male", "organization_id": org.id,
                                             "lang": "en"}).json()["contents"][0]
    assert "age 16 within 12–23" in item["match_reasons"]
    assert "for boys and men" in item["match_reasons"]
    assert item["genders"] == ["male"]
