"""Public shapes of a listing (built only by api.listings.present; the confidential rule lives there)."""

from datetime import date

from pydantic import BaseModel, Field


Gender = str  # "male" | "female" | "nonbinary"


class OrganizationRef(BaseModel):
    """The organisation behind a service."""

    id: str
    name: str
    website: str | None = None


class RegionRef(BaseModel):
    """A region by code, name and kind."""

    code: str = Field(examples=["GM0193"])
    name: str = Field(examples=["Zwolle"])
    kind: str = Field(examples=["municipality"])


class LocationPublic(BaseModel):
    """A place where a service is delivered.

    For a confidential location (a shelter) `address` and `postal_code` are null and the
    coordinates are the municipality's centroid, never the real spot.
    """

    id: str
    name: str | None = None
    city: str | None = None
    municipality_code: str | None = None
    address: str | None = None
    postal_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    confidential: bool = False


class ChannelPublic(BaseModel):
    """One way to reach a service."""

    type: str = Field(description="phone, chat, whatsapp, walk_in, email or web_form", examples=["phone"])
    value: str = Field(description="Number as written, URL, address or walk-in text", examples=["0800-0188"])
    href: str | None = Field(None, description="Link to act on it: tel:, https:, mailto:", examples=["tel:+318000188"])
    free: bool | None = Field(None, description="Phones: true = free (0800), false = paid (0900); null = unknown")
    hours: str | None = Field(None, description="Opening hours in short form", examples=["24/7"])
    label: str | None = None


class ScheduleBlock(BaseModel):
    """Weekly opening hours (HSDS schedule)."""

    byday: str = Field(examples=["MO,TU,WE,TH,FR"])
    opens_at: str = Field(examples=["09:00"])
    closes_at: str = Field(examples=["17:00"])
    description: str | None = None


class ServiceSummary(BaseModel):
    """A service as listed in search results."""

    id: str
    name: str
    description: str
    organization: OrganizationRef
    status: str
    minimum_age: int | None = Field(None, description="Youngest age served; null = no lower bound")
    maximum_age: int | None = Field(None, description="Oldest age served; null = no upper bound")
    genders: list[Gender] = Field(description="Who is served; all three = everyone", examples=[["male"]])
    service_types: list[str]
    audiences: list[str]
    situations: list[str]
    languages: list[str]
    service_areas: list[RegionRef]
    locations: list[LocationPublic]
    channels: list[ChannelPublic]
    anonymous: bool = Field(description="Can be used without giving a name")
    police_involved: bool = Field(description="Contact means contact with the police")
    lgbtq_friendly: bool
    crisis_24_7: bool = Field(description="Reachable day and night for acute situations")
    self_referral: bool = Field(description="No referral by a professional needed")
    free: bool
    assured_date: date | None = Field(None, description="When a curator last verified this listing; null = never")
    source_url: str | None = None
    match_reasons: list[str] = Field(
        default_factory=list, description="Why this service matched the filters", examples=[["age 16 within 12–23"]]
    )
    distance_km: float | None = Field(None, description="Distance to the nearest location, when a point was given")


class ServiceDetail(ServiceSummary):
    """A service with everything a professional needs to refer."""

    eligibility_description: str | None = None
    application_process: str | None = None
    url: str | None = None
    email: str | None = None
    schedules: list[ScheduleBlock] = []
    translations_available: list[str] = Field(description="Languages this listing's texts exist in")
