"""Search as SQL: every filter becomes an indexed condition, the same on SQLite and PostgreSQL."""

from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, false, func, or_
from sqlalchemy import select as sa_select
from sqlalchemy.orm import selectinload
from sqlmodel import Session, select

from api.directory.vocabulary import Vocabulary, load_vocabulary
from api.errors import InvalidParameter
from api.models import (
    Attribute,
    ContactChannel,
    Language,
    Location,
    Phone,
    Region,
    RegionMunicipality,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from api.search.params import FLAGS, TERM_FILTERS, ServiceSearchParams
from api.text import search_tokens


@dataclass
class ResolvedFilters:
    """Search parameters checked against the database: codes turned into ids."""

    params: ServiceSearchParams
    vocabulary: Vocabulary
    region: Region | None = None
    term_ids: dict[str, list[str]] = field(default_factory=dict)
    gender_term_ids: dict[str, str] = field(default_factory=dict)


def resolve_filters(session: Session, *, params: ServiceSearchParams) -> ResolvedFilters:
    """Check region and term codes exist; raise a 422 naming the parameter otherwise."""
    resolved = ResolvedFilters(params=params, vocabulary=load_vocabulary(session))
    if params.region is not None:
        resolved.region = session.get(Region, params.region.upper())
        if resolved.region is None:
            raise InvalidParameter(field="region", problem=f"unknown region code '{params.region}'")
    for name, taxonomy in TERM_FILTERS.items():
        codes = getattr(params, name)
        if not codes:
            continue
        known = resolved.vocabulary.ids(taxonomy)
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise InvalidParameter(field=name, problem=f"unknown {taxonomy} code '{unknown[0]}'")
        resolved.term_ids[name] = [known[code] for code in codes]
    resolved.gender_term_ids = resolved.vocabulary.ids("gender")
    return resolved


def _services_with(statement) -> ColumnElement[bool]:  # type: ignore[no-untyped-def]
    """Service.id IN (uncorrelated subquery): evaluated once, then an index lookup per row."""
    return Service.id.in_(statement)


def _has_term(term_ids: list[str]) -> ColumnElement[bool]:
    """The service carries at least one of these terms."""
    return _services_with(sa_select(Attribute.service_id).where(Attribute.taxonomy_term_id.in_(term_ids)))


def eligible_for_gender(*, gender: str, gender_term_ids: dict[str, str]) -> ColumnElement[bool]:
    """No gender restriction at all, or the gender is among those served."""
    restricted = sa_select(Attribute.service_id).where(Attribute.taxonomy_term_id.in_(list(gender_term_ids.values())))
    unrestricted = Service.id.not_in(restricted)
    wanted = gender_term_ids.get(gender)
    return or_(unrestricted, _has_term([wanted])) if wanted else unrestricted


def overlaps_ages(*, minimum_age: int, maximum_age: int) -> ColumnElement[bool]:
    """The service's age range shares a year with [minimum_age, maximum_age]; edges inclusive, open bounds open."""
    return and_(
        or_(Service.minimum_age.is_(None), Service.minimum_age <= maximum_age),
        or_(Service.maximum_age.is_(None), Service.maximum_age >= minimum_age),
    )


def eligible_for_age(age: int) -> ColumnElement[bool]:
    """The service's age range includes this age."""
    return overlaps_ages(minimum_age=age, maximum_age=age)


def region_municipalities(region_code: str):  # type: ignore[no-untyped-def]
    """Subquery: the municipality codes that make up a region."""
    return sa_select(RegionMunicipality.municipality_code).where(RegionMunicipality.region_code == region_code)


def overlapping_regions(region_code: str):  # type: ignore[no-untyped-def]
    """Subquery: every region sharing a municipality with this one (itself, around it, inside it)."""
    return sa_select(RegionMunicipality.region_code).where(
        RegionMunicipality.municipality_code.in_(region_municipalities(region_code))
    )


def serving_region(region_code: str) -> ColumnElement[bool]:
    """A service area shares a municipality with the region, or a location lies in it.

    This one rule covers: the region itself, any region around it (province, NL, a
    group containing it) and any region inside it.
    """
    area_overlaps = _services_with(
        sa_select(ServiceArea.service_id).where(ServiceArea.region_code.in_(overlapping_regions(region_code)))
    )
    located_in = _services_with(
        sa_select(ServiceAtLocation.service_id)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(Location.municipality_code.in_(region_municipalities(region_code)), Location.archived_at.is_(None))
    )
    return or_(area_overlaps, located_in)


def reachable_by(channels: list[str]) -> ColumnElement[bool]:
    """The service has at least one of these contact channels."""
    conditions = []
    if "phone" in channels:
        conditions.append(_services_with(sa_select(Phone.service_id)))
    others = [c for c in channels if c != "phone"]
    if others:
        conditions.append(_services_with(sa_select(ContactChannel.service_id).where(ContactChannel.type.in_(others))))
    return or_(*conditions) if conditions else false()


def keyword_match(query: str) -> ColumnElement[bool]:
    """Every word occurs in the folded search text."""
    conditions = []
    for token in search_tokens(query):
        escaped = token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(Service.search_text.like(f"%{escaped}%", escape="\\"))
    return and_(*conditions) if conditions else false()


def publicly_listed() -> ColumnElement[bool]:
    """Only active, published services are public."""
    return and_(Service.publication == "published", Service.status == "active")


def build_conditions(resolved: ResolvedFilters) -> list[ColumnElement[bool]]:
    """All WHERE conditions for a search."""
    params = resolved.params
    conditions = [publicly_listed()]
    if params.q is not None:
        conditions.append(keyword_match(params.q))
    if params.age is not None:
        conditions.append(eligible_for_age(params.age))
    if params.gender is not None:
        conditions.append(eligible_for_gender(gender=params.gender, gender_term_ids=resolved.gender_term_ids))
    if resolved.region is not None:
        conditions.append(serving_region(resolved.region.code))
    for term_ids in resolved.term_ids.values():
        conditions.append(_has_term(term_ids))
    if params.language:
        conditions.append(_services_with(sa_select(Language.service_id).where(Language.code.in_(params.language))))
    if params.channel:
        conditions.append(reachable_by(params.channel))
    for flag in FLAGS:
        value = getattr(params, flag)
        if value is not None:
            conditions.append(getattr(Service, flag).is_(value))
    if params.organization_id is not None:
        conditions.append(Service.organization_id == str(params.organization_id))
    return conditions


def is_national() -> ColumnElement[bool]:
    """The service covers the whole country."""
    return _services_with(sa_select(ServiceArea.service_id).where(ServiceArea.region_code == "NL"))


def ordering(resolved: ResolvedFilters, *, local_first: bool = False) -> list:  # type: ignore[type-arg]
    """ORDER BY for the chosen sort; always ends on id so pages are stable.

    relevance: services made for the asked gender first (a boys-and-men service before a
    general one); with a region or place, regional services before national ones;
    without one, national 24/7 services first.
    """
    params = resolved.params
    if params.effective_sort == "name":
        return [func.lower(Service.name), Service.id]
    keys = []
    wanted = resolved.gender_term_ids.get(params.gender or "")
    if wanted:
        keys.append(_has_term([wanted]).desc())
    if local_first or resolved.region is not None:
        keys.append(is_national().asc())
        keys.append(Service.crisis_24_7.desc())
    else:
        keys += [Service.crisis_24_7.desc(), is_national().desc()]
    return keys + [func.lower(Service.name), Service.id]


def with_listing_parts():  # type: ignore[no-untyped-def]
    """Eager-load everything a listing shows, in a few batched queries."""
    return (
        selectinload(Service.organization),
        selectinload(Service.translations),
        selectinload(Service.attributes),
        selectinload(Service.service_areas),
        selectinload(Service.phones).selectinload(Phone.schedules),
        selectinload(Service.channels).selectinload(ContactChannel.schedules),
        selectinload(Service.languages),
        selectinload(Service.schedules),
        selectinload(Service.locations).selectinload(Location.address),
        selectinload(Service.locations).selectinload(Location.municipality),
    )


def search_services(session: Session, *, resolved: ResolvedFilters) -> tuple[int, list[Service]]:
    """Count all matches and load one page of them."""
    conditions = build_conditions(resolved)
    total = session.exec(select(func.count()).select_from(Service).where(*conditions)).one()
    params = resolved.params
    page = session.exec(
        select(Service).where(*conditions).order_by(*ordering(resolved))
        .offset(params.offset).limit(params.per_page).options(*with_listing_parts())
    ).all()
    return total, list(page)


def overlapping_areas(session: Session, *, region_code: str, area_codes: set[str]) -> set[str]:
    """Which of these service-area codes share a municipality with the region (for match reasons)."""
    if not area_codes:
        return set()
    rows = session.exec(
        select(RegionMunicipality.region_code).distinct().where(
            RegionMunicipality.region_code.in_(area_codes),
            RegionMunicipality.municipality_code.in_(region_municipalities(region_code)),
        )
    ).all()
    return set(rows)
