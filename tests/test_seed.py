"""Seed data: the facts in it, and that loading it twice changes nothing."""

import hashlib
import re
from pathlib import Path

import yaml
from sqlalchemy import text
from sqlmodel import SQLModel

from api.seed.loader import seed_all

SEED = Path(__file__).resolve().parent.parent / "seed_data"
DOMAIN_NOTES_PHONES = {"0800-0188", "0800-2000", "0800-0432", "0900-0101", "0900-8844", "112", "0800-7000",
                       "033 448 11 86", "0900-1450"}


def _fingerprint(connection) -> dict[str, str]:
    """A hash of every row of every table, to detect any change."""
    prints = {}
    for table in sorted(SQLModel.metadata.tables):
        rows = connection.execute(text(f"SELECT * FROM {table}")).all()
        digest = hashlib.sha256(repr(sorted(map(repr, rows))).encode()).hexdigest()
        prints[table] = f"{len(rows)}:{digest}"
    return prints


def test_seeding_twice_changes_nothing(connection, db):
    before = _fingerprint(connection)
    report = seed_all(db)
    db.flush()
    assert report.total == 0, report.added
    assert _fingerprint(connection) == before


def test_seeded_regions(connection):
    counts = dict(connection.execute(text("SELECT kind, COUNT(*) FROM region GROUP BY kind")).all())
    assert counts["country"] == 1 and counts["province"] == 12 and counts["municipality"] == 342
    codes = [c for (c,) in connection.execute(text("SELECT code FROM region WHERE kind = 'municipality'"))]
    assert all(re.fullmatch(r"GM\d{4}", code) for code in codes)
    orphans = connection.execute(text(
        "SELECT COUNT(*) FROM region m LEFT JOIN region p ON p.code = m.parent_code "
        "WHERE m.kind = 'municipality' AND (p.kind IS NULL OR p.kind <> 'province')")).scalar_one()
    assert orphans == 0


def test_seeded_listings_have_sources_and_no_invented_phones(connection):
    services = connection.execute(text(
        "SELECT name, source_url, assured_date FROM service WHERE source_url NOT LIKE 'https://example.org%'")).all()
    assert len(services) >= 15
    assert all(src and src.startswith("https://") for _, src, _ in services)
    assert all(assured is None for _, _, assured in services)
    phones = {p for (p,) in connection.execute(text(
        "SELECT display_number FROM phone WHERE number NOT LIKE '+3120%'"))}
    assert phones <= DOMAIN_NOTES_PHONES and {"0800-0188", "0800-2000", "0800-0432"} <= phones


def test_seed_files_use_only_known_codes():
    vocabulary = yaml.safe_load((SEED / "vocabulary.yaml").read_text(encoding="utf-8"))
    known = {(t["code"], term["code"]) for t in vocabulary["taxonomies"] for term in t["terms"]}
    organizations = yaml.safe_load((SEED / "organizations.yaml").read_text(encoding="utf-8"))
    for org in organizations["organizations"]:
        assert org["source_url"].startswith("https://")
        for service in org["services"]:
            for key, taxonomy in (("service_types", "service_type"), ("audiences", "audience"),
                                  ("situations", "situation"), ("genders", "gender")):
                assert {(taxonomy, code) for code in service.get(key) or []} <= known, service["key"]
