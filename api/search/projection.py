"""Keep the search projection (api/models/search.py) and the directory version in step with the listings.

`rebuild` recomputes the projection rows of some services (or of all) from the listing
tables with INSERT ... SELECT, in the caller's transaction. `track_listing_changes`
hooks it into every ORM flush: whatever changes a service, one of its parts or one of
its locations rebuilds that service's rows before the transaction commits, whichever
code path made the change; any change to public data also raises the directory version,
from which public responses take their ETag. Bulk Core inserts (the synthetic generator)
call `rebuild` themselves.

Inside `one_rebuild` (every request that may write, and each imported record) flushes only note
what they touched, and the block's end rebuilds those services once: one edit flushes several
times (old parts out, new parts in, an autoflush before a query), and every rebuild renders the
service's cards again.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, case, delete, exists, func, insert, literal, select, update
from sqlalchemy import event
from sqlalchemy.orm import Session, aliased

from api.models import (
    GENDER_BITS,
    NATIONAL_REGION,
    POINT_FILTER_COLUMNS,
    Address,
    Attribute,
    ContactChannel,
    DirectoryVersion,
    Language,
    Location,
    Organization,
    OrganizationTranslation,
    Phone,
    Region,
    RegionMunicipality,
    Schedule,
    SearchCard,
    SearchEntry,
    SearchFacet,
    SearchLink,
    SearchPlace,
    SearchPoint,
    SearchScope,
    SearchTerm,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceTranslation,
    Taxonomy,
    TaxonomyTerm,
)
from api.search import cards
from api.search.params import FLAGS

# A gender term outside GENDER_BITS still restricts a service (to nobody the filter can ask for).
_OTHER_GENDER_BIT = 8
_BATCH = 500


def _gender_mask():  # type: ignore[no-untyped-def]
    """Correlated subquery: the OR of the gender bits of a service's gender terms."""
    bit = case(*((TaxonomyTerm.code == code, b) for code, b in GENDER_BITS.items()), else_=_OTHER_GENDER_BIT)
    return func.coalesce(
        select(func.sum(bit)).select_from(Attribute)
        .join(TaxonomyTerm, TaxonomyTerm.id == Attribute.taxonomy_term_id)
        .join(Taxonomy, Taxonomy.id == TaxonomyTerm.taxonomy_id)
        .where(Attribute.service_id == Service.id, Taxonomy.code == "gender")
        .scalar_subquery(), 0)


def _fill(connection: Connection, service_ids: list[str] | None) -> None:
    """Insert the projection rows of these public services (all public services when None)."""
    only = (lambda column: column.in_(service_ids)) if service_ids is not None else (lambda column: literal(True))
    national = exists().where(ServiceArea.service_id == Service.id, ServiceArea.region_code == NATIONAL_REGION)
    connection.execute(insert(SearchEntry).from_select(
        ["service_id", "organization_id", "minimum_age", "maximum_age", "gender_mask", "national", *FLAGS,
         "sort_name", "search_text"],
        select(Service.id, Service.organization_id, Service.minimum_age, Service.maximum_age, _gender_mask(),
               national, *(getattr(Service, flag) for flag in FLAGS), func.lower(Service.name), Service.search_text)
        .where(Service.publication == "published", Service.status == "active", only(Service.id))
        .order_by(Service.id)))
    entry = SearchEntry.__table__.c
    connection.execute(insert(SearchPlace).from_select(
        ["kind", "code", "key"],
        select(literal("area"), ServiceArea.region_code, entry.key).distinct()
        .join_from(ServiceArea, SearchEntry, entry.service_id == ServiceArea.service_id)
        .where(only(entry.service_id))))
    live = (select(ServiceAtLocation.service_id, ServiceAtLocation.id.label("link_id"), Location)
            .join(Location, Location.id == ServiceAtLocation.location_id)
            .where(Location.archived_at.is_(None)).subquery())
    connection.execute(insert(SearchPlace).from_select(
        ["kind", "code", "key"],
        select(literal("located"), live.c.municipality_code, entry.key).distinct()
        .join_from(live, SearchEntry, entry.service_id == live.c.service_id)
        .where(live.c.municipality_code.is_not(None), only(entry.service_id))))
    _fill_scopes(connection, only(entry.service_id), everything=service_ids is None)
    connection.execute(insert(SearchTerm).from_select(
        ["term_id", "key"],
        select(Attribute.taxonomy_term_id, entry.key).distinct()
        .join_from(Attribute, SearchEntry, entry.service_id == Attribute.service_id)
        .where(only(entry.service_id))))
    for kind, code, table in (("language", Language.code, Language), ("channel", literal("phone"), Phone),
                              ("channel", ContactChannel.type, ContactChannel)):
        connection.execute(insert(SearchFacet).from_select(
            ["kind", "code", "key"],
            select(literal(kind), code, entry.key).distinct()
            .join_from(table, SearchEntry, entry.service_id == table.service_id)
            .where(only(entry.service_id))))
    copied = ["organization_id", *POINT_FILTER_COLUMNS]  # the entry's filter columns, repeated per point
    connection.execute(insert(SearchPoint).from_select(
        ["key", "latitude", "longitude", "sole", *copied],
        select(entry.key, live.c.public_latitude, live.c.public_longitude,
               func.count().over(partition_by=entry.key) == 1, *(entry[name] for name in copied))
        .join_from(live, SearchEntry, entry.service_id == live.c.service_id)
        .where(live.c.public_latitude.is_not(None), live.c.public_longitude.is_not(None),
               only(entry.service_id))))
    connection.execute(insert(SearchLink).from_select(
        ["link_id", "key", "latitude", "longitude"],
        select(live.c.link_id, entry.key, live.c.public_latitude, live.c.public_longitude)
        .join_from(live, SearchEntry, entry.service_id == live.c.service_id)
        .where(only(entry.service_id))))
    cards.render(connection, service_ids)


