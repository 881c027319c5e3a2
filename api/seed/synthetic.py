"""Deterministic synthetic services for tests and benchmarks (clearly marked as synthetic).

Rows are built as plain dicts and bulk-inserted per batch, so 100k services take minutes,
not hours. The same rules as real listings apply: search text and public point come
from api/listings/derived.py.
"""

import random
from collections import defaultdict

from sqlalchemy import insert
from sqlmodel import Session, select

from api.listings.derived import public_point, search_text_of
from api.migrate import without_statement_timeout
from api.listings.vocabulary import LANGUAGE_NAMES, term_id
from api.models.service import CHANNEL_TYPES
from api.search.projection import rebuild
from api.models import (
    Address,
    Attribute,
    ContactChannel,
    Language,
    Location,
    Organization,
    Phone,
    Region,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    stable_id,
    utcnow,
)

SERVICE_TYPES = ["helpline", "chat", "crisis-care", "medical-care", "sexual-health", "counselling",
                 "trauma-therapy", "shelter", "care-coordination", "legal-aid", "reporting", "youth-care",
                 "peer-support", "exit-support", "practical-support"]
AUDIENCES = ["self", "parent-or-carer", "friend", "school", "professional"]
SITUATIONS = ["sex-for-money", "online-exploitation", "sextortion", "recent-sexual-assault",
              "pressured-or-forced", "loverboy-methods", "labour-exploitation"]
GENDER_CHOICES = [[], [], [], ["male"], ["female"], ["male", "nonbinary"], ["female", "nonbinary"]]
AGE_CHOICES = [(None, None), (None, None), (12, 23), (16, None), (18, None), (None, 17), (8, 18), (12, 24), (18, 27)]
LANGUAGE_CHOICES = [["nl"], ["nl"], ["nl", "en"], ["nl", "en", "pl"], ["nl", "ro", "bg"], ["nl", "en", "ar"]]
NAME_PARTS = ["Jongerenpunt", "Steunpunt", "Hulpteam", "Praatpunt", "Zorgnetwerk", "Inloophuis", "Advieslijn"]
SYNTHETIC_SOURCE = "https://example.org/synthetic"
# Insert order respects foreign keys.
TABLE_ORDER = [Organization, Service, Location, Address, ServiceAtLocation, Attribute, Language, ServiceArea,
               Phone, ContactChannel, Schedule]


def _pick_area(rng: random.Random, municipality: Region) -> str:
    """Mostly local, sometimes province-wide, rarely national."""
    roll = rng.random()
    if roll < 0.08:
        return "NL"
    if roll < 0.35:
        return municipality.parent_code or "NL"
    return municipality.code


