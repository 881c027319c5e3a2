"""Import HSDS JSON documents or an HSDS tabular package: validate every record, upsert by id.

Each record is written in its own savepoint, so a rejected record never half-writes and
never takes good records down with it; records are committed in batches. Imported
services enter as drafts unless publishing is asked for (an admin's choice).
"""

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlmodel import Session

from api.curation.history import record_change
from api.listings.rules import (
    check_location_references,
    check_placed,
    check_reachable,
    check_service_references,
    reveals_confidential_address,
    validated,
)
from api.listings.fields import LocationFields, OrganizationFields, ServiceFields
from api.listings.flat_csv import from_spreadsheet_safe
from api.listings.snapshot import (
    apply_location_snapshot,
    apply_organization_snapshot,
    apply_service_snapshot,
    location_snapshot,
    organization_snapshot,
    service_snapshot,
)
from api.listings.vocabulary import load_vocabulary, term_id
from api.errors import AppError
from api.search.projection import one_rebuild
from api.interop import shape
from api.interop.export import TABLES
from api.models import Location, Organization, Service
from api.seed.loader import seed_reference_data

FLAG_CODES = ("anonymous", "police_involved", "lgbtq_friendly", "crisis_24_7", "self_referral", "free")


@dataclass
class ImportReport:
    """What an import did (or would do, in a dry run)."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    rejected: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, id, reason)

    def count(self, outcome: str, kind: str) -> None:
        """Tally one record."""
        bucket = getattr(self, outcome)
        bucket[kind] = bucket.get(kind, 0) + 1


class Rejected(Exception):
    """A record failed validation."""


def _normalised(model: type[BaseModel], data: dict[str, Any]) -> dict[str, Any] | None:
    """Stored data in the same validated shape as incoming data, to compare like with like."""
    try:
        return model.model_validate(data).model_dump(mode="json")
    except ValidationError:
        return None


def _hours(schedules: list[dict]) -> str | list[dict] | None:
    """HSDS schedules back into our hours shape."""
    if not schedules:
        return None
    if any(s.get("description") == "24/7" for s in schedules):
        return "24/7"
    return [{"days": s["byday"].split(","), "opens": s["opens_at"], "closes": s["closes_at"]}
            for s in sorted(schedules, key=lambda s: (s.get("byday", ""), s.get("opens_at", "")))]


def organization_fields(doc: dict) -> dict[str, Any]:
    """OrganizationFields from an HSDS organization."""
    return {"name": doc.get("name"), "alternate_name": doc.get("alternate_name"),
            "description": doc.get("description", ""), "website": doc.get("website"), "email": doc.get("email"),
            "source_url": doc.get("uri"), "translations": doc.get("translations") or {}}


def location_fields(doc: dict, *, organization_id: str) -> dict[str, Any]:
    """LocationFields from an HSDS location."""
    confidential = any(a.get("taxonomy_term_id") == term_id("flag", "confidential") for a in doc.get("attributes", []))
    address = (doc.get("addresses") or [None])[0]
    return {"organization_id": organization_id, "name": doc.get("name"), "description": doc.get("description"),
            "confidential": confidential, "municipality_code": doc.get("external_identifier"),
            "latitude": doc.get("latitude"), "longitude": doc.get("longitude"),
            "address": {"address_1": address.get("address_1"), "city": address.get("city"),
                        "postal_code": address.get("postal_code")} if address else None}


def service_fields(doc: dict, *, organization_id: str, term_codes: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """ServiceFields from an HSDS service; unknown term ids reject the record."""
    lists: dict[str, list[str]] = {"service_types": [], "audiences": [], "situations": [], "genders": []}
    flags = dict.fromkeys(FLAG_CODES, False)
    channels = []
    for attribute in doc.get("attributes", []):
        known = term_codes.get(attribute.get("taxonomy_term_id", ""))
        if known is None:
            raise Rejected(f"attributes: unknown taxonomy_term_id {attribute.get('taxonomy_term_id')}")
        taxonomy, code = known
        if taxonomy == "flag" and code in flags:
            flags[code] = True
        elif taxonomy == "channel":
            channels.append({"type": code, "value": attribute.get("value"), "label": attribute.get("label"),
                             "free": attribute.get("free"), "hours": _hours(attribute.get("schedules", []))})
        else:
            key = {"service_type": "service_types", "audience": "audiences", "situation": "situations",
                   "gender": "genders"}.get(taxonomy)
            if key is None:
                raise Rejected(f"attributes: term {code} of taxonomy {taxonomy} cannot describe a service")
            lists[key].append(code)
    phones = []
    for phone in doc.get("phones", []):
        cost = {a.get("taxonomy_term_id") for a in phone.get("attributes", [])}
        phones.append({"number": phone.get("number"), "description": phone.get("description"),
                       "free": True if term_id("flag", "free_call") in cost
                       else False if term_id("flag", "paid_call") in cost else None,
                       "hours": _hours(phone.get("schedules", []))})
    return {
        "organization_id": organization_id, "name": doc.get("name"), "description": doc.get("description", ""),
        "url": doc.get("url"), "email": doc.get("email"), "status": doc.get("status", "active"),
        "minimum_age": doc.get("minimum_age"), "maximum_age": doc.get("maximum_age"),
        "eligibility_description": doc.get("eligibility_description"),
        "application_process": doc.get("application_process"), "source_url": doc.get("source_url"),
        **flags, **{key: sorted(codes) for key, codes in lists.items()},
        "languages": sorted(lang["code"] for lang in doc.get("languages", []) if lang.get("code")),
        "service_areas": sorted(area.get("extent") or "" for area in doc.get("service_areas", [])),
        "location_ids": sorted(link["location_id"] for link in doc.get("service_at_locations", [])),
        "phones": phones, "channels": channels,
        "hours": _hours([s for s in doc.get("schedules", []) if not s.get("phone_id") and not s.get("channel_id")]),
        "translations": doc.get("translations") or {},
    }


class Importer:
    """Upserts records by id, each in a savepoint (the search rows are rebuilt per batch: import_documents)."""

    def __init__(self, session: Session, *, publish: bool, report: ImportReport) -> None:
        self.session = session
        self.publish = publish
        self.report = report
        vocabulary = load_vocabulary(session)
        self.vocabulary = vocabulary
        self.term_codes = {t.id: (t.taxonomy, t.code) for t in vocabulary.terms.values()}

    def _guarded(self, kind: str, record_id: str, write: Callable[[], None]) -> bool:
        """Run one record's write in a savepoint; on failure roll it back and report why."""
        savepoint = self.session.begin_nested()
        try:
            write()
        except (Rejected, AppError, ValueError, KeyError, TypeError) as exc:
            savepoint.rollback()
            reason = exc.message if isinstance(exc, AppError) else str(exc)
            self.report.rejected.append((kind, record_id, reason))
            return False
        except Exception as exc:  # noqa: BLE001 - one record never stops the import; it is reported
            savepoint.rollback()
            self.report.rejected.append((kind, record_id, f"could not be stored ({type(exc).__name__})"))
            return False
        savepoint.commit()
        return True

    def organization(self, doc: dict) -> bool:
        """Upsert one organisation."""
        def write() -> None:
            fields = validated(OrganizationFields, organization_fields(doc)).model_dump(mode="json")
            existing = self.session.get(Organization, doc["id"])
            if existing is None:
                organization = Organization(id=doc["id"], name=fields["name"])
                apply_organization_snapshot(organization, snapshot=fields)
                self.session.add(organization)
                self._recorded("organization", doc["id"], None, fields, 1)
                self.report.count("created", "organization")
            elif _normalised(OrganizationFields, organization_snapshot(existing)) != fields:
                before = organization_snapshot(existing)
                apply_organization_snapshot(existing, snapshot=fields)
                existing.version += 1
                self._recorded("organization", doc["id"], before, fields, existing.version)
                self.report.count("updated", "organization")
            else:
                self.report.count("unchanged", "organization")
        return self._guarded("organization", str(doc.get("id")), write)

    def location(self, doc: dict, *, organization_id: str) -> bool:
        """Upsert one location."""
        def write() -> None:
            fields = validated(LocationFields, location_fields(doc, organization_id=organization_id))
            check_location_references(self.session, fields=fields)  # the write API's location rules
            snapshot = fields.model_dump(mode="json")
            existing = self.session.get(Location, doc["id"])
            if existing is None:
                location = Location(id=doc["id"], organization_id=organization_id)
                self.session.add(location)
                apply_location_snapshot(self.session, location=location, snapshot=snapshot)
                check_placed(location)
                self._recorded("location", doc["id"], None, location_snapshot(location), 1)
                self.report.count("created", "location")
            else:
                before = location_snapshot(existing)
                if reveals_confidential_address(before=before, after=snapshot):
                    raise Rejected("would make a confidential address public; only a second reviewer can do that, "
                                   "through the curation API")
                apply_location_snapshot(self.session, location=existing, snapshot=snapshot)
                check_placed(existing)
                after = location_snapshot(existing)
                if after != before:
                    existing.version += 1
                    self._recorded("location", doc["id"], before, after, existing.version)
                self.report.count("updated" if after != before else "unchanged", "location")
        return self._guarded("location", str(doc.get("id")), write)

    def service(self, doc: dict, *, organization_id: str) -> bool:
        """Upsert one service (a draft unless publishing)."""
        def write() -> None:
            fields = validated(ServiceFields, service_fields(doc, organization_id=organization_id,
                                                              term_codes=self.term_codes))
            check_service_references(self.session, fields=fields)
            snapshot = fields.model_dump(mode="json")
            existing = self.session.get(Service, doc["id"])
            if self.publish and (existing is None or existing.publication != "archived"):
                check_reachable(self.session, snapshot)  # what a reviewer's approval requires
            assured = date.fromisoformat(doc["assured_date"]) if doc.get("assured_date") else None
            if existing is None:
                service = Service(id=doc["id"], organization_id=organization_id, name=fields.name,
                                  publication="published" if self.publish else "draft")
                self.session.add(service)
                apply_service_snapshot(self.session, service=service, snapshot=snapshot)
                service.assured_date, service.assurer = assured, doc.get("assurer")
                self._recorded("service", doc["id"], None, snapshot, 1)
                self.report.count("created", "service")
                return
            before = service_snapshot(existing, vocabulary=self.vocabulary)
            if _normalised(ServiceFields, before) == snapshot and existing.assured_date == assured:
                self.report.count("unchanged", "service")
                return
            apply_service_snapshot(self.session, service=existing, snapshot=snapshot)
            existing.assured_date, existing.assurer = assured, doc.get("assurer")
            existing.version += 1
            if self.publish and existing.publication != "archived":
                existing.publication = "published"
            self._recorded("service", doc["id"], before, snapshot, existing.version)
            self.report.count("updated", "service")
        return self._guarded("service", str(doc.get("id")), write)

    def _recorded(self, kind: str, record_id: str, before: dict | None, after: dict, version: int) -> None:
        """History row for an imported change."""
        record_change(self.session, resource_type=kind, resource_id=record_id, action="import", version=version,
                      curator=None, before=before, after=after, comment="imported")