def _fill_scopes(connection: Connection, selected, *, everything: bool) -> None:  # type: ignore[no-untyped-def]
    """search_scope rows of the selected entries, from their place rows (see SearchScope)."""
    entry = SearchEntry.__table__.c
    place, within = SearchPlace.__table__.c, RegionMunicipality.__table__.c
    # The municipalities each non-national entry reaches: those of its areas, and where it is located.
    # After an edit, only the selected entries' places, read by key: not every service's places of a kind (the
    # kind compared as `kind || ''`, so SQLite reads them through the key index, not the primary key's kind).
    kind = place.kind if everything else place.kind.concat("")
    areas = select(place.key, within.municipality_code.label("municipality")).join_from(
        SearchPlace, RegionMunicipality, within.region_code == place.code).where(kind == "area")
    located = select(place.key, place.code).where(kind == "located")
    if not everything:
        areas = areas.join(SearchEntry, entry.key == place.key).where(selected)
        located = located.join(SearchEntry, entry.key == place.key).where(selected)
    reached = areas.union(located).subquery()
    copied = ["key", "organization_id", "national", "sort_name", "service_id", *POINT_FILTER_COLUMNS]
    region = aliased(RegionMunicipality)
    connection.execute(insert(SearchScope).from_select(
        ["code", *copied],
        select(region.region_code, *(entry[name] for name in copied)).distinct()
        .join_from(reached, SearchEntry, entry.key == reached.c.key)
        .join(region, region.municipality_code == reached.c.municipality)
        .where(region.region_code != NATIONAL_REGION, entry.national.is_(False), selected)))
    connection.execute(insert(SearchScope).from_select(
        ["code", *copied],
        select(literal(NATIONAL_REGION), *(entry[name] for name in copied)).where(entry.national.is_(True), selected)))


def _clear(connection: Connection, service_ids: list[str] | None) -> None:
    """Delete the projection rows of these services (all when None), children first."""
    keys = select(SearchEntry.key)
    if service_ids is not None:
        keys = keys.where(SearchEntry.service_id.in_(service_ids))
    for table in (SearchPlace, SearchScope, SearchTerm, SearchFacet, SearchPoint, SearchLink, SearchCard):
        connection.execute(delete(table) if service_ids is None else delete(table).where(table.key.in_(keys)))
    connection.execute(delete(SearchEntry) if service_ids is None
                       else delete(SearchEntry).where(SearchEntry.service_id.in_(service_ids)))


def bump_directory_version(connection: Connection) -> None:
    """Public data changed: every public response gets a new ETag."""
    connection.execute(update(DirectoryVersion).values(version=DirectoryVersion.version + 1))


