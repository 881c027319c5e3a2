"""Curation use cases: create, edit, review, archive, restore, verify, feedback. Routes call one each."""

from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import func, or_, update
from sqlmodel import Session, select

from api.curation.auth import ensure_role
from api.curation.history import find_change, history_of, record_change
from api import stats
from api.curation.schemas import (
    DayStats,
    EditableView,
    FeedbackIn,
    FeedbackOut,
    HistoryEntry,
    LocationFields,
    LocationPatch,
    OrganizationFields,
    OrganizationPatch,
    QueueItem,
    ServiceFields,
    ServicePatch,
    StaleItem,
)
from api.curation.snapshot import (
    apply_location_snapshot,
    apply_organization_snapshot,
    apply_service_snapshot,
    canonical_service,
    diff,
    location_snapshot,
    organization_snapshot,
    service_snapshot,
)
from api.directory.listing import refresh_search_text
from api.directory.vocabulary import load_vocabulary
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
    Curator,
    Feedback,
    Location,
    Organization,
    Region,
    Revision,
    Service,
    new_id,
    utcnow,
)
from api.search.query import publicly_listed, with_listing_parts

# ---------------------------------------------------------------- shared rules

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


def _problem(field: str, problem: str) -> FieldProblem:
    """A body field problem."""
    return FieldProblem(field=field, location="body", problem=problem)


def check_service_references(session: Session, *, fields: ServiceFields) -> None:
    """Region codes, term codes, organisation and locations must exist; 422 naming each bad one."""
    problems = []
    organization = session.get(Organization, str(fields.organization_id))
    if organization is None or organization.archived_at is not None:
        problems.append(_problem("organization_id", "unknown or archived organisation"))
    known_regions = set(session.exec(select(Region.code).where(Region.code.in_([c.upper() for c in fields.service_areas]))).all())
    for index, code in enumerate(fields.service_areas):
        if code.upper() not in known_regions:
            problems.append(_problem(f"service_areas.{index}", f"unknown region code '{code}'"))
    vocabulary = load_vocabulary(session)
    for key, taxonomy in (("service_types", "service_type"), ("audiences", "audience"), ("situations", "situation")):
        for index, code in enumerate(getattr(fields, key)):
            if vocabulary.by_code(taxonomy, code) is None:
                problems.append(_problem(f"{key}.{index}", f"unknown {taxonomy} code '{code}'"))
    for index, location_id in enumerate(fields.location_ids):
        location = session.get(Location, str(location_id))
        if location is None or location.archived_at is not None:
            problems.append(_problem(f"location_ids.{index}", "unknown or archived location"))
        elif location.organization_id != str(fields.organization_id):
            problems.append(_problem(f"location_ids.{index}", "location belongs to another organisation"))
    if problems:
        raise InvalidBody(problems)


def _service(session: Session, *, service_id: str) -> Service:
    """Any service (any state) with its parts, or 404."""
    service = session.exec(select(Service).where(Service.id == service_id).options(*with_listing_parts())).first()
    if service is None:
        raise NotFound(f"service {service_id} not found")
    return service


def _pending(session: Session, *, service_id: str) -> Revision | None:
    """The pending revision of a service, if any."""
    return session.exec(select(Revision).where(Revision.service_id == service_id, Revision.state == "pending")
                        .order_by(Revision.proposed_at.desc())).first()


def _bump(entity: Any) -> None:
    """Next version, touched now."""
    entity.version += 1
    if hasattr(entity, "updated_at"):
        entity.updated_at = utcnow()


# ---------------------------------------------------------------- services

def service_view(session: Session, *, service_id: str) -> EditableView:
    """Everything a curator may see and edit of a service."""
    service = _service(session, service_id=service_id)
    pending = _pending(session, service_id=service_id)
    return EditableView(
        id=service.id, kind="service", version=service.version, state=service.publication,
        fields=service_snapshot(service, vocabulary=load_vocabulary(session)),
        pending_revision={"id": pending.id, "proposed_at": pending.proposed_at.isoformat(),
                          "fields": pending.proposed} if pending else None,
        assured_date=service.assured_date, assurer=service.assurer, archived=service.publication == "archived",
    )


