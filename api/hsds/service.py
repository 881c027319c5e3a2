"""Use cases of the HSDS 3.0 read face: only public listings, confidential rule as everywhere."""

from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy.orm import joinedload, selectinload
from sqlmodel import Session, select

from api.listings.vocabulary import Vocabulary, load_vocabulary
from api.errors import InvalidParameter, NotFound
from api.geo.gazetteer import get_gazetteer
from api.hsds.serializers import hsds_location, hsds_organization, hsds_service, hsds_taxonomy, hsds_term
from api.models import (
    Attribute,
    Location,
    Organization,
    SearchEntry,
    SearchLink,
    SearchTerm,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
    as_utc,
)
from api.pagination import Page, PageParams, make_page
from api.search.proximity import bounding_box, nearest_first
from api.search.query import organizations_with_public_services, text_match, with_public_services
from api.listings.visibility import publicly_listed, with_listing_parts

HSDS_VERSION = "3.0"


def _organization_parts():  # type: ignore[no-untyped-def]
    """Eager-load what `hsds_organization` reads."""
    return (selectinload(Organization.translations),)


def _location_parts():  # type: ignore[no-untyped-def]
    """Eager-load, in the location's own query, what `hsds_location` reads."""
    return (joinedload(Location.address), joinedload(Location.municipality))


def _service_parts():  # type: ignore[no-untyped-def]
    """Eager-load everything a full `hsds_service` reads: what a listing shows, plus the organisation's translations.

    The serializer sorts each list it builds by id, so how the parts are loaded does not change
    the output's order.
    """
    return (*with_listing_parts(), joinedload(Service.organization).selectinload(Organization.translations))


def _service_filters(*, search: str | None, taxonomy_term_id: str | None, taxonomy_id: str | None,
                     organization_id: str | None, modified_after: datetime | None) -> list:
    """WHERE conditions of /hsds/services beyond being public (the join with search_entry decides that)."""
    conditions = []
    if search:
        conditions.append(text_match(search))
    if taxonomy_term_id:
        conditions.append(Service.id.in_(select(Attribute.service_id).where(
            Attribute.taxonomy_term_id == taxonomy_term_id)))
    if taxonomy_id:
        conditions.append(Service.id.in_(select(Attribute.service_id).join(TaxonomyTerm).where(
            TaxonomyTerm.taxonomy_id == taxonomy_id)))
    if organization_id:
        conditions.append(Service.organization_id == organization_id)
    if modified_after:
        conditions.append(Service.updated_at >= as_utc(modified_after))
    return conditions


def _link_ids(session: Session, service_ids: list[str]) -> dict[tuple[str, str], str]:
    """service_at_location ids by (service, location)."""
    rows = session.exec(select(ServiceAtLocation).where(ServiceAtLocation.service_id.in_(service_ids))).all()
    return {(row.service_id, row.location_id): row.id for row in rows}


def list_services(session: Session, *, page: PageParams, full: bool, minimal: bool, **filters: Any) -> Page[dict]:
    """A page of public services (one-to-one fields; nested with full; id + last_modified with minimal)."""
    conditions = _service_filters(**filters)
    # search_entry holds exactly the public services, with lower(name) as sort_name: the page walks
    # ix_search_entry_sort_name and stops after per_page rows; without filters the count is the entry count.
    public = select(Service).join(SearchEntry, SearchEntry.service_id == Service.id)
    count = select(func.count()).select_from(SearchEntry)
    if conditions:
        count = count.join(Service, Service.id == SearchEntry.service_id).where(*conditions)
    total = session.exec(count).one()
    statement = (public.where(*conditions).order_by(SearchEntry.sort_name, SearchEntry.service_id)
                 .offset(page.offset).limit(page.per_page))
    if full:
        statement = statement.options(*_service_parts())
    services = session.exec(statement).all()
    if minimal:
        items = [{"id": s.id, "last_modified": s.updated_at.isoformat()} for s in services]
    else:
        vocabulary = load_vocabulary(session)
        links = _link_ids(session, [s.id for s in services]) if full else {}
        items = [hsds_service(s, vocabulary=vocabulary, full=full, link_ids=links) for s in services]
    return make_page(items=items, total=total, params=page)


