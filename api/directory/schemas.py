"""Public response shapes of the directory (what campaign sites and apps receive) besides the
listing shapes of api.listings.schemas."""

from pydantic import BaseModel, Field

from api.listings.schemas import RegionRef, ServiceSummary
from api.pagination import Page


class OrganizationSummary(BaseModel):
    """An organisation in a list."""

    id: str
    name: str
    description: str
    website: str | None = None
    source_url: str | None = None


class OrganizationDetail(OrganizationSummary):
    """An organisation with its public services."""

    services: list[ServiceSummary]


class TermPublic(BaseModel):
    """A vocabulary term."""

    id: str
    code: str = Field(examples=["helpline"])
    taxonomy: str = Field(examples=["service_type"])
    name: str = Field(description="Label in the requested language", examples=["Hulplijn"])
    description: str | None = None


class RegionSummary(RegionRef):
    """A region in a list."""

    parent_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None


class RegionDetail(RegionSummary):
    """A region with its parent chain (nearest first) and its children or members."""

    parents: list[RegionRef]
    children: list[RegionRef]
    groups: list[RegionRef] = Field(description="Grouping regions (e.g. veiligheidsregio) this region belongs to")


class InterpretedLocation(BaseModel):
    """How the location in a search was understood, so a site can say "results near Zwolle"."""

    query: str = Field(examples=["8011"])
    kind: str = Field(description="postcode, place or coordinates", examples=["postcode"])
    latitude: float = Field(examples=[52.5116])
    longitude: float = Field(examples=[6.0921])
    municipality: str = Field(examples=["Zwolle"])
    municipality_code: str = Field(examples=["GM0193"])
    province: str | None = Field(None, examples=["Overijssel"])
    province_code: str | None = Field(None, examples=["PV23"])


class UnderstoodSituation(BaseModel):
    """A situation the words of `q` name: the search also finds services that help with it."""

    code: str = Field(examples=["sextortion"])
    name: str = Field(description="In the requested language", examples=["Afpersing met naaktfoto's"])
    phrases: list[str] = Field(description="The words of the query that named it, folded",
                               examples=[["gechanteerd", "naaktfoto"]])


class InterpretedQuery(BaseModel):
    """How `q` was understood, so a site can say "we zochten naar hulp bij afpersing met naaktfoto's"."""

    words: list[str] = Field(description="Words looked for in names and descriptions (folded; stop words left out)",
                             examples=[["gechanteerd", "naaktfoto"]])
    ignored_words: list[str] = Field(description="Stop words left out of the text search", examples=[["ik", "word"]])
    situations: list[UnderstoodSituation] = Field(
        description="Situations named by phrases of the query; services carrying one of them match too, "
                    "and rank first")


class Health(BaseModel):
    """Liveness and database reachability."""

    status: str = Field(examples=["ok"])
    database: str = Field(examples=["ok"])


class ServicePage(Page[ServiceSummary]):
    """Search results: the HSDS `Page` envelope plus how a location query was interpreted."""

    interpreted_location: InterpretedLocation | None = Field(
        None, description="Set when postcode, near or lat/lon was given")
    interpreted_query: InterpretedQuery | None = Field(None, description="Set when q was given")