def create_service(session: Session, *, curator: Curator, fields: ServiceFields) -> EditableView:
    """A new draft service."""
    check_service_references(session, fields=fields)
    snapshot = canonical_service(fields.model_dump(mode="json"))
    service = Service(id=new_id(), organization_id=str(fields.organization_id), name=fields.name, publication="draft")
    session.add(service)
    apply_service_snapshot(session, service=service, snapshot=snapshot)
    session.flush()
    record_change(session, resource_type="service", resource_id=service.id, action="create", version=1,
                  curator=curator, before=None, after=snapshot)
    return service_view(session, service_id=service.id)


def update_service(session: Session, *, curator: Curator, service_id: str, patch: ServicePatch,
                   if_match: str | None) -> EditableView:
    """Edit a draft directly; an edit of a published service becomes a pending revision."""
    claim_version(session, model=Service, record_id=service_id, if_match=if_match)
    service = _service(session, service_id=service_id)
    if service.publication == "archived":
        raise Conflict("this service is archived; restore it before editing")
    vocabulary = load_vocabulary(session)
    current = service_snapshot(service, vocabulary=vocabulary)
    pending = _pending(session, service_id=service_id)
    base = pending.proposed if pending else current
    merged = {**base, **patch.model_dump(mode="json", exclude_unset=True)}
    fields = validated(ServiceFields, merged)
    check_service_references(session, fields=fields)
    proposed = canonical_service(fields.model_dump(mode="json"))
    service.updated_at = utcnow()
    if service.publication == "published":
        if pending:
            pending.state = "superseded"
        session.add(Revision(service_id=service.id, base_version=service.version - 1, proposed=proposed,
                             proposed_by=curator.id))
        record_change(session, resource_type="service", resource_id=service.id, action="propose",
                      version=service.version, curator=curator, before=current, after=proposed,
                      comment="waits for a reviewer; the public still sees the published version")
    else:
        apply_service_snapshot(session, service=service, snapshot=proposed)
        record_change(session, resource_type="service", resource_id=service.id, action="update",
                      version=service.version, curator=curator, before=current, after=proposed)
    session.flush()
    return service_view(session, service_id=service_id)


def _transition(session: Session, *, service: Service, curator: Curator, action: str, to: str,
                comment: str | None = None, version_claimed: bool = False) -> EditableView:
    """Change the publication state and record it (taking the next version unless If-Match already claimed it)."""
    snapshot = service_snapshot(service, vocabulary=load_vocabulary(session))
    before = {**snapshot, "publication": service.publication}
    service.publication = to
    if version_claimed:
        service.updated_at = utcnow()
    else:
        _bump(service)
    record_change(session, resource_type="service", resource_id=service.id, action=action, version=service.version,
                  curator=curator, before=before, after={**snapshot, "publication": to}, comment=comment)
    session.flush()
    return service_view(session, service_id=service.id)


def submit_service(session: Session, *, curator: Curator, service_id: str) -> EditableView:
    """Draft → in review."""
    service = _service(session, service_id=service_id)
    if service.publication != "draft":
        raise Conflict(f"only a draft can be submitted; this one is {service.publication}")
    return _transition(session, service=service, curator=curator, action="submit", to="in_review")


def check_reachable(session: Session, snapshot: dict[str, Any]) -> None:
    """A published listing must say how to reach it: a phone, another channel or a live location."""
    ids = [str(i) for i in snapshot.get("location_ids") or []]
    live = session.exec(select(func.count()).select_from(Location).where(
        Location.id.in_(ids), Location.archived_at.is_(None))).one() if ids else 0
    if not (snapshot.get("phones") or snapshot.get("channels") or live):
        raise Conflict("add a phone, another contact channel or a location before publishing")