class ImportFileError(ValueError):
    """The file or directory cannot be read as an export at all (one line says why)."""


def read_documents(path: Path) -> list[Any]:
    """HSDS organisation documents from a JSON export or a tabular package directory.

    Raises ImportFileError for what is not an export at all: unreadable, empty, truncated or
    not UTF-8 JSON, JSON of another shape, a directory without the package's tables.
    """
    if path.is_dir():
        if not (path / "organizations.csv").exists():
            raise ImportFileError(f"{path}: no organizations.csv here; expected an HSDS tabular package directory")
        try:
            return _documents_from_tables(path)
        except (UnicodeDecodeError, csv.Error) as exc:
            raise ImportFileError(f"{path}: a table is not UTF-8 CSV ({exc.__class__.__name__})") from None
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ImportFileError(f"{path}: not UTF-8 text; save the export as UTF-8 JSON") from None
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot be read ({exc.strerror})") from None
    if not text.strip():
        raise ImportFileError(f"{path}: the file is empty")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(f"{path}: not valid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg}); "
                              "truncated?") from None
    if isinstance(data, dict) and isinstance(data.get("organizations"), list):
        return data["organizations"]
    if isinstance(data, list):
        return data
    raise ImportFileError(f"{path}: expected a list of organisations or an object with \"organizations\"")


