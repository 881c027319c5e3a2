"""Public read endpoints under /v1. Routes translate HTTP only: one service call each."""

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import PlainTextResponse, Response

from api.db import SessionDep
from api.directory import service as directory
from api.listings.schemas import ServiceDetail
from api.directory.schemas import (
    OrganizationDetail,
    OrganizationSummary,
    RegionDetail,
    RegionSummary,
    ServicePage,
    TermPublic,
)
from api.errors import ERROR_RESPONSES, RATE_LIMITED
from api.models.region import REGION_KINDS
from api.pagination import Page, PageDep
from api.ratelimit import limiter, read_limited
from api.search.params import SearchParamsDep
from api.settings import get_settings
from api.web.headers import check_not_modified

router = APIRouter(prefix="/v1", responses=ERROR_RESPONSES, dependencies=[Depends(check_not_modified)])

Lang = Annotated[Literal["nl", "en"], Query(description="Language of names and descriptions")]

SEARCH_EXAMPLE = "/v1/services?age=16&gender=male&region=GM0193"
# Public reads without a limit of their own share one per-client counter (READ_RATE_LIMIT).
READ_LIMITED = {"dependencies": [Depends(read_limited)], "responses": RATE_LIMITED}


@router.get(
    "/services",
    response_model=ServicePage,
    responses=RATE_LIMITED,
    tags=["search"],
    summary="Search services",
    description=(
        "Find published, active services. Filters combine with AND; repeating a filter "
        "(`service_type=chat&service_type=helpline`) combines its values with OR. "
        "`age=N` keeps services whose age range includes N (edges inclusive, open ends unbounded). "
        "`gender=male` keeps services for everyone and for boys/men. `region=CODE` keeps services whose "
        "service area covers the region, a region around it (province, NL) or a region inside it, or that have "
        "a location in it. Near a place: give `postcode` (8011 or 8011 AB), `near` (a place name) or `lat`+`lon`, "
        "resolved offline (nothing leaves the server). Services with a location within `radius_km` come first, "
        "nearest first, with `distance_km`; then services whose area covers that municipality (national "
        "phone and chat services too). `distance_km` is the geodesic distance to a service's nearest location, "
        "null for services without one. `interpreted_location` says where we searched. "
        f"Each item says in `match_reasons` why it matched. Example: `{SEARCH_EXAMPLE}`."
    ),
)
@limiter.limit(lambda: get_settings().search_rate_limit)
def search_services(request: Request, session: SessionDep, params: SearchParamsDep) -> Response:
    """Search services."""
    return Response(directory.find_services(session, params=params), media_type="application/json")


@router.get(
    "/services.csv", tags=["search"], summary="Search results as CSV (for sharing a referral list)",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/csv": {}}, "description": "One row per service; same filters as /v1/services"},
               **RATE_LIMITED},
    description="Same filters and order as `GET /v1/services`, every match (up to 5000) in one CSV file: name, "
                "organisation, ages, genders, types, phones (free/paid), other channels, areas, public addresses, "
                "flags, last verified date. Confidential addresses are never included.",
)
@limiter.limit(lambda: get_settings().export_rate_limit)
def search_services_csv(request: Request, session: SessionDep, params: SearchParamsDep) -> PlainTextResponse:
    """Search results as CSV."""
    return PlainTextResponse(directory.services_csv(session, params=params), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="helpfinder-services.csv"'})


@router.get("/services/{service_id}", response_model=ServiceDetail, **READ_LIMITED, tags=["directory"],
            summary="One service in full", description="Eligibility, how to apply, channels and opening hours.")
def get_service(session: SessionDep, service_id: Annotated[UUID, Path(description="Service id")],
                lang: Lang = "nl") -> ServiceDetail:
    """One service."""
    return directory.get_service(session, service_id=str(service_id), lang=lang)


@router.get("/organizations", response_model=Page[OrganizationSummary], **READ_LIMITED, tags=["directory"],
            summary="Organisations with public services")
def list_organizations(
    session: SessionDep, page: PageDep,
    q: Annotated[str | None, Query(max_length=200, description="Part of the name")] = None,
    lang: Lang = "nl",
) -> Page[OrganizationSummary]:
    """Organisations."""
    return directory.list_organizations(session, q=q, lang=lang, page=page)


@router.get("/organizations/{organization_id}", response_model=OrganizationDetail, **READ_LIMITED, tags=["directory"],
            summary="One organisation with its services")
def get_organization(session: SessionDep, organization_id: Annotated[UUID, Path(description="Organisation id")],
                     lang: Lang = "nl") -> OrganizationDetail:
    """One organisation."""
    return directory.get_organization(session, organization_id=str(organization_id), lang=lang)


@router.get("/taxonomy_terms", response_model=Page[TermPublic], **READ_LIMITED, tags=["vocabulary"],
            summary="Vocabulary: service types, audiences, situations, genders")
def list_terms(
    session: SessionDep, page: PageDep,
    taxonomy: Annotated[str | None, Query(max_length=40, description="service_type, audience, situation or gender")] = None,
    lang: Lang = "nl",
) -> Page[TermPublic]:
    """Vocabulary terms."""
    return directory.list_terms(session, taxonomy=taxonomy, lang=lang, page=page)


@router.get("/regions", response_model=Page[RegionSummary], **READ_LIMITED, tags=["regions"],
            summary="Regions: NL, provinces, municipalities, groups")
def list_regions(
    session: SessionDep, page: PageDep,
    kind: Annotated[Literal[REGION_KINDS] | None, Query()] = None,  # type: ignore[valid-type]
    q: Annotated[str | None, Query(max_length=100, description="Part of the name; accents ignored")] = None,
    lang: Lang = "nl",
) -> Page[RegionSummary]:
    """Regions."""
    return directory.list_regions(session, kind=kind, q=q, lang=lang, page=page)


@router.get("/regions/{code}", response_model=RegionDetail, **READ_LIMITED, tags=["regions"],
            summary="One region with its parents and children")
def get_region(session: SessionDep, code: Annotated[str, Path(max_length=16, pattern=r"^[A-Za-z0-9]+$")],
               lang: Lang = "nl") -> RegionDetail:
    """One region."""
    return directory.get_region(session, code=code, lang=lang)
