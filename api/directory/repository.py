"""Queries for organisations, services, terms and regions (all SQL of the read API lives here or in search/)."""

from sqlalchemy import func, or_
from sqlalchemy.orm import selectinload
from sqlmodel import Session, select

from api.geo.gazetteer import get_gazetteer
from api.models import (
    Organization,
    Region,
    RegionMunicipality,
    Service,
    Taxonomy,
    TaxonomyTerm,
)
from api.search.query import with_public_services
from api.listings.visibility import publicly_listed, with_listing_parts
from api.text import fold


def public_service(session: Session, *, service_id: str) -> Service | None:
    """A published, active service with all its parts, or None."""
    return session.exec(
        select(Service).where(Service.id == service_id, publicly_listed()).options(*with_listing_parts())
    ).first()


def public_organization(session: Session, *, organization_id: str) -> Organization | None:
    """One organisation if it has a public service."""
    return session.exec(
        select(Organization).where(Organization.id == organization_id, with_public_services())
        .options(selectinload(Organization.translations))
    ).first()


def services_of(session: Session, *, organization_id: str) -> list[Service]:
    """The public services of an organisation, by name."""
    return list(session.exec(
        select(Service).where(Service.organization_id == organization_id, publicly_listed())
        .order_by(func.lower(Service.name), Service.id).options(*with_listing_parts())
    ).all())


def terms(session: Session, *, taxonomy: str | None) -> list[tuple[TaxonomyTerm, str]]:
    """Vocabulary terms with their taxonomy code, optionally of one taxonomy."""
    statement = select(TaxonomyTerm, Taxonomy.code).join(Taxonomy)
    if taxonomy:
        statement = statement.where(Taxonomy.code == taxonomy)
    return list(session.exec(statement.order_by(Taxonomy.code, TaxonomyTerm.code)).all())


def taxonomy_codes(session: Session) -> list[str]:
    """Codes of all taxonomies."""
    return list(session.exec(select(Taxonomy.code).order_by(Taxonomy.code)).all())


def regions(session: Session, *, kind: str | None, q: str | None, offset: int, limit: int) -> tuple[int, list[Region]]:
    """Regions filtered by kind and a name fragment (accents and case ignored), by code."""
    conditions = []
    if kind:
        conditions.append(Region.kind == kind)
    if q:
        folded = fold(q)
        candidates = session.exec(select(Region.code, Region.name, Region.name_en)).all()
        codes = [code for code, name, name_en in candidates if folded and (
                 folded in fold(name) or (name_en and folded in fold(name_en)) or folded == fold(code))]
        place = get_gazetteer().place(q)  # aliases: "Den Haag" finds 's-Gravenhage
        if place is not None:
            codes.append(place.municipality_code)
        conditions.append(Region.code.in_(codes))
    total = session.exec(select(func.count()).select_from(Region).where(*conditions)).one()
    rows = session.exec(select(Region).where(*conditions).order_by(Region.code).offset(offset).limit(limit)).all()
    return total, list(rows)


def children(session: Session, *, region: Region) -> list[Region]:
    """Direct children (province → municipalities) or, for a group, its member municipalities."""
    if region.kind == "group":
        statement = (select(Region).join(RegionMunicipality, RegionMunicipality.municipality_code == Region.code)
                     .where(RegionMunicipality.region_code == region.code))
    else:
        statement = select(Region).where(Region.parent_code == region.code, Region.kind != "group")
    return list(session.exec(statement.order_by(Region.code)).all())


def groups_containing(session: Session, *, region: Region) -> list[Region]:
    """Grouping regions that share a municipality with this region."""
    members = select(RegionMunicipality.municipality_code).where(RegionMunicipality.region_code == region.code)
    statement = (
        select(Region).distinct().join(RegionMunicipality, RegionMunicipality.region_code == Region.code)
        .where(Region.kind == "group", Region.code != region.code,
               or_(RegionMunicipality.municipality_code.in_(members)))
    )
    return list(session.exec(statement.order_by(Region.code)).all())
