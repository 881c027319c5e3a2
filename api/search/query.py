"""Search as SQL: every filter becomes an indexed condition, the same on SQLite and PostgreSQL."""

from dataclasses import dataclass, field, replace

from sqlalchemy import Boolean, ColumnElement, and_, false, func, literal, not_, or_, text, true, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy import select as sa_select
from sqlalchemy.orm import selectinload
from sqlmodel import Session, select

from api.listings.vocabulary import Vocabulary
from api.errors import InvalidParameter
from api.models import (
    GENDER_BITS,
    NATIONAL_REGION,
    Attribute,
    Organization,
    Region,
    SearchEntry,
    SearchFacet,
    SearchPlace,
    SearchScope,
    SearchTerm,
    Service,
    ServiceArea,
)
from api.search import reference
from api.search.params import FLAGS, TERM_FILTERS, ServiceSearchParams
from api.search.reference import RegionScope
from api.search.words import Understood, understand
from api.text import search_tokens


@dataclass
class ResolvedFilters:
    """Search parameters checked against the database: codes turned into ids."""

    params: ServiceSearchParams
    vocabulary: Vocabulary
    region: Region | None = None
    region_scope: RegionScope | None = None
    term_ids: dict[str, list[str]] = field(default_factory=dict)
    query: Understood | None = None  # what `q` says (None without q)
    situation_ids: list[str] = field(default_factory=list)  # term ids of the situations `q` names


def resolve_filters(session: Session, *, params: ServiceSearchParams) -> ResolvedFilters:
    """Check region and term codes exist; raise a 422 naming the parameter otherwise."""
    resolved = ResolvedFilters(params=params, vocabulary=reference.vocabulary(session))
    if params.region is not None:
        resolved.region = reference.region(session, params.region.upper())
        if resolved.region is None:
            raise InvalidParameter(field="region", problem=f"unknown region code '{params.region}'")
        resolved.region_scope = reference.region_scope(session, region_code=resolved.region.code)
    for name, taxonomy in TERM_FILTERS.items():
        codes = getattr(params, name)
        if not codes:
            continue
        known = resolved.vocabulary.ids(taxonomy)
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise InvalidParameter(field=name, problem=f"unknown {taxonomy} code '{unknown[0]}'")
        resolved.term_ids[name] = [known[code] for code in codes]
    if params.q is not None:
        understood = understand(params.q)
        resolved.query = replace(understood, situations={code: phrases for code, phrases in understood.situations.items()
                                                         if code not in params.q_ignore})
        known = resolved.vocabulary.ids("situation")
        resolved.situation_ids = [known[code] for code in resolved.query.situations if code in known]
    return resolved


def _services_with(statement) -> ColumnElement[bool]:  # type: ignore[no-untyped-def]
    """Service.id IN (uncorrelated subquery): evaluated once, then an index lookup per row."""
    return Service.id.in_(statement)


def _has_term(term_ids: list[str]) -> ColumnElement[bool]:
    """The service carries at least one of these terms."""
    return _services_with(sa_select(Attribute.service_id).where(Attribute.taxonomy_term_id.in_(term_ids)))


def eligible_for_gender(*, gender: str, gender_term_ids: dict[str, str]) -> ColumnElement[bool]:
    """No gender restriction at all, or the gender is among those served."""
    restricted = sa_select(Attribute.service_id).where(Attribute.taxonomy_term_id.in_(list(gender_term_ids.values())))
    unrestricted = Service.id.not_in(restricted)
    wanted = gender_term_ids.get(gender)
    return or_(unrestricted, _has_term([wanted])) if wanted else unrestricted


def overlaps_ages(*, minimum_age: int, maximum_age: int) -> ColumnElement[bool]:
    """The service's age range shares a year with [minimum_age, maximum_age]; edges inclusive, open bounds open."""
    return and_(
        or_(Service.minimum_age.is_(None), Service.minimum_age <= maximum_age),
        or_(Service.maximum_age.is_(None), Service.maximum_age >= minimum_age),
    )


def _like(column, token: str) -> ColumnElement[bool]:  # type: ignore[no-untyped-def]
    """column contains token (LIKE wildcards in the token escaped)."""
    escaped = token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.like(f"%{escaped}%", escape="\\")


class _ContainsWords(ColumnElement[bool]):
    """Every token occurs in search_entry.search_text; compiled per database (see text_match)."""

    type = Boolean()
    inherit_cache = False  # the tokens are part of the SQL text of the FTS5 form
    # A condition in its own right: without this, SQLite's compiler writes "(...) = 1", which keeps
    # the planner from driving the search from the full-text matches (a scan of every entry instead).
    _is_implicitly_boolean = True

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens


@compiles(_ContainsWords)
def _contains_words_like(element: _ContainsWords, compiler, **kw) -> str:  # type: ignore[no-untyped-def]
    """PostgreSQL (and any other database): LIKE per word, served by the pg_trgm GIN index."""
    return compiler.process(and_(*(_like(SearchEntry.search_text, t) for t in element.tokens)), **kw)


@compiles(_ContainsWords, "sqlite")
def _contains_words_fts5(element: _ContainsWords, compiler, **kw) -> str:  # type: ignore[no-untyped-def]
    """SQLite: the FTS5 trigram index finds words of three letters or more; shorter ones use LIKE."""
    indexed = [t for t in element.tokens if len(t) >= 3]
    conditions = [_like(SearchEntry.search_text, t) for t in element.tokens if len(t) < 3]
    if indexed:
        phrase = " ".join(f'"{t}"' for t in indexed)  # folded tokens are [a-z0-9]+: nothing to escape
        conditions.append(SearchEntry.key.in_(
            text("SELECT rowid FROM search_fts WHERE search_fts MATCH :phrase").bindparams(phrase=phrase)))
    return compiler.process(and_(*conditions), **kw)


def text_match(query: str) -> ColumnElement[bool]:
    """Every word of the query occurs in the entry's folded search text (substring; accents and case ignored)."""
    tokens = search_tokens(query)
    return _ContainsWords(tokens) if tokens else false()


def _text_has_words(query: Understood) -> ColumnElement[bool]:
    """Every text word of the query occurs in the search text (by its stem where that is its start)."""
    return _ContainsWords(query.searched) if query.searched else false()


def keyword_match(resolved: ResolvedFilters) -> ColumnElement[bool]:
    """`q`: every text word occurs in the search text, or the service carries a situation the query names."""
    assert resolved.query is not None
    text_condition = _text_has_words(resolved.query)
    if not resolved.situation_ids:
        return text_condition
    return or_(text_condition, _entry_has_term(resolved.situation_ids, key=SearchEntry.key))


def with_public_services() -> ColumnElement[bool]:
    """Organisations with at least one public service (the search projection holds exactly those).

    A correlated EXISTS, one index probe per organisation: a list in name order walks
    ix_organization_sort_name and stops after its page.
    """
    return sa_select(SearchEntry.key).where(SearchEntry.organization_id == Organization.id).exists()


def organizations_with_public_services(session: Session, *, name_contains: str | None, live_only: bool,
                                       offset: int, limit: int) -> tuple[int, list[Organization]]:
    """How many organisations have a public service, and one page of them by lower(name), id.

    With live_only, archived organisations are left out. The page walks ix_organization_sort_name
    with one EXISTS probe per organisation and stops after `limit`; without a name filter the
    count needs only the projection's organisation index (archived organisations come from the
    small partial index ix_organization_archived).
    """
    conditions = [with_public_services()]
    if live_only:
        conditions.append(Organization.archived_at.is_(None))
    if name_contains:
        conditions.append(func.lower(Organization.name).contains(name_contains.lower(), autoescape=True))
        count = select(func.count()).select_from(Organization).where(*conditions)
    else:
        archived = sa_select(Organization.id).where(Organization.archived_at.is_not(None))
        # DISTINCT in a subquery, not count(DISTINCT ...): PostgreSQL then reads the organisation index in
        # order instead of sorting 95k values (9 against 23 ms at 100k; the same on SQLite).
        organizations = (sa_select(SearchEntry.organization_id).distinct()
                         .where(*([SearchEntry.organization_id.not_in(archived)] if live_only else [])))
        count = select(func.count()).select_from(organizations.subquery())
    rows = session.exec(select(Organization).where(*conditions).order_by(func.lower(Organization.name), Organization.id)
                        .offset(offset).limit(limit).options(selectinload(Organization.translations))).all()
    return session.exec(count).one(), list(rows)


def scoped(scope: RegionScope) -> bool:
    """search_scope answers this region (every region but the country, and any with municipalities)."""
    return scope.code != NATIONAL_REGION and bool(scope.municipalities)


def in_scope(scope: RegionScope) -> ColumnElement[bool]:
    """search_scope rows of the services a region finds (for a `scoped` region): its own rows and the national ones."""
    return SearchScope.code.in_([scope.code, NATIONAL_REGION])


def entry_in_region(scope: RegionScope, *, key=SearchEntry.key) -> ColumnElement[bool]:  # type: ignore[no-untyped-def]
    """A service area shares a municipality with the region, or a live location lies in it.

    `key` is the projection key column the condition applies to (search_entry's, search_point's or
    search_scope's). The country (and a region without municipalities) puts the place rows together.
    """
    if scoped(scope):
        return key.in_(sa_select(SearchScope.key).where(in_scope(scope)))
    return key.in_(union_all(
        sa_select(SearchPlace.key).where(SearchPlace.kind == "area", SearchPlace.code.in_(scope.overlapping)),
        sa_select(SearchPlace.key).where(SearchPlace.kind == "located", SearchPlace.code.in_(scope.municipalities)),
    ))


