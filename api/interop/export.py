"""Exports: HSDS JSON documents, the HSDS tabular data package, and a flat CSV for professionals.

Only public listings are exported, with the confidential-address rule, unless an admin asks
for a full backup (every listing, confidential addresses included).
"""

import csv
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from sqlalchemy import func
from sqlmodel import Session, select

from api.listings.present import service_summary
from api.listings.vocabulary import load_vocabulary
from api.listings.flat_csv import cell, spreadsheet_safe, summaries_csv
from api.hsds.serializers import hsds_location, hsds_organization, hsds_service, hsds_taxonomy, hsds_term
from api.models import Location, Organization, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from api.listings.visibility import publicly_listed, with_listing_parts

FORMAT_VERSION = "helpfinder-hsds-3.0"


def _open_for_writing(path: Path, *, private: bool) -> IO[str]:
    """A text file to write; a full backup's (confidential addresses) is its owner's alone (0600) from creation on."""
    if not private:
        return path.open("w", newline="", encoding="utf-8")
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # a file that already existed keeps its old mode otherwise
    return os.fdopen(descriptor, "w", newline="", encoding="utf-8")


def _services(session: Session, *, full_backup: bool) -> list[Service]:
    """Services to export, by organisation and name."""
    statement = select(Service).options(*with_listing_parts())
    if not full_backup:
        statement = statement.where(publicly_listed())
    return list(session.exec(statement.order_by(Service.organization_id, func.lower(Service.name), Service.id)).all())


def hsds_documents(session: Session, *, full_backup: bool = False) -> dict[str, Any]:
    """One HSDS document per organisation, with its services and locations, plus the vocabulary."""
    vocabulary = load_vocabulary(session)
    services = _services(session, full_backup=full_backup)
    links = {(row.service_id, row.location_id): row.id for row in session.exec(select(ServiceAtLocation)).all()}
    by_org: dict[str, list[Service]] = {}
    for service in services:
        by_org.setdefault(service.organization_id, []).append(service)
    documents = []
    for org_id in sorted(by_org):
        organization = session.get(Organization, org_id)
        document = hsds_organization(organization)
        locations = session.exec(select(Location).where(Location.organization_id == org_id)
                                 .order_by(Location.id)).all()
        document["locations"] = [hsds_location(loc, vocabulary=vocabulary, reveal_confidential=full_backup)
                                 for loc in locations if full_backup or loc.archived_at is None]
        document["services"] = []
        for service in by_org[org_id]:
            item = hsds_service(service, vocabulary=vocabulary, link_ids=links, reveal_confidential=full_backup)
            item.pop("organization", None)
            if full_backup:
                item["publication"] = service.publication  # extension: the curation state
            document["services"].append(item)
        documents.append(document)
    taxonomies = session.exec(select(Taxonomy).order_by(Taxonomy.code)).all()
    terms = session.exec(select(TaxonomyTerm, Taxonomy).join(Taxonomy).order_by(Taxonomy.code, TaxonomyTerm.code)).all()
    return {"format": FORMAT_VERSION, "full_backup": full_backup,
            "taxonomies": [hsds_taxonomy(t) for t in taxonomies],
            "taxonomy_terms": [hsds_term(t, taxonomy=tax) for t, tax in terms],
            "organizations": documents}


def write_hsds_json(session: Session, *, path: Path, full_backup: bool = False) -> int:
    """Write the HSDS JSON export; returns the number of services."""
    data = hsds_documents(session, full_backup=full_backup)
    with _open_for_writing(path, private=full_backup) as handle:
        handle.write(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True))
    return sum(len(d["services"]) for d in data["organizations"])


# ---------------------------------------------------------------- tabular package

