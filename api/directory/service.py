"""Use cases of the public read API: each route calls exactly one of these."""

from sqlmodel import Session

from api.directory import repository
from api.listings.present import region_name, service_detail, service_summary
from api.listings.schemas import RegionRef, ServiceDetail
from api.directory.schemas import (
    InterpretedLocation,
    InterpretedQuery,
    UnderstoodSituation,
    OrganizationDetail,
    OrganizationSummary,
    RegionDetail,
    RegionSummary,
    ServicePage,
    TermPublic,
)
from api.listings.vocabulary import load_vocabulary
from api.listings.flat_csv import flat_csv
from api.errors import InvalidParameter, NotFound
from api.geo.regions import ancestors
from api.models import Organization, Region
from api.pagination import Page, PageParams, make_page, page_json
from api.search.params import ServiceSearchParams
from api.search import reference
from api.search.cards import cards_for, csv_lines_for
from api.search.proximity import SearchPoint, distance_from, ids_near, interpret, resolve_point
from api.search.query import ResolvedFilters, ids_matching, organizations_with_public_services, resolve_filters
from api.stats import count_search
from api.search.reasons import match_reasons


def _understood(resolved: ResolvedFilters, *, lang: str) -> InterpretedQuery | None:
    """What `q` was taken to mean, with situation names in the requested language."""
    query = resolved.query
    if query is None:
        return None
    situations = []
    for code, phrases in query.situations.items():
        term = resolved.vocabulary.by_code("situation", code)
        if term is not None:
            situations.append(UnderstoodSituation(code=code, name=term.label(lang), phrases=phrases))
    return InterpretedQuery(words=query.words, ignored_words=query.ignored, situations=situations)


def _interpreted(point: SearchPoint, *, lang: str) -> InterpretedLocation:
    """The search point as shown to the user."""
    return InterpretedLocation(
        query=point.query, kind=point.kind, latitude=point.latitude, longitude=point.longitude,
        municipality=point.municipality.name, municipality_code=point.municipality.code,
        province=region_name(point.province, lang) if point.province else None,
        province_code=point.province.code if point.province else None,
    )


def _province_of(resolved: ResolvedFilters, point: SearchPoint | None) -> str | None:
    """The province a search was about, for aggregate counts only."""
    if point is not None:
        return point.province.code if point.province else None
    region = resolved.region
    if region is None:
        return None
    if region.kind == "province":
        return region.code
    return region.parent_code if region.kind == "municipality" else None


def find_services(session: Session, *, params: ServiceSearchParams) -> str:
    """Search public services with the given filters: one page, each with its match reasons, as ServicePage JSON.

    The page's results come from their stored cards (api.search.cards) in one query; only the
    reasons and distances, which depend on the search, are computed here.
    """
    resolved = resolve_filters(session, params=params)
    point = resolve_point(session, params=params)
    if point is None:
        total, ids = ids_matching(session, resolved=resolved, offset=params.offset, limit=params.per_page)
    else:
        total, ids = ids_near(session, resolved=resolved, point=point, offset=params.offset, limit=params.per_page)
    cards = cards_for(session, ids, lang=params.lang)
    vocabulary = resolved.vocabulary
    # Reasons name the region asked for, or else the municipality of the point.
    reason_region = resolved.region or (point.municipality if point else None)
    overlapping: set[str] = set()
    if reason_region is not None:
        codes = {area.code for card in cards for area in card.facts.areas}
        codes |= {code for card in cards for code, _ in card.facts.located if code}
        overlapping = codes & set(reference.region_scope(session, region_code=reason_region.code).overlapping)
    items = []
    for card in cards:
        distance = distance_from(point, card.facts.points) if point else None
        reasons = match_reasons(card.facts, params=params, vocabulary=vocabulary, region=reason_region,
                                overlapping=overlapping, distance_km=distance,
                                radius_km=params.radius_km if point else None)
        items.append(card.result_json(reasons=reasons, distance_km=distance))
    count_search(total=total, service_types=params.service_type, province_code=_province_of(resolved, point))
    envelope = make_page(items=items, total=total, params=params)
    return page_json(ServicePage(**dict(envelope, contents=[]),
                                 interpreted_location=_interpreted(point, lang=params.lang) if point else None,
                                 interpreted_query=_understood(resolved, lang=params.lang)),
                     contents=items)


def get_service(session: Session, *, service_id: str, lang: str) -> ServiceDetail:
    """One public service in full, or 404."""
    service = repository.public_service(session, service_id=service_id)
    if service is None:
        raise NotFound(f"service {service_id} not found")
    return service_detail(service, lang=lang, vocabulary=reference.vocabulary(session))


