"""Listings as plain dicts in the write shape: what history stores, revisions propose and restores apply."""

from typing import Any

from sqlmodel import Session, select

from api.listings.contact import normalise_dutch_phone, parse_hours
from api.listings.derived import place_location, refresh_search_text
from api.listings.vocabulary import LANGUAGE_NAMES, Vocabulary, term_id
from api.models import (
    Address,
    Attribute,
    ContactChannel,
    Language,
    Location,
    Organization,
    OrganizationTranslation,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceTranslation,
    stable_id,
)

SERVICE_SCALARS = ("name", "description", "url", "email", "status", "minimum_age", "maximum_age",
                   "eligibility_description", "application_process", "anonymous", "police_involved",
                   "lgbtq_friendly", "crisis_24_7", "self_referral", "free", "source_url")
TERM_LISTS = {"service_types": "service_type", "audiences": "audience", "situations": "situation", "genders": "gender"}


def _hours(schedules: list[Schedule]) -> str | list[dict] | None:
    """Schedules back into the write shape."""
    if not schedules:
        return None
    if any(s.description == "24/7" or (s.opens_at == "00:00" and s.closes_at == "23:59" and s.byday.count(",") == 6)
           for s in schedules):
        return "24/7"
    return [{"days": s.byday.split(","), "opens": s.opens_at, "closes": s.closes_at}
            for s in sorted(schedules, key=lambda s: (s.byday, s.opens_at))]


def service_snapshot(service: Service, *, vocabulary: Vocabulary) -> dict[str, Any]:
    """Every editable field of a service, in the shape of ServiceFields."""
    term_ids = [a.taxonomy_term_id for a in service.attributes]
    snapshot: dict[str, Any] = {"organization_id": service.organization_id}
    snapshot.update({field: getattr(service, field) for field in SERVICE_SCALARS})
    for key, taxonomy in TERM_LISTS.items():
        snapshot[key] = vocabulary.codes(term_ids, taxonomy=taxonomy)
    snapshot["languages"] = sorted(language.code for language in service.languages)
    snapshot["service_areas"] = sorted(area.region_code for area in service.service_areas)
    snapshot["location_ids"] = sorted(location.id for location in service.locations)
    snapshot["phones"] = [
        {"number": p.display_number, "free": p.free, "description": p.description, "hours": _hours(p.schedules)}
        for p in sorted(service.phones, key=lambda p: p.id)
    ]
    snapshot["channels"] = [
        {"type": c.type, "value": c.value, "label": c.label, "free": c.free, "hours": _hours(c.schedules)}
        for c in sorted(service.channels, key=lambda c: c.id)
    ]
    snapshot["hours"] = _hours(service.schedules)
    snapshot["translations"] = {
        t.language: {"name": t.name, "description": t.description,
                     "eligibility_description": t.eligibility_description,
                     "application_process": t.application_process}
        for t in sorted(service.translations, key=lambda t: t.language)
    }
    return snapshot


def _schedule_rows(spec: Any, **owner: str) -> list[Schedule]:
    """Schedule rows from a write-shape hours value (ids derived from owner and hours)."""
    if spec is None:
        return []
    blocks = spec if spec == "24/7" else [dict(b) for b in spec]
    owner_id = next(iter(owner.values()))
    return [Schedule(id=stable_id("schedule", owner_id, ",".join(b.days), b.opens_at), byday=",".join(b.days),
                     opens_at=b.opens_at, closes_at=b.closes_at,
                     description="24/7" if b.all_day_every_day else None, **owner)
            for b in parse_hours(blocks)]


def apply_service_snapshot(session: Session, *, service: Service, snapshot: dict[str, Any]) -> None:
    """Make a service (and all its parts) equal to a validated snapshot."""
    service.organization_id = str(snapshot["organization_id"])
    for field in SERVICE_SCALARS:
        setattr(service, field, snapshot.get(field))
    if service in session and not _is_new(service):
        # Delete the old parts first: re-adding the same term or language in the same flush
        # would hit the unique constraints before the old rows are gone.
        service.attributes, service.languages, service.service_areas = [], [], []
        service.phones, service.channels, service.schedules, service.translations = [], [], [], []
        service.locations = []
        session.flush()
    # Part ids derive from the service and the content, so the same listing always has the
    # same ids (imports and exports round-trip, history snapshots stay comparable).
    sid = service.id
    service.attributes = [
        Attribute(id=stable_id("attribute", sid, taxonomy, code), service_id=sid,
                  taxonomy_term_id=term_id(taxonomy, code))
        for key, taxonomy in TERM_LISTS.items() for code in dict.fromkeys(snapshot.get(key) or [])
    ]
    service.languages = [Language(id=stable_id("language", sid, code), service_id=sid, code=code,
                                  name=LANGUAGE_NAMES.get(code))
                         for code in dict.fromkeys(snapshot.get("languages") or [])]
    service.service_areas = [ServiceArea(id=stable_id("service_area", sid, code.upper()), service_id=sid,
                                         region_code=code.upper())
                             for code in dict.fromkeys(snapshot.get("service_areas") or [])]
    ids = [str(i) for i in dict.fromkeys(snapshot.get("location_ids") or [])]
    service.locations = list(session.exec(select(Location).where(Location.id.in_(ids))).all()) if ids else []
    phones = []
    for spec in snapshot.get("phones") or []:
        parsed = normalise_dutch_phone(spec["number"])
        phone = Phone(id=phone_id(sid, parsed.display_number), service_id=sid, number=parsed.number,
                      display_number=parsed.display_number,
                      free=spec.get("free") if spec.get("free") is not None else parsed.free,
                      description=spec.get("description"))
        phone.schedules = _schedule_rows(_as_plain(spec.get("hours")), phone_id=phone.id)
        phones.append(phone)
    service.phones = phones
    channels = []
    for spec in snapshot.get("channels") or []:
        channel = ContactChannel(id=channel_id(sid, spec["type"], spec["value"]), service_id=sid, type=spec["type"],
                                 value=spec["value"],
                                 label=spec.get("label"), free=spec.get("free"))
        channel.schedules = _schedule_rows(_as_plain(spec.get("hours")), channel_id=channel.id)
        channels.append(channel)
    service.channels = channels
    service.schedules = _schedule_rows(_as_plain(snapshot.get("hours")), service_id=service.id)
    service.translations = [
        ServiceTranslation(service_id=service.id, language=lang, **{k: v for k, v in texts.items() if v is not None})
        for lang, texts in sorted((snapshot.get("translations") or {}).items())
    ]
    organization = session.get(Organization, service.organization_id)
    refresh_search_text(service=service, organization_name=organization.name if organization else "")


