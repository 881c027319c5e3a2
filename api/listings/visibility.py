"""Which listings the public sees, and what a listing's page loads with it."""

from sqlalchemy import ColumnElement, and_
from sqlalchemy.orm import joinedload, selectinload

from api.models import ContactChannel, Location, Phone, Service


def publicly_listed() -> ColumnElement[bool]:
    """Only active, published services are public."""
    return and_(Service.publication == "published", Service.status == "active")


def with_listing_parts():  # type: ignore[no-untyped-def]
    """Eager-load everything a listing shows, in a few batched queries.

    Many-to-one parts and the schedules of phones and channels are joined into the query
    of their parent; each collection is one SELECT ... IN.
    """
    return (
        joinedload(Service.organization),
        selectinload(Service.attributes),
        selectinload(Service.service_areas),
        selectinload(Service.phones).joinedload(Phone.schedules),
        selectinload(Service.channels).joinedload(ContactChannel.schedules),
        selectinload(Service.languages),
        selectinload(Service.locations).joinedload(Location.address),
        selectinload(Service.locations).joinedload(Location.municipality),
        selectinload(Service.schedules),
        selectinload(Service.translations),
    )
