"""Regions: NL, provinces, municipalities and grouping regions (not part of HSDS)."""

from sqlmodel import Field, SQLModel

from api.models.base import one_of

REGION_KINDS = ("country", "province", "municipality", "group")
# The country's code: a service with this area is national, found in every region.
NATIONAL_REGION = "NL"


class Region(SQLModel, table=True):
    """A named area with a stable code: NL, PV20..PV31, GM0363, or a group such as VR13."""

    __table_args__ = (one_of("kind", REGION_KINDS),)

    code: str = Field(primary_key=True, max_length=16)
    name: str = Field(max_length=120)
    name_en: str | None = Field(default=None, max_length=120)
    kind: str = Field(max_length=16, index=True)
    parent_code: str | None = Field(default=None, foreign_key="region.code", index=True, max_length=16)
    latitude: float | None = None
    longitude: float | None = None
    source_url: str | None = Field(default=None, max_length=500)


class RegionMunicipality(SQLModel, table=True):
    """Which municipalities make up a region (a municipality lists itself).

    Region matching in search is one rule on this table: a service area matches a
    region when they share a municipality.
    """

    __tablename__ = "region_municipality"

    region_code: str = Field(foreign_key="region.code", primary_key=True, max_length=16, ondelete="CASCADE")
    municipality_code: str = Field(
        foreign_key="region.code", primary_key=True, max_length=16, index=True, ondelete="CASCADE"
    )