def phone_id(service_id: str, display_number: str) -> str:
    """A phone's id, derived from its service and number."""
    return stable_id("phone", service_id, display_number)


def channel_id(service_id: str, kind: str, value: str) -> str:
    """A contact channel's id, derived from its service, type and value."""
    return stable_id("channel", service_id, kind, value)


def _is_new(entity: Any) -> bool:
    """Whether an entity has not been written to the database yet."""
    from sqlalchemy import inspect

    return inspect(entity).pending or inspect(entity).transient


def _as_plain(hours: Any) -> Any:
    """Hours in the form parse_hours reads."""
    if hours is None or hours == "24/7":
        return hours
    return [{"days": list(b["days"]), "opens": b["opens"], "closes": b["closes"]} for b in hours]


def organization_snapshot(organization: Organization) -> dict[str, Any]:
    """Every editable field of an organisation."""
    return {
        "name": organization.name, "alternate_name": organization.alternate_name,
        "description": organization.description, "website": organization.website, "email": organization.email,
        "source_url": organization.source_url,
        "translations": {t.language: {"name": t.name, "description": t.description}
                         for t in sorted(organization.translations, key=lambda t: t.language)},
    }


def apply_organization_snapshot(organization: Organization, *, snapshot: dict[str, Any]) -> None:
    """Make an organisation equal to a validated snapshot."""
    for field in ("name", "alternate_name", "description", "website", "email", "source_url"):
        setattr(organization, field, snapshot.get(field))
    organization.translations = [
        OrganizationTranslation(organization_id=organization.id, language=lang, name=texts.get("name"),
                                description=texts.get("description"))
        for lang, texts in sorted((snapshot.get("translations") or {}).items())
    ]


def location_snapshot(location: Location) -> dict[str, Any]:
    """Every editable field of a location, confidential address included (curators only)."""
    address = location.address
    return {
        "organization_id": location.organization_id, "name": location.name, "description": location.description,
        "confidential": location.confidential, "municipality_code": location.municipality_code,
        "latitude": location.latitude, "longitude": location.longitude,
        "address": {"address_1": address.address_1, "city": address.city, "postal_code": address.postal_code}
        if address else None,
    }


def apply_location_snapshot(session: Session, *, location: Location, snapshot: dict[str, Any]) -> None:
    """Make a location equal to a validated snapshot; coordinates from the gazetteer when absent."""
    location.organization_id = str(snapshot["organization_id"])
    location.name, location.description = snapshot.get("name"), snapshot.get("description")
    location.confidential = bool(snapshot.get("confidential"))
    location.municipality_code = snapshot.get("municipality_code")
    location.latitude, location.longitude = snapshot.get("latitude"), snapshot.get("longitude")
    address = snapshot.get("address") or {}
    location.address = None
    session.flush()
    place_location(session, location=location, city=address.get("city"), street=address.get("address_1"),
                   postal_code=address.get("postal_code"))
    if location.address is None and address:
        location.address = Address(location_id=location.id, city=address.get("city") or "")


def canonical_service(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A validated service snapshot as it will be stored: phone cost derived (0800 free, 0900 paid) when not given."""
    phones = []
    for phone in snapshot.get("phones") or []:
        if phone.get("free") is None:
            phone = {**phone, "free": normalise_dutch_phone(phone["number"]).free}
        phones.append(phone)
    return {**snapshot, "phones": phones}


def diff(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, list[Any]]:
    """Field-level differences: {field: [old, new]} for every field that changed."""
    before = before or {}
    return {key: [before.get(key), after.get(key)] for key in sorted(set(before) | set(after))
            if before.get(key) != after.get(key)}
