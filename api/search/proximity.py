"""Search near a point: postcode, place or lat/lon, resolved offline, distances with geopy."""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from geopy.distance import geodesic
from sqlalchemy import String, and_, cast, func, not_, or_
from sqlmodel import Session, select

from api.errors import InvalidParameter
from api.geo.geocoder import OfflineDutchGeocoder, looks_like_coordinates
from api.models import Region, SearchEntry
from api.models import SearchScope as ScopeRow
from api.models import SearchPoint as PointRow  # SearchPoint below is the geocoded point
from api.search import reference
from api.search.params import ServiceSearchParams
from api.search.query import (
    ResolvedFilters,
    build_conditions,
    entry_in_region,
    in_scope,
    ordering,
    page_of_ids,
    page_of_scope_rows,
    scope_parts,
)

# One geopy geodesic on WGS-84, reused: constructing one per distance rebuilds the ellipsoid's
# series coefficients every time (most of the cost of a distance); the figures are the same.
_WGS84 = geodesic()


def geodesic_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """geopy's geodesic distance in km between two (latitude, longitude) points."""
    return _WGS84.measure(a, b)


_GREAT_CIRCLE_MARGIN = 1.01  # the bounding box is drawn a little wider than the circle
_KM_PER_DEGREE_LAT = 110.574


@dataclass(frozen=True)
class SearchPoint:
    """Where the person is looking for help, as interpreted by the gazetteer."""

    query: str
    kind: str
    latitude: float
    longitude: float
    municipality: Region
    province: Region | None

    @cached_property
    def approximation(self) -> "_Approximation":
        """The distance estimate around this point (its scales are measured once per search)."""
        return _Approximation.at(self.latitude, self.longitude)


def _point_query(params: ServiceSearchParams) -> tuple[str, str] | None:
    """(parameter name, query text) of the one location given, validating combinations."""
    given = [name for name in ("postcode", "near") if getattr(params, name) is not None]
    if params.lat is not None or params.lon is not None:
        if params.lat is None:
            raise InvalidParameter(field="lat", problem="lat is required together with lon")
        if params.lon is None:
            raise InvalidParameter(field="lon", problem="lon is required together with lat")
        given.append("lat")
    if len(given) > 1:
        raise InvalidParameter(field=given[1], problem="give only one of postcode, near or lat+lon")
    if not given:
        if params.sort == "distance":
            raise InvalidParameter(field="sort", problem="sort=distance needs postcode, near or lat+lon")
        if "radius_km" in params.model_fields_set:
            raise InvalidParameter(field="radius_km", problem="radius_km needs postcode, near or lat+lon")
        return None
    name = given[0]
    if name == "lat":
        return name, f"{params.lat},{params.lon}"
    return name, str(getattr(params, name)).strip()


def resolve_point(session: Session, *, params: ServiceSearchParams) -> SearchPoint | None:
    """Geocode the location parameters offline; 422 with a displayable message when unknown."""
    asked = _point_query(params)
    if asked is None:
        return None
    name, query = asked
    problem = {
        "postcode": f"postcode {query} not found",
        "near": f"place '{query}' not found",
        "lat": "this point lies outside the Netherlands",
    }[name]
    return interpret(session, query=query, field=name, problem=problem)


def interpret(session: Session, *, query: str, field: str = "q", problem: str | None = None) -> SearchPoint:
    """Geocode any supported query (PC4, PC6, place, lat,lon) to a point in a municipality, or 422."""
    geocoder = OfflineDutchGeocoder()
    found = geocoder.geocode(query)
    if found is None:
        if problem is None:
            problem = ("this point lies outside the Netherlands" if looks_like_coordinates(query)
                       else f"'{query}' not found")
        suggestion = geocoder.suggest(query)
        raise InvalidParameter(field=field, problem=f"{problem}; did you mean {suggestion}?" if suggestion else problem)
    name = field
    municipality = reference.region(session, found.raw["municipality_code"])
    if municipality is None:  # gazetteer and regions are built together; guard anyway
        raise InvalidParameter(field=name, problem=f"{query} lies in no known municipality")
    province = reference.region(session, municipality.parent_code) if municipality.parent_code else None
    return SearchPoint(query=query, kind=found.raw["kind"], latitude=found.latitude, longitude=found.longitude,
                       municipality=municipality, province=province)