def get_service(session: Session, *, service_id: str) -> dict:
    """One public service, fully nested."""
    service = session.exec(select(Service).where(Service.id == service_id, publicly_listed())
                           .options(*_service_parts())).first()
    if service is None:
        raise NotFound(f"service {service_id} not found")
    return hsds_service(service, vocabulary=load_vocabulary(session), link_ids=_link_ids(session, [service_id]))


def list_organizations(session: Session, *, page: PageParams, search: str | None) -> Page[dict]:
    """A page of organisations with public services."""
    total, rows = organizations_with_public_services(session, name_contains=search, live_only=True,
                                                     offset=page.offset, limit=page.per_page)
    return make_page(items=[hsds_organization(o) for o in rows], total=total, params=page)


def get_organization(session: Session, *, organization_id: str, full: bool) -> dict:
    """One organisation; with full, its public locations too."""
    organization = session.exec(select(Organization).where(Organization.id == organization_id,
                                                           with_public_services(),
                                                           Organization.archived_at.is_(None))
                                .options(*_organization_parts())).first()
    if organization is None:
        raise NotFound(f"organization {organization_id} not found")
    data = hsds_organization(organization)
    if full:
        vocabulary = load_vocabulary(session)
        # Address and municipality come in one query each; a join here could change the order
        # the locations are listed in, which this query has always left to the database.
        locations = session.exec(select(Location).where(Location.organization_id == organization_id,
                                                        Location.archived_at.is_(None))
                                 .options(selectinload(Location.address), selectinload(Location.municipality))).all()
        if locations:
            data["locations"] = [hsds_location(loc, vocabulary=vocabulary) for loc in locations]
    return data


def _live_links(*columns, conditions: list):  # type: ignore[no-untyped-def]
    """SELECT columns FROM search_link (public services at live locations), joined to the entry when filtered."""
    statement = select(*columns).select_from(SearchLink)
    if conditions:
        statement = statement.join(SearchEntry, SearchEntry.key == SearchLink.key).where(*conditions)
    return statement


def _link_conditions(*, search: str | None = None, organization_id: str | None = None,
                     taxonomy_term_id: str | None = None) -> list:
    """WHERE conditions on the search entry of each link, from the filters."""
    conditions = []
    if search:
        conditions.append(text_match(search))
    if organization_id:
        conditions.append(SearchEntry.organization_id == organization_id)
    if taxonomy_term_id:
        conditions.append(SearchEntry.key.in_(select(SearchTerm.key).where(SearchTerm.term_id == taxonomy_term_id)))
    return conditions


def _links_nearest_first(session: Session, *, conditions: list, postcode: str, proximity: int | None,
                         page: PageParams) -> tuple[int, list[str]]:
    """How many links lie within `proximity` metres of the postcode, and the page's ids by distance, then id.

    A bounding box narrows the candidates in SQL; their distances are ranked from id and
    coordinates only (geodesic where it decides), so full rows load just for the page shown.
    """
    entry = get_gazetteer().postcode(postcode)
    if entry is None:
        raise InvalidParameter(field="postcode", problem=f"postcode {postcode} not found")
    origin = (entry.latitude, entry.longitude)
    radius_km = (proximity or 25_000) / 1000
    south, north, west, east = bounding_box(latitude=origin[0], longitude=origin[1], radius_km=radius_km)
    candidates = session.exec(
        _live_links(SearchLink.link_id, SearchLink.latitude, SearchLink.longitude, conditions=conditions)
        .where(SearchLink.latitude.between(south, north), SearchLink.longitude.between(west, east))
    ).all()
    return nearest_first(origin, list(candidates), radius_km=radius_km, offset=page.offset, limit=page.per_page)


def _load_links(session: Session, link_ids: list[str]) -> list[tuple[ServiceAtLocation, Location]]:
    """The links with their locations (address and municipality joined), in the order of link_ids."""
    if not link_ids:
        return []
    rows = session.exec(select(ServiceAtLocation, Location).join(Location, Location.id == ServiceAtLocation.location_id)
                        .where(ServiceAtLocation.id.in_(link_ids)).options(*_location_parts())).all()
    loaded = {link.id: (link, location) for link, location in rows}
    return [loaded[link_id] for link_id in link_ids]


