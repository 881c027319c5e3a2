"""Curation of locations: create, edit (reviewed where the public would notice), archive and restore; where a
location must lie."""

from sqlmodel import Session

from api.curation import revisions
from api.curation.history import record_change
from api.listings.rules import (
    bump,
    check_location_references,
    check_placed,
    claim_version,
    found_or_404,
    reveals_confidential_address,
    validated,
)
from api.curation.schemas import EditableView
from api.listings.fields import LocationFields, LocationPatch
from api.listings.snapshot import (
    apply_location_snapshot,
    location_snapshot,
)
from api.errors import (
    Conflict,
)
from api.models import (
    Curator,
    Location,
    new_id,
    utcnow,
)


def _location(session: Session, *, location_id: str) -> Location:
    """Any location, or 404."""
    return found_or_404(session, model=Location, record_id=location_id)


def location_view(session: Session, *, location_id: str) -> EditableView:
    """A location with its full (also confidential) address, and any edit waiting for review: curators only."""
    location = _location(session, location_id=location_id)
    return EditableView(id=location.id, kind="location", version=location.version,
                        state="archived" if location.archived_at else "active",
                        fields={**location_snapshot(location), "public_latitude": location.public_latitude,
                                "public_longitude": location.public_longitude},
                        pending_revision=revisions.pending_view(
                            revisions.pending_of(session, kind="location", record_id=location.id)),
                        archived=location.archived_at is not None)


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


def _review_reason(session: Session, *, location: Location, before: dict, proposed: dict) -> str | None:
    """Why this edit must wait for a reviewer, or None when it applies at once."""
    if reveals_confidential_address(before=before, after=proposed):
        return "it would make a confidential address public"
    if revisions.is_public(session, kind="location", record=location):
        return "the public sees this location"
    return None


def update_location(session: Session, *, curator: Curator, location_id: str, patch: LocationPatch,
                    if_match: str | None) -> EditableView:
    """Edit a location: at once, or as a pending revision when the public sees it or it would stop being confidential.

    Edits build on a pending revision if there is one, as for services.
    """
    claim_version(session, model=Location, record_id=location_id, if_match=if_match)
    location = _location(session, location_id=location_id)
    current = location_snapshot(location)
    pending = revisions.pending_of(session, kind="location", record_id=location_id)
    base = pending.proposed if pending else current
    changes = patch.model_dump(mode="json", exclude_unset=True)
    if "address" in changes and ("latitude" not in changes):
        changes.update(latitude=None, longitude=None)  # a new address is placed by the gazetteer again
    fields = validated(LocationFields, {**base, **changes})
    check_location_references(session, fields=fields)
    proposed = fields.model_dump(mode="json")
    if proposed.get("confidential") and not current.get("confidential"):
        # Hiding an address never waits for anyone: the flag applies at once, the rest follows the usual rule.
        hidden = {**validated(LocationFields, current).model_dump(mode="json"), "confidential": True}
        _apply(session, location=location, snapshot=hidden)
        record_change(session, resource_type="location", resource_id=location.id, action="update",
                      version=location.version, curator=curator, before=current, after=location_snapshot(location),
                      comment="made confidential at once")
        if proposed == hidden:
            session.flush()
            return location_view(session, location_id=location_id)
        current = location_snapshot(location)
    reason = _review_reason(session, location=location, before=current, proposed=proposed)
    if reason is not None or pending is not None:
        revisions.propose(session, kind="location", record=location, curator=curator, before=current,
                          proposed=proposed, comment=f"waits for a reviewer: {reason or 'an earlier edit waits too'}")
        session.flush()
        return location_view(session, location_id=location_id)
    _apply(session, location=location, snapshot=proposed)
    record_change(session, resource_type="location", resource_id=location.id, action="update",
                  version=location.version, curator=curator, before=current, after=location_snapshot(location))
    session.flush()
    return location_view(session, location_id=location_id)


def _apply(session: Session, *, location: Location, snapshot: dict) -> None:
    """Write validated fields onto the location (placed by the gazetteer where they give no coordinates)."""
    apply_location_snapshot(session, location=location, snapshot=snapshot)
    check_placed(location)


def approve_location(session: Session, *, curator: Curator, location_id: str, comment: str | None,
                     revision_id: str | None = None) -> EditableView:
    """Apply the pending revision of a location (a reviewer other than its author)."""
    location = _location(session, location_id=location_id)

    def apply(proposed: dict) -> dict:
        fields = validated(LocationFields, proposed)  # the rules may have changed since it was proposed
        check_location_references(session, fields=fields)
        _apply(session, location=location, snapshot=fields.model_dump(mode="json"))
        return location_snapshot(location)

    revisions.approve(session, kind="location", record=location, curator=curator, comment=comment,
                      revision_id=revision_id, before=location_snapshot(location), apply=apply)
    session.flush()
    return location_view(session, location_id=location_id)


def reject_location(session: Session, *, curator: Curator, location_id: str, comment: str | None) -> EditableView:
    """Drop the pending revision of a location; the location stays as it is."""
    location = _location(session, location_id=location_id)
    revisions.reject(session, kind="location", record=location, curator=curator, comment=comment,
                     current=location_snapshot(location))
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
        bump(location)
    record_change(session, resource_type="location", resource_id=location.id,
                  action="archive" if archived else "restore", version=location.version, curator=curator,
                  before={**snapshot, "archived": not archived}, after={**snapshot, "archived": archived})
    return location_view(session, location_id=location_id)
