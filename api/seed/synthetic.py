"""Deterministic synthetic services for tests and benchmarks (clearly marked as synthetic)."""

import random

from sqlmodel import Session, select

from api.directory.listing import place_location, refresh_search_text
from api.models import (
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
    stable_id,
)
from api.seed.loader import LANGUAGE_NAMES, term_id

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


def _pick_area(rng: random.Random, municipality: Region) -> str:
    """Mostly local, sometimes province-wide, rarely national."""
    roll = rng.random()
    if roll < 0.08:
        return "NL"
    if roll < 0.35:
        return municipality.parent_code or "NL"
    return municipality.code


def generate(session: Session, *, count: int, random_seed: int, batch: int = 500) -> int:
    """Add `count` synthetic services (ids derived from the seed, so re-running adds nothing)."""
    rng = random.Random(random_seed)
    municipalities = list(session.exec(select(Region).where(Region.kind == "municipality").order_by(Region.code)).all())
    if not municipalities:
        raise RuntimeError("load the regions first (helpfinder seed)")
    added = 0
    for index in range(count):
        sid = stable_id("synthetic", str(random_seed), str(index))
        municipality = rng.choice(municipalities)
        if session.get(Service, sid) is not None:
            continue
        org_id = stable_id("synthetic-org", str(random_seed), str(index // 3))
        if session.get(Organization, org_id) is None:
            session.add(Organization(id=org_id, name=f"Synthetische organisatie {random_seed}-{index // 3}",
                                     description="Synthetic test data", source_url=SYNTHETIC_SOURCE))
            session.flush()
        minimum, maximum = rng.choice(AGE_CHOICES)
        name = f"{rng.choice(NAME_PARTS)} {municipality.name} {index}"
        service = Service(
            id=sid, organization_id=org_id, name=name, description=f"Synthetic service {index} near {municipality.name}.",
            publication="published", status=rng.choices(["active", "inactive"], weights=[19, 1])[0],
            minimum_age=minimum, maximum_age=maximum, source_url=SYNTHETIC_SOURCE,
            anonymous=rng.random() < 0.4, police_involved=rng.random() < 0.1, lgbtq_friendly=rng.random() < 0.3,
            crisis_24_7=rng.random() < 0.1, self_referral=rng.random() < 0.7, free=rng.random() < 0.8,
        )
        codes = {("service_type", c) for c in rng.sample(SERVICE_TYPES, rng.randint(1, 3))}
        codes |= {("audience", c) for c in rng.sample(AUDIENCES, rng.randint(1, 3))}
        codes |= {("situation", c) for c in rng.sample(SITUATIONS, rng.randint(0, 3))}
        codes |= {("gender", c) for c in rng.choice(GENDER_CHOICES)}
        service.attributes = [Attribute(id=stable_id("attribute", sid, t, c), service_id=sid,
                                        taxonomy_term_id=term_id(t, c)) for t, c in sorted(codes)]
        service.languages = [Language(id=stable_id("language", sid, c), service_id=sid, code=c,
                                      name=LANGUAGE_NAMES.get(c)) for c in rng.choice(LANGUAGE_CHOICES)]
        area = _pick_area(rng, municipality)
        service.service_areas = [ServiceArea(id=stable_id("service_area", sid, area), service_id=sid, region_code=area)]
        if rng.random() < 0.7:
            service.phones = [Phone(id=stable_id("phone", sid), service_id=sid, number=f"+3120{index % 10_000_000:07d}",
                                    display_number=f"020-{index % 10_000_000:07d}", free=False,
                                    schedules=[Schedule(id=stable_id("schedule", sid), byday="MO,TU,WE,TH,FR",
                                                        opens_at="09:00", closes_at="17:00")])]
        for kind in rng.sample(["chat", "whatsapp", "walk_in", "email", "web_form"], rng.randint(0, 2)):
            value = {"email": f"info{index}@example.org", "walk_in": "Binnenlopen op werkdagen",
                     "whatsapp": "+31600000000"}.get(kind, f"https://example.org/{kind}/{index}")
            service.channels.append(ContactChannel(id=stable_id("channel", sid, kind), service_id=sid, type=kind, value=value))
        session.add(service)
        if area != "NL" and rng.random() < 0.8:
            location = Location(id=stable_id("location", sid), organization_id=org_id, name=name,
                                municipality_code=municipality.code, confidential=rng.random() < 0.05,
                                latitude=(municipality.latitude or 52.1) + rng.uniform(-0.03, 0.03),
                                longitude=(municipality.longitude or 5.3) + rng.uniform(-0.03, 0.03))
            place_location(session, location=location, city=municipality.name)
            service.locations = [location]
        refresh_search_text(service=service, organization_name=f"Synthetische organisatie {random_seed}-{index // 3}")
        added += 1
        if added % batch == 0:
            session.flush()
    session.flush()
    return added
