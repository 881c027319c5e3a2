"""One dependency for every search filter of GET /v1/services."""

from typing import Annotated, Literal
from uuid import UUID

from fastapi import Query
from pydantic import ConfigDict, Field, field_validator

from api.listings.vocabulary import GENDERS
from api.geo.gazetteer import pc4_of
from api.models.service import CHANNEL_TYPES
from api.pagination import PageParams

ChannelType = Literal[("phone", *CHANNEL_TYPES)]  # type: ignore[valid-type]
TERM_FILTERS = {"service_type": "service_type", "audience": "audience", "situation": "situation"}
FLAGS = ("anonymous", "free", "lgbtq_friendly", "crisis_24_7", "self_referral")


class ServiceSearchParams(PageParams):
    """Filters combine with AND; repeated values of one filter combine with OR."""

    model_config = ConfigDict(extra="ignore")

    q: str | None = Field(None, min_length=1, max_length=200,
                          description="Words in name, description or organisation (case, accents, stop words and "
                                      "Dutch word endings ignored); phrases such as 'iemand dwingt me' or "
                                      "'gechanteerd' also find services helping with that situation, ranked "
                                      "first. `interpreted_query` says what was understood.")
    q_ignore: list[str] = Field([], description="Situation codes understood from q to leave out (a site's chips the "
                                                "user removed): q then finds and ranks without them")
    age: int | None = Field(None, ge=0, le=120, description="Age of the person; edges of a service's range count")
    gender: Literal[GENDERS] | None = Field(  # type: ignore[valid-type]
        None, description="male keeps services for everyone and for boys/men and drops women-only services; "
                          "likewise for female and nonbinary")
    region: str | None = Field(None, min_length=2, max_length=16, pattern=r"^[A-Za-z0-9]+$",
                               description="Region code (NL, PV23, GM0193, VR13): services covering it, a region "
                                           "around it or inside it, or located in it")
    service_type: list[str] = Field([], description="Term codes from /v1/taxonomy_terms?taxonomy=service_type")
    audience: list[str] = Field([], description="Term codes from /v1/taxonomy_terms?taxonomy=audience")
    situation: list[str] = Field([], description="Term codes from /v1/taxonomy_terms?taxonomy=situation")
    language: list[Annotated[str, Field(pattern=r"^[a-z]{2}$")]] = Field(
        [], description="ISO 639-1 language codes the service is offered in")
    channel: list[ChannelType] = Field([], description="Ways to get in touch")
    anonymous: bool | None = Field(None, description="Only services usable without giving a name")
    free: bool | None = None
    lgbtq_friendly: bool | None = None
    crisis_24_7: bool | None = None
    self_referral: bool | None = Field(None, description="Only services reachable without a referral")
    organization_id: UUID | None = Field(
        None, description="Only this organisation's services")
    lang: Literal["nl", "en"] = Field("nl", description="Language of names and descriptions")
    postcode: str | None = Field(
        None, max_length=10,
        description="Dutch postcode, PC4 (8011) or PC6 (8011 AB): search near it. Never leaves the server.",
        examples=["8011"])
    near: str | None = Field(None, min_length=2, max_length=100,
                             description="Place name (Zwolle, Den Haag, Den Bosch, Ljouwert): search near it",
                             examples=["Zwolle"])
    lat: float | None = Field(None, ge=-90, le=90, description="Latitude (with lon): search near this point")
    lon: float | None = Field(None, ge=-180, le=180, description="Longitude (with lat)")
    radius_km: float = Field(25, gt=0, le=300, description="Radius around the point for services with a location")
    sort: Literal["relevance", "distance", "name"] | None = Field(
        None, description="relevance (default without a point): services for a situation q names first; then "
                          "without a region day-and-night (24/7) help first, national first, then services for "
                          "the asked gender; with a region, services for the asked gender, regional before "
                          "national, 24/7 first. distance (default with a point): nearest first, then services "
                          "covering the place; name: alphabetical")

    @field_validator("postcode")
    @classmethod
    def _dutch_postcode(cls, value: str | None) -> str | None:
        if value is not None and pc4_of(value) is None:
            raise ValueError("must be a Dutch postcode such as 8011 or 8011 AB")
        return value

    @property
    def has_point(self) -> bool:
        """Whether a location to search near was given."""
        return self.postcode is not None or self.near is not None or self.lat is not None or self.lon is not None

    @property
    def effective_sort(self) -> str:
        """The sort in force: distance by default when a point is given."""
        return self.sort or ("distance" if self.has_point else "relevance")


SearchParamsDep = Annotated[ServiceSearchParams, Query()]
