"""Typed builders for test data, written through the same models the app uses."""

from sqlmodel import Session

from api.listings.derived import place_location, refresh_search_text
from api.listings.vocabulary import term_id
from api.models import (
    Attribute,
    ContactChannel,
    Language,
    Location,
    Organization,
    Phone,
    Service,
    ServiceArea,
    ServiceTranslation,
    new_id,
)


def make_organization(db: Session, *, name: str = "Testorganisatie") -> Organization:
    """An organisation."""
    organization = Organization(id=new_id(), name=name, description="test", website="https://example.org")
    db.add(organization)
    db.flush()
    return organization


def make_location(
    db: Session, *, organization: Organization, municipality: str, confidential: bool = False,
    street: str | None = None, postal_code: str | None = None,
    latitude: float | None = None, longitude: float | None = None, name: str = "Testlocatie",
) -> Location:
    """A location in a municipality, optionally with an exact address."""
    location = Location(id=new_id(), organization_id=organization.id, name=name, municipality_code=municipality,
                        confidential=confidential, latitude=latitude, longitude=longitude)
    place_location(db, location=location, city=None, street=street, postal_code=postal_code)
    db.add(location)
    db.flush()
    return location


def make_service(
    db: Session, *, organization: Organization | None = None, name: str = "Testdienst",
    description: str = "Beschrijving", minimum_age: int | None = None, maximum_age: int | None = None,
    genders: list[str] | None = None, service_types: list[str] | None = None, audiences: list[str] | None = None,
    situations: list[str] | None = None, languages: list[str] | None = None, areas: list[str] | None = None,
    locations: list[Location] | None = None, phones: list[str] | None = None, channels: list[str] | None = None,
    publication: str = "published", status: str = "active", english_name: str | None = None, **flags: bool,
) -> Service:
    """A service with the given eligibility, terms, areas and channels."""
    organization = organization or make_organization(db)
    sid = new_id()
    service = Service(id=sid, organization_id=organization.id, name=name, description=description,
                      minimum_age=minimum_age, maximum_age=maximum_age, publication=publication, status=status,
                      source_url="https://example.org/source", **flags)
    terms = [("gender", g) for g in genders or []] + [("service_type", t) for t in service_types or []]
    terms += [("audience", a) for a in audiences or []] + [("situation", s) for s in situations or []]
    service.attributes = [Attribute(service_id=sid, taxonomy_term_id=term_id(t, c)) for t, c in terms]
    service.languages = [Language(service_id=sid, code=code) for code in languages or ["nl"]]
    service.service_areas = [ServiceArea(service_id=sid, region_code=code) for code in areas or []]
    service.phones = [Phone(service_id=sid, number="+318000000", display_number=p, free=True) for p in phones or []]
    service.channels = [ContactChannel(service_id=sid, type=c, value=f"https://example.org/{c}") for c in channels or []]
    if english_name:
        service.translations = [ServiceTranslation(service_id=sid, language="en", name=english_name)]
    service.locations = list(locations or [])
    refresh_search_text(service=service, organization_name=organization.name)
    db.add(service)
    db.flush()
    return service
