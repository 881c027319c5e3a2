"""All tables; importing this module registers them with SQLModel.metadata (Alembic reads it)."""

from sqlmodel import SQLModel

from api.models.base import as_utc, new_id, stable_id, utcnow
from api.models.curation import ApiToken, Change, Curator, Feedback, Revision, SearchStat
from api.models.location import Address, Location
from api.models.organization import Organization, OrganizationTranslation
from api.models.region import NATIONAL_REGION, Region, RegionMunicipality
from api.models.service import (
    Attribute,
    ContactChannel,
    Language,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceTranslation,
)
from api.models.search import (
    GENDER_BITS,
    POINT_FILTER_COLUMNS,
    DirectoryVersion,
    SearchCard,
    SearchEntry,
    SearchFacet,
    SearchLink,
    SearchPlace,
    SearchPoint,
    SearchScope,
    SearchTerm,
)
from api.models.taxonomy import Taxonomy, TaxonomyTerm

metadata = SQLModel.metadata

__all__ = [
    "as_utc",
    "DirectoryVersion",
    "GENDER_BITS",
    "NATIONAL_REGION",
    "POINT_FILTER_COLUMNS",
    "SearchCard",
    "SearchEntry",
    "SearchFacet",
    "SearchLink",
    "SearchPlace",
    "SearchPoint",
    "SearchScope",
    "SearchTerm",
    "ApiToken",
    "Change",
    "Curator",
    "Feedback",
    "Revision",
    "SearchStat",
    "Address",
    "Attribute",
    "ContactChannel",
    "Language",
    "Location",
    "Organization",
    "OrganizationTranslation",
    "Phone",
    "Region",
    "RegionMunicipality",
    "Schedule",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "ServiceTranslation",
    "Taxonomy",
    "TaxonomyTerm",
    "metadata",
    "new_id",
    "stable_id",
    "utcnow",
]
