"""Curation of organisations: create, edit (reviewed once the public sees them), archive, restore."""

from sqlalchemy import func
from sqlmodel import Session, select

from api.curation import revisions
from api.curation.history import record_change
from api.listings.rules import bump, claim_version, found_or_404, validated
from api.curation.schemas import EditableView
from api.listings.fields import OrganizationFields, OrganizationPatch
from api.listings.snapshot import (
    apply_organization_snapshot,
    organization_snapshot,
)
from api.listings.derived import refresh_search_text
from api.errors import (
    Conflict,
)
from api.models import (
    Curator,
    Organization,
    Service,
    new_id,
    utcnow,
)
from api.listings.visibility import with_listing_parts


def _organization(session: Session, *, organization_id: str) -> Organization:
    """Any organisation, or 404."""
    return found_or_404(session, model=Organization, record_id=organization_id)


def organization_view(session: Session, *, organization_id: str) -> EditableView:
    """Everything a curator may edit of an organisation, and any edit waiting for review."""
    organization = _organization(session, organization_id=organization_id)
    return EditableView(id=organization.id, kind="organization", version=organization.version,
                        state="archived" if organization.archived_at else "active",
                        fields=organization_snapshot(organization),
                        pending_revision=revisions.pending_view(
                            revisions.pending_of(session, kind="organization", record_id=organization.id)),
                        archived=organization.archived_at is not None)


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


def _apply(session: Session, *, organization: Organization, before: dict, after: dict) -> None:
    """Write validated fields onto the organisation; its services' search text follows a new name."""
    apply_organization_snapshot(organization, snapshot=after)
    if before["name"] != after["name"]:
        for service in session.exec(select(Service).where(Service.organization_id == organization.id)
                                    .options(*with_listing_parts())).all():
            refresh_search_text(service=service, organization_name=organization.name)


def update_organization(session: Session, *, curator: Curator, organization_id: str, patch: OrganizationPatch,
                        if_match: str | None) -> EditableView:
    """Edit an organisation: at once while the public does not see it, else as a pending revision."""
    claim_version(session, model=Organization, record_id=organization_id, if_match=if_match)
    organization = _organization(session, organization_id=organization_id)
    current = organization_snapshot(organization)
    pending = revisions.pending_of(session, kind="organization", record_id=organization_id)
    base = pending.proposed if pending else current
    fields = validated(OrganizationFields, {**base, **patch.model_dump(mode="json", exclude_unset=True)})
    after = fields.model_dump(mode="json")
    if pending is not None or revisions.is_public(session, kind="organization", record=organization):
        revisions.propose(session, kind="organization", record=organization, curator=curator, before=current,
                          proposed=after, comment="waits for a reviewer: the public sees this organisation")
        session.flush()
        return organization_view(session, organization_id=organization_id)
    _apply(session, organization=organization, before=current, after=after)
    record_change(session, resource_type="organization", resource_id=organization.id, action="update",
                  version=organization.version, curator=curator, before=current, after=after)
    session.flush()
    return organization_view(session, organization_id=organization_id)


def approve_organization(session: Session, *, curator: Curator, organization_id: str, comment: str | None,
                         revision_id: str | None = None) -> EditableView:
    """Apply the pending revision of an organisation (a reviewer other than its author)."""
    organization = _organization(session, organization_id=organization_id)
    before = organization_snapshot(organization)

    def apply(proposed: dict) -> dict:
        after = validated(OrganizationFields, proposed).model_dump(mode="json")
        _apply(session, organization=organization, before=before, after=after)
        return after

    revisions.approve(session, kind="organization", record=organization, curator=curator, comment=comment,
                      revision_id=revision_id, before=before, apply=apply)
    session.flush()
    return organization_view(session, organization_id=organization_id)


def reject_organization(session: Session, *, curator: Curator, organization_id: str,
                        comment: str | None) -> EditableView:
    """Drop the pending revision of an organisation; it stays as it is."""
    organization = _organization(session, organization_id=organization_id)
    revisions.reject(session, kind="organization", record=organization, curator=curator, comment=comment,
                     current=organization_snapshot(organization))
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
    bump(organization)
    record_change(session, resource_type="organization", resource_id=organization.id, action="restore",
                  version=organization.version, curator=curator, before={**snapshot, "archived": True},
                  after={**snapshot, "archived": False})
    return organization_view(session, organization_id=organization_id)
