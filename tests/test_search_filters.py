"""Region, vocabulary, language, channel, flag, keyword and paging filters of GET /v1/services."""

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from api.models import ContactChannel, Language, SearchEntry, SearchFacet, SearchScope, ServiceArea
from api.search.projection import rebuild

from tests.builders import make_location, make_organization, make_service


def _ids(client, **params) -> set[str]:
    """All service ids matching the filters (every page)."""
    found, page = set(), 1
    while True:
        response = client.get("/v1/services", params={**params, "page": page, "per_page": 100})
        assert response.status_code == 200, response.text
        body = response.json()
        found |= {item["id"] for item in body["contents"]}
        if body["last_page"]:
            return found
        page += 1


@pytest.fixture
def regional(db):
    """Services covering Zwolle, Overijssel, NL, Amsterdam, Haaglanden (VR15) and one located in Eindhoven."""
    org = make_organization(db, name="Regiotest")
    eindhoven = make_location(db, organization=org, municipality="GM0772")
    return org, {
        "zwolle": make_service(db, organization=org, areas=["GM0193"]),
        "overijssel": make_service(db, organization=org, areas=["PV23"]),
        "national": make_service(db, organization=org, areas=["NL"]),
        "amsterdam": make_service(db, organization=org, areas=["GM0363"]),
        "haaglanden": make_service(db, organization=org, areas=["VR15"]),
        "eindhoven_location": make_service(db, organization=org, locations=[eindhoven]),
    }


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        ("GM0193", {"zwolle", "overijssel", "national"}),  # itself, its province, NL
        ("PV23", {"zwolle", "overijssel", "national"}),  # itself, a municipality inside, NL
        ("PV27", {"amsterdam", "national"}),
        ("GM0518", {"haaglanden", "national"}),  # 's-Gravenhage lies in group VR15
        ("VR15", {"haaglanden", "national"}),
        ("PV28", {"haaglanden", "national"}),  # VR15 lies inside Zuid-Holland
        ("GM0772", {"eindhoven_location", "national"}),  # a location in the region counts
        ("PV30", {"eindhoven_location", "national"}),
        ("NL", {"zwolle", "overijssel", "national", "amsterdam", "haaglanden", "eindhoven_location"}),
    ],
)
def test_region_matches_itself_ancestors_descendants_and_locations(client, regional, region, expected):
    org, services = regional
    assert _ids(client, region=region, organization_id=org.id) == {services[name].id for name in expected}


def _scope_rows(db) -> set[tuple[str, str]]:
    """(region code, service id) of every search_scope row."""
    return set(db.exec(select(SearchScope.code, SearchScope.service_id)).all())


def test_region_search_follows_edits_of_areas_locations_and_publication(client, db, regional):
    """Region search reads rows derived ahead of time: every kind of edit must move them, as a full rebuild would."""
    org, services = regional
    zwolle, amsterdam, located = services["zwolle"], services["amsterdam"], services["eindhoven_location"]
    # Zwolle's service moves to Haaglanden (a group): found in Zuid-Holland now, no longer in Overijssel.
    zwolle.service_areas[0].region_code = "VR15"
    # Amsterdam's service turns national: found everywhere, once.
    amsterdam.service_areas.append(ServiceArea(service_id=amsterdam.id, region_code="NL"))
    # The Eindhoven location is archived: that service is found nowhere by region.
    located.locations[0].archived_at = datetime.now(UTC)
    # A draft is found nowhere.
    services["haaglanden"].publication = "draft"
    db.flush()
    assert _ids(client, region="PV23", organization_id=org.id) == {services["overijssel"].id, services["national"].id,
                                                                   amsterdam.id}
    assert _ids(client, region="PV28", organization_id=org.id) == {zwolle.id, services["national"].id, amsterdam.id}
    assert _ids(client, region="GM0772", organization_id=org.id) == {services["national"].id, amsterdam.id}
    page = client.get("/v1/services", params={"region": "GM0363", "organization_id": org.id}).json()
    assert page["total_items"] == 2 and len(page["contents"]) == 2  # national services are counted once

    incremental = _scope_rows(db)
    rebuild(db.connection())
    assert _scope_rows(db) == incremental


