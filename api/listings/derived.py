"""Rules that keep a listing's derived fields right: search text and public coordinates."""

from sqlmodel import Session

from api.geo.gazetteer import get_gazetteer
from api.models import Address, Location, Region, Service
from api.text import fold


def search_text_of(parts: list[str | None]) -> str:
    """The folded text `q` searches, from names and descriptions."""
    return " ".join(fold(part) for part in parts if part)


def refresh_search_text(*, service: Service, organization_name: str) -> None:
    """Recompute a service's search text: names and descriptions in every language, and its organisation."""
    parts = [service.name, service.alternate_name, service.description, organization_name]
    for translation in service.translations:
        parts.extend([translation.name, translation.description])
    service.search_text = search_text_of(parts)


def public_point(
    *, confidential: bool, latitude: float | None, longitude: float | None, municipality: Region | None
) -> tuple[float | None, float | None]:
    """What the public may see of a location's position: exact, or the municipality centre if confidential."""
    if confidential:
        return (municipality.latitude, municipality.longitude) if municipality else (None, None)
    return latitude, longitude


def place_location(
    session: Session,
    *,
    location: Location,
    city: str | None = None,
    street: str | None = None,
    postal_code: str | None = None,
) -> None:
    """Fill a location's address, coordinates, municipality and public point.

    Without exact coordinates they come from the offline gazetteer (postcode, else
    place), else the municipality's centroid. A confidential location's public point is
    always its municipality's centroid, never the exact spot.
    """
    gazetteer = get_gazetteer()
    entry = (gazetteer.postcode(postal_code) if postal_code else None) or (gazetteer.place(city) if city else None)
    if location.municipality_code is None and entry is not None:
        location.municipality_code = entry.municipality_code
    municipality = session.get(Region, location.municipality_code) if location.municipality_code else None
    if location.latitude is None or location.longitude is None:
        if entry is not None:
            location.latitude, location.longitude = entry.latitude, entry.longitude
        elif municipality is not None:
            location.latitude, location.longitude = municipality.latitude, municipality.longitude
    location.public_latitude, location.public_longitude = public_point(
        confidential=location.confidential, latitude=location.latitude, longitude=location.longitude,
        municipality=municipality,
    )
    if city or street or postal_code:
        province = session.get(Region, municipality.parent_code) if municipality and municipality.parent_code else None
        location.address = Address(
            location_id=location.id, address_1=street, city=city or (municipality.name if municipality else ""),
            state_province=province.name if province else None, postal_code=postal_code,
        )
