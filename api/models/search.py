"""The search projection: one compact row per public service, built from the listing tables.

Search reads only these tables. Each public (published, active) service has one
`search_entry` with a small integer key and the columns the filters and the sort use,
and rows in `search_place` (service areas and the municipalities of its live locations),
`search_term` (its taxonomy terms), `search_scope` (each region it is found in, with
copies of its filter and sort columns), `search_point` (public points of its live
locations, with copies of the service's filter columns) and `search_link` (its
service_at_location links to live locations).
Integer keys make every filter an index range scan plus integer lookups,
instead of text-UUID joins over the listing tables. Keyword search uses a full-text
index over `search_entry.search_text`: SQLite FTS5 with the trigram tokenizer
(`search_fts`) or a PostgreSQL pg_trgm GIN index; both find substrings, as `q` promises.

The rows are derived data: `api.search.projection` rebuilds them in the same
transaction whenever a service or anything it shows changes. Never write them directly.
"""

from sqlalchemy import Index, Text
from sqlmodel import Column, Field, SQLModel

# Bits of `search_entry.gender_mask`: the genders a service is restricted to (0: everyone).
GENDER_BITS = {"male": 1, "female": 2, "nonbinary": 4}


class SearchFilters(SQLModel):
    """The columns search filters read: on each search_entry, and copied onto its search_point rows."""

    minimum_age: int | None = None
    maximum_age: int | None = None
    gender_mask: int = 0
    anonymous: bool = False
    free: bool = False
    lgbtq_friendly: bool = False
    crisis_24_7: bool = False
    self_referral: bool = False


# The filter columns search_point repeats, in its position index: a point search filters, counts and
# ranks the points in its bounding box from that index alone.
POINT_FILTER_COLUMNS = tuple(SearchFilters.model_fields)


class SearchEntry(SearchFilters, table=True):
    """A public service as search sees it."""

    __tablename__ = "search_entry"
    # Name order (HSDS service lists, sort=name) walks this index and stops after its page.
    __table_args__ = (Index("ix_search_entry_sort_name", "sort_name", "service_id"),)

    key: int | None = Field(default=None, primary_key=True)
    service_id: str = Field(foreign_key="service.id", unique=True, max_length=36, ondelete="CASCADE")
    organization_id: str = Field(max_length=36, index=True)
    national: bool = False
    # lower(name) as the database computes it: the sort key of every ordering.
    sort_name: str = Field(max_length=200)
    search_text: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class SearchPlace(SQLModel, table=True):
    """A region code a public service is found by: a service area, or where a live location lies."""

    __tablename__ = "search_place"

    kind: str = Field(primary_key=True, max_length=8, description="area or located")
    code: str = Field(primary_key=True, max_length=16)
    # Indexed on its own too: rebuilding one service deletes its rows by key.
    key: int = Field(primary_key=True, foreign_key="search_entry.key", index=True, ondelete="CASCADE")


class SearchScope(SearchFilters, table=True):
    """A region a public service is found in by a region filter, with copies of its filter and sort columns.

    A region filter matches a service when one of its service areas shares a municipality with the
    region or one of its live locations lies in the region. These rows hold that answer ahead of
    time: a non-national service has one row per region (other than the country) sharing a
    municipality with its areas and locations; a national service (area NL) has the one row `NL`.
    So the services a region X (not NL) finds are exactly the rows with code X or NL, each service
    once: a region search counts and ranks them from this table alone, without putting together
    and de-duplicating place rows. The copies are written by the same rebuild as the entry.
    """

    __tablename__ = "search_scope"
    # SQLite keeps the rows in primary-key order, so a region's rows are read together, not looked up one by one.
    # ix_search_scope_order: a region's rows by 24/7 and then name, the order of each part of a relevance
    # page (api.search.query.scope_parts), so a page is read in order instead of sorting every match. It
    # carries the filter columns too: a part is walked in the index alone, however few of its rows match.
    __table_args__ = (Index("ix_search_scope_order", "code", "crisis_24_7", "sort_name", "service_id",
                            *(c for c in POINT_FILTER_COLUMNS if c != "crisis_24_7")), {"sqlite_with_rowid": False})

    code: str = Field(primary_key=True, max_length=16)
    # Indexed on its own too: rebuilding one service deletes its rows by key.
    key: int = Field(primary_key=True, foreign_key="search_entry.key", index=True, ondelete="CASCADE")
    organization_id: str = Field(max_length=36)
    national: bool = False
    sort_name: str = Field(max_length=200)
    service_id: str = Field(max_length=36)


