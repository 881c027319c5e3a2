"""The HSDS 3.0 read face under /hsds/ (Open Referral query parameters and Page envelope)."""

import re
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, BeforeValidator

from api.db import SessionDep
from api.errors import ERROR_RESPONSES, RATE_LIMITED
from api.hsds import service as hsds
from api.pagination import Page, PageDep
from api.ratelimit import read_limited
from api.web.headers import check_not_modified

router = APIRouter(prefix="/hsds", tags=["hsds"], responses={**ERROR_RESPONSES, **RATE_LIMITED},
                   dependencies=[Depends(check_not_modified), Depends(read_limited)])

Search = Annotated[str | None, Query(max_length=200, description="Keywords (case and accents ignored)")]
TermId = Annotated[UUID | None, Query(description="Only records with this taxonomy term")]
TaxonomyId = Annotated[UUID | None, Query(description="Only records with a term of this taxonomy")]
OrganizationId = Annotated[UUID | None, Query(description="Only this organisation's records")]


def _iso_8601(value: object) -> object:
    """Only ISO 8601 text: pydantic would otherwise read a bare number such as 0.5 as seconds since 1970."""
    if isinstance(value, str) and not re.match(r"^\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError("must be an ISO 8601 date or date-time, such as 2026-01-31 or 2026-01-31T12:00:00Z")
    return value


ModifiedAfter = Annotated[datetime | None, BeforeValidator(_iso_8601),
                          Query(description="Changed at or after (ISO 8601 date or date-time)")]
Full = Annotated[bool, Query(description="Fully nested records")]


class ApiInfo(BaseModel):
    """What this HSDS API is."""

    version: str
    profile: str
    openapi_url: str


def _str(value: UUID | None) -> str | None:
    """UUID to string."""
    return str(value) if value else None


@router.get("/", response_model=ApiInfo, summary="HSDS version, profile and OpenAPI location")
def info() -> ApiInfo:
    """About this API."""
    return ApiInfo(version=hsds.HSDS_VERSION, profile="https://docs.openreferral.org/en/latest/hsds/",
                   openapi_url="/openapi.json")


@router.get("/services", response_model=Page[dict[str, Any]], summary="HSDS services (public ones)")
def services(session: SessionDep, page: PageDep, search: Search = None, taxonomy_term_id: TermId = None,
             taxonomy_id: TaxonomyId = None, organization_id: OrganizationId = None,
             modified_after: ModifiedAfter = None,
             minimal: Annotated[bool, Query(description="Only id and last_modified")] = False,
             full: Full = False) -> Page[dict[str, Any]]:
    """List services."""
    return hsds.list_services(session, page=page, full=full, minimal=minimal, search=search,
                              taxonomy_term_id=_str(taxonomy_term_id), taxonomy_id=_str(taxonomy_id),
                              organization_id=_str(organization_id), modified_after=modified_after)


@router.get("/services/{service_id}", response_model=dict[str, Any], summary="One HSDS service, fully nested")
def service(session: SessionDep, service_id: Annotated[UUID, Path()]) -> dict[str, Any]:
    """One service."""
    return hsds.get_service(session, service_id=str(service_id))


@router.get("/organizations", response_model=Page[dict[str, Any]], summary="HSDS organizations")
def organizations(session: SessionDep, page: PageDep, search: Search = None) -> Page[dict[str, Any]]:
    """List organisations."""
    return hsds.list_organizations(session, page=page, search=search)


@router.get("/organizations/{organization_id}", response_model=dict[str, Any], summary="One HSDS organization")
def organization(session: SessionDep, organization_id: Annotated[UUID, Path()], full: Full = True) -> dict[str, Any]:
    """One organisation."""
    return hsds.get_organization(session, organization_id=str(organization_id), full=full)


@router.get("/service_at_locations", response_model=Page[dict[str, Any]],
            summary="Where services are delivered; postcode + proximity (metres) for nearby ones, nearest first")
def service_at_locations(
    session: SessionDep, page: PageDep, search: Search = None,
    postcode: Annotated[str | None, Query(pattern=r"^\s*[1-9]\d{3}\s*([A-Za-z]{2})?\s*$",
                                          description="Dutch postcode (PC4 or PC6)")] = None,
    proximity: Annotated[int | None, Query(ge=1, le=300_000, description="Metres around the postcode")] = None,
    organization_id: OrganizationId = None, taxonomy_term_id: TermId = None, full: Full = False,
) -> Page[dict[str, Any]]:
    """List service_at_locations."""
    return hsds.list_service_at_locations(session, page=page, search=search, postcode=postcode, proximity=proximity,
                                          organization_id=_str(organization_id),
                                          taxonomy_term_id=_str(taxonomy_term_id))


@router.get("/service_at_locations/{link_id}", response_model=dict[str, Any], summary="One service_at_location")
def service_at_location(session: SessionDep, link_id: Annotated[UUID, Path()]) -> dict[str, Any]:
    """One service_at_location."""
    return hsds.get_service_at_location(session, link_id=str(link_id))


@router.get("/taxonomies", response_model=Page[dict[str, Any]], summary="HSDS taxonomies")
def taxonomies(session: SessionDep, page: PageDep, search: Search = None) -> Page[dict[str, Any]]:
    """List taxonomies."""
    return hsds.list_taxonomies(session, page=page, search=search)


@router.get("/taxonomies/{taxonomy_id}", response_model=dict[str, Any], summary="One taxonomy")
def taxonomy(session: SessionDep, taxonomy_id: Annotated[UUID, Path()]) -> dict[str, Any]:
    """One taxonomy."""
    return hsds.get_taxonomy(session, taxonomy_id=str(taxonomy_id))


@router.get("/taxonomy_terms", response_model=Page[dict[str, Any]], summary="HSDS taxonomy terms")
def taxonomy_terms(session: SessionDep, page: PageDep, search: Search = None, taxonomy_id: TaxonomyId = None,
                   top_only: Annotated[bool, Query(description="Only terms without a parent")] = False,
                   parent_id: Annotated[UUID | None, Query(description="Children of this term")] = None,
                   ) -> Page[dict[str, Any]]:
    """List terms."""
    return hsds.list_terms(session, page=page, search=search, taxonomy_id=_str(taxonomy_id), top_only=top_only,
                           parent_id=_str(parent_id))


@router.get("/taxonomy_terms/{term_id}", response_model=dict[str, Any], summary="One taxonomy term")
def taxonomy_term(session: SessionDep, term_id: Annotated[UUID, Path()]) -> dict[str, Any]:
    """One term."""
    return hsds.get_term(session, term_id=str(term_id))