def bounding_box(*, latitude: float, longitude: float, radius_km: float) -> tuple[float, float, float, float]:
    """South, north, west, east of a box that contains the circle (with a small margin)."""
    lat_delta = radius_km / _KM_PER_DEGREE_LAT * _GREAT_CIRCLE_MARGIN
    lon_delta = radius_km / (111.320 * max(math.cos(math.radians(latitude)), 0.01)) * _GREAT_CIRCLE_MARGIN
    return latitude - lat_delta, latitude + lat_delta, longitude - lon_delta, longitude + lon_delta


# Equirectangular distance with scales measured (geodesically) at the origin and a linear
# correction of the longitude scale for latitude: within the Netherlands and up to 320 km
# it is within 0.04% of geopy's geodesic distance (checked over 20,000 random pairs, see
# tests/test_proximity.py). _EPSILON bounds that error with more than twice the room, so the
# approximation in SQL can decide everything except a thin ring at the radius and the order
# among near-equal distances, where the exact geodesic distance decides.
_EPSILON = 0.001


def _surely_farther(estimate_km: float) -> float:
    """An estimate beyond this is geodesically farther than anything estimated at `estimate_km` or less."""
    return estimate_km * (1 + _EPSILON) / (1 - _EPSILON)


@dataclass(frozen=True)
class _Approximation:
    """Squared approximate distance (km²) from a point, as a SQL expression over search_point rows."""

    latitude: float
    longitude: float
    km_per_lat: float
    km_per_lon: float
    km_per_lon_change: float  # change of km_per_lon per degree of latitude

    @classmethod
    def at(cls, latitude: float, longitude: float) -> "_Approximation":
        """Local scales at the origin, measured with geopy."""
        step = 0.05
        def lon_scale(lat: float) -> float:
            return geodesic_km((lat, longitude - step), (lat, longitude + step)) / (2 * step)
        return cls(latitude=latitude, longitude=longitude,
                   km_per_lat=geodesic_km((latitude - step, longitude), (latitude + step, longitude)) / (2 * step),
                   km_per_lon=lon_scale(latitude),
                   km_per_lon_change=(lon_scale(latitude + 1) - lon_scale(latitude - 1)) / 2)

    def km(self, latitude: float, longitude: float) -> float:
        """The approximate distance in km (the same formula as the SQL, for tests)."""
        dy = (latitude - self.latitude) * self.km_per_lat
        dx = (longitude - self.longitude) * (self.km_per_lon + self.km_per_lon_change * (latitude - self.latitude) / 2)
        return math.hypot(dx, dy)

    def squared(self):  # type: ignore[no-untyped-def]
        """SQL: the squared approximate distance of a search_point row."""
        dlat = PointRow.latitude - self.latitude
        dy = dlat * self.km_per_lat
        dx = (PointRow.longitude - self.longitude) * (self.km_per_lon + dlat * (self.km_per_lon_change / 2))
        return dx * dx + dy * dy


def _in_box(approx: _Approximation, *, radius_km: float):  # type: ignore[no-untyped-def]
    """Conditions: search_point rows in the bounding box of the circle of radius_km."""
    south, north, west, east = bounding_box(latitude=approx.latitude, longitude=approx.longitude,
                                            radius_km=radius_km)
    return [PointRow.latitude.between(south, north), PointRow.longitude.between(west, east)]


def _points_within(approx: _Approximation, *, radius_km: float):  # type: ignore[no-untyped-def]
    """Conditions: search_point rows in the bounding box whose approximate distance is at most radius_km."""
    return [*_in_box(approx, radius_km=radius_km), approx.squared() <= radius_km ** 2]