def rebuild(connection: Connection, service_ids: Iterable[str] | None = None) -> None:
    """Recompute the projection of these services (of every service when None); bumps the version."""
    bump_directory_version(connection)
    if service_ids is None:
        _clear(connection, None)
        _fill(connection, None)
        if connection.dialect.name == "sqlite":  # merge the full-text index rewritten in one go
            connection.exec_driver_sql("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
        return
    ids = sorted(set(service_ids))
    for start in range(0, len(ids), _BATCH):
        batch = ids[start:start + _BATCH]
        _clear(connection, batch)
        _fill(connection, batch)


# Rows that belong to one service: the projection and its result cards show them.
_SERVICE_PARTS = (Attribute, ServiceArea, ServiceAtLocation, ServiceTranslation, Phone, ContactChannel, Language)
# Reference data the cards name (region and term names): changing a stored row re-renders every card.
_REFERENCE_DATA = (TaxonomyTerm, Taxonomy, Region)
# Everything a public response shows; a change to any of these raises the directory version.
_PUBLIC_DATA = (Service, *_SERVICE_PARTS, Schedule, Location, Address,
                Organization, OrganizationTranslation, *_REFERENCE_DATA, RegionMunicipality)


def _touched_services(session: Session) -> set[str] | None:
    """Ids of the services whose projection this flush may have changed (None: every service)."""
    if any(isinstance(obj, _REFERENCE_DATA) for obj in (*session.dirty, *session.deleted)):
        return None
    if any(isinstance(obj, RegionMunicipality) for obj in (*session.new, *session.dirty, *session.deleted)):
        return None  # which regions find which services (search_scope) changed
    ids: set[str] = set()
    locations: set[str] = set()
    owners: dict[type, set[str]] = {Phone: set(), ContactChannel: set(), Organization: set()}
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Service):
            ids.add(obj.id)
        elif isinstance(obj, _SERVICE_PARTS) and obj.service_id:
            ids.add(obj.service_id)
        elif isinstance(obj, Location):
            locations.add(obj.id)
        elif isinstance(obj, Address):
            locations.add(obj.location_id)
        elif isinstance(obj, Schedule):
            if obj.service_id:
                ids.add(obj.service_id)
            if obj.phone_id:
                owners[Phone].add(obj.phone_id)
            if obj.channel_id:
                owners[ContactChannel].add(obj.channel_id)
        elif isinstance(obj, Organization):
            owners[Organization].add(obj.id)
    run = session.connection().execute
    if locations:
        ids |= set(run(select(ServiceAtLocation.service_id)
                       .where(ServiceAtLocation.location_id.in_(locations))).scalars())
    if owners[Phone]:
        ids |= set(run(select(Phone.service_id).where(Phone.id.in_(owners[Phone]),
                                                      Phone.service_id.is_not(None))).scalars())
    if owners[ContactChannel]:
        ids |= set(run(select(ContactChannel.service_id)
                       .where(ContactChannel.id.in_(owners[ContactChannel]))).scalars())
    if owners[Organization]:
        ids |= set(run(select(Service.id).where(Service.organization_id.in_(owners[Organization]))).scalars())
    return ids


def _collect(session: Session, _context) -> None:  # type: ignore[no-untyped-def]
    """after_flush: remember which services changed (the objects are still marked)."""
    touched = _touched_services(session)
    if touched is None:
        session.info["search_projection_all"] = True
    elif touched:
        session.info.setdefault("search_projection_pending", set()).update(touched)
    if any(isinstance(obj, _PUBLIC_DATA) for obj in (*session.new, *session.dirty, *session.deleted)):
        session.info["directory_changed"] = True


_HOLD = "search_projection_hold"


@contextmanager
def one_rebuild(session: Session) -> Iterator[None]:
    """Flushes in the block leave the projection alone; when the block ends, what they touched is rebuilt once.

    The rebuild is in the same transaction, before anything commits. When the block raises, nothing
    is rebuilt (the caller rolls back).
    """
    depth = session.info.get(_HOLD, 0)
    session.info[_HOLD] = depth + 1
    try:
        yield
    except BaseException:
        if depth == 0:
            for key in ("search_projection_pending", "search_projection_all", "directory_changed"):
                session.info.pop(key, None)
        raise
    finally:
        session.info[_HOLD] = depth
    if depth == 0:
        session.flush()  # what the block left unflushed; its rebuild is the one below
        _apply(session, None)


def _apply(session: Session, _context) -> None:  # type: ignore[no-untyped-def]
    """after_flush_postexec (and the end of `one_rebuild`): rebuild the changed services' rows in the same
    transaction."""
    if session.info.get(_HOLD):
        return
    pending = session.info.pop("search_projection_pending", None)
    changed = session.info.pop("directory_changed", False)
    if session.info.pop("search_projection_all", False):
        rebuild(session.connection())
    elif pending:
        rebuild(session.connection(), pending)
    elif changed:
        bump_directory_version(session.connection())


def track_listing_changes() -> None:
    """Install the flush hooks on every ORM session (idempotent)."""
    if not event.contains(Session, "after_flush", _collect):
        event.listen(Session, "after_flush", _collect)
        event.listen(Session, "after_flush_postexec", _apply)
