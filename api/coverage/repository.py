"""Coverage counts as SQL: one GROUP BY per question, the same on SQLite and PostgreSQL.

Nothing here loads services into Python: the database returns one row per
(region, service type) or per service type, with a count per age group.
"""

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, func, or_, union
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from api.listings.vocabulary import load_vocabulary
from api.models import (
    NATIONAL_REGION,
    Attribute,
    Location,
    Region,
    RegionMunicipality,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from api.search.query import eligible_for_gender, is_national, overlaps_ages
from api.listings.visibility import publicly_listed

REPORTED_KINDS = ("province", "group")


@dataclass(frozen=True)
class AgeRange:
    """An age group as an inclusive range of years."""

    code: str
    minimum_age: int
    maximum_age: int


@dataclass(frozen=True)
class RegionRow:
    """A region the report covers."""

    code: str
    name: str
    kind: str


@dataclass(frozen=True)
class TermRow:
    """A service type of the vocabulary."""

    code: str
    name: str
    name_en: str | None


def reported_regions(session: Session) -> list[RegionRow]:
    """Provinces, then grouping regions (such as veiligheidsregio's), each by code."""
    rows = session.exec(
        select(Region.code, Region.name, Region.kind).where(Region.kind.in_(REPORTED_KINDS))
        .order_by(Region.kind.desc(), Region.code)
    ).all()
    return [RegionRow(code=code, name=name, kind=kind) for code, name, kind in rows]


def service_types(session: Session) -> list[TermRow]:
    """The service-type vocabulary, by code."""
    rows = session.exec(
        select(TaxonomyTerm.code, TaxonomyTerm.name, TaxonomyTerm.name_en).join(Taxonomy)
        .where(Taxonomy.code == "service_type").order_by(TaxonomyTerm.code)
    ).all()
    return [TermRow(code=code, name=name, name_en=name_en) for code, name, name_en in rows]


def _local_pairs(region_codes: list[str]):  # type: ignore[no-untyped-def]
    """Subquery of distinct (region_code, service_id): the service is local to the region.

    Local: a service area other than NL shares a municipality with the region, or a
    non-archived location lies in one of the region's municipalities.
    """
    target = aliased(RegionMunicipality)
    around = aliased(RegionMunicipality)
    # Region pairs first (few hundred rows), so services are joined once per overlapping area.
    overlapping = (
        sa_select(target.region_code.label("target_code"), around.region_code.label("area_code")).distinct()
        .join(around, around.municipality_code == target.municipality_code)
        .where(target.region_code.in_(region_codes), around.region_code != NATIONAL_REGION)
        .subquery("overlapping")
    )
    by_area = (
        sa_select(overlapping.c.target_code.label("region_code"), ServiceArea.service_id.label("service_id"))
        .join(ServiceArea, ServiceArea.region_code == overlapping.c.area_code)
    )
    by_location = (
        sa_select(target.region_code.label("region_code"), ServiceAtLocation.service_id.label("service_id"))
        .join(Location, Location.municipality_code == target.municipality_code)
        .join(ServiceAtLocation, ServiceAtLocation.location_id == Location.id)
        .where(target.region_code.in_(region_codes), Location.archived_at.is_(None))
    )
    return union(by_area, by_location).subquery("local_pair")


def _when(condition: ColumnElement[bool]) -> ColumnElement:
    """The service id when the condition holds, else NULL (COUNT skips NULLs)."""
    return case((condition, Service.id))


def _counted(session: Session, *, age_ranges: list[AgeRange]) -> tuple[list[ColumnElement], ColumnElement[bool]]:
    """One COUNT(DISTINCT service) per age group, and the conditions every counted service meets."""
    in_range = {r.code: overlaps_ages(minimum_age=r.minimum_age, maximum_age=r.maximum_age) for r in age_ranges}
    counts = [func.count(func.distinct(_when(in_range[r.code]))).label(f"n_{r.code}") for r in age_ranges]
    eligible = and_(
        publicly_listed(),
        eligible_for_gender(gender="male", gender_term_ids=load_vocabulary(session).ids("gender")),
        or_(*in_range.values()),
    )
    return counts, eligible


def local_counts(
    session: Session, *, region_codes: list[str], age_ranges: list[AgeRange]
) -> dict[tuple[str, str], dict[str, int]]:
    """(region code, service type) → age-group code → number of local services; missing pairs are zero."""
    type_codes = {term_id: code for code, term_id in load_vocabulary(session).ids("service_type").items()}
    if not region_codes or not type_codes:
        return {}
    counts, eligible = _counted(session, age_ranges=age_ranges)
    local = _local_pairs(region_codes)
    # Term ids resolved up front keep the plan simple (and sound even before PostgreSQL has statistics).
    statement = (
        sa_select(local.c.region_code, Attribute.taxonomy_term_id, *counts).select_from(local)
        .join(Service, Service.id == local.c.service_id)
        .join(Attribute, Attribute.service_id == Service.id)
        .where(Attribute.taxonomy_term_id.in_(list(type_codes)), eligible)
        .group_by(local.c.region_code, Attribute.taxonomy_term_id)
    )
    return {
        (row[0], type_codes[row[1]]): {r.code: int(row[2 + i]) for i, r in enumerate(age_ranges)}
        for row in session.execute(statement).all()
    }


def national_counts(session: Session, *, age_ranges: list[AgeRange]) -> dict[str, dict[str, int]]:
    """Service type → age-group code → number of national services (service area NL)."""
    type_codes = {term_id: code for code, term_id in load_vocabulary(session).ids("service_type").items()}
    if not type_codes:
        return {}
    counts, eligible = _counted(session, age_ranges=age_ranges)
    statement = (
        sa_select(Attribute.taxonomy_term_id, *counts).select_from(Service)
        .join(Attribute, Attribute.service_id == Service.id)
        .where(Attribute.taxonomy_term_id.in_(list(type_codes)), eligible, is_national())
        .group_by(Attribute.taxonomy_term_id)
    )
    return {type_codes[row[0]]: {r.code: int(row[1 + i]) for i, r in enumerate(age_ranges)}
            for row in session.execute(statement).all()}