def _exact_km(origin: tuple[float, float], points: list[tuple[float, float]]) -> float:
    """Geodesic distance to the nearest of these points."""
    return min(geodesic_km(origin, point) for point in points)


# Where the estimate's error bound was checked (tests/test_proximity.py): origins in the Netherlands, distances
# from 0.05 to 320 km. Outside it the distance is always measured.
_CHECKED_LATITUDES, _CHECKED_LONGITUDES, _CHECKED_KM = (50.75, 53.55), (3.35, 7.25), (0.06, 300.0)


def distance_from(point: SearchPoint, points: Sequence[tuple[float, float]]) -> float | None:
    """Geodesic km from the point to the nearest of a service's live locations (None without one), one decimal.

    The nearest point's estimate is within _EPSILON of its geodesic distance; when both ends of that
    range round to the same decimal, so does the distance, and geopy is not asked (most services
    of a page). Otherwise, and outside the range where the bound was checked, geopy measures.
    """
    if not points:
        return None
    estimate = min(point.approximation.km(latitude, longitude) for latitude, longitude in points)
    if (_CHECKED_LATITUDES[0] <= point.latitude <= _CHECKED_LATITUDES[1]
            and _CHECKED_LONGITUDES[0] <= point.longitude <= _CHECKED_LONGITUDES[1]
            and _CHECKED_KM[0] <= estimate <= _CHECKED_KM[1]):
        low, high = round(estimate * (1 - _EPSILON), 1), round(estimate * (1 + _EPSILON), 1)
        if low == high:
            return low
    return round(_exact_km((point.latitude, point.longitude), list(points)), 1)


