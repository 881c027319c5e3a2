"""What a listing edit may contain (the write API and the importer validate with these).

Strict: unknown fields are refused, every bad field is named."""

import re
from typing import Annotated, Literal
from uuid import UUID

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from api.listings.contact import normalise_dutch_phone
from api.text import has_control_character
from api.listings.vocabulary import GENDERS
from api.models.service import CHANNEL_TYPES, SERVICE_STATUSES

Day = Literal["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
Time = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]
MediumText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,60}$")]


def _http_url(value: str) -> str:
    """Only http(s) URLs with a host."""
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value, re.IGNORECASE) or len(value) > 500:
        raise ValueError("must be an http(s) URL of at most 500 characters")
    return value


HttpUrl = Annotated[str, AfterValidator(_http_url)]


class Strict(BaseModel):
    """Refuse unknown fields, and text with control characters."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*")
    @classmethod
    def _no_control_characters(cls, value: object) -> object:
        if has_control_character(value):
            raise ValueError("must not contain control characters")
        return value


class HoursBlock(Strict):
    """Opening hours on some weekdays."""

    days: list[Day] = Field(min_length=1, max_length=7)
    opens: Time
    closes: Time

    @field_validator("closes")
    @classmethod
    def _opens_before_closes(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("opens") and info.data["opens"] >= value:
            raise ValueError("closes must be after opens")
        return value


Hours = Literal["24/7"] | Annotated[list[HoursBlock], Field(min_length=1, max_length=14)]


class PhoneIn(Strict):
    """A Dutch phone number; stored as E.164 with the written form kept."""

    number: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=30)]
    free: bool | None = Field(None, description="Omit to derive: 0800 free, 0900 paid")
    description: ShortText | None = None
    hours: Hours | None = None

    @field_validator("number")
    @classmethod
    def _dutch(cls, value: str) -> str:
        normalise_dutch_phone(value)  # raises ValueError with the reason
        return value


class ChannelIn(Strict):
    """Chat, WhatsApp, walk-in, e-mail or web form."""

    type: Literal[CHANNEL_TYPES]  # type: ignore[valid-type]
    value: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
    label: ShortText | None = None
    free: bool | None = None
    hours: Hours | None = None

    @field_validator("value")
    @classmethod
    def _value_fits_type(cls, value: str, info: ValidationInfo) -> str:
        kind = info.data.get("type")
        if kind in ("chat", "web_form"):
            _http_url(value)
        elif kind == "email":
            try:
                EmailCheck(email=value)
            except ValidationError as exc:
                raise ValueError("must be a valid e-mail address") from exc
        elif kind == "whatsapp":
            normalise_dutch_phone(value)
        return value


class EmailCheck(BaseModel):
    """Reuses pydantic's e-mail validation."""

    email: EmailStr


class TranslationIn(Strict):
    """Texts in another language."""

    name: ShortText | None = None
    description: LongText | None = None
    eligibility_description: MediumText | None = None
    application_process: MediumText | None = None


Age = Annotated[int, Field(ge=0, le=120)]


class ServiceFields(Strict):
    """Every editable field of a service; the shape of snapshots, revisions and history."""

    organization_id: UUID
    name: ShortText
    description: LongText = ""
    url: HttpUrl | None = None
    email: EmailStr | None = None
    status: Literal[SERVICE_STATUSES] = "active"  # type: ignore[valid-type]
    minimum_age: Age | None = None
    maximum_age: Age | None = None
    eligibility_description: MediumText | None = None
    application_process: MediumText | None = None
    anonymous: bool = False
    police_involved: bool = False
    lgbtq_friendly: bool = False
    crisis_24_7: bool = False
    self_referral: bool = False
    free: bool = False
    source_url: HttpUrl | None = None
    genders: list[Literal[GENDERS]] = Field([], description="Empty = everyone")  # type: ignore[valid-type]
    service_types: list[Code] = Field([], max_length=15)
    audiences: list[Code] = Field([], max_length=10)
    situations: list[Code] = Field([], max_length=10)
    languages: list[LanguageCode] = Field(["nl"], max_length=20)
    service_areas: list[Code] = Field([], max_length=400, description="Region codes; NL = national")
    location_ids: list[UUID] = Field([], max_length=50)
    phones: list[PhoneIn] = Field([], max_length=10)
    channels: list[ChannelIn] = Field([], max_length=10)
    hours: Hours | None = Field(None, description="Opening hours of the service itself")
    translations: dict[LanguageCode, TranslationIn] = Field({}, description="e.g. {'en': {'name': ...}}")

    @field_validator("maximum_age")
    @classmethod
    def _ages_in_order(cls, value: int | None, info: ValidationInfo) -> int | None:
        minimum = info.data.get("minimum_age")
        if value is not None and minimum is not None and minimum > value:  # field order: minimum_age first
            raise ValueError(f"must be at least minimum_age ({minimum})")
        return value


