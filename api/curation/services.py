"""Curation of services: create, edit, review, archive, restore, verify; the review and stale queues."""

from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, func, or_
from sqlmodel import Session, select

from api.curation.auth import ensure_role
from api.curation import revisions
from api.curation.history import find_change, history_of, record_change
from api.listings.rules import (
    bump,
    check_reachable,
    check_service_references,
    claim_version,
    service_or_404,
    validated,
)
from api.curation.schemas import EditableView, QueueItem, StaleItem
from api.listings.fields import ServiceFields, ServicePatch
from api.listings.snapshot import (
    apply_service_snapshot,
    canonical_service,
    diff,
    service_snapshot,
)
from api.listings.vocabulary import load_vocabulary
from api.errors import (
    Conflict,
    NotFound,
)
from api.models import (
    Change,
    Curator,
    Organization,
    Revision,
    Service,
    new_id,
    utcnow,
)
from api.listings.visibility import publicly_listed, with_listing_parts


def service_view(session: Session, *, service_id: str) -> EditableView:
    """Everything a curator may see and edit of a service."""
    service = service_or_404(session, service_id=service_id)
    pending = revisions.pending_of(session, kind="service", record_id=service_id)
    return EditableView(
        id=service.id, kind="service", version=service.version, state=service.publication,
        fields=service_snapshot(service, vocabulary=load_vocabulary(session)),
        pending_revision=revisions.pending_view(pending),
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
    service = service_or_404(session, service_id=service_id)
    if service.publication == "archived":
        raise Conflict("this service is archived; restore it before editing")
    vocabulary = load_vocabulary(session)
    current = service_snapshot(service, vocabulary=vocabulary)
    pending = revisions.pending_of(session, kind="service", record_id=service_id)
    base = pending.proposed if pending else current
    merged = {**base, **patch.model_dump(mode="json", exclude_unset=True)}
    fields = validated(ServiceFields, merged)
    check_service_references(session, fields=fields)
    proposed = canonical_service(fields.model_dump(mode="json"))
    service.updated_at = utcnow()
    if service.publication == "published":
        revisions.propose(session, kind="service", record=service, curator=curator, before=current, proposed=proposed,
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
        bump(service)
    record_change(session, resource_type="service", resource_id=service.id, action=action, version=service.version,
                  curator=curator, before=before, after={**snapshot, "publication": to}, comment=comment)
    session.flush()
    return service_view(session, service_id=service.id)


def submit_service(session: Session, *, curator: Curator, service_id: str) -> EditableView:
    """Draft → in review."""
    service = service_or_404(session, service_id=service_id)
    if service.publication != "draft":
        raise Conflict(f"only a draft can be submitted; this one is {service.publication}")
    return _transition(session, service=service, curator=curator, action="submit", to="in_review")


def _submitter(session: Session, *, service: Service) -> str | None:
    """Who sent this listing for review (the last submit)."""
    return session.exec(select(Change.curator_id).where(
        Change.resource_type == "service", Change.resource_id == service.id, Change.action == "submit")
        .order_by(Change.at.desc(), Change.id.desc())).first()


def approve_service(session: Session, *, curator: Curator, service_id: str, comment: str | None,
                    revision_id: str | None = None) -> EditableView:
    """Publish a listing in review, or apply its pending revision (the one the reviewer saw, if named).

    Four eyes: nobody approves what they submitted or proposed themselves (403), whatever their role.
    """
    service = service_or_404(session, service_id=service_id)
    pending = revisions.pending_of(session, kind="service", record_id=service_id)
    if revision_id is not None and (pending is None or pending.id != revision_id):
        raise Conflict("the revision you reviewed has been replaced or decided; look at the queue again")
    if service.publication == "in_review":
        revisions.ensure_not_own(_submitter(session, service=service), curator=curator)
        check_reachable(session, service_snapshot(service, vocabulary=load_vocabulary(session)))
        return _transition(session, service=service, curator=curator, action="publish", to="published", comment=comment)
    if service.publication != "published" or pending is None:
        raise Conflict("nothing waits for review on this service")

    def apply(proposed: dict) -> dict:
        check_reachable(session, proposed)
        apply_service_snapshot(session, service=service, snapshot=proposed)
        return proposed

    revisions.approve(session, kind="service", record=service, curator=curator, comment=comment,
                      revision_id=revision_id, before=service_snapshot(service, vocabulary=load_vocabulary(session)),
                      apply=apply)
    session.flush()
    return service_view(session, service_id=service_id)


def reject_service(session: Session, *, curator: Curator, service_id: str, comment: str | None) -> EditableView:
    """Send a listing in review back to draft, or reject its pending revision."""
    service = service_or_404(session, service_id=service_id)
    if service.publication == "in_review":
        return _transition(session, service=service, curator=curator, action="reject", to="draft", comment=comment)
    revisions.reject(session, kind="service", record=service, curator=curator, comment=comment,
                     current=service_snapshot(service, vocabulary=load_vocabulary(session)))
    session.flush()
    return service_view(session, service_id=service_id)


def archive_service(session: Session, *, curator: Curator, service_id: str, if_match: str | None) -> EditableView:
    """Take a listing out of use (soft delete). Editors may archive drafts; published ones need a reviewer."""
    claim_version(session, model=Service, record_id=service_id, if_match=if_match)
    service = service_or_404(session, service_id=service_id)
    if service.publication == "archived":
        raise Conflict("already archived")
    if service.publication == "published":
        ensure_role(curator, "reviewer")
    pending = revisions.pending_of(session, kind="service", record_id=service_id)
    if pending:
        pending.state = "superseded"
    return _transition(session, service=service, curator=curator, action="archive", to="archived",
                       version_claimed=True)


def restore_service(session: Session, *, curator: Curator, service_id: str) -> EditableView:
    """Bring an archived listing back as a draft (it needs review again)."""
    service = service_or_404(session, service_id=service_id)
    if service.publication != "archived":
        raise Conflict("only an archived service can be restored")
    return _transition(session, service=service, curator=curator, action="restore", to="draft")


def restore_service_version(session: Session, *, curator: Curator, service_id: str, change_id: str) -> EditableView:
    """Make the service equal to an earlier recorded version (itself a recorded change)."""
    service = service_or_404(session, service_id=service_id)
    change = find_change(session, resource_type="service", resource_id=service_id, change_id=change_id)
    if change is None:
        raise NotFound(f"change {change_id} not found for this service")
    allowed = set(ServiceFields.model_fields)
    fields = validated(ServiceFields, {k: v for k, v in change.snapshot.items() if k in allowed})
    check_service_references(session, fields=fields)
    before = service_snapshot(service, vocabulary=load_vocabulary(session))
    after = canonical_service(fields.model_dump(mode="json"))
    apply_service_snapshot(session, service=service, snapshot=after)
    bump(service)
    record_change(session, resource_type="service", resource_id=service.id, action="restore_version",
                  version=service.version, curator=curator, before=before, after=after,
                  comment=f"restored version {change.version}")
    session.flush()
    return service_view(session, service_id=service_id)


def verify_service(session: Session, *, curator: Curator, service_id: str) -> EditableView:
    """Record that a curator checked the listing today."""
    service = service_or_404(session, service_id=service_id)
    snapshot = service_snapshot(service, vocabulary=load_vocabulary(session))
    before = {**snapshot, "assured_date": service.assured_date.isoformat() if service.assured_date else None,
              "assurer": service.assurer}
    service.assured_date, service.assurer = date.today(), curator.name
    bump(service)
    record_change(session, resource_type="service", resource_id=service.id, action="verify", version=service.version,
                  curator=curator, before=before,
                  after={**snapshot, "assured_date": service.assured_date.isoformat(), "assurer": curator.name})
    session.flush()
    return service_view(session, service_id=service_id)


def review_count(session: Session) -> int:
    """How many items the review queue holds: listings in review and pending revisions."""
    in_review = select(func.count()).select_from(Service).where(Service.publication == "in_review")
    pending = select(func.count()).select_from(Revision).where(Revision.state == "pending")
    return session.exec(in_review).one() + session.exec(pending).one()


def review_queue(session: Session) -> list[QueueItem]:
    """Listings in review and pending revisions (of services, organisations and locations), oldest first, each
    with its diff against what is current."""
    vocabulary = load_vocabulary(session)
    items = []
    for service in session.exec(select(Service).where(Service.publication == "in_review")
                                .options(*with_listing_parts())).all():
        submitted = history_of(session, resource_type="service", resource_id=service.id)
        by = next((h for h in reversed(submitted) if h.action == "submit"), None)
        items.append(QueueItem(service_id=service.id, resource_id=service.id, name=service.name, kind="new_listing",
                               proposed_by=by.curator if by else None, proposed_at=by.at if by else service.updated_at,
                               diff=diff(None, service_snapshot(service, vocabulary=vocabulary))))
    for revision in session.exec(select(Revision).where(Revision.state == "pending",
                                                        Revision.service_id.is_not(None))).all():
        service = service_or_404(session, service_id=revision.service_id)
        author = session.get(Curator, revision.proposed_by)
        items.append(QueueItem(service_id=service.id, resource_id=service.id, name=service.name, kind="revision",
                               revision_id=revision.id, proposed_by=author.name if author else None,
                               proposed_at=revision.proposed_at,
                               diff=diff(service_snapshot(service, vocabulary=vocabulary), revision.proposed)))
    items += revisions.place_queue_items(session)
    return sorted(items, key=lambda item: item.proposed_at)


def _stale(older_than_days: int) -> ColumnElement[bool]:
    """Published services never verified, or verified before the cut-off."""
    cutoff = date.today() - timedelta(days=older_than_days)
    return and_(publicly_listed(), or_(Service.assured_date.is_(None), Service.assured_date < cutoff))


def stale_count(session: Session, *, older_than_days: int) -> int:
    """How many published services need checking."""
    return session.exec(select(func.count()).select_from(Service).where(_stale(older_than_days))).one()


def stale_services(session: Session, *, older_than_days: int, offset: int = 0,
                   limit: int | None = None) -> list[StaleItem]:
    """Published services never verified or verified too long ago: never-verified first, then oldest."""
    statement = (select(Service, Organization.name).join(Organization).where(_stale(older_than_days))
                 .order_by(Service.assured_date.is_not(None), Service.assured_date, func.lower(Service.name), Service.id)
                 .offset(offset))
    rows = session.exec(statement.limit(limit) if limit is not None else statement).all()
    today = date.today()
    return [StaleItem(id=s.id, name=s.name, organization=org, assured_date=s.assured_date, assurer=s.assurer,
                      days_since_verified=(today - s.assured_date).days if s.assured_date else None)
            for s, org in rows]