def ids_near(session: Session, *, resolved: ResolvedFilters, point: SearchPoint, offset: int,
             limit: int) -> tuple[int, list[str]]:
    """The number of matches near a point, and the ids ranked offset..offset+limit.

    Nearby: a live location within the radius by geodesic distance, nearest first (then
    name, id). Covering: the rest whose area covers the point's municipality, ordered as a
    regional search. Everything is counted and paged in SQL on an approximate distance;
    geopy's geodesic distance is computed only for locations in a thin ring at the radius
    (membership) and for the services that can be on the requested page (order).
    """
    params = resolved.params
    radius = params.radius_km
    origin = (point.latitude, point.longitude)
    approx = point.approximation
    conditions = build_conditions(resolved)
    point_conditions = build_conditions(resolved, row=PointRow)  # the same filters, on the point rows' copies
    entry = SearchEntry

    inner, outer = radius * (1 - _EPSILON), radius * (1 + _EPSILON)  # surely inside / possibly inside

    def points(*columns, radius_km: float | None = outer):  # type: ignore[no-untyped-def]
        """Point rows of matching services within radius_km (approximately; None: anywhere in the box of
        the whole radius); joins search_entry only when a column comes from it."""
        statement = select(*columns).select_from(PointRow)
        if any(getattr(column, "table", None) is entry.__table__ for column in columns):
            statement = statement.join(entry, entry.key == PointRow.key)
        where = _in_box(approx, radius_km=outer) if radius_km is None else _points_within(approx, radius_km=radius_km)
        return statement.where(*point_conditions, *where)

    # One pass over the circle counts the services surely inside and names those with a point in the ring
    # (possibly inside), whose points the geodesic distance then decides.
    inside = approx.squared() <= inner ** 2
    sole_inside, others_inside, ring_keys = session.exec(points(
        func.count().filter(and_(PointRow.sole, inside)),
        func.count(PointRow.key.distinct()).filter(and_(not_(PointRow.sole), inside)),
        func.aggregate_strings(cast(PointRow.key, String), ",").filter(not_(inside)),
    )).one()
    ring_in: dict[int, bool] = {}  # key -> sole, for the services a ring point puts within the radius
    if ring_keys:
        ring = session.exec(select(PointRow.key, PointRow.sole, PointRow.latitude, PointRow.longitude).where(
            PointRow.key.in_(sorted({int(key) for key in ring_keys.split(",")})),
            *_points_within(approx, radius_km=outer), not_(inside))).all()
        ring_in = {key: sole for key, sole, lat, lon in ring if geodesic_km(origin, (lat, lon)) <= radius}
    # A point row that puts its service within the radius.
    near_point = inside
    if ring_in:
        near_point = or_(near_point, PointRow.key.in_(sorted(ring_in)))

    def near_points(*columns, radius_km: float = outer):  # type: ignore[no-untyped-def]
        """Point rows that put their matching service within the radius (and, nearer than radius_km).

        Within the whole radius `near_point` alone decides, so its distance is not computed twice
        per row (a ring point's service is near however far its other points in the box lie).
        """
        if radius_km < outer:
            return points(*columns, radius_km=radius_km).where(near_point)
        return points(*columns, radius_km=None).where(near_point)

    municipality = reference.region_scope(session, region_code=point.municipality.code)
    if params.effective_sort == "name":
        nearby = entry.key.in_(select(PointRow.key).where(*_in_box(approx, radius_km=outer), near_point))
        return page_of_ids(session, conditions=[*conditions, or_(nearby, entry_in_region(municipality))],
                           order=ordering(resolved), offset=offset, limit=limit)
    # Services with one point are counted by their points; only the others need de-duplicating. A ring
    # service with several points adds itself unless another of its points is inside (counted already).
    ring_sole = [key for key, sole in ring_in.items() if sole]
    ring_others = [key for key, sole in ring_in.items() if not sole]
    if ring_others:
        counted = set(session.exec(select(PointRow.key).where(
            PointRow.key.in_(ring_others), *_in_box(approx, radius_km=outer), inside)))
        ring_others = [key for key in ring_others if key not in counted]
    nearby_total = sole_inside + others_inside + len(ring_sole) + len(ring_others)
    ids = _nearest(session, points=near_points, approx=approx, radius_km=radius, offset=offset,
                   limit=min(limit, nearby_total - offset), nearby_total=nearby_total)
    # The covering services that are not nearby follow (the municipality's search_scope rows); their page
    # also counts them. The two planners want "not nearby" differently: SQLite probes each covering row's
    # own points by key (building the set of every nearby key costs more); PostgreSQL hashes the nearby
    # keys once, where a correlated probe lets it rescan the bounding box for every covering row.
    nearby_points = select(PointRow.key).where(*_in_box(approx, radius_km=outer), near_point)
    if session.get_bind().dialect.name == "sqlite":
        not_nearby = not_(nearby_points.where(PointRow.key == ScopeRow.key).exists())
    else:
        not_nearby = ScopeRow.key.not_in(nearby_points)
    covering_total, covering_ids = page_of_scope_rows(
        session, conditions=[in_scope(municipality), *build_conditions(resolved, row=ScopeRow), not_nearby],
        order=ordering(resolved, local_first=True, row=ScopeRow),
        offset=max(0, offset - nearby_total), limit=limit - len(ids),
        parts=scope_parts(resolved, code=municipality.code))
    return nearby_total + covering_total, ids + covering_ids


