"""Search near a point: postcode, place or lat/lon, resolved offline, distances with geopy."""

import math
from dataclasses import dataclass

from geopy.distance import geodesic, great_circle
from sqlalchemy import func
from sqlmodel import Session, select

from api.errors import InvalidParameter
from api.geo.geocoder import OfflineDutchGeocoder
from api.models import Location, Region, Service, ServiceAtLocation
from api.search.params import ServiceSearchParams
from api.search.query import ResolvedFilters, build_conditions, is_national, serving_region, with_listing_parts

# Great-circle and geodesic distances differ by well under 1% at these scales, so a
# 1% margin on the cheap great-circle test never drops a service the geodesic keeps.
_GREAT_CIRCLE_MARGIN = 1.01
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
    found = OfflineDutchGeocoder().geocode(query)
    if found is None:
        raise InvalidParameter(field=field, problem=problem or f"'{query}' not found")
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


def _within_radius(session: Session, *, conditions: list, point: SearchPoint, radius_km: float) -> dict[str, tuple[float, str]]:
    """Services with a location inside the radius: id → (exact distance, lower-case name)."""
    south, north, west, east = bounding_box(latitude=point.latitude, longitude=point.longitude, radius_km=radius_km)
    rows = session.exec(
        select(Service.id, func.lower(Service.name), Location.public_latitude, Location.public_longitude)
        .join(ServiceAtLocation, ServiceAtLocation.service_id == Service.id)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(*conditions, Location.public_latitude.between(south, north),
               Location.public_longitude.between(west, east))
    ).all()
    origin = (point.latitude, point.longitude)
    nearest: dict[str, tuple[float, str]] = {}
    for service_id, name, latitude, longitude in rows:
        if great_circle(origin, (latitude, longitude)).km > radius_km * _GREAT_CIRCLE_MARGIN:
            continue
        exact = geodesic(origin, (latitude, longitude)).km
        if exact <= radius_km and (service_id not in nearest or exact < nearest[service_id][0]):
            nearest[service_id] = (exact, name)
    return nearest


def _covering(session: Session, *, conditions: list, point: SearchPoint) -> list[tuple[str, str]]:
    """Services whose area covers the point's municipality, in relevance order: (id, lower-case name)."""
    rows = session.exec(
        select(Service.id, func.lower(Service.name)).where(*conditions, serving_region(point.municipality.code))
        .order_by(Service.crisis_24_7.desc(), is_national().desc(), func.lower(Service.name), Service.id)
    ).all()
    return [(service_id, name) for service_id, name in rows]


def search_near(
    session: Session, *, resolved: ResolvedFilters, point: SearchPoint
) -> tuple[int, list[Service], dict[str, float | None]]:
    """Nearby services (by distance) then services covering the place; one page with distances."""
    params = resolved.params
    conditions = build_conditions(resolved)
    nearby = _within_radius(session, conditions=conditions, point=point, radius_km=params.radius_km)
    covering = [(sid, name) for sid, name in _covering(session, conditions=conditions, point=point) if sid not in nearby]
    if params.effective_sort == "name":
        ordered = [sid for sid, _ in sorted([(sid, n) for sid, (_, n) in nearby.items()] + covering,
                                            key=lambda pair: (pair[1], pair[0]))]
    else:
        ordered = [sid for sid, _ in sorted(nearby.items(), key=lambda kv: (kv[1][0], kv[1][1], kv[0]))]
        ordered += [sid for sid, _ in covering]
    page_ids = ordered[params.offset:params.offset + params.per_page]
    loaded = {s.id: s for s in session.exec(
        select(Service).where(Service.id.in_(page_ids)).options(*with_listing_parts())).all()}
    services = [loaded[sid] for sid in page_ids if sid in loaded]
    origin = (point.latitude, point.longitude)
    distances: dict[str, float | None] = {}
    for service in services:
        measured = [d for loc in service.locations
                    if (d := distance_km(origin, loc.public_latitude, loc.public_longitude)) is not None]
        distances[service.id] = round(min(measured), 1) if measured else None
    return len(ordered), services, distances