def test_language_and_channel_filters_follow_edits(client, db):
    """The language and channel filters read rows derived ahead of time: adding and removing a language,
    a phone number or a chat moves them as a full rebuild would."""
    org = make_organization(db, name="Kanalen")
    spoken = make_service(db, organization=org, name="Spreekt Pools", languages=["nl", "pl"], phones=["0800-0001"])
    chat = make_service(db, organization=org, name="Alleen chat", channels=["chat"])
    assert _ids(client, organization_id=org.id, language="pl") == {spoken.id}
    assert _ids(client, organization_id=org.id, channel="phone") == {spoken.id}
    assert _ids(client, organization_id=org.id, channel=["chat", "whatsapp"]) == {chat.id}

    spoken.languages = [language for language in spoken.languages if language.code != "pl"]
    spoken.phones = []
    chat.languages.append(Language(service_id=chat.id, code="pl"))
    chat.channels.append(ContactChannel(service_id=chat.id, type="whatsapp", value="+31600000000"))
    db.flush()
    assert _ids(client, organization_id=org.id, language="pl") == {chat.id}
    assert _ids(client, organization_id=org.id, channel="phone") == set()
    assert _ids(client, organization_id=org.id, channel="whatsapp") == {chat.id}
    assert _ids(client, organization_id=org.id, channel="chat", language="nl") == {chat.id}

    incremental = _facet_rows(db)
    rebuild(db.connection())
    assert _facet_rows(db) == incremental


def _facet_rows(db) -> set[tuple[str, str, str]]:
    """(kind, code, service id) of every search_facet row."""
    return set(db.exec(select(SearchFacet.kind, SearchFacet.code, SearchEntry.service_id)
                       .join(SearchEntry, SearchEntry.key == SearchFacet.key)).all())


def test_region_code_is_case_insensitive_and_reasons_name_the_area(client, regional):
    org, services = regional
    body = client.get("/v1/services", params={"region": "gm0193", "organization_id": org.id, "lang": "en",
                                              "sort": "name", "per_page": 100}).json()
    reasons = {item["id"]: item["match_reasons"] for item in body["contents"]}
    assert reasons[services["national"].id] == ["national: covers Zwolle too"]
    assert reasons[services["overijssel"].id] == ["works in Overijssel, which includes Zwolle"]
    assert reasons[services["zwolle"].id] == ["works in Zwolle"]


def test_term_filters_or_within_and_across(client, db):
    org = make_organization(db, name="Termen")
    chat = make_service(db, organization=org, service_types=["chat"], audiences=["self"])
    shelter = make_service(db, organization=org, service_types=["shelter"], audiences=["parent-or-carer"])
    both = make_service(db, organization=org, service_types=["chat", "shelter"], situations=["sextortion"])
    assert _ids(client, service_type="chat", organization_id=org.id) == {chat.id, both.id}
    assert _ids(client, service_type=["chat", "shelter"], organization_id=org.id) == {chat.id, shelter.id, both.id}
    assert _ids(client, service_type=["chat", "shelter"], audience="self", organization_id=org.id) == {chat.id}
    assert _ids(client, situation="sextortion", organization_id=org.id) == {both.id}


def test_language_channel_and_flags(client, db):
    org = make_organization(db, name="Kanalen")
    polish_chat = make_service(db, organization=org, languages=["nl", "pl"], channels=["chat"], anonymous=True)
    phone_only = make_service(db, organization=org, phones=["0800-0188"], free=True, crisis_24_7=True)
    whatsapp = make_service(db, organization=org, channels=["whatsapp"], lgbtq_friendly=True, self_referral=True)
    assert _ids(client, language="pl", organization_id=org.id) == {polish_chat.id}
    assert _ids(client, language=["pl", "nl"], organization_id=org.id) == {polish_chat.id, phone_only.id, whatsapp.id}
    assert _ids(client, channel="phone", organization_id=org.id) == {phone_only.id}
    assert _ids(client, channel=["phone", "whatsapp"], organization_id=org.id) == {phone_only.id, whatsapp.id}
    assert _ids(client, anonymous="true", organization_id=org.id) == {polish_chat.id}
    assert _ids(client, anonymous="false", organization_id=org.id) == {phone_only.id, whatsapp.id}
    assert _ids(client, free="true", crisis_24_7="true", organization_id=org.id) == {phone_only.id}
    assert _ids(client, lgbtq_friendly="true", self_referral="true", organization_id=org.id) == {whatsapp.id}


def test_keyword_search_ignores_case_and_accents_and_covers_organisation_name(client, db):
    org = make_organization(db, name="Stichting Fryslân Helpt")
    cafe = make_service(db, organization=org, name="Inloopcafé Jongens", description="Praten over geld en seks")
    assert cafe.id in _ids(client, q="INLOOPCAFE")
    assert cafe.id in _ids(client, q="fryslan")
    assert cafe.id in _ids(client, q="jongens geld")
    assert cafe.id not in _ids(client, q="jongens meisjes")
    assert _ids(client, q="%") == set()  # punctuation alone matches nothing, not everything