def _nearest(session: Session, *, points, approx: _Approximation, radius_km: float,  # type: ignore[no-untyped-def]
             offset: int, limit: int, nearby_total: int) -> list[str]:
    """Ids of nearby services ranked offset..offset+limit by (geodesic km, lower-case name, id).

    `points(*columns, radius_km=...)` selects the point rows of nearby services. The first
    offset+limit services by approximate distance end at approximate distance T; a service
    whose approximate distance exceeds T·(1+ε)/(1−ε) is geodesically farther than all of
    them, so it cannot rank within offset+limit. Only points up to that bound are measured.

    T is found in a circle just big enough to hold offset+limit services (guessed from how many
    the whole radius holds, widened until it does): sorting the points of that circle gives the
    same first services as sorting every point of the radius, at the cost of a page, not of the
    radius.
    """
    if limit <= 0:
        return []
    need = offset + limit
    squared = approx.squared().label("squared")
    outer = radius_km * (1 + _EPSILON)
    reach = min(outer, radius_km * 1.5 * math.sqrt(need / max(nearby_total, 1)))
    fetch = max(2 * need, 50)
    while True:  # the need-th distinct service in point order, fetching more points when services repeat
        rows = session.exec(points(PointRow.key, squared, radius_km=reach).order_by(squared).limit(fetch)).all()
        nearest: dict[int, float] = {}
        for key, value in rows:
            nearest.setdefault(key, value)
        if len(nearest) >= need:
            break
        if len(rows) == fetch:
            fetch *= 4  # services repeat among the points: read further in the same circle
        elif reach < outer:
            reach = min(outer, reach * 2)  # the circle holds too few services: widen it
        else:
            break  # every point of the radius was read
    last = list(nearest.values())[need - 1] if len(nearest) >= need else max(nearest.values(), default=0.0)
    bound = _surely_farther(math.sqrt(last))
    reach = min(_surely_farther(bound), outer)
    rows = session.exec(points(SearchEntry.service_id, SearchEntry.sort_name, PointRow.latitude, PointRow.longitude,
                               radius_km=reach)).all()
    grouped: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for service_id, sort_name, latitude, longitude in rows:
        grouped.setdefault((service_id, sort_name), []).append((latitude, longitude))
    return [service_id for service_id, _ in _ranked(grouped, approx=approx, offset=offset, need=need)[offset:need]]


def _ranked(grouped: dict[tuple[str, str], list[tuple[float, float]]], *, approx: _Approximation, offset: int,
            need: int) -> list[tuple[str, str]]:
    """(service id, sort name) pairs ranked by (geodesic km to the nearest point, sort name, id), up to `need`.

    In order of approximate distance, a service whose estimate exceeds `_surely_farther` of the
    one before it is geodesically farther than every service before it. That splits the services
    into runs whose order the estimates already decide; only within a run that reaches the
    requested page (from `offset` on) can the geodesic distance change the order, so only there
    is it computed.
    """
    estimate = {pair: min(approx.km(lat, lon) for lat, lon in points) for pair, points in grouped.items()}
    by_estimate = sorted(grouped, key=lambda pair: (estimate[pair], pair[1], pair[0]))
    origin = (approx.latitude, approx.longitude)
    ranked: list[tuple[str, str]] = []
    start = 0
    while start < len(by_estimate) and start < need:
        end = start + 1
        while end < len(by_estimate) and estimate[by_estimate[end]] <= _surely_farther(estimate[by_estimate[end - 1]]):
            end += 1
        run = by_estimate[start:end]
        if len(run) > 1 and end > offset:
            run.sort(key=lambda pair: (_exact_km(origin, grouped[pair]), pair[1], pair[0]))
        ranked += run
        start = end
    return ranked


def nearest_first(origin: tuple[float, float], rows: list[tuple[str, float, float]], *, radius_km: float,
                  offset: int, limit: int) -> tuple[int, list[str]]:
    """Of (id, latitude, longitude) rows, how many lie within radius_km, and the ids ranked offset..offset+limit.

    Ranked by geodesic km, then id. As in `ids_near`, the approximation decides all but the
    ring at the radius and the order near the page, where geopy's distance decides.
    """
    approx = _Approximation.at(*origin)
    exact: dict[str, float] = {}

    def km(row: tuple[str, float, float]) -> float:
        if row[0] not in exact:
            exact[row[0]] = geodesic_km(origin, (row[1], row[2]))
        return exact[row[0]]

    members = []
    for row in rows:
        estimate = approx.km(row[1], row[2])
        if estimate <= radius_km * (1 - _EPSILON) or (estimate <= radius_km * (1 + _EPSILON) and km(row) <= radius_km):
            members.append((estimate, row))
    members.sort(key=lambda member: member[0])
    need = offset + limit
    if not members or limit <= 0:
        return len(members), []
    last = members[min(need, len(members)) - 1][0]
    bound = _surely_farther(last)
    band = [row for estimate, row in members if estimate <= bound]
    band.sort(key=lambda row: (km(row), row[0]))
    return len(members), [row[0] for row in band[offset:need]]
