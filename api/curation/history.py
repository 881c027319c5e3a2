"""The one audit helper: every change is recorded in the same transaction as the change."""

from typing import Any

from sqlmodel import Session, select

from api.curation.schemas import HistoryEntry
from api.listings.snapshot import diff
from api.models import Change, Curator


def record_change(
    session: Session, *, resource_type: str, resource_id: str, action: str, version: int, curator: Curator | None,
    before: dict[str, Any] | None, after: dict[str, Any], comment: str | None = None,
) -> Change:
    """Add a history row (flushed with the change itself; commits or rolls back together)."""
    change = Change(
        resource_type=resource_type, resource_id=resource_id, action=action, version=version,
        curator_id=curator.id if curator else None, curator_name=curator.name if curator else None,
        comment=comment, diff=diff(before, after), snapshot=after,
    )
    session.add(change)
    session.flush()
    return change


def hsds_metadata(change: Change) -> list[dict[str, Any]]:
    """The change as HSDS 3.0 `metadata` rows, one per changed field."""
    rows = [
        {
            "id": f"{change.id}:{field}",
            "resource_id": change.resource_id,
            "resource_type": change.resource_type,
            "last_action_date": change.at.date().isoformat(),
            "last_action_type": change.action,
            "field_name": field,
            "previous_value": "" if old is None else str(old),
            "replacement_value": "" if new is None else str(new),
            "updated_by": change.curator_name or "seed",
        }
        for field, (old, new) in change.diff.items()
    ]
    return rows


def history_of(session: Session, *, resource_type: str, resource_id: str) -> list[HistoryEntry]:
    """All recorded changes of one resource, oldest first."""
    changes = session.exec(
        select(Change).where(Change.resource_type == resource_type, Change.resource_id == resource_id)
        .order_by(Change.at, Change.version, Change.id)
    ).all()
    return [
        HistoryEntry(id=c.id, action=c.action, version=c.version, at=c.at, curator=c.curator_name,
                     comment=c.comment, diff=c.diff, snapshot=c.snapshot, metadata=hsds_metadata(c))
        for c in changes
    ]


def find_change(session: Session, *, resource_type: str, resource_id: str, change_id: str) -> Change | None:
    """One change of a resource."""
    change = session.get(Change, change_id)
    if change is None or change.resource_type != resource_type or change.resource_id != resource_id:
        return None
    return change