def _rows_for(rng: random.Random, *, index: int, random_seed: int, municipality: Region,
              province_name: str | None) -> dict[type, list[dict]]:
    """All rows of one synthetic service (and its organisation on every third service)."""
    rows: dict[type, list[dict]] = defaultdict(list)
    now = utcnow()
    sid = stable_id("synthetic", str(random_seed), str(index))
    org_id = stable_id("synthetic-org", str(random_seed), str(index // 3))
    org_name = f"Synthetische organisatie {random_seed}-{index // 3}"
    if index % 3 == 0:
        rows[Organization].append(dict(id=org_id, name=org_name, alternate_name=None, description="Synthetic test data",
                                       website=None, email=None, source_url=SYNTHETIC_SOURCE,
                                       created_at=now, updated_at=now))
    minimum, maximum = rng.choice(AGE_CHOICES)
    name = f"{rng.choice(NAME_PARTS)} {municipality.name} {index}"
    description = f"Synthetic service {index} near {municipality.name}."
    rows[Service].append(dict(
        id=sid, organization_id=org_id, name=name, alternate_name=None, description=description, url=None,
        email=None, status=rng.choices(["active", "inactive"], weights=[19, 1])[0], publication="published",
        minimum_age=minimum, maximum_age=maximum, eligibility_description=None, application_process=None,
        anonymous=rng.random() < 0.4, police_involved=rng.random() < 0.1, lgbtq_friendly=rng.random() < 0.3,
        crisis_24_7=rng.random() < 0.1, self_referral=rng.random() < 0.7, free=rng.random() < 0.8,
        assured_date=None, assurer=None, source_url=SYNTHETIC_SOURCE, version=1, created_at=now, updated_at=now,
        search_text=search_text_of([name, description, org_name]),
    ))
    codes = {("service_type", c) for c in rng.sample(SERVICE_TYPES, rng.randint(1, 3))}
    codes |= {("audience", c) for c in rng.sample(AUDIENCES, rng.randint(1, 3))}
    codes |= {("situation", c) for c in rng.sample(SITUATIONS, rng.randint(0, 3))}
    codes |= {("gender", c) for c in rng.choice(GENDER_CHOICES)}
    rows[Attribute] += [dict(id=stable_id("attribute", sid, t, c), service_id=sid, taxonomy_term_id=term_id(t, c),
                             value=None) for t, c in sorted(codes)]
    rows[Language] += [dict(id=stable_id("language", sid, c), service_id=sid, code=c, name=LANGUAGE_NAMES.get(c))
                       for c in rng.choice(LANGUAGE_CHOICES)]
    area = _pick_area(rng, municipality)
    rows[ServiceArea].append(dict(id=stable_id("service_area", sid, area), service_id=sid, region_code=area,
                                  description=None))
    has_phone = rng.random() < 0.7
    if has_phone:
        display = f"020-{index % 10_000_000:07d}"
        phone_id = stable_id("phone", sid, display)
        rows[Phone].append(dict(id=phone_id, service_id=sid, location_id=None, organization_id=None,
                                number=f"+3120{index % 10_000_000:07d}", display_number=display,
                                extension=None, type="voice", description=None, free=False))
        rows[Schedule].append(dict(id=stable_id("schedule", phone_id, "MO,TU,WE,TH,FR", "09:00"), service_id=None, location_id=None,
                                   phone_id=phone_id, channel_id=None, freq="WEEKLY", byday="MO,TU,WE,TH,FR",
                                   opens_at="09:00", closes_at="17:00", description=None))

    def add_channel(kind: str) -> None:
        value = {"email": f"info{index}@example.org", "walk_in": "Binnenlopen op werkdagen",
                 "whatsapp": "+31612345678"}.get(kind, f"https://example.org/{kind}/{index}")
        rows[ContactChannel].append(dict(id=stable_id("channel", sid, kind, value), service_id=sid, type=kind,
                                         value=value, label=None, free=None))

    kinds = rng.sample(CHANNEL_TYPES, rng.randint(0, 2))
    for kind in kinds:
        add_channel(kind)
    located = area != "NL" and rng.random() < 0.8
    if located:
        location_id = stable_id("location", sid)
        confidential = rng.random() < 0.05
        latitude = (municipality.latitude or 52.1) + rng.uniform(-0.03, 0.03)
        longitude = (municipality.longitude or 5.3) + rng.uniform(-0.03, 0.03)
        public_lat, public_lon = public_point(confidential=confidential, latitude=latitude, longitude=longitude,
                                              municipality=municipality)
        rows[Location].append(dict(id=location_id, organization_id=org_id, name=name, description=None,
                                   location_type="physical", confidential=confidential,
                                   municipality_code=municipality.code, latitude=latitude, longitude=longitude,
                                   public_latitude=public_lat, public_longitude=public_lon))
        rows[Address].append(dict(id=stable_id("address", sid), location_id=location_id, attention=None,
                                  address_1=f"Voorbeeldstraat {index % 200 + 1}", address_2=None,
                                  city=municipality.name, region=None, state_province=province_name,
                                  postal_code=None, country="NL", address_type="physical"))
        rows[ServiceAtLocation].append(dict(id=stable_id("service_at_location", sid, location_id), service_id=sid,
                                            location_id=location_id))
    if not (has_phone or kinds or located):  # every listing needs a contact route, as publishing requires
        add_channel("web_form")
    return rows


def generate(session: Session, *, count: int, random_seed: int, batch: int = 2000) -> int:
    """Add `count` synthetic services (ids derived from the seed, so re-running adds nothing)."""
    rng = random.Random(random_seed)
    municipalities = list(session.exec(select(Region).where(Region.kind == "municipality").order_by(Region.code)).all())
    if not municipalities:
        raise RuntimeError("load the regions first (helpfinder seed)")
    provinces = {r.code: r.name for r in session.exec(select(Region).where(Region.kind == "province")).all()}
    existing = set(session.exec(select(Service.id).where(Service.source_url == SYNTHETIC_SOURCE)).all())
    existing_orgs = set(session.exec(select(Organization.id).where(Organization.source_url == SYNTHETIC_SOURCE)).all())
    pending: dict[type, list[dict]] = defaultdict(list)
    added = 0
    for index in range(count):
        municipality = rng.choice(municipalities)
        rows = _rows_for(rng, index=index, random_seed=random_seed, municipality=municipality,
                         province_name=provinces.get(municipality.parent_code or ""))
        if rows[Service][0]["id"] in existing:
            continue
        rows[Organization] = [o for o in rows[Organization] if o["id"] not in existing_orgs]
        for table, table_rows in rows.items():
            pending[table].extend(table_rows)
        added += 1
        if added % batch == 0:
            _insert(session, pending)
    _insert(session, pending)
    if added:
        without_statement_timeout(session.connection())  # one statement per projection table, all services
        rebuild(session.connection())  # bulk inserts bypass the ORM hooks that keep search in step
    return added


def _insert(session: Session, pending: dict[type, list[dict]]) -> None:
    """Bulk-insert the pending rows in foreign-key order and clear them."""
    for table in TABLE_ORDER:
        if pending.get(table):
            session.execute(insert(table), pending[table])
    pending.clear()
