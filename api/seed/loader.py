"""Load seed_data/ into the database. Idempotent: it only adds what is missing, so
re-running changes nothing and never overwrites a curator's later edits."""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session, select

from api.directory.contact import normalise_dutch_phone, parse_hours
from api.directory.listing import place_location, refresh_search_text
from api.geo.regions import sync_coverage
from api.models import (
    Attribute,
    ContactChannel,
    Language,
    Location,
    Organization,
    OrganizationTranslation,
    Phone,
    Region,
    Schedule,
    Service,
    ServiceArea,
    ServiceTranslation,
    Taxonomy,
    TaxonomyTerm,
    stable_id,
)
from api.resources import resource_dir

LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English", "pl": "Polski", "ro": "Română", "bg": "Български",
                  "ar": "العربية", "tr": "Türkçe", "uk": "Українська", "de": "Deutsch", "fr": "Français"}


@dataclass
class SeedReport:
    """How many rows of each kind a seed run added."""

    added: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, n: int = 1) -> None:
        """Record n added rows of a kind."""
        self.added[kind] = self.added.get(kind, 0) + n

    @property
    def total(self) -> int:
        """All rows added."""
        return sum(self.added.values())


def term_id(taxonomy: str, code: str) -> str:
    """The stable id of a vocabulary term."""
    return stable_id("taxonomy_term", taxonomy, code)


def _read(path: Path) -> Any:
    """Parse a YAML or JSON seed file."""
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)


def load_vocabulary(session: Session, *, data: dict, report: SeedReport) -> None:
    """Add missing taxonomies and terms."""
    for tax in data["taxonomies"]:
        tax_id = stable_id("taxonomy", tax["code"])
        if session.get(Taxonomy, tax_id) is None:
            session.add(Taxonomy(
                id=tax_id, code=tax["code"], name=tax["name"]["nl"], name_en=tax["name"].get("en"),
                description=(tax.get("description") or {}).get("nl"),
                description_en=(tax.get("description") or {}).get("en"),
            ))
            report.count("taxonomy")
        for term in tax["terms"]:
            tid = term_id(tax["code"], term["code"])
            if session.get(TaxonomyTerm, tid) is None:
                session.add(TaxonomyTerm(
                    id=tid, taxonomy_id=tax_id, code=term["code"], name=term["name"]["nl"],
                    name_en=term["name"].get("en"), description=(term.get("description") or {}).get("nl"),
                    description_en=(term.get("description") or {}).get("en"),
                ))
                report.count("taxonomy_term")
    session.flush()


def load_regions(session: Session, *, regions: dict, groups: dict, report: SeedReport) -> None:
    """Add missing regions and groups, then bring the region→municipality table up to date."""
    for row in regions["regions"]:
        if session.get(Region, row["code"]) is None:
            session.add(Region(
                code=row["code"], name=row["name"], name_en=row.get("name_en"), kind=row["kind"],
                parent_code=row.get("parent"), latitude=row.get("latitude"), longitude=row.get("longitude"),
            ))
            report.count("region")
        session.flush()
    members: dict[str, list[str]] = {}
    for group in groups.get("groups", []):
        if session.get(Region, group["code"]) is None:
            session.add(Region(code=group["code"], name=group["name"], kind="group", parent_code="NL",
                               source_url=group.get("source_url")))
            report.count("region")
            members[group["code"]] = list(group["members"])
    session.flush()
    changed = sync_coverage(session, group_members=members)
    if changed:
        report.count("region_municipality", changed)


def _texts(value: Any) -> dict[str, str]:
    """A {lang: text} mapping from a YAML value that is either a string or a mapping."""
    if value is None:
        return {}
    return {"nl": value} if isinstance(value, str) else dict(value)


def _schedules(spec: Any, **owner: str) -> list[Schedule]:
    """Schedule rows for an hours spec, owned by a service, phone or channel."""
    if spec is None:
        return []
    return [
        Schedule(byday=",".join(block.days), opens_at=block.opens_at, closes_at=block.closes_at,
                 description="24/7" if block.all_day_every_day else None, **owner)
        for block in parse_hours(spec)
    ]


