"""Search near a point: postcode, place or lat/lon, resolved offline, distances with geopy."""

import math
from dataclasses import dataclass

from geopy.distance import geodesic
from sqlalchemy import func
from sqlmodel import Session, select

from api.errors import InvalidParameter
from api.geo.geocoder import OfflineDutchGeocoder, looks_like_coordinates
from api.models import Location, Region, Service, ServiceAtLocation
from api.search.params import ServiceSearchParams
from api.search.query import (
    ResolvedFilters,
    build_conditions,
    ordering,
    serving_region,
    with_listing_parts,
)

# On the WGS84 ellipsoid, geodesic / great-circle (mean radius) lies within [0.9944, 1.0045]
# for distances of this scale; _LOW and _HIGH bound it with room to spare.
_LOW, _HIGH = 0.99, 1.01
_GREAT_CIRCLE_MARGIN = _HIGH
_EARTH_RADIUS_KM = 6371.0088
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
    municipality = session.get(Region, found.raw["municipality_code"])
    if municipality is None:  # gazetteer and regions are built together; guard anyway
        raise InvalidParameter(field=name, problem=f"{query} lies in no known municipality")
    province = session.get(Region, municipality.parent_code) if municipality.parent_code else None
    return SearchPoint(query=query, kind=found.raw["kind"], latitude=found.latitude, longitude=found.longitude,
                       municipality=municipality, province=province)


def bounding_box(*, latitude: float, longitude: float, radius_km: float) -> tuple[float, float, float, float]:
    """South, north, west, east of a box that contains the circle (with a small margin)."""
    lat_delta = radius_km / _KM_PER_DEGREE_LAT * _GREAT_CIRCLE_MARGIN
    lon_delta = radius_km / (111.320 * max(math.cos(math.radians(latitude)), 0.01)) * _GREAT_CIRCLE_MARGIN
    return latitude - lat_delta, latitude + lat_delta, longitude - lon_delta, longitude + lon_delta


def distance_km(origin: tuple[float, float], latitude: float | None, longitude: float | None) -> float | None:
    """Geodesic distance in km, or None without coordinates."""
    if latitude is None or longitude is None:
        return None
    return geodesic(origin, (latitude, longitude)).km


def _great_circle_km(origin: tuple[float, float], latitude: float, longitude: float) -> float:
    """Haversine distance on the mean-radius sphere: a cheap bound, never the reported distance."""
    lat1, lon1, lat2, lon2 = map(math.radians, (origin[0], origin[1], latitude, longitude))
    a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass
class _Candidate:
    """A service with locations in the bounding box."""

    name: str
    points: list[tuple[float, float, float]]  # (great-circle km, latitude, longitude)
    exact: float | None = None

    @property
    def bound(self) -> float:
        """The smallest great-circle distance of its locations."""
        return min(p[0] for p in self.points)

    def geodesic_km(self, origin: tuple[float, float]) -> float:
        """Exact distance to its nearest location (only locations that can be nearest are measured)."""
        if self.exact is None:
            limit = self.bound * _HIGH / _LOW
            self.exact = min(geodesic(origin, (lat, lon)).km for gc, lat, lon in self.points if gc <= limit)
        return self.exact


def _nearby_in_order(session: Session, *, conditions: list, point: SearchPoint, radius_km: float,
                     needed: int) -> list[tuple[str, str, float | None]]:
    """Services with a location inside the radius, nearest first: (id, lower-case name, exact km or None).

    Geodesic distance (geopy) decides membership and order, but it is computed only where it
    can matter: near the radius edge, and for the services that can be among the first
    `needed`. Elsewhere the great-circle bound is decisive, because the two distances differ
    by less than 1% (ratio within [_LOW, _HIGH]).
    """
    south, north, west, east = bounding_box(latitude=point.latitude, longitude=point.longitude, radius_km=radius_km)
    rows = session.exec(
        select(Service.id, func.lower(Service.name), Location.public_latitude, Location.public_longitude)
        .join(ServiceAtLocation, ServiceAtLocation.service_id == Service.id)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(*conditions, Location.archived_at.is_(None), Location.public_latitude.between(south, north),
               Location.public_longitude.between(west, east))
    ).all()
    origin = (point.latitude, point.longitude)
    candidates: dict[str, _Candidate] = {}
    for service_id, name, latitude, longitude in rows:
        gc = _great_circle_km(origin, latitude, longitude)
        if gc <= radius_km * _HIGH:
            candidates.setdefault(service_id, _Candidate(name=name, points=[])).points.append((gc, latitude, longitude))
    members = {
        sid: c for sid, c in candidates.items()
        if c.bound <= radius_km * _LOW or c.geodesic_km(origin) <= radius_km
    }
    by_bound = sorted(members.items(), key=lambda kv: (kv[1].bound, kv[1].name, kv[0]))
    if len(by_bound) > needed:
        cutoff = by_bound[needed - 1][1].bound * _HIGH / _LOW
        head = [(sid, c) for sid, c in by_bound if c.bound <= cutoff]
        tail = [(sid, c) for sid, c in by_bound if c.bound > cutoff]
    else:
        head, tail = by_bound, []
    head.sort(key=lambda kv: (kv[1].geodesic_km(origin), kv[1].name, kv[0]))
    return [(sid, c.name, c.exact) for sid, c in head + tail]


def _covering(session: Session, *, resolved: ResolvedFilters, conditions: list,
              point: SearchPoint) -> list[tuple[str, str]]:
    """Services whose area covers the point's municipality, regional before national: (id, lower-case name)."""
    rows = session.exec(
        select(Service.id, func.lower(Service.name)).where(*conditions, serving_region(point.municipality.code))
        .order_by(*ordering(resolved, local_first=True))
    ).all()
    return [(service_id, name) for service_id, name in rows]


def search_near(
    session: Session, *, resolved: ResolvedFilters, point: SearchPoint
) -> tuple[int, list[Service], dict[str, float | None]]:
    """Nearby services (by distance) then services covering the place; one page with distances."""
    params = resolved.params
    conditions = build_conditions(resolved)
    nearby = _nearby_in_order(session, conditions=conditions, point=point, radius_km=params.radius_km,
                              needed=params.offset + params.per_page)
    nearby_ids = {sid for sid, _, _ in nearby}
    covering = [(sid, name) for sid, name in _covering(session, resolved=resolved, conditions=conditions, point=point)
                if sid not in nearby_ids]
    if params.effective_sort == "name":
        everything = [(sid, name) for sid, name, _ in nearby] + covering
        ordered = [sid for sid, _ in sorted(everything, key=lambda pair: (pair[1], pair[0]))]
    else:
        ordered = [sid for sid, _, _ in nearby] + [sid for sid, _ in covering]
    page_ids = ordered[params.offset:params.offset + params.per_page]
    loaded = {s.id: s for s in session.exec(
        select(Service).where(Service.id.in_(page_ids)).options(*with_listing_parts())).all()}
    services = [loaded[sid] for sid in page_ids if sid in loaded]
    origin = (point.latitude, point.longitude)
    distances: dict[str, float | None] = {}
    for service in services:
        measured = [d for loc in service.locations if loc.archived_at is None
                    and (d := distance_km(origin, loc.public_latitude, loc.public_longitude)) is not None]
        distances[service.id] = round(min(measured), 1) if measured else None
    return len(ordered), services, distances