def _entry_has_term(term_ids: list[str], *, key) -> ColumnElement[bool]:  # type: ignore[no-untyped-def]
    """The entry carries at least one of these terms."""
    return key.in_(sa_select(SearchTerm.key).where(SearchTerm.term_id.in_(term_ids)))


def _entry_for_gender(bit: int, *, row=SearchEntry) -> ColumnElement[bool]:  # type: ignore[no-untyped-def]
    """The service is restricted to genders including this one."""
    return row.gender_mask.op("&")(bit) != 0


def _entry_has_facet(kind: str, codes: list[str], *, key) -> ColumnElement[bool]:  # type: ignore[no-untyped-def]
    """The entry has at least one of these languages or channels (search_facet).

    On region and point rows the key is written `key + 0`: a facet can hold half the services
    (English), and SQLite would otherwise probe the region's rows once per listed key (50k probes)
    instead of checking the region's own rows against the list (88 against 28 ms for a province).
    """
    listed = sa_select(SearchFacet.key).where(SearchFacet.kind == kind, SearchFacet.code.in_(codes))
    return key.in_(listed) if key is SearchEntry.key else (key + 0).in_(listed)


def build_conditions(resolved: ResolvedFilters, *, row=SearchEntry) -> list[ColumnElement[bool]]:  # type: ignore[no-untyped-def]
    """All WHERE conditions of a search, over search_entry (which holds public services only).

    With row=SearchPoint or SearchScope the same conditions apply to point or region rows, which
    carry copies of the entry's filter columns: those conditions read the point row itself, the words go
    through search_entry by key.
    """
    params = resolved.params
    conditions: list[ColumnElement[bool]] = []
    entry_only: list[ColumnElement[bool]] = []  # conditions only search_entry's columns can answer
    if resolved.query is not None:
        entry_only.append(keyword_match(resolved))
    if params.age is not None:
        conditions += [or_(row.minimum_age.is_(None), row.minimum_age <= params.age),
                       or_(row.maximum_age.is_(None), row.maximum_age >= params.age)]
    if params.gender is not None:
        conditions.append(or_(row.gender_mask == 0, _entry_for_gender(GENDER_BITS[params.gender], row=row)))
    if resolved.region_scope is not None:
        conditions.append(entry_in_region(resolved.region_scope, key=row.key))
    for term_ids in resolved.term_ids.values():
        conditions.append(_entry_has_term(term_ids, key=row.key))
    if params.language:
        conditions.append(_entry_has_facet("language", params.language, key=row.key))
    if params.channel:
        conditions.append(_entry_has_facet("channel", params.channel, key=row.key))
    for flag in FLAGS:
        value = getattr(params, flag)
        if value is not None:
            conditions.append(getattr(row, flag).is_(value))
    if params.organization_id is not None:
        conditions.append(row.organization_id == str(params.organization_id))
    if row is SearchEntry:
        return entry_only + conditions
    if entry_only:
        conditions.append(row.key.in_(sa_select(SearchEntry.key).where(*entry_only)))
    return conditions


def is_national() -> ColumnElement[bool]:
    """The service covers the whole country (over the service table, for reports)."""
    return _services_with(sa_select(ServiceArea.service_id).where(ServiceArea.region_code == NATIONAL_REGION))


def ordering(resolved: ResolvedFilters, *, local_first: bool = False,  # type: ignore[no-untyped-def]
             row=SearchEntry) -> list:  # type: ignore[type-arg]
    """ORDER BY for the chosen sort; always ends on id so pages are stable.

    relevance: when `q` names a situation, national 24/7 services with that situation first,
    then the other services with it, then those matching by text alone. Then, with a region or
    place: services made for the asked gender first (a boys-and-men service before a general
    one), regional before national, 24/7 first. Without one (the page's first view): help
    reachable day and night first, national first, then services made for the asked gender.
    """
    params = resolved.params
    if params.effective_sort == "name":
        return [row.sort_name, row.service_id]
    keys = []
    if resolved.query is not None and resolved.situation_ids:
        named = _entry_has_term(resolved.situation_ids, key=row.key)
        has_words = _text_has_words(resolved.query)
        if row is not SearchEntry:
            has_words = row.key.in_(sa_select(SearchEntry.key).where(has_words))
        keys += [and_(named, row.national, row.crisis_24_7).desc(), named.desc(), has_words.desc()]
    for_gender = [_entry_for_gender(GENDER_BITS[params.gender], row=row).desc()] if params.gender is not None else []
    if local_first or resolved.region is not None:
        keys += [*for_gender, row.national.asc(), row.crisis_24_7.desc()]
    else:
        keys += [row.crisis_24_7.desc(), row.national.desc(), *for_gender]
    return keys + [row.sort_name, row.service_id]


