"""HSDS location and address, with the `confidential` extension."""

from datetime import datetime
from typing import Optional

from sqlalchemy import Index
from sqlmodel import Field, Relationship, SQLModel

from api.models.base import new_id, one_of
from api.models.region import Region

LOCATION_TYPES = ("physical", "postal", "virtual")  # HSDS location.location_type


class Location(SQLModel, table=True):
    """A place where services are delivered.

    `confidential` (extension) marks a shelter or safe house: its street address,
    postcode and exact coordinates stay on the server. `public_latitude` /
    `public_longitude` are what the public may see and what distances use: the exact
    point for an open location, the municipality's centroid for a confidential one.
    """

    __table_args__ = (
        one_of("location_type", LOCATION_TYPES),
        Index("ix_location_public_point", "public_latitude", "public_longitude"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    organization_id: str = Field(foreign_key="organization.id", index=True, max_length=36)
    name: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    location_type: str = Field(default="physical", max_length=16)
    confidential: bool = False
    municipality_code: str | None = Field(default=None, foreign_key="region.code", index=True, max_length=16)
    latitude: float | None = None
    longitude: float | None = None
    public_latitude: float | None = None
    public_longitude: float | None = None
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    archived_at: datetime | None = Field(default=None, description="Set when archived (soft delete)")

    address: Optional["Address"] = Relationship(
        back_populates="location", sa_relationship_kwargs={"uselist": False, "cascade": "all, delete-orphan"}
    )
    municipality: Region | None = Relationship()


class Address(SQLModel, table=True):
    """The postal address of a location (HSDS address)."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    location_id: str = Field(foreign_key="location.id", unique=True, max_length=36, ondelete="CASCADE")
    attention: str | None = Field(default=None, max_length=200)
    address_1: str | None = Field(default=None, max_length=200)
    address_2: str | None = Field(default=None, max_length=200)
    city: str = Field(max_length=120)
    region: str | None = Field(default=None, max_length=120)
    state_province: str | None = Field(default=None, max_length=120)
    postal_code: str | None = Field(default=None, max_length=10)
    country: str = Field(default="NL", max_length=2)
    address_type: str = Field(default="physical", max_length=16)

    location: Location = Relationship(back_populates="address")