def _read_table(directory: Path, name: str) -> list[dict[str, Any]]:
    """Rows of one CSV table (missing file = no rows); empty cells become None, formula guards are removed."""
    path = directory / f"{name}.csv"
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return [{k: (from_spreadsheet_safe(v) if v != "" else None) for k, v in row.items()}
                for row in csv.DictReader(handle)]


def _typed(row: dict[str, Any], *, ints: tuple[str, ...] = (), floats: tuple[str, ...] = (),
           bools: tuple[str, ...] = ()) -> dict[str, Any]:
    """Convert CSV strings back to numbers and booleans."""
    out = dict(row)
    for keys, kind in ((ints, int), (floats, float)):
        for key in keys:
            try:
                out[key] = kind(out[key]) if out.get(key) is not None else None
            except ValueError:
                pass  # left as text: the structure check rejects the record, naming the field
    for key in bools:
        out[key] = {"true": True, "false": False}.get(out.get(key) or "")
    return {k: v for k, v in out.items() if v is not None}


def _documents_from_tables(directory: Path) -> list[dict]:
    """Rebuild nested documents from the tabular package."""
    tables = {name: _read_table(directory, name) for name in TABLES}
    by = lambda table, key: _group(tables[table], key)  # noqa: E731
    attributes = by("attributes", "link_id")
    schedules_by_service = by("schedules", "service_id")
    schedules_by_phone = by("schedules", "phone_id")
    schedules_by_channel = by("schedules", "channel_id")
    addresses = by("addresses", "location_id")
    locations = {row["id"]: row for row in tables["locations"]}
    documents = []
    for org in tables["organizations"]:
        doc = dict(org)
        doc["translations"] = {t["language"]: {k: v for k, v in t.items() if k not in ("organization_id", "language")
                                               and v}
                               for t in tables["organization_translations"] if t.get("organization_id") == org["id"]}
        org_locations = [loc for loc in tables["locations"] if loc.get("organization_id") == org["id"]]
        doc["locations"] = [{**_typed(loc, floats=("latitude", "longitude")), "addresses": addresses.get(loc["id"], []),
                             "attributes": attributes.get(loc["id"], [])} for loc in org_locations]
        doc["services"] = []
        for service in (s for s in tables["services"] if s.get("organization_id") == org["id"]):
            sid = service["id"]
            item = _typed(service, ints=("minimum_age", "maximum_age"))
            item["phones"] = [{**phone, "attributes": attributes.get(phone["id"], []),
                               "schedules": schedules_by_phone.get(phone["id"], [])}
                              for phone in tables["phones"] if phone.get("service_id") == sid]
            item["schedules"] = [s for s in schedules_by_service.get(sid, [])
                                 if not s.get("phone_id") and not s.get("channel_id")]
            item["service_areas"] = [a for a in tables["service_areas"] if a.get("service_id") == sid]
            item["languages"] = [lang for lang in tables["languages"] if lang.get("service_id") == sid]
            item["service_at_locations"] = [
                {**link, "location": locations.get(link["location_id"], {})}
                for link in tables["service_at_location"] if link.get("service_id") == sid]
            item["attributes"] = [{**_typed(a, bools=("free",)), "schedules": schedules_by_channel.get(a["id"], [])}
                                  for a in attributes.get(sid, [])]
            translations = {t["language"]: {k: v for k, v in t.items() if k not in ("service_id", "language") and v}
                            for t in tables["service_translations"] if t.get("service_id") == sid}
            item["translations"] = translations
            doc["services"].append(item)
        documents.append(doc)
    return documents


