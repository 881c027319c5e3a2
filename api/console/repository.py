"""What the console's lists read: services and organisations in any state, filtered as curators need."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, exists, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from api.listings.vocabulary import term_id
from api.models import (
    Attribute,
    Location,
    Organization,
    Region,
    RegionMunicipality,
    Service,
    ServiceArea,
)

PER_PAGE = 50


@dataclass(frozen=True)
class ServiceRow:
    """One line of the services list."""

    id: str
    name: str
    organization: str
    organization_id: str
    state: str
    status: str
    assured_date: date | None
    updated_at: datetime


@dataclass(frozen=True)
class OrganizationRow:
    """One line of the organisations list."""

    id: str
    name: str
    services: int
    archived: bool


def _contains(column, words: str):  # type: ignore[no-untyped-def]
    """Case-insensitive substring match with LIKE wildcards taken literally."""
    return func.lower(column).contains(words.lower(), autoescape=True)


def find_services(session: Session, *, q: str | None, state: str | None, terms: dict[str, str],
                  region: str | None, age: int | None, organization_id: str | None,
                  page: int) -> tuple[list[ServiceRow], int]:
    """Services of any state by name (or organisation name), state, terms (taxonomy → code: service type,
    audience, situation, gender), region, age and organisation."""
    conditions = []
    if q:
        conditions.append(or_(_contains(Service.name, q), _contains(Organization.name, q)))
    if state:
        conditions.append(Service.publication == state)
    for taxonomy, code in terms.items():
        conditions.append(exists().where(Attribute.service_id == Service.id,
                                         Attribute.taxonomy_term_id == term_id(taxonomy, code)))
    if region:
        # The directory's one region rule: a service area matches when it shares a municipality with the region.
        area, wanted = aliased(RegionMunicipality), aliased(RegionMunicipality)
        conditions.append(exists().where(
            ServiceArea.service_id == Service.id, area.region_code == ServiceArea.region_code,
            wanted.municipality_code == area.municipality_code, wanted.region_code == region))
    if age is not None:
        conditions.append(and_(or_(Service.minimum_age.is_(None), Service.minimum_age <= age),
                               or_(Service.maximum_age.is_(None), Service.maximum_age >= age)))
    if organization_id:
        conditions.append(Service.organization_id == organization_id)
    base = select(Service.id).join(Organization, Organization.id == Service.organization_id).where(*conditions)
    total = session.exec(select(func.count()).select_from(base.subquery())).one()
    rows = session.exec(
        select(Service.id, Service.name, Organization.name, Organization.id, Service.publication, Service.status,
               Service.assured_date, Service.updated_at)
        .join(Organization, Organization.id == Service.organization_id).where(*conditions)
        .order_by(func.lower(Service.name), Service.id).offset((page - 1) * PER_PAGE).limit(PER_PAGE)).all()
    return [ServiceRow(*row) for row in rows], total


def find_organizations(session: Session, *, q: str | None, archived: bool | None,
                       page: int) -> tuple[list[OrganizationRow], int]:
    """Organisations by name, live or archived, with how many services they have."""
    conditions = []
    if q:
        conditions.append(or_(_contains(Organization.name, q), _contains(func.coalesce(Organization.alternate_name, ""), q)))
    if archived is not None:
        conditions.append(Organization.archived_at.is_not(None) if archived else Organization.archived_at.is_(None))
    total = session.exec(select(func.count()).select_from(Organization).where(*conditions)).one()
    services = (select(func.count()).select_from(Service).where(Service.organization_id == Organization.id)
                .correlate(Organization).scalar_subquery())
    rows = session.exec(select(Organization.id, Organization.name, services, Organization.archived_at.is_not(None))
                        .where(*conditions).order_by(func.lower(Organization.name), Organization.id)
                        .offset((page - 1) * PER_PAGE).limit(PER_PAGE)).all()
    return [OrganizationRow(*row) for row in rows], total


def organization_choices(session: Session, *, limit: int) -> list[tuple[str, str]] | None:
    """(id, name) of every live organisation, for a select; None when there are more than `limit`."""
    rows = session.exec(select(Organization.id, Organization.name).where(Organization.archived_at.is_(None))
                        .order_by(func.lower(Organization.name)).limit(limit + 1)).all()
    return None if len(rows) > limit else list(rows)


def organization_name(session: Session, *, organization_id: str) -> str | None:
    """An organisation's name (any state)."""
    return session.exec(select(Organization.name).where(Organization.id == organization_id)).first() \
        if organization_id else None


def organization_services(session: Session, *, organization_id: str) -> list[tuple[str, str, str]]:
    """(id, name, state) of an organisation's services."""
    return list(session.exec(select(Service.id, Service.name, Service.publication)
                             .where(Service.organization_id == organization_id)
                             .order_by(func.lower(Service.name))).all())


def organization_locations(session: Session, *, organization_id: str) -> list[Location]:
    """An organisation's locations (archived ones too), by name."""
    return list(session.exec(select(Location).where(Location.organization_id == organization_id)
                             .order_by(Location.archived_at.is_not(None), func.lower(func.coalesce(Location.name, "")),
                                       Location.id)).all())


def locations_by_id(session: Session, ids: list[str]) -> list[Location]:
    """Locations by id (any state)."""
    return list(session.exec(select(Location).where(Location.id.in_(ids))).all()) if ids else []


def region_names(session: Session, *, lang: str) -> dict[str, str]:
    """Every region code → its name in the interface language."""
    return {code: (name_en or name) if lang == "en" else name
            for code, name, name_en in session.exec(select(Region.code, Region.name, Region.name_en)).all()}
