"""Curator endpoints under /v1: write API, review workflow, history, freshness, feedback, accounts.

Routes translate HTTP only. Every response to a GET of an editable resource carries its
version as ETag; changes need it back as If-Match.
"""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Header, Path, Query, Request, Response

from api.curation import auth, locations, organizations, reports, services
from api.curation.auth import Admin, Editor, Reviewer
from api.curation.schemas import (
    CuratorIn,
    CuratorOut,
    DayStats,
    Decision,
    EditableView,
    FeedbackAck,
    FeedbackIn,
    FeedbackOut,
    HistoryEntry,
    NewToken,
    QueueItem,
    Resolution,
    RoleChange,
    StaleItem,
    TokenOut,
)
from api.listings.fields import (
    LocationFields,
    LocationPatch,
    OrganizationFields,
    OrganizationPatch,
    ServiceFields,
    ServicePatch,
)
from api.db import SessionDep
from api.errors import CURATION_RESPONSES, EDIT_RESPONSES, RATE_LIMITED
from api.ratelimit import limiter
from api.settings import get_settings

router = APIRouter(prefix="/v1", responses=EDIT_RESPONSES)
public_router = APIRouter(prefix="/v1", responses=CURATION_RESPONSES)

IfMatch = Annotated[str | None, Header(description="The ETag you read (its version), e.g. \"3\"")]
ServiceId = Annotated[UUID, Path(description="Service id")]
OrganizationId = Annotated[UUID, Path(description="Organisation id")]
LocationId = Annotated[UUID, Path(description="Location id")]


def _tagged(response: Response, view: EditableView) -> EditableView:
    """Set the ETag (the version) and keep curator views out of shared caches."""
    response.headers["ETag"] = f'"{view.version}"'
    response.headers["Cache-Control"] = "private, no-store"
    return view


# ---------------------------------------------------------------- services

@router.post("/services", status_code=201, response_model=EditableView, tags=["curation"],
             summary="Create a service (draft)")
def create_service(session: SessionDep, curator: Editor, body: ServiceFields, response: Response) -> EditableView:
    """Create a draft service."""
    return _tagged(response, services.create_service(session, curator=curator, fields=body))


@router.get("/curation/services/{service_id}", response_model=EditableView, tags=["curation"],
            summary="A service as curators see it (any state), with ETag")
def get_service(session: SessionDep, curator: Editor, service_id: ServiceId, response: Response) -> EditableView:
    """Curator view of a service."""
    return _tagged(response, services.service_view(session, service_id=str(service_id)))


@router.patch("/services/{service_id}", response_model=EditableView, tags=["curation"],
              summary="Edit a service (If-Match required)",
              description="Only the fields sent change; a list replaces the whole list. A draft changes at once; "
                          "a published service gets a pending revision and the public keeps the approved version.")
def patch_service(session: SessionDep, curator: Editor, service_id: ServiceId, body: ServicePatch,
                  response: Response, if_match: IfMatch = None) -> EditableView:
    """Edit a service."""
    return _tagged(response, services.update_service(session, curator=curator, service_id=str(service_id),
                                                     patch=body, if_match=if_match))


@router.post("/services/{service_id}/submit", response_model=EditableView, tags=["curation"],
             summary="Submit a draft for review")
def submit_service(session: SessionDep, curator: Editor, service_id: ServiceId, response: Response) -> EditableView:
    """Draft → in review."""
    return _tagged(response, services.submit_service(session, curator=curator, service_id=str(service_id)))


@router.post("/services/{service_id}/approve", response_model=EditableView, tags=["curation"],
             summary="Approve: publish a listing in review or apply its pending revision (reviewer)")
def approve_service(session: SessionDep, curator: Reviewer, service_id: ServiceId, response: Response,
                    body: Decision | None = None) -> EditableView:
    """Approve."""
    return _tagged(response, services.approve_service(
        session, curator=curator, service_id=str(service_id), comment=body.comment if body else None,
        revision_id=str(body.revision_id) if body and body.revision_id else None))


@router.post("/services/{service_id}/reject", response_model=EditableView, tags=["curation"],
             summary="Reject: back to draft, or drop the pending revision (reviewer)")
def reject_service(session: SessionDep, curator: Reviewer, service_id: ServiceId, response: Response,
                   body: Decision | None = None) -> EditableView:
    """Reject."""
    return _tagged(response, services.reject_service(session, curator=curator, service_id=str(service_id),
                                                     comment=body.comment if body else None))


@router.post("/services/{service_id}/archive", response_model=EditableView, tags=["curation"],
             summary="Archive (soft delete; If-Match required; published ones need a reviewer)")