def _organization_summary(organization: Organization, *, lang: str) -> OrganizationSummary:
    """An organisation with its description in the requested language."""
    description = organization.description
    for translation in organization.translations:
        if translation.language == lang and translation.description:
            description = translation.description
    return OrganizationSummary(id=organization.id, name=organization.name, description=description,
                               website=organization.website, source_url=organization.source_url)


def list_organizations(session: Session, *, q: str | None, lang: str, page: PageParams) -> Page[OrganizationSummary]:
    """Organisations with public services."""
    total, rows = organizations_with_public_services(session, name_contains=q, live_only=False,
                                                     offset=page.offset, limit=page.per_page)
    return make_page(items=[_organization_summary(o, lang=lang) for o in rows], total=total, params=page)


def get_organization(session: Session, *, organization_id: str, lang: str) -> OrganizationDetail:
    """One organisation with its public services, or 404."""
    organization = repository.public_organization(session, organization_id=organization_id)
    if organization is None:
        raise NotFound(f"organization {organization_id} not found")
    vocabulary = load_vocabulary(session)
    services = [service_summary(s, lang=lang, vocabulary=vocabulary)
                for s in repository.services_of(session, organization_id=organization_id)]
    return OrganizationDetail(**_organization_summary(organization, lang=lang).model_dump(), services=services)


def list_terms(session: Session, *, taxonomy: str | None, lang: str, page: PageParams) -> Page[TermPublic]:
    """Vocabulary terms, optionally of one taxonomy; 422 for an unknown taxonomy."""
    if taxonomy is not None and taxonomy not in repository.taxonomy_codes(session):
        raise InvalidParameter(field="taxonomy", problem=f"unknown taxonomy '{taxonomy}'")
    rows = repository.terms(session, taxonomy=taxonomy)
    items = [
        TermPublic(id=term.id, code=term.code, taxonomy=code,
                   name=(term.name_en or term.name) if lang == "en" else term.name,
                   description=(term.description_en or term.description) if lang == "en" else term.description)
        for term, code in rows
    ]
    return make_page(items=items[page.offset:page.offset + page.per_page], total=len(items), params=page)


def _region_summary(region: Region, lang: str) -> RegionSummary:
    """A region for lists."""
    return RegionSummary(code=region.code, name=region_name(region, lang), kind=region.kind,
                         parent_code=region.parent_code, latitude=region.latitude, longitude=region.longitude)


def list_regions(session: Session, *, kind: str | None, q: str | None, lang: str, page: PageParams) -> Page[RegionSummary]:
    """Regions by kind and name."""
    total, rows = repository.regions(session, kind=kind, q=q, offset=page.offset, limit=page.per_page)
    return make_page(items=[_region_summary(r, lang) for r in rows], total=total, params=page)


def get_region(session: Session, *, code: str, lang: str) -> RegionDetail:
    """A region with parent chain, children and groups, or 404."""
    region = session.get(Region, code.upper())
    if region is None:
        raise NotFound(f"region {code} not found")

    def ref(r: Region) -> RegionRef:
        return RegionRef(code=r.code, name=region_name(r, lang), kind=r.kind)

    return RegionDetail(
        **_region_summary(region, lang).model_dump(),
        parents=[ref(r) for r in ancestors(session, region=region)],
        children=[ref(r) for r in repository.children(session, region=region)],
        groups=[ref(r) for r in repository.groups_containing(session, region=region)] if region.kind != "country" else [],
    )


def geocode(session: Session, *, query: str, lang: str) -> InterpretedLocation:
    """Interpret a postcode, place or point offline; 422 when unknown."""
    return _interpreted(interpret(session, query=query.strip()), lang=lang)


CSV_LIMIT = 5000
CSV_BATCH = 500


def services_csv(session: Session, *, params: ServiceSearchParams) -> str:
    """Every service matching a search (same filters and order), as a flat CSV for sharing a referral list.

    One query ranks up to CSV_LIMIT ids; their records, stored with their search cards (rendered
    from the summaries a search shows), are then read 500 at a time, one query each.
    """
    resolved = resolve_filters(session, params=params)
    point = resolve_point(session, params=params)
    if point is None:
        _, ids = ids_matching(session, resolved=resolved, offset=0, limit=CSV_LIMIT)
    else:
        _, ids = ids_near(session, resolved=resolved, point=point, offset=0, limit=CSV_LIMIT)
    return flat_csv(line for start in range(0, len(ids), CSV_BATCH)
                    for line in csv_lines_for(session, ids[start:start + CSV_BATCH], lang=params.lang))
