"""HSDS service and the rows that hang off it."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Index, Text, UniqueConstraint
from sqlmodel import Column, Field, Relationship, SQLModel

from api.models.base import new_id, one_of, stable_id, utcnow
from api.models.location import Location
from api.models.organization import Organization
from api.models.region import Region
from api.models.taxonomy import TaxonomyTerm

SERVICE_STATUSES = ("active", "inactive", "defunct", "temporarily closed")
PUBLICATION_STATES = ("draft", "in_review", "published", "archived")
CHANNEL_TYPES = ("chat", "whatsapp", "walk_in", "email", "web_form")  # besides phones, which have their own table
PHONE_TYPES = ("voice", "text", "sms", "fax", "cell")  # HSDS phone.type
SCHEDULE_FREQUENCIES = ("WEEKLY",)


def _link_id(context) -> str:  # type: ignore[no-untyped-def]
    """A service_at_location id derived from the pair it links, so re-linking keeps the id."""
    params = context.get_current_parameters()
    return stable_id("service_at_location", params["service_id"], params["location_id"])


class ServiceAtLocation(SQLModel, table=True):
    """Links a service to a location where it is delivered (HSDS service_at_location)."""

    __tablename__ = "service_at_location"
    __table_args__ = (UniqueConstraint("service_id", "location_id"),)

    id: str = Field(primary_key=True, max_length=36, sa_column_kwargs={"default": _link_id})
    # The unique (service_id, location_id) index serves lookups by service.
    service_id: str = Field(foreign_key="service.id", max_length=36, ondelete="CASCADE")
    location_id: str = Field(foreign_key="location.id", index=True, max_length=36, ondelete="CASCADE")


class Service(SQLModel, table=True):
    """A service an organisation offers (HSDS service) plus this product's flags.

    Text fields hold Dutch; other languages live in `service_translation`.
    `publication` is the curation state; the public sees only published, active services.
    """

    __table_args__ = (
        one_of("status", SERVICE_STATUSES),
        one_of("publication", PUBLICATION_STATES),
        CheckConstraint("minimum_age IS NULL OR (minimum_age >= 0 AND minimum_age <= 120)", name="minimum_age_range"),
        CheckConstraint("maximum_age IS NULL OR (maximum_age >= 0 AND maximum_age <= 120)", name="maximum_age_range"),
        CheckConstraint(
            "minimum_age IS NULL OR maximum_age IS NULL OR minimum_age <= maximum_age", name="age_order"
        ),
        Index("ix_service_public", "publication", "status"),
        Index("ix_service_ages", "minimum_age", "maximum_age"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    organization_id: str = Field(foreign_key="organization.id", index=True, max_length=36)
    name: str = Field(max_length=200)
    alternate_name: str | None = Field(default=None, max_length=200)
    description: str = Field(default="", max_length=4000)
    url: str | None = Field(default=None, max_length=500)
    email: str | None = Field(default=None, max_length=254)
    status: str = Field(default="active", max_length=20)
    publication: str = Field(default="draft", max_length=16)
    minimum_age: int | None = None
    maximum_age: int | None = None
    eligibility_description: str | None = Field(default=None, max_length=2000)
    application_process: str | None = Field(default=None, max_length=2000)
    anonymous: bool = False
    police_involved: bool = False
    lgbtq_friendly: bool = False
    crisis_24_7: bool = False
    self_referral: bool = False
    free: bool = False
    assured_date: date | None = None
    assurer: str | None = Field(default=None, max_length=200)
    source_url: str | None = Field(default=None, max_length=500)
    # Lower-case, accent-free text of names and descriptions in every language, for `q`.
    search_text: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    organization: Organization = Relationship(back_populates="services")
    translations: list["ServiceTranslation"] = Relationship(sa_relationship_kwargs={"cascade": "all, delete-orphan"})
    attributes: list["Attribute"] = Relationship(sa_relationship_kwargs={"cascade": "all, delete-orphan"})
    service_areas: list["ServiceArea"] = Relationship(sa_relationship_kwargs={"cascade": "all, delete-orphan"})
    phones: list["Phone"] = Relationship(sa_relationship_kwargs={"cascade": "all, delete-orphan"})
    channels: list["ContactChannel"] = Relationship(sa_relationship_kwargs={"cascade": "all, delete-orphan"})
    languages: list["Language"] = Relationship(sa_relationship_kwargs={"cascade": "all, delete-orphan"})
    schedules: list["Schedule"] = Relationship(
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "primaryjoin": "Schedule.service_id == Service.id"}
    )
    locations: list[Location] = Relationship(link_model=ServiceAtLocation)


class ServiceTranslation(SQLModel, table=True):
    """A service's texts in another language (extension; `en` at least)."""

    __tablename__ = "service_translation"

    service_id: str = Field(foreign_key="service.id", primary_key=True, max_length=36, ondelete="CASCADE")
    language: str = Field(primary_key=True, max_length=2)
    name: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=4000)
    eligibility_description: str | None = Field(default=None, max_length=2000)
    application_process: str | None = Field(default=None, max_length=2000)