def _link_item(link: ServiceAtLocation, location: Location, *, vocabulary: Vocabulary) -> dict:
    """HSDS service_at_location with its location."""
    return {"id": link.id, "service_id": link.service_id, "location_id": link.location_id,
            "location": hsds_location(location, vocabulary=vocabulary)}


def list_service_at_locations(session: Session, *, page: PageParams, search: str | None, postcode: str | None,
                              proximity: int | None, organization_id: str | None,
                              taxonomy_term_id: str | None) -> Page[dict]:
    """Where public services are delivered, by id; with postcode (+ proximity in metres) nearest first."""
    if proximity is not None and postcode is None:
        raise InvalidParameter(field="proximity", problem="proximity needs a postcode to measure from")
    conditions = _link_conditions(search=search, organization_id=organization_id, taxonomy_term_id=taxonomy_term_id)
    if postcode is None:
        total = session.exec(_live_links(func.count(), conditions=conditions)).one()
        rows = session.exec(_live_links(ServiceAtLocation, Location, conditions=conditions)
                            .join(ServiceAtLocation, ServiceAtLocation.id == SearchLink.link_id)
                            .join(Location, Location.id == ServiceAtLocation.location_id)
                            .order_by(SearchLink.link_id).offset(page.offset).limit(page.per_page)
                            .options(*_location_parts())).all()
    else:
        total, page_ids = _links_nearest_first(session, conditions=conditions, postcode=postcode,
                                               proximity=proximity, page=page)
        rows = _load_links(session, page_ids)
    vocabulary = load_vocabulary(session)
    items = [_link_item(link, location, vocabulary=vocabulary) for link, location in rows]
    return make_page(items=items, total=total, params=page)


def get_service_at_location(session: Session, *, link_id: str) -> dict:
    """One service_at_location with its location and service."""
    if session.get(SearchLink, link_id) is None:
        raise NotFound(f"service_at_location {link_id} not found")
    link, location = _load_links(session, [link_id])[0]
    return _link_item(link, location, vocabulary=load_vocabulary(session))


def list_taxonomies(session: Session, *, page: PageParams, search: str | None) -> Page[dict]:
    """Taxonomies."""
    rows = session.exec(select(Taxonomy).order_by(Taxonomy.code)).all()
    if search:
        rows = [t for t in rows if search.lower() in t.code.lower() or search.lower() in t.name.lower()]
    return make_page(items=[hsds_taxonomy(t) for t in rows[page.offset:page.offset + page.per_page]],
                     total=len(rows), params=page)


def get_taxonomy(session: Session, *, taxonomy_id: str) -> dict:
    """One taxonomy."""
    taxonomy = session.get(Taxonomy, taxonomy_id)
    if taxonomy is None:
        raise NotFound(f"taxonomy {taxonomy_id} not found")
    return hsds_taxonomy(taxonomy)


def list_terms(session: Session, *, page: PageParams, search: str | None, taxonomy_id: str | None,
               top_only: bool, parent_id: str | None) -> Page[dict]:
    """Taxonomy terms with the HSDS filters."""
    statement = select(TaxonomyTerm, Taxonomy).join(Taxonomy)
    if taxonomy_id:
        statement = statement.where(TaxonomyTerm.taxonomy_id == taxonomy_id)
    if top_only:
        statement = statement.where(TaxonomyTerm.parent_id.is_(None))
    if parent_id:
        statement = statement.where(TaxonomyTerm.parent_id == parent_id)
    rows = session.exec(statement.order_by(Taxonomy.code, TaxonomyTerm.code)).all()
    if search:
        needle = search.lower()
        rows = [(t, tax) for t, tax in rows if needle in t.code.lower() or needle in (t.name_en or "").lower()
                or needle in t.name.lower()]
    items = [hsds_term(t, taxonomy=tax) for t, tax in rows[page.offset:page.offset + page.per_page]]
    return make_page(items=items, total=len(rows), params=page)


def get_term(session: Session, *, term_id: str) -> dict:
    """One taxonomy term."""
    term = session.get(TaxonomyTerm, term_id)
    if term is None:
        raise NotFound(f"taxonomy_term {term_id} not found")
    return hsds_term(term, taxonomy=session.get(Taxonomy, term.taxonomy_id))
