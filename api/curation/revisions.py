"""Pending revisions of organisations and locations: proposed by one curator, decided by another.

An edit waits for a reviewer when the public sees what it changes (an organisation or a live
location with a public service) or when it would make a confidential location's address public.
Nobody decides on their own proposal in favour (four eyes, as for services).
"""

from typing import Any, Literal

from sqlalchemy import exists
from sqlmodel import Session, select

from api.curation.history import record_change
from api.curation.schemas import QueueItem
from api.errors import Conflict, Forbidden
from api.listings.snapshot import diff
from api.listings.visibility import publicly_listed
from api.models import Curator, Location, Organization, Revision, Service, ServiceAtLocation, utcnow

Kind = Literal["organization", "location"]
_SUBJECT = {"organization": Revision.organization_id, "location": Revision.location_id}


def pending_of(session: Session, *, kind: Kind, record_id: str) -> Revision | None:
    """The pending revision of this organisation or location, if any."""
    return session.exec(select(Revision).where(_SUBJECT[kind] == record_id, Revision.state == "pending")
                        .order_by(Revision.proposed_at.desc())).first()


def pending_view(revision: Revision | None) -> dict[str, Any] | None:
    """What a curator view shows of a pending revision."""
    if revision is None:
        return None
    return {"id": revision.id, "proposed_at": revision.proposed_at.isoformat(), "fields": revision.proposed}


def is_public(session: Session, *, kind: Kind, record: Organization | Location) -> bool:
    """Whether the public sees this organisation or location: live, with at least one public service."""
    if record.archived_at is not None:
        return False
    if kind == "organization":
        shown = exists().where(Service.organization_id == record.id, publicly_listed())
    else:
        shown = exists().where(ServiceAtLocation.location_id == record.id, Service.id == ServiceAtLocation.service_id,
                               publicly_listed())
    return bool(session.exec(select(shown)).one())


def propose(session: Session, *, kind: Kind, record: Organization | Location, curator: Curator,
            before: dict[str, Any], proposed: dict[str, Any], reason: str) -> None:
    """Store the edit as the pending revision (replacing an older one) and record the proposal."""
    older = pending_of(session, kind=kind, record_id=record.id)
    if older is not None:
        older.state = "superseded"
    session.add(Revision(**{f"{kind}_id": record.id}, base_version=record.version - 1, proposed=proposed,
                         proposed_by=curator.id))
    record_change(session, resource_type=kind, resource_id=record.id, action="propose", version=record.version,
                  curator=curator, before=before, after=proposed, comment=f"waits for a reviewer: {reason}")


def take_for_approval(session: Session, *, kind: Kind, record_id: str, curator: Curator,
                      revision_id: str | None) -> Revision:
    """The pending revision a reviewer approves: 409 if none or another than the one reviewed, 403 if their own."""
    pending = pending_of(session, kind=kind, record_id=record_id)
    if pending is None:
        raise Conflict(f"nothing waits for review on this {kind}")
    if revision_id is not None and pending.id != revision_id:
        raise Conflict("the revision you reviewed has been replaced or decided; look at the queue again")
    if pending.proposed_by == curator.id:
        raise Forbidden("you proposed this change yourself: another reviewer must approve it")
    return pending


def decide(revision: Revision, *, curator: Curator, state: str, comment: str | None) -> None:
    """Mark a revision approved or rejected by this reviewer."""
    revision.state, revision.decided_by, revision.decided_at, revision.comment = state, curator.id, utcnow(), comment


def queue_items(session: Session) -> list[QueueItem]:
    """Pending revisions of organisations and locations, for the review queue (diff against what is current)."""
    from api.curation.locations import location_fields  # the views' own snapshots
    from api.curation.organizations import organization_fields

    items = []
    for revision in session.exec(select(Revision).where(Revision.state == "pending",
                                                        Revision.service_id.is_(None))).all():
        kind: Kind = "organization" if revision.organization_id else "location"
        record_id = revision.organization_id or revision.location_id
        current = (organization_fields if kind == "organization" else location_fields)(session, record_id=record_id)
        author = session.get(Curator, revision.proposed_by)
        items.append(QueueItem(service_id=None, resource_type=kind, resource_id=record_id,
                               name=current.get("name") or revision.proposed.get("name") or kind, kind="revision",
                               revision_id=revision.id, proposed_by=author.name if author else None,
                               proposed_at=revision.proposed_at, diff=diff(current, revision.proposed)))
    return items
