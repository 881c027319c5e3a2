"""Pending revisions: an edit proposed by one curator and decided by another, for services, organisations
and locations alike.

A service edit waits for a reviewer once the service is published; an organisation or location edit
waits when the public sees what it changes (it has a public service) or when it would make a
confidential location's address public. Nobody approves their own proposal (four eyes).
"""

from collections.abc import Callable
from typing import Any, Literal

from sqlalchemy import exists
from sqlmodel import Session, select

from api.curation.history import record_change
from api.curation.schemas import QueueItem
from api.errors import Conflict, Forbidden
from api.listings.rules import bump
from api.listings.snapshot import diff, location_snapshot, organization_snapshot
from api.listings.visibility import publicly_listed
from api.models import Curator, Location, Organization, Revision, Service, ServiceAtLocation, utcnow

Kind = Literal["service", "organization", "location"]
Record = Service | Organization | Location
_SUBJECT = {"service": Revision.service_id, "organization": Revision.organization_id, "location": Revision.location_id}
# What the review queue compares an organisation's or location's revision with (services have their own items).
_PLACES = {"organization": (Organization, organization_snapshot), "location": (Location, location_snapshot)}


def pending_of(session: Session, *, kind: Kind, record_id: str) -> Revision | None:
    """The pending revision of this service, organisation or location, if any."""
    return session.exec(select(Revision).where(_SUBJECT[kind] == record_id, Revision.state == "pending")
                        .order_by(Revision.proposed_at.desc())).first()


def pending_view(revision: Revision | None) -> dict[str, Any] | None:
    """What a curator view shows of a pending revision."""
    if revision is None:
        return None
    return {"id": revision.id, "proposed_at": revision.proposed_at.isoformat(), "fields": revision.proposed}


def is_public(session: Session, *, kind: Literal["organization", "location"], record: Organization | Location) -> bool:
    """Whether the public sees this organisation or location: live, with at least one public service."""
    if record.archived_at is not None:
        return False
    if kind == "organization":
        shown = exists().where(Service.organization_id == record.id, publicly_listed())
    else:
        shown = exists().where(ServiceAtLocation.location_id == record.id, Service.id == ServiceAtLocation.service_id,
                               publicly_listed())
    return bool(session.exec(select(shown)).one())


def propose(session: Session, *, kind: Kind, record: Record, curator: Curator, before: dict[str, Any],
            proposed: dict[str, Any], comment: str) -> None:
    """Store the edit as the pending revision (replacing an older one) and record the proposal."""
    older = pending_of(session, kind=kind, record_id=record.id)
    if older is not None:
        older.state = "superseded"
    session.add(Revision(**{f"{kind}_id": record.id}, base_version=record.version - 1, proposed=proposed,
                         proposed_by=curator.id))
    record_change(session, resource_type=kind, resource_id=record.id, action="propose", version=record.version,
                  curator=curator, before=before, after=proposed, comment=comment)


def ensure_not_own(proposer_id: str | None, *, curator: Curator) -> None:
    """Four eyes: 403 when the curator deciding is the one who asked."""
    if proposer_id == curator.id:
        raise Forbidden("you proposed this change yourself: another reviewer must approve it")


def _decide(revision: Revision, *, curator: Curator, state: str, comment: str | None) -> None:
    revision.state, revision.decided_by, revision.decided_at, revision.comment = state, curator.id, utcnow(), comment


def _pending_or_409(session: Session, *, kind: Kind, record_id: str) -> Revision:
    pending = pending_of(session, kind=kind, record_id=record_id)
    if pending is None:
        raise Conflict(f"nothing waits for review on this {kind}")
    return pending


def approve(session: Session, *, kind: Kind, record: Record, curator: Curator, comment: str | None,
            revision_id: str | None, before: dict[str, Any], apply: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    """Apply the pending revision (the one the reviewer saw, if named; never the reviewer's own) and record it.

    `apply` writes the proposed fields onto the record and returns what to record as the result.
    """
    pending = _pending_or_409(session, kind=kind, record_id=record.id)
    if revision_id is not None and pending.id != revision_id:
        raise Conflict("the revision you reviewed has been replaced or decided; look at the queue again")
    ensure_not_own(pending.proposed_by, curator=curator)
    after = apply(pending.proposed)
    _decide(pending, curator=curator, state="approved", comment=comment)
    bump(record)
    record_change(session, resource_type=kind, resource_id=record.id, action="approve", version=record.version,
                  curator=curator, before=before, after=after, comment=comment)


def reject(session: Session, *, kind: Kind, record: Record, curator: Curator, comment: str | None,
           current: dict[str, Any]) -> None:
    """Drop the pending revision; the record stays as it is (`current`)."""
    pending = _pending_or_409(session, kind=kind, record_id=record.id)
    _decide(pending, curator=curator, state="rejected", comment=comment)
    bump(record)
    record_change(session, resource_type=kind, resource_id=record.id, action="reject", version=record.version,
                  curator=curator, before=pending.proposed, after=current, comment=comment)


def place_queue_items(session: Session) -> list[QueueItem]:
    """Pending revisions of organisations and locations, for the review queue (diff against what is current)."""
    items = []
    for revision in session.exec(select(Revision).where(Revision.state == "pending",
                                                        Revision.service_id.is_(None))).all():
        kind: Literal["organization", "location"] = "organization" if revision.organization_id else "location"
        model, snapshot = _PLACES[kind]
        record_id = revision.organization_id or revision.location_id
        current = snapshot(session.get(model, record_id))
        author = session.get(Curator, revision.proposed_by)
        items.append(QueueItem(service_id=None, resource_type=kind, resource_id=record_id,
                               name=current.get("name") or revision.proposed.get("name") or kind, kind="revision",
                               revision_id=revision.id, proposed_by=author.name if author else None,
                               proposed_at=revision.proposed_at, diff=diff(current, revision.proposed)))
    return items