class ServiceArea(SQLModel, table=True):
    """A region a service covers (HSDS service_area, referencing our regions)."""

    __tablename__ = "service_area"
    __table_args__ = (UniqueConstraint("service_id", "region_code"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    # The unique index that starts with service_id serves lookups by service.
    service_id: str = Field(foreign_key="service.id", max_length=36, ondelete="CASCADE")
    region_code: str = Field(foreign_key="region.code", index=True, max_length=16)
    description: str | None = Field(default=None, max_length=500)

    region: Region = Relationship(sa_relationship_kwargs={"lazy": "joined"})


class Phone(SQLModel, table=True):
    """A phone number (HSDS phone) with cost (extension: free 0800 or paid 0900)."""

    __table_args__ = (one_of("type", PHONE_TYPES),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    service_id: str | None = Field(default=None, foreign_key="service.id", index=True, max_length=36, ondelete="CASCADE")
    location_id: str | None = Field(default=None, foreign_key="location.id", index=True, max_length=36)
    organization_id: str | None = Field(default=None, foreign_key="organization.id", index=True, max_length=36)
    number: str = Field(max_length=20, description="E.164 (+318000188) or a short number such as 112")
    display_number: str = Field(max_length=30, description="As people write it: 0800-0188")
    extension: str | None = Field(default=None, max_length=10)
    type: str = Field(default="voice", max_length=8)
    description: str | None = Field(default=None, max_length=500)
    free: bool | None = Field(default=None, description="True for free numbers (0800), False for paid ones")

    schedules: list["Schedule"] = Relationship(sa_relationship_kwargs={"cascade": "all, delete-orphan"})


class ContactChannel(SQLModel, table=True):
    """A way to reach a service other than a phone (extension): chat, WhatsApp, walk-in, e-mail, web form."""

    __tablename__ = "contact_channel"
    __table_args__ = (
        one_of("type", CHANNEL_TYPES),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    service_id: str = Field(foreign_key="service.id", index=True, max_length=36, ondelete="CASCADE")
    type: str = Field(max_length=10, index=True)
    value: str = Field(max_length=500)
    label: str | None = Field(default=None, max_length=200)
    free: bool | None = None

    schedules: list["Schedule"] = Relationship(sa_relationship_kwargs={"cascade": "all, delete-orphan"})


class Schedule(SQLModel, table=True):
    """Weekly opening hours (HSDS schedule, RFC 5545 style) of a service, phone or channel."""

    __table_args__ = (one_of("freq", SCHEDULE_FREQUENCIES),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    service_id: str | None = Field(default=None, foreign_key="service.id", index=True, max_length=36, ondelete="CASCADE")
    location_id: str | None = Field(default=None, foreign_key="location.id", index=True, max_length=36)
    phone_id: str | None = Field(default=None, foreign_key="phone.id", index=True, max_length=36, ondelete="CASCADE")
    channel_id: str | None = Field(
        default=None, foreign_key="contact_channel.id", index=True, max_length=36, ondelete="CASCADE"
    )
    freq: str = Field(default="WEEKLY", max_length=8)
    byday: str = Field(max_length=40, description="Comma-separated RFC 5545 days: MO,TU,WE,TH,FR,SA,SU")
    opens_at: str = Field(max_length=5, description="HH:MM")
    closes_at: str = Field(max_length=5, description="HH:MM; 23:59 with opens_at 00:00 means all day")
    description: str | None = Field(default=None, max_length=500)


class Language(SQLModel, table=True):
    """A language a service is offered in (HSDS language, ISO 639-1 code)."""

    __table_args__ = (UniqueConstraint("service_id", "code"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    # The unique index that starts with service_id serves lookups by service.
    service_id: str = Field(foreign_key="service.id", max_length=36, ondelete="CASCADE")
    code: str = Field(max_length=2, index=True)
    name: str | None = Field(default=None, max_length=60)


class Attribute(SQLModel, table=True):
    """Links a taxonomy term to a service (HSDS attribute): type, audience, situation, gender."""

    __table_args__ = (UniqueConstraint("service_id", "taxonomy_term_id"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    # The unique index that starts with service_id serves lookups by service.
    service_id: str = Field(foreign_key="service.id", max_length=36, ondelete="CASCADE")
    taxonomy_term_id: str = Field(foreign_key="taxonomy_term.id", index=True, max_length=36)
    value: str | None = Field(default=None, max_length=200)

    taxonomy_term: TaxonomyTerm = Relationship()