def approve_service(session: Session, *, curator: Curator, service_id: str, comment: str | None,
                    revision_id: str | None = None) -> EditableView:
    """Publish a listing in review, or apply its pending revision (the one the reviewer saw, if named)."""
    service = _service(session, service_id=service_id)
    pending = _pending(session, service_id=service_id)
    if revision_id is not None and (pending is None or pending.id != revision_id):
        raise Conflict("the revision you reviewed has been replaced or decided; look at the queue again")
    if service.publication == "in_review":
        check_reachable(session, service_snapshot(service, vocabulary=load_vocabulary(session)))
        return _transition(session, service=service, curator=curator, action="publish", to="published", comment=comment)
    if service.publication == "published" and pending:
        check_reachable(session, pending.proposed)
        before = service_snapshot(service, vocabulary=load_vocabulary(session))
        apply_service_snapshot(session, service=service, snapshot=pending.proposed)
        pending.state, pending.decided_by, pending.decided_at, pending.comment = "approved", curator.id, utcnow(), comment
        _bump(service)
        record_change(session, resource_type="service", resource_id=service.id, action="approve",
                      version=service.version, curator=curator, before=before, after=pending.proposed, comment=comment)
        session.flush()
        return service_view(session, service_id=service_id)
    raise Conflict("nothing waits for review on this service")


def reject_service(session: Session, *, curator: Curator, service_id: str, comment: str | None) -> EditableView:
    """Send a listing in review back to draft, or reject its pending revision."""
    service = _service(session, service_id=service_id)
    pending = _pending(session, service_id=service_id)
    if service.publication == "in_review":
        return _transition(session, service=service, curator=curator, action="reject", to="draft", comment=comment)
    if pending:
        pending.state, pending.decided_by, pending.decided_at, pending.comment = "rejected", curator.id, utcnow(), comment
        snapshot = service_snapshot(service, vocabulary=load_vocabulary(session))
        _bump(service)
        record_change(session, resource_type="service", resource_id=service.id, action="reject",
                      version=service.version, curator=curator, before=pending.proposed, after=snapshot,
                      comment=comment)
        session.flush()
        return service_view(session, service_id=service_id)
    raise Conflict("nothing waits for review on this service")


def archive_service(session: Session, *, curator: Curator, service_id: str, if_match: str | None) -> EditableView:
    """Take a listing out of use (soft delete). Editors may archive drafts; published ones need a reviewer."""
    claim_version(session, model=Service, record_id=service_id, if_match=if_match)
    service = _service(session, service_id=service_id)
    if service.publication == "archived":
        raise Conflict("already archived")
    if service.publication == "published":
        ensure_role(curator, "reviewer")
    pending = _pending(session, service_id=service_id)
    if pending:
        pending.state = "superseded"
    return _transition(session, service=service, curator=curator, action="archive", to="archived",
                       version_claimed=True)


def restore_service(session: Session, *, curator: Curator, service_id: str) -> EditableView:
    """Bring an archived listing back as a draft (it needs review again)."""
    service = _service(session, service_id=service_id)
    if service.publication != "archived":
        raise Conflict("only an archived service can be restored")
    return _transition(session, service=service, curator=curator, action="restore", to="draft")


def restore_service_version(session: Session, *, curator: Curator, service_id: str, change_id: str) -> EditableView:
    """Make the service equal to an earlier recorded version (itself a recorded change)."""
    service = _service(session, service_id=service_id)
    change = find_change(session, resource_type="service", resource_id=service_id, change_id=change_id)
    if change is None:
        raise NotFound(f"change {change_id} not found for this service")
    allowed = set(ServiceFields.model_fields)
    fields = validated(ServiceFields, {k: v for k, v in change.snapshot.items() if k in allowed})
    check_service_references(session, fields=fields)
    before = service_snapshot(service, vocabulary=load_vocabulary(session))
    after = canonical_service(fields.model_dump(mode="json"))
    apply_service_snapshot(session, service=service, snapshot=after)
    _bump(service)
    record_change(session, resource_type="service", resource_id=service.id, action="restore_version",
                  version=service.version, curator=curator, before=before, after=after,
                  comment=f"restored version {change.version}")
    session.flush()
    return service_view(session, service_id=service_id)


def verify_service(session: Session, *, curator: Curator, service_id: str) -> EditableView:
    """Record that a curator checked the listing today."""
    service = _service(session, service_id=service_id)
    snapshot = service_snapshot(service, vocabulary=load_vocabulary(session))
    before = {**snapshot, "assured_date": service.assured_date.isoformat() if service.assured_date else None,
              "assurer": service.assurer}
    service.assured_date, service.assurer = date.today(), curator.name
    _bump(service)
    record_change(session, resource_type="service", resource_id=service.id, action="verify", version=service.version,
                  curator=curator, before=before,
                  after={**snapshot, "assured_date": service.assured_date.isoformat(), "assurer": curator.name})
    session.flush()
    return service_view(session, service_id=service_id)


