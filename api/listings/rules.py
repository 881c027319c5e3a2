"""Rules every curation write shares (the API and the importer): version claims, validation, references,
contact route and location placement, lookups."""

from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import func, update
from sqlmodel import Session, select

from api.listings.fields import LocationFields, ServiceFields
from api.listings.vocabulary import load_vocabulary
from api.errors import (
    Conflict,
    FieldProblem,
    InvalidBody,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    readable,
)
from api.models import (
    Location,
    Organization,
    Region,
    Service,
    utcnow,
)
from api.listings.visibility import with_listing_parts


def claim_version(session: Session, *, model: Any, record_id: str, if_match: str | None) -> int:
    """Check If-Match and take the next version in one conditional UPDATE.

    Two curators sending the same If-Match at the same moment cannot both pass: the
    database lets one UPDATE match the old version; the other finds it changed (412).
    """
    if if_match is None:
        raise PreconditionRequired("send If-Match with the ETag you read, so no one's edit is overwritten")
    tags = [tag.strip().removeprefix("W/").strip('"') for tag in if_match.split(",")]
    versions = [int(tag) for tag in tags if tag.isdigit()]
    claimed = session.execute(
        update(model).where(model.id == record_id, model.version.in_(versions or [-1]))
        .values(version=model.version + 1).returning(model.version)
    ).first()
    if claimed is None:
        current = session.execute(select(model.version).where(model.id == record_id)).scalar_one_or_none()
        if current is None:
            raise NotFound(f"{model.__tablename__} {record_id} not found")
        raise PreconditionFailed(f"this listing changed since you read it: it is now at version {current}",
                                 current_version=current)
    return claimed[0]


def validated(model: type[BaseModel], data: dict[str, Any]) -> BaseModel:
    """Validate merged data; 422 naming every bad field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidBody([
            FieldProblem(field=".".join(str(p) for p in err["loc"]) or "body", location="body", problem=readable(err["msg"]))
            for err in exc.errors()
        ]) from exc


def problem(field: str, problem: str) -> FieldProblem:
    """A body field problem."""
    return FieldProblem(field=field, location="body", problem=problem)


def check_service_references(session: Session, *, fields: ServiceFields) -> None:
    """Region codes, term codes, organisation and locations must exist; 422 naming each bad one."""
    problems = []
    organization = session.get(Organization, str(fields.organization_id))
    if organization is None or organization.archived_at is not None:
        problems.append(problem("organization_id", "unknown or archived organisation"))
    known_regions = set(session.exec(select(Region.code).where(Region.code.in_([c.upper() for c in fields.service_areas]))).all())
    for index, code in enumerate(fields.service_areas):
        if code.upper() not in known_regions:
            problems.append(problem(f"service_areas.{index}", f"unknown region code '{code}'"))
    vocabulary = load_vocabulary(session)
    for key, taxonomy in (("service_types", "service_type"), ("audiences", "audience"), ("situations", "situation")):
        for index, code in enumerate(getattr(fields, key)):
            if vocabulary.by_code(taxonomy, code) is None:
                problems.append(problem(f"{key}.{index}", f"unknown {taxonomy} code '{code}'"))
    for index, location_id in enumerate(fields.location_ids):
        location = session.get(Location, str(location_id))
        if location is None or location.archived_at is not None:
            problems.append(problem(f"location_ids.{index}", "unknown or archived location"))
        elif location.organization_id != str(fields.organization_id):
            problems.append(problem(f"location_ids.{index}", "location belongs to another organisation"))
    if problems:
        raise InvalidBody(problems)


def service_or_404(session: Session, *, service_id: str) -> Service:
    """Any service (any state) with its parts, or 404."""
    service = session.exec(select(Service).where(Service.id == service_id).options(*with_listing_parts())).first()
    if service is None:
        raise NotFound(f"service {service_id} not found")
    return service


def reveals_confidential_address(*, before: dict[str, Any], after: dict[str, Any]) -> bool:
    """Whether a location edit turns `confidential` off: a shelter's address would become public.

    The curation API lets that happen only through a second reviewer; an import never does it.
    """
    return bool(before.get("confidential")) and not after.get("confidential")


def bump(entity: Any) -> None:
    """Next version, touched now."""
    entity.version += 1
    if hasattr(entity, "updated_at"):
        entity.updated_at = utcnow()


def found_or_404(session: Session, *, model: Any, record_id: str) -> Any:
    """A row of any state by id, or 404."""
    row = session.get(model, record_id)
    if row is None:
        raise NotFound(f"{model.__tablename__} {record_id} not found")
    return row


def check_reachable(session: Session, snapshot: dict[str, Any]) -> None:
    """A published listing must say how to reach it: a phone, another channel or a live location."""
    ids = [str(i) for i in snapshot.get("location_ids") or []]
    live = session.exec(select(func.count()).select_from(Location).where(
        Location.id.in_(ids), Location.archived_at.is_(None))).one() if ids else 0
    if not (snapshot.get("phones") or snapshot.get("channels") or live):
        raise Conflict("add a phone, another contact channel or a location before publishing")


def check_location_references(session: Session, *, fields: LocationFields) -> None:
    """The organisation and municipality must exist."""
    problems = []
    if session.get(Organization, str(fields.organization_id)) is None:
        problems.append(problem("organization_id", "unknown organisation"))
    if fields.municipality_code and session.get(Region, fields.municipality_code) is None:
        problems.append(problem("municipality_code", f"unknown municipality '{fields.municipality_code}'"))
    if not fields.municipality_code and not (fields.address and (fields.address.postal_code or fields.address.city)):
        problems.append(problem("municipality_code", "give a municipality_code or an address with postcode or city"))
    if problems:
        raise InvalidBody(problems)


def check_placed(location: Location) -> None:
    """A location must end up in a municipality (from its code or the gazetteer)."""
    if location.municipality_code is None:
        raise InvalidBody([problem("address", "postcode and city are not in the gazetteer; give municipality_code")])