def archive_service(session: SessionDep, curator: Editor, service_id: ServiceId, response: Response,
                    if_match: IfMatch = None) -> EditableView:
    """Archive."""
    return _tagged(response, services.archive_service(session, curator=curator, service_id=str(service_id),
                                                      if_match=if_match))


@router.post("/services/{service_id}/restore", response_model=EditableView, tags=["curation"],
             summary="Restore an archived service as a draft")
def restore_service(session: SessionDep, curator: Editor, service_id: ServiceId, response: Response) -> EditableView:
    """Restore from archive."""
    return _tagged(response, services.restore_service(session, curator=curator, service_id=str(service_id)))


@router.post("/services/{service_id}/verify", response_model=EditableView, tags=["curation"],
             summary="Record that you verified this listing today (sets assured_date and assurer)")
def verify_service(session: SessionDep, curator: Editor, service_id: ServiceId, response: Response) -> EditableView:
    """Verify."""
    return _tagged(response, services.verify_service(session, curator=curator, service_id=str(service_id)))


@router.get("/services/{service_id}/history", response_model=list[HistoryEntry], tags=["curation"],
            summary="Every recorded change, oldest first (curators only)")
def service_history(session: SessionDep, curator: Editor, service_id: ServiceId) -> list[HistoryEntry]:
    """History of a service."""
    return reports.history(session, resource_type="service", resource_id=str(service_id))


@router.post("/services/{service_id}/history/{change_id}/restore", response_model=EditableView, tags=["curation"],
             summary="Make the service equal to an earlier version (reviewer; recorded as a change)")
def restore_service_version(session: SessionDep, curator: Reviewer, service_id: ServiceId,
                            change_id: Annotated[UUID, Path()], response: Response) -> EditableView:
    """Restore an earlier version."""
    return _tagged(response, services.restore_service_version(session, curator=curator, service_id=str(service_id),
                                                              change_id=str(change_id)))


# ---------------------------------------------------------------- organisations

@router.post("/organizations", status_code=201, response_model=EditableView, tags=["curation"],
             summary="Create an organisation")
def create_organization(session: SessionDep, curator: Editor, body: OrganizationFields,
                        response: Response) -> EditableView:
    """Create an organisation."""
    return _tagged(response, organizations.create_organization(session, curator=curator, fields=body))


@router.get("/curation/organizations/{organization_id}", response_model=EditableView, tags=["curation"],
            summary="An organisation as curators see it, with ETag")
def get_organization(session: SessionDep, curator: Editor, organization_id: OrganizationId,
                     response: Response) -> EditableView:
    """Curator view of an organisation."""
    return _tagged(response, organizations.organization_view(session, organization_id=str(organization_id)))


@router.patch("/organizations/{organization_id}", response_model=EditableView, tags=["curation"],
              summary="Edit an organisation (If-Match required); once the public sees it, the edit waits for a "
                      "reviewer as a pending revision")
def patch_organization(session: SessionDep, curator: Editor, organization_id: OrganizationId,
                       body: OrganizationPatch, response: Response, if_match: IfMatch = None) -> EditableView:
    """Edit an organisation."""
    return _tagged(response, organizations.update_organization(session, curator=curator,
                                                          organization_id=str(organization_id), patch=body,
                                                          if_match=if_match))


@router.post("/organizations/{organization_id}/approve", response_model=EditableView, tags=["curation"],
             summary="Approve an organisation's pending revision (a reviewer other than its author)")
def approve_organization(session: SessionDep, curator: Reviewer, organization_id: OrganizationId,
                         response: Response, body: Decision | None = None) -> EditableView:
    """Approve an organisation's revision."""
    return _tagged(response, organizations.approve_organization(
        session, curator=curator, organization_id=str(organization_id), comment=body.comment if body else None,
        revision_id=str(body.revision_id) if body and body.revision_id else None))


@router.post("/organizations/{organization_id}/reject", response_model=EditableView, tags=["curation"],
             summary="Reject an organisation's pending revision (reviewer)")
def reject_organization(session: SessionDep, curator: Reviewer, organization_id: OrganizationId,
                        response: Response, body: Decision | None = None) -> EditableView:
    """Reject an organisation's revision."""
    return _tagged(response, organizations.reject_organization(
        session, curator=curator, organization_id=str(organization_id), comment=body.comment if body else None))


@router.post("/organizations/{organization_id}/archive", response_model=EditableView, tags=["curation"],
             summary="Archive an organisation whose services are archived (reviewer)")
