"""Service detail, organisations, vocabulary, regions and health."""


def _service_id(client, **params) -> str:
    """The first search hit's id."""
    return client.get("/v1/services", params=params).json()["contents"][0]["id"]


def test_service_detail_has_eligibility_process_and_hours(client):
    service_id = _service_id(client, q="kindertelefoon")
    detail = client.get(f"/v1/services/{service_id}").json()
    assert detail["minimum_age"] == 8 and detail["maximum_age"] == 18
    assert detail["application_process"]
    phone = next(c for c in detail["channels"] if c["type"] == "phone")
    assert phone["value"] == "0800-0432" and phone["free"] is True and phone["href"] == "tel:+318000432"
    assert "nl" in detail["translations_available"]


def test_paid_phone_is_marked_paid(client):
    detail = client.get(f"/v1/services/{_service_id(client, q='slachtofferhulp')}").json()
    phone = next(c for c in detail["channels"] if c["type"] == "phone")
    assert phone["value"] == "0900-0101" and phone["free"] is False


def test_organizations_list_and_detail(client):
    body = client.get("/v1/organizations", params={"q": "fier"}).json()
    assert [o["name"] for o in body["contents"]] == ["Fier"]
    detail = client.get(f"/v1/organizations/{body['contents'][0]['id']}").json()
    assert detail["services"] and all(s["organization"]["name"] == "Fier" for s in detail["services"])


def test_taxonomy_terms_in_both_languages(client):
    nl = client.get("/v1/taxonomy_terms", params={"taxonomy": "service_type", "per_page": 100}).json()
    en = client.get("/v1/taxonomy_terms", params={"taxonomy": "service_type", "per_page": 100, "lang": "en"}).json()
    assert nl["total_items"] == 15
    codes = {t["code"] for t in nl["contents"]}
    assert {"helpline", "chat", "shelter", "exit-support", "care-coordination"} <= codes
    assert {t["code"]: t["name"] for t in en["contents"]}["helpline"] == "Helpline"
    audiences = client.get("/v1/taxonomy_terms", params={"taxonomy": "audience"}).json()
    assert {t["code"] for t in audiences["contents"]} == {"self", "parent-or-carer", "friend", "school", "professional"}


def test_regions_hierarchy(client):
    provinces = client.get("/v1/regions", params={"kind": "province", "per_page": 100}).json()
    assert [p["code"] for p in provinces["contents"]] == [f"PV{n}" for n in range(20, 32)]
    assert client.get("/v1/regions", params={"kind": "municipality"}).json()["total_items"] == 342
    zwolle = client.get("/v1/regions/GM0193").json()
    assert zwolle["name"] == "Zwolle" and [p["code"] for p in zwolle["parents"]] == ["PV23", "NL"]
    overijssel = client.get("/v1/regions/PV23").json()
    assert "GM0193" in {c["code"] for c in overijssel["children"]}
    haaglanden = client.get("/v1/regions/VR15").json()
    assert haaglanden["kind"] == "group" and "GM0518" in {c["code"] for c in haaglanden["children"]}
    den_haag = client.get("/v1/regions/GM0518").json()
    assert "VR15" in {g["code"] for g in den_haag["groups"]}


def test_region_search_ignores_accents(client):
    found = client.get("/v1/regions", params={"q": "fryslan", "kind": "province"}).json()["contents"]
    assert [r["code"] for r in found] == ["PV21"]


def test_health_checks_the_database(client):
    assert client.get("/health").json() == {"status": "ok", "database": "ok"}


def test_openapi_documents_search_filters(client):
    spec = client.get("/openapi.json").json()
    params = {p["name"] for p in spec["paths"]["/v1/services"]["get"]["parameters"]}
    assert {"q", "age", "gender", "region", "service_type", "audience", "situation", "language", "channel",
            "anonymous", "free", "lgbtq_friendly", "crisis_24_7", "self_referral", "organization_id", "lang",
            "page", "per_page"} <= params


def test_region_search_knows_aliases_and_ignores_bare_punctuation(client):
    found = client.get("/v1/regions", params={"q": "den haag"}).json()["contents"]
    assert "GM0518" in {r["code"] for r in found}
    assert client.get("/v1/regions", params={"q": "%"}).json()["total_items"] == 0