def review_queue(session: Session) -> list[QueueItem]:
    """Listings in review and pending revisions, oldest first, each with its diff against what is public."""
    vocabulary = load_vocabulary(session)
    items = []
    for service in session.exec(select(Service).where(Service.publication == "in_review")
                                .options(*with_listing_parts())).all():
        submitted = history_of(session, resource_type="service", resource_id=service.id)
        by = next((h for h in reversed(submitted) if h.action == "submit"), None)
        items.append(QueueItem(service_id=service.id, name=service.name, kind="new_listing",
                               proposed_by=by.curator if by else None, proposed_at=by.at if by else service.updated_at,
                               diff=diff(None, service_snapshot(service, vocabulary=vocabulary))))
    for revision in session.exec(select(Revision).where(Revision.state == "pending")).all():
        service = _service(session, service_id=revision.service_id)
        author = session.get(Curator, revision.proposed_by)
        items.append(QueueItem(service_id=service.id, name=service.name, kind="revision", revision_id=revision.id,
                               proposed_by=author.name if author else None, proposed_at=revision.proposed_at,
                               diff=diff(service_snapshot(service, vocabulary=vocabulary), revision.proposed)))
    return sorted(items, key=lambda item: item.proposed_at)


def stale_services(session: Session, *, older_than_days: int) -> list[StaleItem]:
    """Published services never verified or verified too long ago: never-verified first, then oldest."""
    cutoff = date.today() - timedelta(days=older_than_days)
    rows = session.exec(
        select(Service, Organization.name).join(Organization)
        .where(publicly_listed(), or_(Service.assured_date.is_(None), Service.assured_date < cutoff))
        .order_by(Service.assured_date.is_not(None), Service.assured_date, func.lower(Service.name), Service.id)
    ).all()
    today = date.today()
    return [StaleItem(id=s.id, name=s.name, organization=org, assured_date=s.assured_date, assurer=s.assurer,
                      days_since_verified=(today - s.assured_date).days if s.assured_date else None)
            for s, org in rows]


# ---------------------------------------------------------------- organisations

def _found(session: Session, *, model: Any, record_id: str) -> Any:
    """A row of any state by id, or 404."""
    row = session.get(model, record_id)
    if row is None:
        raise NotFound(f"{model.__tablename__} {record_id} not found")
    return row


def _organization(session: Session, *, organization_id: str) -> Organization:
    """Any organisation, or 404."""
    return _found(session, model=Organization, record_id=organization_id)


def organization_view(session: Session, *, organization_id: str) -> EditableView:
    """Everything a curator may edit of an organisation."""
    organization = _organization(session, organization_id=organization_id)
    return EditableView(id=organization.id, kind="organization", version=organization.version,
                        state="archived" if organization.archived_at else "active",
                        fields=organization_snapshot(organization), archived=organization.archived_at is not None)


def create_organization(session: Session, *, curator: Curator, fields: OrganizationFields) -> EditableView:
    """A new organisation."""
    organization = Organization(id=new_id(), name=fields.name)
    snapshot = fields.model_dump(mode="json")
    apply_organization_snapshot(organization, snapshot=snapshot)
    session.add(organization)
    session.flush()
    record_change(session, resource_type="organization", resource_id=organization.id, action="create", version=1,
                  curator=curator, before=None, after=snapshot)
    return organization_view(session, organization_id=organization.id)


def update_organization(session: Session, *, curator: Curator, organization_id: str, patch: OrganizationPatch,
                        if_match: str | None) -> EditableView:
    """Edit an organisation (its services' search text follows a new name)."""
    claim_version(session, model=Organization, record_id=organization_id, if_match=if_match)
    organization = _organization(session, organization_id=organization_id)
    before = organization_snapshot(organization)
    fields = validated(OrganizationFields, {**before, **patch.model_dump(mode="json", exclude_unset=True)})
    after = fields.model_dump(mode="json")
    apply_organization_snapshot(organization, snapshot=after)
    if before["name"] != after["name"]:
        for service in session.exec(select(Service).where(Service.organization_id == organization.id)
                                    .options(*with_listing_parts())).all():
            refresh_search_text(service=service, organization_name=organization.name)
    record_change(session, resource_type="organization", resource_id=organization.id, action="update",
                  version=organization.version, curator=curator, before=before, after=after)
    session.flush()
    return organization_view(session, organization_id=organization_id)