TABLES: dict[str, list[str]] = {
    "organizations": ["id", "name", "alternate_name", "description", "email", "website", "uri"],
    "locations": ["id", "location_type", "organization_id", "name", "alternate_name", "description", "latitude",
                  "longitude", "external_identifier", "external_identifier_type"],
    "addresses": ["id", "location_id", "address_1", "city", "region", "state_province", "postal_code", "country",
                  "address_type"],
    "services": ["id", "organization_id", "name", "alternate_name", "description", "url", "email", "status",
                 "application_process", "eligibility_description", "minimum_age", "maximum_age", "assured_date",
                 "assurer", "source_url", "last_modified", "publication"],
    "phones": ["id", "service_id", "number", "extension", "type", "description"],
    "schedules": ["id", "service_id", "location_id", "phone_id", "channel_id", "freq", "wkst", "byday", "opens_at",
                  "closes_at", "description", "timezone"],
    "service_areas": ["id", "service_id", "name", "description", "extent", "extent_type"],
    "languages": ["id", "service_id", "name", "code"],
    "service_at_location": ["id", "service_id", "location_id"],
    "attributes": ["id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value", "label", "free"],
    "taxonomies": ["id", "name", "description", "uri", "version"],
    "taxonomy_terms": ["id", "code", "name", "description", "parent_id", "taxonomy", "taxonomy_id", "language"],
    "service_translations": ["service_id", "language", "name", "description", "eligibility_description",
                             "application_process"],
    "organization_translations": ["organization_id", "language", "name", "description"],
}


def _rows(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Flatten nested HSDS documents into one list of rows per table."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    rows["taxonomies"] = list(data["taxonomies"])
    rows["taxonomy_terms"] = list(data["taxonomy_terms"])
    for document in data["organizations"]:
        rows["organizations"].append(document)
        for language, texts in (document.get("translations") or {}).items():
            rows["organization_translations"].append({"organization_id": document["id"], "language": language,
                                                      **texts})
        for location in document.get("locations", []):
            rows["locations"].append(location)
            rows["addresses"] += location.get("addresses", [])
            rows["attributes"] += location.get("attributes", [])
        for service in document["services"]:
            rows["services"].append(service)
            for phone in service.get("phones", []):
                rows["phones"].append(phone)
                rows["schedules"] += phone.get("schedules", [])
                rows["attributes"] += phone.get("attributes", [])
            rows["schedules"] += service.get("schedules", [])
            rows["service_areas"] += service.get("service_areas", [])
            rows["languages"] += service.get("languages", [])
            rows["service_at_location"] += [{k: v for k, v in link.items() if k != "location"}
                                            for link in service.get("service_at_locations", [])]
            for attribute in service.get("attributes", []):
                rows["attributes"].append(attribute)
                rows["schedules"] += attribute.get("schedules", [])
            for language, texts in (service.get("translations") or {}).items():
                rows["service_translations"].append({"service_id": service["id"], "language": language, **texts})
    return rows


def write_hsds_tabular(session: Session, *, directory: Path, full_backup: bool = False) -> int:
    """Write the HSDS tabular data package (CSV files + datapackage.json); returns the number of services."""
    data = hsds_documents(session, full_backup=full_backup)
    directory.mkdir(parents=True, exist_ok=True)
    if full_backup:
        directory.chmod(0o700)
    resources = []
    for table, columns in TABLES.items():
        with _open_for_writing(directory / f"{table}.csv", private=full_backup) as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for row in _rows(data)[table]:
                writer.writerow([spreadsheet_safe(cell(row.get(column))) for column in columns])
        resources.append({"name": table, "path": f"{table}.csv", "profile": "tabular-data-resource",
                          "format": "csv", "mediatype": "text/csv",
                          "schema": {"fields": [{"name": c, "type": "string"} for c in columns]}})
    package = {"name": "helpfinder", "profile": "tabular-data-package", "version": FORMAT_VERSION,
               "full_backup": full_backup, "resources": resources}
    with _open_for_writing(directory / "datapackage.json", private=full_backup) as handle:
        handle.write(json.dumps(package, indent=1))
    return len(_rows(data)["services"])


# ---------------------------------------------------------------- flat CSV for professionals

def flat_csv(services: Iterable[Service], *, vocabulary: Any, lang: str = "nl") -> str:
    """A spreadsheet-friendly list of public services (confidential addresses never included)."""
    return summaries_csv(service_summary(service, lang=lang, vocabulary=vocabulary) for service in services)


def write_flat_csv(session: Session, *, path: Path) -> int:
    """All public services as a flat CSV."""
    services = _services(session, full_backup=False)
    path.write_text(flat_csv(services, vocabulary=load_vocabulary(session)), encoding="utf-8")
    return len(services)
