"""Search in a boy's own words: every phrase of tests/data/phrases.yaml keeps its meaning.

For each phrase the search must name the expected situations in `interpreted_query`, find help, put a
service for one of those situations first, and show every national 24/7 service for them on page 1.
A phrase that loses its situation (a phrase list edit, a change to folding or stemming) fails here.
"""

from pathlib import Path

import pytest
import yaml

CASES = yaml.safe_load((Path(__file__).resolve().parent / "data" / "phrases.yaml").read_text(encoding="utf-8"))
CODES = {"SX": "sextortion", "SM": "sex-for-money", "LB": "loverboy-methods", "PF": "pressured-or-forced",
         "OE": "online-exploitation", "LE": "labour-exploitation", "RA": "recent-sexual-assault"}


def test_the_table_holds_at_least_forty_phrases_in_dutch_and_english():
    assert len(CASES) >= 40 and len({case["q"] for case in CASES}) == len(CASES)
    assert sum(1 for case in CASES if any(w in case["q"].lower().split() for w in ("i", "my", "someone", "sex"))) >= 5


@pytest.mark.parametrize("case", CASES, ids=[case["q"] for case in CASES])
def test_a_phrase_finds_help_for_its_situation_first(client, case):
    expected = {CODES[code] for code in case["situations"]}
    page = client.get("/v1/services", params={"q": case["q"], "gender": "male"}).json()
    understood = {s["code"] for s in page["interpreted_query"]["situations"]}
    assert understood == expected, f"{case['q']!r} was understood as {sorted(understood)}"
    assert page["total_items"] >= 1
    first = page["contents"][0]
    assert expected & set(first["situations"]), f"{case['q']!r}: first result {first['name']!r} is not for it"
    on_page = {item["id"] for item in page["contents"]}
    for code in expected:
        national_24_7 = client.get("/v1/services", params={"situation": code, "crisis_24_7": "true", "gender": "male",
                                                           "region": "NL", "per_page": 100}).json()["contents"]
        for item in national_24_7:
            if any(area["code"] == "NL" for area in item["service_areas"]):
                assert item["id"] in on_page, f"{case['q']!r}: national 24/7 {item['name']!r} not on page 1"


def test_the_response_says_what_was_understood_in_the_asked_language(client):
    page = client.get("/v1/services", params={"q": "ik word gechanteerd met naaktfoto's", "lang": "en"}).json()
    assert page["interpreted_query"] == {
        "words": ["gechanteerd", "naaktfoto"], "ignored_words": ["ik", "word", "met", "s"],
        "situations": [{"code": "sextortion", "name": "Blackmail with nude images",
                        "phrases": ["gechanteerd", "naaktfotos"]}]}
    dutch = client.get("/v1/services", params={"q": "loverboy"}).json()["interpreted_query"]["situations"]
    assert [(s["code"], s["name"]) for s in dutch] == [("loverboy-methods", "Eerst vriend, daarna druk"),
                                                        ("sex-for-money", "Seks voor geld of spullen")]
    assert client.get("/v1/services", params={"age": 16}).json()["interpreted_query"] is None


def test_words_that_name_no_situation_search_the_text_as_before(client):
    page = client.get("/v1/services", params={"q": "kindertelefoon"}).json()
    assert page["interpreted_query"]["situations"] == [] and page["total_items"] >= 1
    assert all("kindertelefoon" in (item["name"] + item["organization"]["name"]).lower().replace(" ", "")
               or "kindertelefoon" in (item.get("description") or "").lower() for item in page["contents"])


def test_the_national_24_7_check_above_is_not_empty(client):
    """Seeded national 24/7 services carry some of the table's situations, so the page-1 check bites."""
    found = set()
    for code in ("pressured-or-forced", "recent-sexual-assault", "loverboy-methods"):
        items = client.get("/v1/services", params={"situation": code, "crisis_24_7": "true", "region": "NL",
                                                   "per_page": 100}).json()["contents"]
        found |= {item["name"] for item in items if any(a["code"] == "NL" for a in item["service_areas"])}
    assert len(found) >= 3