def archive_organization(session: Session, *, curator: Curator, organization_id: str,
                         if_match: str | None) -> EditableView:
    """Archive an organisation whose services are all archived."""
    claim_version(session, model=Organization, record_id=organization_id, if_match=if_match)
    organization = _organization(session, organization_id=organization_id)
    active = session.exec(select(func.count()).select_from(Service).where(
        Service.organization_id == organization_id, Service.publication != "archived")).one()
    if active:
        raise Conflict(f"archive its {active} service(s) first")
    snapshot = organization_snapshot(organization)
    organization.archived_at = utcnow()
    record_change(session, resource_type="organization", resource_id=organization.id, action="archive",
                  version=organization.version, curator=curator, before={**snapshot, "archived": False},
                  after={**snapshot, "archived": True})
    return organization_view(session, organization_id=organization_id)


def restore_organization(session: Session, *, curator: Curator, organization_id: str) -> EditableView:
    """Bring an archived organisation back."""
    organization = _organization(session, organization_id=organization_id)
    if organization.archived_at is None:
        raise Conflict("this organisation is not archived")
    snapshot = organization_snapshot(organization)
    organization.archived_at = None
    _bump(organization)
    record_change(session, resource_type="organization", resource_id=organization.id, action="restore",
                  version=organization.version, curator=curator, before={**snapshot, "archived": True},
                  after={**snapshot, "archived": False})
    return organization_view(session, organization_id=organization_id)


# ---------------------------------------------------------------- locations

def _location(session: Session, *, location_id: str) -> Location:
    """Any location, or 404."""
    return _found(session, model=Location, record_id=location_id)


def location_view(session: Session, *, location_id: str) -> EditableView:
    """A location with its full (also confidential) address: curators only."""
    location = _location(session, location_id=location_id)
    return EditableView(id=location.id, kind="location", version=location.version,
                        state="archived" if location.archived_at else "active",
                        fields={**location_snapshot(location), "public_latitude": location.public_latitude,
                                "public_longitude": location.public_longitude},
                        archived=location.archived_at is not None)


def check_location_references(session: Session, *, fields: LocationFields) -> None:
    """The organisation and municipality must exist."""
    problems = []
    if session.get(Organization, str(fields.organization_id)) is None:
        problems.append(_problem("organization_id", "unknown organisation"))
    if fields.municipality_code and session.get(Region, fields.municipality_code) is None:
        problems.append(_problem("municipality_code", f"unknown municipality '{fields.municipality_code}'"))
    if not fields.municipality_code and not (fields.address and (fields.address.postal_code or fields.address.city)):
        problems.append(_problem("municipality_code", "give a municipality_code or an address with postcode or city"))
    if problems:
        raise InvalidBody(problems)


def check_placed(location: Location) -> None:
    """A location must end up in a municipality (from its code or the gazetteer)."""
    if location.municipality_code is None:
        raise InvalidBody([_problem("address", "postcode and city are not in the gazetteer; give municipality_code")])


def create_location(session: Session, *, curator: Curator, fields: LocationFields) -> EditableView:
    """A new location; coordinates from the gazetteer when not given."""
    check_location_references(session, fields=fields)
    location = Location(id=new_id(), organization_id=str(fields.organization_id))
    snapshot = fields.model_dump(mode="json")
    session.add(location)
    apply_location_snapshot(session, location=location, snapshot=snapshot)
    check_placed(location)
    session.flush()
    record_change(session, resource_type="location", resource_id=location.id, action="create", version=1,
                  curator=curator, before=None, after=location_snapshot(location))
    return location_view(session, location_id=location.id)


def update_location(session: Session, *, curator: Curator, location_id: str, patch: LocationPatch,
                    if_match: str | None) -> EditableView:
    """Edit a location."""
    claim_version(session, model=Location, record_id=location_id, if_match=if_match)
    location = _location(session, location_id=location_id)
    before = location_snapshot(location)
    changes = patch.model_dump(mode="json", exclude_unset=True)
    if "address" in changes and ("latitude" not in changes):
        changes.update(latitude=None, longitude=None)  # a new address is placed by the gazetteer again
    fields = validated(LocationFields, {**before, **changes})
    check_location_references(session, fields=fields)
    apply_location_snapshot(session, location=location, snapshot=fields.model_dump(mode="json"))
    check_placed(location)
    after = location_snapshot(location)
    record_change(session, resource_type="location", resource_id=location.id, action="update",
                  version=location.version, curator=curator, before=before, after=after)
    session.flush()
    return location_view(session, location_id=location_id)


