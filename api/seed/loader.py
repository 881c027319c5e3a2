"""Load seed_data/ into the database. Idempotent: it only adds what is missing, so
re-running changes nothing and never overwrites a curator's later edits."""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session, select

from api.listings.fields import ServiceFields
from api.listings.snapshot import apply_service_snapshot, canonical_service
from api.listings.derived import place_location
from api.listings.vocabulary import term_id
from api.geo.regions import sync_coverage
from api.models import (
    Location,
    Organization,
    OrganizationTranslation,
    Region,
    Service,
    Taxonomy,
    TaxonomyTerm,
    stable_id,
)
from api.resources import resource_dir


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


def _service_fields(*, org_id: str, spec: dict, location_ids: dict[str, str]) -> dict[str, Any]:
    """One YAML entry in the write-API shape (validated with the same rules as a curator's edit)."""
    names, descriptions = _texts(spec["name"]), _texts(spec.get("description"))
    eligibility, process = _texts(spec.get("eligibility")), _texts(spec.get("application_process"))
    genders = spec.get("genders") or []
    phones = [{"number": str(c["value"]), "free": c.get("free"), "description": c.get("label"), "hours": c.get("hours")}
              for c in spec.get("channels") or [] if c["type"] == "phone"]
    channels = [{"type": c["type"], "value": str(c["value"]), "label": c.get("label"), "free": c.get("free"),
                 "hours": c.get("hours")} for c in spec.get("channels") or [] if c["type"] != "phone"]
    languages = sorted((set(names) | set(descriptions) | set(eligibility) | set(process)) - {"nl"})
    fields = {
        "organization_id": org_id, "name": names["nl"], "description": descriptions.get("nl", ""),
        "url": spec.get("url"), "status": spec.get("status", "active"),
        "minimum_age": spec.get("minimum_age"), "maximum_age": spec.get("maximum_age"),
        "eligibility_description": eligibility.get("nl"), "application_process": process.get("nl"),
        "source_url": spec["source_url"],
        # All three genders means everyone, which is stored as no gender restriction.
        "genders": [] if set(genders) == {"male", "female", "nonbinary"} else genders,
        "service_types": spec.get("service_types") or [], "audiences": spec.get("audiences") or [],
        "situations": spec.get("situations") or [], "languages": spec.get("languages") or ["nl"],
        "service_areas": spec.get("service_areas") or [],
        "location_ids": [location_ids[key] for key in spec.get("locations") or []],
        "phones": phones, "channels": channels, "hours": spec.get("hours"),
        "translations": {lang: {"name": names.get(lang), "description": descriptions.get(lang),
                                "eligibility_description": eligibility.get(lang),
                                "application_process": process.get(lang)} for lang in languages},
        **{flag: bool(spec.get(flag, False)) for flag in
           ("anonymous", "police_involved", "lgbtq_friendly", "crisis_24_7", "self_referral", "free")},
    }
    return canonical_service(ServiceFields.model_validate(fields).model_dump(mode="json"))


def _build_service(session: Session, *, org_id: str, spec: dict, location_ids: dict[str, str]) -> Service:
    """A new published Service with all its parts from one YAML entry, built like any other listing."""
    snapshot = _service_fields(org_id=org_id, spec=spec, location_ids=location_ids)
    service = Service(id=stable_id("service", spec["key"]), organization_id=org_id, name=snapshot["name"],
                      publication="published")
    session.add(service)
    apply_service_snapshot(session, service=service, snapshot=snapshot)
    return service


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
                _build_service(session, org_id=org_id, spec=spec, location_ids=location_ids)
                report.count("service")
        session.flush()


def seed_reference_data(session: Session, *, directory: Path | None = None) -> SeedReport:
    """Load the vocabulary and the regions (what any listing refers to)."""
    root = directory or resource_dir("seed_data")
    report = SeedReport()
    load_vocabulary(session, data=_read(root / "vocabulary.yaml"), report=report)
    load_regions(session, regions=_read(root / "regions.json"), groups=_read(root / "region_groups.yaml"),
                 report=report)
    return report


def seed_all(session: Session, *, directory: Path | None = None) -> SeedReport:
    """Load vocabulary, regions and organisations from the seed directory."""
    report = seed_reference_data(session, directory=directory)
    root = directory or resource_dir("seed_data")
    load_organizations(session, data=_read(root / "organizations.yaml"), report=report)
    return report


def is_seeded(session: Session) -> bool:
    """Whether the database holds any region (a freshly migrated one does not)."""
    return session.exec(select(Region.code).limit(1)).first() is not None
