"""The region hierarchy: lookups and the region→municipality table search relies on."""

from sqlalchemy import delete
from sqlmodel import Session, select

from api.models import Region, RegionMunicipality


def get_region(session: Session, *, code: str) -> Region | None:
    """The region with this code, or None."""
    return session.get(Region, code)


def ancestors(session: Session, *, region: Region) -> list[Region]:
    """The parent chain of a region, nearest first (a municipality: its province, then NL)."""
    chain: list[Region] = []
    current = region
    while current.parent_code is not None:
        parent = session.get(Region, current.parent_code)
        if parent is None or parent in chain:
            break
        chain.append(parent)
        current = parent
    return chain


def desired_coverage(*, regions: list[Region], group_members: dict[str, list[str]]) -> set[tuple[str, str]]:
    """Every (region, municipality) pair: a municipality is in itself and in every ancestor; a group in its members."""
    by_code = {region.code: region for region in regions}
    pairs: set[tuple[str, str]] = set()
    for region in regions:
        if region.kind != "municipality":
            continue
        current: Region | None = region
        while current is not None:
            pairs.add((current.code, region.code))
            current = by_code.get(current.parent_code) if current.parent_code else None
    for group_code, members in group_members.items():
        pairs.update((group_code, member) for member in members)
    return pairs


def sync_coverage(session: Session, *, group_members: dict[str, list[str]]) -> int:
    """Make region_municipality match the hierarchy and the given group memberships; return rows changed."""
    regions = list(session.exec(select(Region)).all())
    known_groups = _stored_groups(session)
    known_groups.update(group_members)
    wanted = desired_coverage(regions=regions, group_members=known_groups)
    stored = {(row.region_code, row.municipality_code) for row in session.exec(select(RegionMunicipality)).all()}
    for region_code, municipality_code in stored - wanted:
        session.execute(
            delete(RegionMunicipality).where(
                RegionMunicipality.region_code == region_code,
                RegionMunicipality.municipality_code == municipality_code,
            )
        )
    session.add_all(RegionMunicipality(region_code=r, municipality_code=m) for r, m in sorted(wanted - stored))
    session.flush()
    return len(stored ^ wanted)


def _stored_groups(session: Session) -> dict[str, list[str]]:
    """Current members of every group region, as stored."""
    rows = session.exec(
        select(RegionMunicipality.region_code, RegionMunicipality.municipality_code)
        .join(Region, Region.code == RegionMunicipality.region_code)
        .where(Region.kind == "group")
    ).all()
    groups: dict[str, list[str]] = {}
    for region_code, municipality_code in rows:
        groups.setdefault(region_code, []).append(municipality_code)
    return groups