def count_entries(session: Session, conditions: list) -> int:  # type: ignore[type-arg]
    """How many public services satisfy the conditions."""
    return session.exec(select(func.count()).select_from(SearchEntry).where(*conditions)).one()


def page_of_ids(session: Session, *, conditions: list, order: list, offset: int,  # type: ignore[type-arg]
                limit: int) -> tuple[int, list[str]]:
    """The number of entries matching, and the service ids of one page of them, in one statement.

    The count rides along as `count(*) OVER ()`: the database finds and sorts every match for
    the page anyway, so counting them in the same pass costs little, where a second statement
    would find them all again. Only a page past the end (no rows to carry the count) needs a
    separate count.
    """
    if limit <= 0:
        return count_entries(session, conditions), []
    rows = session.exec(select(SearchEntry.service_id, func.count().over()).where(*conditions).order_by(*order)
                        .offset(offset).limit(limit)).all()
    if rows:
        return rows[0][1], [service_id for service_id, _ in rows]
    return (count_entries(session, conditions) if offset else 0), []


def scope_parts(resolved: ResolvedFilters, *, code: str) -> list[ColumnElement[bool]] | None:
    """The relevance order of a region's search_scope rows as consecutive parts, or None for another order.

    For a region (or, in a point search, the point's municipality) `ordering` sorts by: made for the
    asked gender first (when a gender is given), the region's own rows before the national ones
    (national is code NL), 24/7 first, then name and id. The first keys take only two values each,
    so that order is these parts one after the other, each in (sort_name, service_id) order, which
    ix_search_scope_order gives without sorting: a page needs only the first rows of each part.
    Only when every filter reads the row itself (not for `q`, terms, languages or channels), and
    not for sort=name.
    """
    params = resolved.params
    if params.effective_sort == "name" or resolved.query is not None:
        return None
    if resolved.term_ids or params.language or params.channel:
        return None  # each part would gather the listed keys again: one sort of the matches costs less
    gender_parts = [true()]
    if params.gender is not None:
        for_gender = _entry_for_gender(GENDER_BITS[params.gender], row=SearchScope)
        gender_parts = [for_gender, not_(for_gender)]
    return [and_(gender_part, SearchScope.code == region_code, SearchScope.crisis_24_7.is_(crisis))
            for gender_part in gender_parts for region_code in (code, NATIONAL_REGION) for crisis in (True, False)]


def page_of_scope_rows(session: Session, *, conditions: list, order: list, offset: int,  # type: ignore[type-arg]
                       limit: int, parts: list[ColumnElement[bool]] | None = None) -> tuple[int, list[str]]:
    """The number of search_scope rows matching, and the service ids of one page of them, in two statements.

    Each matching service has one row, so the count is a range scan of the region's rows. With
    `parts` (scope_parts: the order as consecutive parts), each part gives its first offset+limit
    rows from the index in order, and only those are sorted for the page; without, the page keeps
    only its first offset+limit rows while sorting every match.
    """
    total = session.exec(select(func.count()).select_from(SearchScope).where(*conditions)).one()
    if limit <= 0 or offset >= total:
        return total, []
    if parts is None:
        ids = session.exec(select(SearchScope.service_id).where(*conditions).order_by(*order)
                           .offset(offset).limit(limit)).all()
        return total, list(ids)
    firsts = [select(literal(number).label("part"), SearchScope.service_id, SearchScope.sort_name)
              .where(*conditions, part).order_by(SearchScope.sort_name, SearchScope.service_id)
              .limit(offset + limit).subquery() for number, part in enumerate(parts)]
    page = union_all(*(select(first.c.part, first.c.service_id, first.c.sort_name) for first in firsts)).subquery()
    return total, list(session.exec(select(page.c.service_id).order_by(page.c.part, page.c.sort_name,
                                                                       page.c.service_id)
                                    .offset(offset).limit(limit)).all())


def ids_matching(session: Session, *, resolved: ResolvedFilters, offset: int, limit: int) -> tuple[int, list[str]]:
    """The number of matches, and the ids ranked offset..offset+limit.

    A region search reads the region's search_scope rows; any other search reads search_entry.
    """
    scope = resolved.region_scope
    if scope is not None and scoped(scope):
        conditions = [in_scope(scope), *build_conditions(replace(resolved, region_scope=None), row=SearchScope)]
        return page_of_scope_rows(session, conditions=conditions, order=ordering(resolved, row=SearchScope),
                                  offset=offset, limit=limit, parts=scope_parts(resolved, code=scope.code))
    return page_of_ids(session, conditions=build_conditions(resolved), order=ordering(resolved), offset=offset,
                       limit=limit)
