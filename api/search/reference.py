"""Reference data every search reads (vocabulary, regions, region scopes), kept per directory version.

Every change to public data, reference data included, raises the directory version in the
same transaction (api.search.projection). A search reads that version anyway for its ETag,
so the vocabulary, the regions it names and their scopes can be kept in process memory under
that version and read again only when it changes. Only the public read paths use this: their
transactions write nothing, so what they read is committed data of that version or newer.
Search results themselves are never kept here.
"""

import threading
from dataclasses import dataclass, field

from sqlalchemy import Connection, select
from sqlmodel import Session

from api.listings.vocabulary import Vocabulary, load_vocabulary
from api.models import DirectoryVersion, Region, RegionMunicipality

_VERSION_KEY = "directory_version"


def directory_version(connection: Connection) -> int:
    """The current directory version (raised by api.search.projection with every change to public data)."""
    return connection.execute(select(DirectoryVersion.version)).scalar_one()


@dataclass(frozen=True)
class RegionScope:
    """What a region filter matches: service areas with these codes, or locations in these municipalities.

    `overlapping` is every region code sharing a municipality with the region (itself, the
    regions around it and inside it), which is also what match reasons need.
    """

    code: str
    overlapping: list[str]
    municipalities: list[str]


@dataclass
class _Snapshot:
    version: int
    vocabulary: Vocabulary | None = None
    regions: dict[str, Region | None] = field(default_factory=dict)
    scopes: dict[str, RegionScope] = field(default_factory=dict)


_current = _Snapshot(version=-1)
_lock = threading.Lock()


def remember_version(session: Session, version: int) -> None:
    """The directory version this request's transaction read (the ETag dependency reads it first)."""
    session.info[_VERSION_KEY] = version


def _snapshot(session: Session) -> _Snapshot:
    """The reference data of the directory version this request sees."""
    global _current
    version = session.info.get(_VERSION_KEY)
    if version is None:
        version = directory_version(session.connection())
        remember_version(session, version)
    with _lock:
        if _current.version != version:
            _current = _Snapshot(version=version)
        return _current


def vocabulary(session: Session) -> Vocabulary:
    """Every term with its taxonomy code."""
    snapshot = _snapshot(session)
    if snapshot.vocabulary is None:
        snapshot.vocabulary = load_vocabulary(session)
    return snapshot.vocabulary


def region(session: Session, code: str) -> Region | None:
    """A region by code (a detached copy: read it, never add it to a session)."""
    snapshot = _snapshot(session)
    if code not in snapshot.regions:
        row = session.get(Region, code)
        snapshot.regions[code] = None if row is None else Region(**row.model_dump())
    return snapshot.regions[code]


def region_scope(session: Session, *, region_code: str) -> RegionScope:
    """The codes sharing a municipality with the region, and the region's municipalities."""
    snapshot = _snapshot(session)
    if region_code not in snapshot.scopes:
        municipalities = list(session.execute(select(RegionMunicipality.municipality_code)
                                              .where(RegionMunicipality.region_code == region_code)).scalars())
        overlapping = list(session.execute(select(RegionMunicipality.region_code).distinct()
                                           .where(RegionMunicipality.municipality_code.in_(municipalities)))
                           .scalars())
        snapshot.scopes[region_code] = RegionScope(code=region_code, overlapping=sorted(overlapping),
                                                   municipalities=sorted(municipalities))
    return snapshot.scopes[region_code]


def forget() -> None:
    """Drop everything kept (tests whose rolled-back transactions reuse version numbers)."""
    global _current
    with _lock:
        _current = _Snapshot(version=-1)