def test_unpublished_and_inactive_services_are_not_listed(client, db):
    org = make_organization(db, name="Zichtbaarheid")
    public = make_service(db, organization=org)
    make_service(db, organization=org, publication="draft")
    make_service(db, organization=org, publication="archived")
    make_service(db, organization=org, status="inactive")
    assert _ids(client, organization_id=org.id) == {public.id}


def test_english_translation_with_dutch_fallback(client, db):
    org = make_organization(db, name="Talen")
    translated = make_service(db, organization=org, name="Hulplijn", english_name="Helpline")
    untranslated = make_service(db, organization=org, name="Alleen Nederlands")
    items = client.get("/v1/services", params={"organization_id": org.id, "lang": "en"}).json()["contents"]
    names = {item["id"]: item["name"] for item in items}
    assert names == {translated.id: "Helpline", untranslated.id: "Alleen Nederlands"}


def test_pagination_covers_every_match_once_in_a_stable_order(client, db):
    org = make_organization(db, name="Paginas")
    created = {make_service(db, organization=org, name=f"Dienst {i:02d}").id for i in range(23)}
    pages = [client.get("/v1/services", params={"organization_id": org.id, "per_page": 10, "page": p}).json()
             for p in (1, 2, 3, 4)]
    assert [p["size"] for p in pages] == [10, 10, 3, 0]
    assert pages[0]["total_items"] == 23 and pages[0]["total_pages"] == 3
    assert pages[0]["first_page"] and not pages[0]["last_page"] and pages[2]["last_page"]
    assert pages[3]["empty"]
    seen = [item["id"] for p in pages for item in p["contents"]]
    assert len(seen) == len(set(seen)) == 23 and set(seen) == created
    by_name = client.get("/v1/services", params={"organization_id": org.id, "per_page": 100, "sort": "name"}).json()
    assert [i["name"] for i in by_name["contents"]] == sorted(f"Dienst {i:02d}" for i in range(23))


def test_relevance_puts_national_24_7_services_first(client):
    items = client.get("/v1/services", params={"per_page": 5}).json()["contents"]
    assert items[0]["crisis_24_7"] is True
    assert any(area["code"] == "NL" for area in items[0]["service_areas"])


def test_sixteen_year_old_boy_in_eindhoven_gets_national_and_local_help(client):
    body = client.get("/v1/services", params={"age": 16, "gender": "male", "region": "GM0772",
                                              "per_page": 100}).json()
    names = {item["organization"]["name"] for item in body["contents"]}
    assert {"Centrum Seksueel Geweld", "De Kindertelefoon", "Veilig Thuis"} <= names
    assert any(item["locations"] and item["locations"][0]["municipality_code"] == "GM0772" for item in body["contents"])
    assert "Sense.info" in names  # 12–24 includes 16
    assert all(item["match_reasons"] for item in body["contents"])
    assert not any(item["genders"] == ["female"] for item in body["contents"])


def test_region_search_puts_the_boys_service_before_national_ones(client):
    body = client.get("/v1/services", params={"age": 16, "gender": "male", "region": "GM0772"}).json()
    first = body["contents"][0]
    assert first["genders"] == ["male"] and first["locations"][0]["municipality_code"] == "GM0772"
    body = client.get("/v1/services", params={"age": 16, "gender": "male", "region": "GM0772",
                                              "per_page": 100}).json()
    # Made-for-boys services first; within each block, regional before national.
    keys = [(len(item["genders"]) == 3, any(a["code"] == "NL" for a in item["service_areas"]))
            for item in body["contents"]]
    assert keys == sorted(keys)


def test_reasons_say_whether_an_area_contains_the_region_or_lies_inside_it(client, regional):
    org, services = regional
    body = client.get("/v1/services", params={"region": "PV28", "organization_id": org.id, "lang": "en"}).json()
    reasons = {item["id"]: item["match_reasons"] for item in body["contents"]}
    assert reasons[services["haaglanden"].id] == ["works in Veiligheidsregio Haaglanden, part of South Holland"]


def test_reasons_use_words_not_codes(client, db):
    org = make_organization(db, name="Woorden")
    make_service(db, organization=org, languages=["nl", "en"], channels=["walk_in"], self_referral=False)
    item = client.get("/v1/services", params={"organization_id": org.id, "language": "en", "channel": "walk_in",
                                              "self_referral": "false"}).json()["contents"][0]
    assert item["match_reasons"] == ["taal: Engels", "bereikbaar via: binnenlopen", "met verwijzing"]


def test_nonbinary_gender_filter(client, db):
    org = make_organization(db, name="Nonbinair")
    everyone = make_service(db, organization=org)
    inclusive = make_service(db, organization=org, genders=["female", "nonbinary"])
    make_service(db, organization=org, genders=["male"])
    assert _ids(client, gender="nonbinary", organization_id=org.id) == {everyone.id, inclusive.id}