def _build_service(session: Session, *, org_id: str, spec: dict, location_ids: dict[str, str]) -> Service:
    """A new Service with all its parts from one YAML entry."""
    sid = stable_id("service", spec["key"])
    names, descriptions = _texts(spec["name"]), _texts(spec.get("description"))
    eligibility, process = _texts(spec.get("eligibility")), _texts(spec.get("application_process"))
    service = Service(
        id=sid, organization_id=org_id, name=names["nl"], description=descriptions.get("nl", ""),
        url=spec.get("url"), status=spec.get("status", "active"), publication="published",
        minimum_age=spec.get("minimum_age"), maximum_age=spec.get("maximum_age"),
        eligibility_description=eligibility.get("nl"), application_process=process.get("nl"),
        source_url=spec["source_url"],
        **{flag: bool(spec.get(flag, False)) for flag in
           ("anonymous", "police_involved", "lgbtq_friendly", "crisis_24_7", "self_referral", "free")},
    )
    for lang in sorted(set(names) | set(descriptions) | set(eligibility) | set(process) - {"nl"}):
        if lang == "nl":
            continue
        service.translations.append(ServiceTranslation(
            service_id=sid, language=lang, name=names.get(lang), description=descriptions.get(lang),
            eligibility_description=eligibility.get(lang), application_process=process.get(lang),
        ))
    for taxonomy, key in (("service_type", "service_types"), ("audience", "audiences"),
                          ("situation", "situations"), ("gender", "genders")):
        codes = spec.get(key) or []
        if taxonomy == "gender" and set(codes) == {"male", "female", "nonbinary"}:
            codes = []  # everyone: stored as no gender restriction
        for code in codes:
            service.attributes.append(Attribute(
                id=stable_id("attribute", sid, taxonomy, code), service_id=sid,
                taxonomy_term_id=term_id(taxonomy, code),
            ))
    for code in spec.get("languages") or ["nl"]:
        service.languages.append(Language(id=stable_id("language", sid, code), service_id=sid, code=code,
                                          name=LANGUAGE_NAMES.get(code)))
    for code in spec.get("service_areas") or []:
        service.service_areas.append(ServiceArea(id=stable_id("service_area", sid, code), service_id=sid,
                                                 region_code=code))
    for channel in spec.get("channels") or []:
        value = str(channel["value"]).strip()
        own_id = (stable_id("phone", sid, value) if channel["type"] == "phone"
                  else stable_id("channel", sid, channel["type"], value))
        _add_channel(service, channel=channel, channel_id=own_id)
    for block in _schedules(spec.get("hours"), service_id=sid):
        block.id = stable_id("schedule", sid, block.byday, block.opens_at)
        service.schedules.append(block)
    for key in spec.get("locations") or []:
        location = session.get(Location, location_ids[key])
        service.locations.append(location)
    refresh_search_text(service=service, organization_name=session.get(Organization, org_id).name)
    return service


def _add_channel(service: Service, *, channel: dict, channel_id: str) -> None:
    """Attach one phone or other contact channel (with its hours) to a new service."""
    hours = channel.get("hours")
    if channel["type"] == "phone":
        phone = normalise_dutch_phone(str(channel["value"]))
        free = channel.get("free", phone.free)
        row = Phone(id=channel_id, service_id=service.id, number=phone.number,
                    display_number=phone.display_number, free=free, description=channel.get("label"))
        row.schedules.extend(_with_ids(_schedules(hours, phone_id=channel_id), channel_id))
        service.phones.append(row)
    else:
        row = ContactChannel(id=channel_id, service_id=service.id, type=channel["type"],
                             value=str(channel["value"]), label=channel.get("label"), free=channel.get("free"))
        row.schedules.extend(_with_ids(_schedules(hours, channel_id=channel_id), channel_id))
        service.channels.append(row)


def _with_ids(schedules: list[Schedule], owner_id: str) -> list[Schedule]:
    """Give schedule rows stable ids derived from their owner."""
    for block in schedules:
        block.id = stable_id("schedule", owner_id, block.byday, block.opens_at)
    return schedules


def load_organizations(session: Session, *, data: dict, report: SeedReport) -> None:
    """Add missing organisations, locations and services."""
    for org in data["organizations"]:
        org_id = stable_id("organization", org["key"])
        descriptions = _texts(org.get("description"))
        if session.get(Organization, org_id) is None:
            organization = Organization(id=org_id, name=org["name"], description=descriptions.get("nl", ""),
                                        website=org.get("website"), source_url=org.get("source_url"))
            for lang, text in descriptions.items():
                if lang != "nl":
                    organization.translations.append(
                        OrganizationTranslation(organization_id=org_id, language=lang, description=text))
            session.add(organization)
            report.count("organization")
            session.flush()
        location_ids = {}
        for loc in org.get("locations") or []:
            loc_id = stable_id("location", loc["key"])
            location_ids[loc["key"]] = loc_id
            if session.get(Location, loc_id) is None:
                location = Location(id=loc_id, organization_id=org_id, name=loc.get("name"),
                                    confidential=bool(loc.get("confidential", False)),
                                    municipality_code=loc["municipality"],
                                    latitude=loc.get("latitude"), longitude=loc.get("longitude"))
                place_location(session, location=location, city=loc.get("city"),
                               street=loc.get("address"), postal_code=loc.get("postal_code"))
                session.add(location)
                report.count("location")
        session.flush()
        for spec in org.get("services") or []:
            if session.get(Service, stable_id("service", spec["key"])) is None:
                session.add(_build_service(session, org_id=org_id, spec=spec, location_ids=location_ids))
                report.count("service")
        session.flush()


def seed_all(session: Session, *, directory: Path | None = None) -> SeedReport:
    """Load vocabulary, regions and organisations from the seed directory."""
    root = directory or resource_dir("seed_data")
    report = SeedReport()
    load_vocabulary(session, data=_read(root / "vocabulary.yaml"), report=report)
    load_regions(session, regions=_read(root / "regions.json"), groups=_read(root / "region_groups.yaml"),
                 report=report)
    load_organizations(session, data=_read(root / "organizations.yaml"), report=report)
    return report


def is_seeded(session: Session) -> bool:
    """Whether the database holds any region (a freshly migrated one does not)."""
    return session.exec(select(Region.code).limit(1)).first() is not None
