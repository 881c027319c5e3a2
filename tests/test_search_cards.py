"""Search results come from stored cards: they must always show the listing as it is now."""

import csv
import io

import pytest
from sqlmodel import select

from api.listings.present import service_summary
from api.listings.vocabulary import load_vocabulary
from api.models import Region, SearchCard, SearchEntry, Service
from api.listings.flat_csv import summary_line
from api.search.cards import LANGUAGES, summary_json
from api.listings.visibility import with_listing_parts
from tests.builders import make_location, make_organization, make_service


def _result(client, service_id: str, **params) -> dict:
    """The search result of one service (found by its organisation's id)."""
    organization_id = client.get(f"/v1/services/{service_id}").json()["organization"]["id"]
    body = client.get("/v1/services", params={"organization_id": organization_id, "per_page": 100, **params}).json()
    return next(item for item in body["contents"] if item["id"] == service_id)


def test_every_card_is_the_listing_rendered_now(db):
    """Seeded and synthetic services: the stored card and CSV record of each language equal a fresh rendering."""
    vocabulary = load_vocabulary(db)
    services = db.exec(select(Service).join(SearchEntry, SearchEntry.service_id == Service.id)
                       .options(*with_listing_parts())).all()
    cards = {(service_id, lang): (summary, csv_line) for service_id, lang, summary, csv_line in db.exec(
        select(SearchEntry.service_id, SearchCard.lang, SearchCard.summary, SearchCard.csv_line)
        .join(SearchCard, SearchCard.key == SearchEntry.key)).all()}
    assert len(services) > 200 and len(cards) == len(services) * len(LANGUAGES)
    for service in services:
        for lang in LANGUAGES:
            summary = service_summary(service, lang=lang, vocabulary=vocabulary)
            assert cards[(service.id, lang)] == (summary_json(service, lang=lang, vocabulary=vocabulary),
                                                 summary_line(summary)), service.name


def test_search_result_equals_the_full_rendering_of_the_listing(client, db):
    """Result JSON = the listing rendered with this search's reasons and distance, field for field."""
    organization = make_organization(db, name="Kaartorganisatie")
    location = make_location(db, organization=organization, municipality="GM0363", street="Damrak 1",
                             postal_code="1012 LG", latitude=52.3755, longitude=4.8970)
    service = make_service(db, organization=organization, name="Kaartdienst", areas=["GM0363"], locations=[location],
                           phones=["0800-1234"], channels=["chat"], genders=["male"], english_name="Card service")
    db.flush()
    for lang in LANGUAGES:
        got = _result(client, service.id, lang=lang, postcode="1012", age=17, gender="male")
        db.refresh(service)
        expected = service_summary(service, lang=lang, vocabulary=load_vocabulary(db)).model_dump(mode="json")
        assert {k: v for k, v in got.items() if k not in ("match_reasons", "distance_km")} == \
            {k: v for k, v in expected.items() if k not in ("match_reasons", "distance_km")}
        assert got["distance_km"] is not None and got["distance_km"] < 2
        assert got["match_reasons"]


@pytest.mark.parametrize("change", ["organization name", "phone", "channel", "archived location", "address",
                                    "translation", "region name"])
def test_a_change_to_any_part_shows_in_search_at_once(client, db, change):
    organization = make_organization(db, name="Oude naam")
    location = make_location(db, organization=organization, municipality="GM0363", street="Damrak 1",
                             postal_code="1012 LG", latitude=52.3755, longitude=4.8970)
    service = make_service(db, organization=organization, name="Wijzigdienst", areas=["GM0363"], locations=[location],
                           phones=["0800-1234"], channels=["chat"], english_name="Change service")
    before = _result(client, service.id, lang="en")
    if change == "organization name":
        organization.name = "Nieuwe naam"
        db.add(organization)
    elif change == "phone":
        service.phones[0].display_number = "0800-9999"
    elif change == "channel":
        service.channels[0].value = "https://example.org/nieuwe-chat"
    elif change == "archived location":
        from api.models import utcnow
        location.archived_at = utcnow()
        db.add(location)
    elif change == "address":
        location.address.address_1 = "Rokin 2"
        db.add(location.address)
    elif change == "translation":
        service.translations[0].name = "Renamed service"
    else:
        region = db.get(Region, "GM0363")
        region.name = "Amsterdam (hernoemd)"
        db.add(region)
    db.flush()
    after = _result(client, service.id, lang="en")
    assert after != before
    expected = {
        "organization name": lambda r: r["organization"]["name"] == "Nieuwe naam",
        "phone": lambda r: r["channels"][0]["value"] == "0800-9999",
        "channel": lambda r: r["channels"][1]["value"] == "https://example.org/nieuwe-chat",
        "archived location": lambda r: r["locations"] == [],
        "address": lambda r: r["locations"][0]["address"] == "Rokin 2",
        "translation": lambda r: r["name"] == "Renamed service",
        "region name": lambda r: r["service_areas"][0]["name"] == "Amsterdam (hernoemd)",
    }[change]
    assert expected(after), after
    # The referral CSV is read from the same stored cards: it shows the change too.
    exported = client.get("/v1/services.csv", params={"organization_id": after["organization"]["id"], "lang": "en"})
    row = next(r for r in csv.DictReader(io.StringIO(exported.text)) if r["id"] == service.id)
    shown = {
        "organization name": row["organization"] == "Nieuwe naam",
        "phone": row["phones"].startswith("0800-9999"),
        "channel": row["other_channels"] == "chat: https://example.org/nieuwe-chat",
        "archived location": row["locations"] == "",
        "address": row["locations"].startswith("Rokin 2"),
        "translation": row["name"] == "Renamed service",
        "region name": row["service_areas"] == "GM0363",  # codes only: the CSV does not name regions
    }[change]
    assert shown, row
