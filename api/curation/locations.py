"""Curation of locations: create, edit, archive and restore; where a location must lie."""

from sqlmodel import Session

from api.curation.history import record_change
from api.listings.rules import (
    bump,
    check_location_references,
    check_placed,
    claim_version,
    found_or_404,
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
    """A location with its full (also confidential) address: curators only."""
    location = _location(session, location_id=location_id)
    return EditableView(id=location.id, kind="location", version=location.version,
                        state="archived" if location.archived_at else "active",
                        fields={**location_snapshot(location), "public_latitude": location.public_latitude,
                                "public_longitude": location.public_longitude},
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
        bump(location)
    record_change(session, resource_type="location", resource_id=location.id,
                  action="archive" if archived else "restore", version=location.version, curator=curator,
                  before={**snapshot, "archived": not archived}, after={**snapshot, "archived": archived})
    return location_view(session, location_id=location_id)