def archive_organization(session: SessionDep, curator: Reviewer, organization_id: OrganizationId,
                         response: Response, if_match: IfMatch = None) -> EditableView:
    """Archive an organisation."""
    return _tagged(response, organizations.archive_organization(session, curator=curator,
                                                           organization_id=str(organization_id), if_match=if_match))


@router.post("/organizations/{organization_id}/restore", response_model=EditableView, tags=["curation"],
             summary="Restore an archived organisation (reviewer)")
def restore_organization(session: SessionDep, curator: Reviewer, organization_id: OrganizationId,
                         response: Response) -> EditableView:
    """Restore an organisation."""
    return _tagged(response, organizations.restore_organization(session, curator=curator,
                                                           organization_id=str(organization_id)))


@router.get("/organizations/{organization_id}/history", response_model=list[HistoryEntry], tags=["curation"],
            summary="Recorded changes of an organisation")
def organization_history(session: SessionDep, curator: Editor, organization_id: OrganizationId) -> list[HistoryEntry]:
    """History of an organisation."""
    return reports.history(session, resource_type="organization", resource_id=str(organization_id))


# ---------------------------------------------------------------- locations

@router.post("/locations", status_code=201, response_model=EditableView, tags=["curation"],
             summary="Create a location (coordinates from the gazetteer when not given)")
def create_location(session: SessionDep, curator: Editor, body: LocationFields, response: Response) -> EditableView:
    """Create a location."""
    return _tagged(response, locations.create_location(session, curator=curator, fields=body))


@router.get("/curation/locations/{location_id}", response_model=EditableView, tags=["curation"],
            summary="A location with its full address (also when confidential), with ETag")
def get_location(session: SessionDep, curator: Editor, location_id: LocationId, response: Response) -> EditableView:
    """Curator view of a location."""
    return _tagged(response, locations.location_view(session, location_id=str(location_id)))


@router.patch("/locations/{location_id}", response_model=EditableView, tags=["curation"],
              summary="Edit a location (If-Match required); a location the public sees, or an edit that turns "
                      "confidential off, waits for a reviewer other than its author")
def patch_location(session: SessionDep, curator: Editor, location_id: LocationId, body: LocationPatch,
                   response: Response, if_match: IfMatch = None) -> EditableView:
    """Edit a location."""
    return _tagged(response, locations.update_location(session, curator=curator, location_id=str(location_id),
                                                      patch=body, if_match=if_match))


@router.post("/locations/{location_id}/approve", response_model=EditableView, tags=["curation"],
             summary="Approve a location's pending revision (a reviewer other than its author)")
def approve_location(session: SessionDep, curator: Reviewer, location_id: LocationId, response: Response,
                     body: Decision | None = None) -> EditableView:
    """Approve a location's revision."""
    return _tagged(response, locations.approve_location(
        session, curator=curator, location_id=str(location_id), comment=body.comment if body else None,
        revision_id=str(body.revision_id) if body and body.revision_id else None))


@router.post("/locations/{location_id}/reject", response_model=EditableView, tags=["curation"],
             summary="Reject a location's pending revision (reviewer)")
def reject_location(session: SessionDep, curator: Reviewer, location_id: LocationId, response: Response,
                    body: Decision | None = None) -> EditableView:
    """Reject a location's revision."""
    return _tagged(response, locations.reject_location(session, curator=curator, location_id=str(location_id),
                                                       comment=body.comment if body else None))


@router.post("/locations/{location_id}/archive", response_model=EditableView, tags=["curation"],
             summary="Archive a location: hidden from the public (reviewer)")
def archive_location(session: SessionDep, curator: Reviewer, location_id: LocationId, response: Response,
                     if_match: IfMatch = None) -> EditableView:
    """Archive a location."""
    return _tagged(response, locations.set_location_archived(session, curator=curator, location_id=str(location_id),
                                                            archived=True, if_match=if_match))


@router.post("/locations/{location_id}/restore", response_model=EditableView, tags=["curation"],
             summary="Restore an archived location (reviewer)")
def restore_location(session: SessionDep, curator: Reviewer, location_id: LocationId,
                     response: Response) -> EditableView:
    """Restore a location."""
    return _tagged(response, locations.set_location_archived(session, curator=curator, location_id=str(location_id),
                                                            archived=False))


@router.get("/locations/{location_id}/history", response_model=list[HistoryEntry], tags=["curation"],
            summary="Recorded changes of a location")
def location_history(session: SessionDep, curator: Editor, location_id: LocationId) -> list[HistoryEntry]:
    """History of a location."""
    return reports.history(session, resource_type="location", resource_id=str(location_id))


# ---------------------------------------------------------------- queues