class ServicePatch(Strict):
    """PATCH: only the fields sent change; lists replace the whole list."""

    organization_id: UUID | None = None
    name: ShortText | None = None
    description: LongText | None = None
    url: HttpUrl | None = None
    email: EmailStr | None = None
    status: Literal[SERVICE_STATUSES] | None = None  # type: ignore[valid-type]
    minimum_age: Age | None = None
    maximum_age: Age | None = None
    eligibility_description: MediumText | None = None
    application_process: MediumText | None = None
    anonymous: bool | None = None
    police_involved: bool | None = None
    lgbtq_friendly: bool | None = None
    crisis_24_7: bool | None = None
    self_referral: bool | None = None
    free: bool | None = None
    source_url: HttpUrl | None = None
    genders: list[Literal[GENDERS]] | None = None  # type: ignore[valid-type]
    service_types: list[Code] | None = Field(None, max_length=15)
    audiences: list[Code] | None = Field(None, max_length=10)
    situations: list[Code] | None = Field(None, max_length=10)
    languages: list[LanguageCode] | None = Field(None, max_length=20)
    service_areas: list[Code] | None = Field(None, max_length=400)
    location_ids: list[UUID] | None = Field(None, max_length=50)
    phones: list[PhoneIn] | None = Field(None, max_length=10)
    channels: list[ChannelIn] | None = Field(None, max_length=10)
    hours: Hours | None = None
    translations: dict[LanguageCode, TranslationIn] | None = None


class OrganizationFields(Strict):
    """Editable fields of an organisation."""

    name: ShortText
    alternate_name: ShortText | None = None
    description: LongText = ""
    website: HttpUrl | None = None
    email: EmailStr | None = None
    source_url: HttpUrl | None = None
    translations: dict[LanguageCode, TranslationIn] = {}


class OrganizationPatch(Strict):
    """PATCH of an organisation."""

    name: ShortText | None = None
    alternate_name: ShortText | None = None
    description: LongText | None = None
    website: HttpUrl | None = None
    email: EmailStr | None = None
    source_url: HttpUrl | None = None
    translations: dict[LanguageCode, TranslationIn] | None = None


class AddressIn(Strict):
    """A postal address."""

    address_1: ShortText | None = None
    city: ShortText | None = None
    postal_code: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[1-9]\d{3}\s?[A-Za-z]{2}$")] | None = None


class LocationFields(Strict):
    """Editable fields of a location. Without coordinates they come from the gazetteer."""

    organization_id: UUID
    name: ShortText | None = None
    description: MediumText | None = None
    confidential: bool = Field(False, description="Shelter/safe house: address never public")
    municipality_code: Annotated[str, StringConstraints(pattern=r"^GM\d{4}$")] | None = None
    latitude: Annotated[float, Field(ge=50.7, le=53.6)] | None = None
    longitude: Annotated[float, Field(ge=3.3, le=7.3)] | None = Field(None, validate_default=True)
    address: AddressIn | None = None

    @field_validator("longitude")
    @classmethod
    def _both_coordinates(cls, value: float | None, info: ValidationInfo) -> float | None:
        if "latitude" in info.data and (info.data["latitude"] is None) != (value is None):
            raise ValueError("give latitude and longitude together")
        return value


class LocationPatch(Strict):
    """PATCH of a location."""

    name: ShortText | None = None
    description: MediumText | None = None
    confidential: bool | None = None
    municipality_code: Annotated[str, StringConstraints(pattern=r"^GM\d{4}$")] | None = None
    latitude: Annotated[float, Field(ge=50.7, le=53.6)] | None = None
    longitude: Annotated[float, Field(ge=3.3, le=7.3)] | None = None
    address: AddressIn | None = None