class SearchTerm(SQLModel, table=True):
    """A taxonomy term a public service carries."""

    __tablename__ = "search_term"

    term_id: str = Field(primary_key=True, max_length=36)
    key: int = Field(primary_key=True, foreign_key="search_entry.key", index=True, ondelete="CASCADE")


class SearchFacet(SQLModel, table=True):
    """A language a public service works in (kind `language`) or a way to reach it (kind `channel`: `phone`
    when it has a phone number, else a contact channel type), for the language and channel filters.

    The filters read these rows by key, as they read search_term: from the listing tables they went
    through each service id (half the services speak English: 128 ms for a province at 100k).
    """

    __tablename__ = "search_facet"
    __table_args__ = {"sqlite_with_rowid": False}

    kind: str = Field(primary_key=True, max_length=8)
    code: str = Field(primary_key=True, max_length=10)
    # Indexed on its own too: rebuilding one service deletes its rows by key.
    key: int = Field(primary_key=True, foreign_key="search_entry.key", index=True, ondelete="CASCADE")


class SearchPoint(SearchFilters, table=True):
    """The public point of one live location of a public service, with that service's filter columns.

    The filter columns (POINT_FILTER_COLUMNS and organization_id) are copies of the service's
    search_entry, written by the same rebuild, so a point search needs no lookup into
    search_entry for each of the thousands of points in a wide radius.
    """

    __tablename__ = "search_point"
    __table_args__ = (Index("ix_search_point_position", "latitude", "longitude", "key", "sole",
                            *POINT_FILTER_COLUMNS),)

    id: int | None = Field(default=None, primary_key=True)
    key: int = Field(foreign_key="search_entry.key", index=True, ondelete="CASCADE")
    latitude: float
    longitude: float
    organization_id: str = Field(max_length=36)
    # The service's only point: counting services near a point then needs no de-duplication of these.
    sole: bool = False


class SearchLink(SQLModel, table=True):
    """A service_at_location of a public service at a live location: what HSDS lists as service_at_location.

    Carries the location's public point (None without one) for the postcode form of that list.
    """

    __tablename__ = "search_link"
    __table_args__ = (Index("ix_search_link_position", "latitude", "longitude"),)

    link_id: str = Field(primary_key=True, max_length=36)
    key: int = Field(foreign_key="search_entry.key", index=True, ondelete="CASCADE")
    latitude: float | None = None
    longitude: float | None = None


class SearchCard(SQLModel, table=True):
    """A public service's search result, rendered once per language when its projection is rebuilt.

    `summary` is the result's JSON without the two query-dependent fields (`match_reasons`,
    `distance_km`); `facts` is the JSON of what match reasons and distances are computed from
    (api.search.cards); `csv_line` is the service's record in the referral CSV (`/v1/services.csv`).
    A search page reads its cards in one query instead of loading listings, an export its lines.
    """

    __tablename__ = "search_card"

    key: int = Field(primary_key=True, foreign_key="search_entry.key", ondelete="CASCADE")
    lang: str = Field(primary_key=True, max_length=2)
    summary: str = Field(sa_column=Column(Text, nullable=False))
    facts: str = Field(sa_column=Column(Text, nullable=False))
    csv_line: str = Field(sa_column=Column(Text, nullable=False))


class DirectoryVersion(SQLModel, table=True):
    """One row: a number that grows with every change to public data (HTTP validators derive from it)."""

    __tablename__ = "directory_version"

    id: int = Field(default=1, primary_key=True)
    version: int = 1


# Created by hand in the migrations (full-text index and its shadow tables; the expression
# index on organisation names that list pages walk in order and the partial index on
# archived organisations): autogenerate and the drift test leave them alone.
HAND_MADE_PREFIXES = ("search_fts", "ix_search_entry_text_trgm", "ix_organization_sort_name",
                      "ix_organization_archived")


def include_in_autogenerate(_object, name, _type, reflected, _compare_to) -> bool:  # type: ignore[no-untyped-def]
    """Alembic include_object hook: skip the hand-made full-text objects."""
    return not (reflected and name is not None and name.startswith(HAND_MADE_PREFIXES))