@router.get("/curation/queue", response_model=list[QueueItem], tags=["curation"],
            summary="What waits for review, with a diff against the published version")
def queue(session: SessionDep, curator: Editor) -> list[QueueItem]:
    """Review queue."""
    return services.review_queue(session)


@router.get("/curation/stale", response_model=list[StaleItem], tags=["curation"],
            summary="Published services never verified or verified too long ago, oldest first")
def stale(session: SessionDep, curator: Editor,
          older_than_days: Annotated[int, Query(ge=0, le=3650)] = 180) -> list[StaleItem]:
    """Stale listings."""
    return services.stale_services(session, older_than_days=older_than_days)


@router.get("/curation/stats", response_model=list[DayStats], tags=["curation"],
            summary="Aggregate search counts per day: searches, zero results, per service type and province",
            description="Only totals are kept: no query text, no postcode, no IP address.")
def search_stats(session: SessionDep, curator: Editor,
                 days: Annotated[int, Query(ge=1, le=366)] = 30) -> list[DayStats]:
    """Aggregate search statistics."""
    return reports.search_stats(session, days=days)


@router.get("/curation/feedback", response_model=list[FeedbackOut], tags=["curation"],
            summary="Problem reports from the public")
def feedback_list(session: SessionDep, curator: Editor,
                  include_resolved: Annotated[bool, Query()] = False) -> list[FeedbackOut]:
    """Feedback queue."""
    return reports.feedback_queue(session, include_resolved=include_resolved)


@router.post("/curation/feedback/{feedback_id}/resolve", response_model=FeedbackOut, tags=["curation"],
             summary="Mark feedback as handled")
def feedback_resolve(session: SessionDep, curator: Editor, feedback_id: Annotated[UUID, Path()],
                     body: Resolution) -> FeedbackOut:
    """Resolve feedback."""
    return reports.resolve_feedback(session, curator=curator, feedback_id=str(feedback_id),
                                     resolution=body.resolution)


@public_router.post("/services/{service_id}/feedback", status_code=202, response_model=FeedbackAck,
                    tags=["directory"], summary="Report a problem with a listing (no account needed)",
                    description="Reasons: wrong_phone, closed, wrong_address, other. No name, no contact details, "
                                "no IP address are stored. Limited per client; 429 with Retry-After when exceeded.",
                    responses=RATE_LIMITED)
@limiter.limit(lambda: get_settings().feedback_rate_limit)
def feedback(request: Request, session: SessionDep, service_id: ServiceId, body: FeedbackIn) -> FeedbackAck:
    """Public feedback."""
    reports.leave_feedback(session, service_id=str(service_id), feedback=body)
    return FeedbackAck()


# ---------------------------------------------------------------- accounts

@router.post("/curators", status_code=201, response_model=NewToken, tags=["accounts"],
             summary="Add a curator and issue a first token (admin; the token is shown once)")
def add_curator(session: SessionDep, admin: Admin, body: CuratorIn) -> NewToken:
    """Add a curator."""
    curator, token = auth.add_curator(session, name=body.name, role=body.role)
    return NewToken(curator=auth.curator_account(session, curator=curator), token=token)


@router.get("/curators", response_model=list[CuratorOut], tags=["accounts"], summary="List curators (admin)")
def list_curators(session: SessionDep, admin: Admin) -> list[CuratorOut]:
    """List curators."""
    return auth.curator_accounts(session)


@router.patch("/curators/{curator_id}", response_model=CuratorOut, tags=["accounts"],
               summary="Change a curator's role (admin; never the last admin's: 409)")
def change_role(session: SessionDep, admin: Admin, curator_id: Annotated[UUID, Path()], body: RoleChange) -> CuratorOut:
    """Change a role."""
    curator = auth.change_role(session, curator_id=str(curator_id), role=body.role)
    return auth.curator_account(session, curator=curator)


@router.post("/curators/{curator_id}/tokens", status_code=201, response_model=NewToken, tags=["accounts"],
             summary="Issue another token for a curator (admin; shown once)")
def new_token(session: SessionDep, admin: Admin, curator_id: Annotated[UUID, Path()]) -> NewToken:
    """Issue a token."""
    curator, token = auth.issue_token_for(session, curator_id=str(curator_id))
    return NewToken(curator=curator, token=token)


@router.delete("/tokens/{token_id}", response_model=TokenOut, tags=["accounts"], summary="Revoke a token (admin; never the last live admin token: 409)")
def revoke(session: SessionDep, admin: Admin, token_id: Annotated[UUID, Path()]) -> TokenOut:
    """Revoke a token."""
    return auth.token_out(auth.revoke_token(session, token_id=str(token_id)))