def _group(rows: list[dict[str, Any]], key: str) -> dict[str, list[dict[str, Any]]]:
    """Rows grouped by one column."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row.get(key):
            grouped.setdefault(row[key], []).append(row)
    return grouped


def ensure_reference_data(session: Session) -> None:
    """Vocabulary and regions must exist before listings can be imported."""
    seed_reference_data(session)


def import_documents(session: Session, *, documents: list[Any], publish: bool, batch_size: int = 50,
                     on_progress: Callable[[int], None] | None = None, commit: bool = True) -> ImportReport:
    """Import organisation documents; commits every `batch_size` organisations unless `commit` is False.

    Every record is checked for structure (api.interop.shape) and repeated ids first, then by the
    write rules; each rejected one is in the report with its path and reason, and the others are
    imported. Nothing raises for a bad record, so the report lists exactly what was not committed.
    """
    report = ImportReport()
    importer = Importer(session, publish=publish, report=report)
    first_at: dict[tuple[str, str], str] = {}  # (kind, id) -> where it first occurred in this file

    def usable(kind: str, record: Any, *, path: str) -> bool:
        """Structurally sound and not a repeat of an id earlier in the file; otherwise reported."""
        record_id = str(record.get("id")) if isinstance(record, dict) else "?"
        found = list(shape.problems(kind, record, path=path))
        if not found and (kind, record_id) in first_at:
            found = [f"{path}: duplicate id {record_id} (first at {first_at[(kind, record_id)]}); skipped"]
        if found:
            report.rejected.append((kind, record_id, "; ".join(found)))
            return False
        first_at[(kind, record_id)] = path
        return True

    def one(index: int, doc: Any) -> None:
        path = f"organizations[{index}]"
        if usable("organization", doc, path=path) and importer.organization(doc):
            for number, location in enumerate(doc.get("locations", [])):
                if usable("location", location, path=f"{path}.locations[{number}]"):
                    importer.location(location, organization_id=doc["id"])
            for number, service in enumerate(doc.get("services", [])):
                if usable("service", service, path=f"{path}.services[{number}]"):
                    importer.service(service, organization_id=doc["id"])
        elif isinstance(doc, dict) and isinstance(doc.get("services"), list):
            for service in doc["services"]:
                service_id = str(service.get("id")) if isinstance(service, dict) else "?"
                report.rejected.append(("service", service_id, "its organization was rejected"))
        if on_progress:
            on_progress(1)

    for start in range(0, len(documents), batch_size):
        # The search rows of a batch's services are rebuilt once, at its end and before its commit, instead
        # of once per record (a rejected record's savepoint rollback leaves nothing of it to rebuild).
        with one_rebuild(session):
            for index, doc in enumerate(documents[start:start + batch_size], start=start):
                one(index, doc)
        if commit:
            session.commit()
    if commit:
        session.commit()  # what the caller added before the documents (reference data), also for an empty file
    return report