def set_location_archived(session: Session, *, curator: Curator, location_id: str, archived: bool,
                          if_match: str | None = None) -> EditableView:
    """Archive (hide from the public) or restore a location."""
    if archived:
        claim_version(session, model=Location, record_id=location_id, if_match=if_match)
    location = _location(session, location_id=location_id)
    if (location.archived_at is not None) == archived:
        raise Conflict("already archived" if archived else "this location is not archived")
    snapshot = location_snapshot(location)
    location.archived_at = utcnow() if archived else None
    if not archived:
        _bump(location)
    record_change(session, resource_type="location", resource_id=location.id,
                  action="archive" if archived else "restore", version=location.version, curator=curator,
                  before={**snapshot, "archived": not archived}, after={**snapshot, "archived": archived})
    return location_view(session, location_id=location_id)


# ---------------------------------------------------------------- history and feedback

def history(session: Session, *, resource_type: str, resource_id: str) -> list[HistoryEntry]:
    """The recorded changes of a listing (404 if it does not exist)."""
    model = {"service": Service, "organization": Organization, "location": Location}[resource_type]
    if session.get(model, resource_id) is None:
        raise NotFound(f"{resource_type} {resource_id} not found")
    return history_of(session, resource_type=resource_type, resource_id=resource_id)


def leave_feedback(session: Session, *, service_id: str, feedback: FeedbackIn) -> None:
    """Store a public problem report about a public service (nothing about the sender)."""
    exists = session.exec(select(Service.id).where(Service.id == service_id, publicly_listed())).first()
    if exists is None:
        raise NotFound(f"service {service_id} not found")
    session.add(Feedback(service_id=service_id, reason=feedback.reason, message=feedback.message or None))


def feedback_queue(session: Session, *, include_resolved: bool) -> list[FeedbackOut]:
    """Feedback for curators, newest first."""
    statement = select(Feedback, Service.name).join(Service, Service.id == Feedback.service_id)
    if not include_resolved:
        statement = statement.where(Feedback.resolved_at.is_(None))
    rows = session.exec(statement.order_by(Feedback.created_at.desc(), Feedback.id)).all()
    return [FeedbackOut(id=f.id, service_id=f.service_id, service_name=name, reason=f.reason, message=f.message,
                        created_at=f.created_at, resolved_at=f.resolved_at, resolution=f.resolution)
            for f, name in rows]


def resolve_feedback(session: Session, *, curator: Curator, feedback_id: str, resolution: str) -> FeedbackOut:
    """Mark feedback as handled."""
    feedback = session.get(Feedback, feedback_id)
    if feedback is None:
        raise NotFound(f"feedback {feedback_id} not found")
    if feedback.resolved_at is not None:
        raise Conflict("already resolved")
    feedback.resolved_at, feedback.resolved_by, feedback.resolution = utcnow(), curator.id, resolution
    service = session.get(Service, feedback.service_id)
    return FeedbackOut(id=feedback.id, service_id=feedback.service_id, service_name=service.name if service else None,
                       reason=feedback.reason, message=feedback.message, created_at=feedback.created_at,
                       resolved_at=feedback.resolved_at, resolution=feedback.resolution)




def search_stats(session: Session, *, days: int) -> list[DayStats]:
    """Daily aggregate search counts, newest first (this process's pending counts included)."""
    by_day: dict[date, DayStats] = {}
    for row in stats.read(session, days=days):
        day = by_day.setdefault(row.day, DayStats(day=row.day))
        if row.metric == "searches":
            day.searches = row.count
        elif row.metric == "zero_results":
            day.zero_results = row.count
        elif row.metric == "service_type":
            day.service_types[row.key] = row.count
        elif row.metric == "province":
            day.provinces[row.key] = row.count
    return sorted(by_day.values(), key=lambda d: d.day, reverse=True)
