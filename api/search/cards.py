"""Search result cards: each public service's result rendered once per language, stored with the projection.

A search page used to load 20 listings with their parts through the ORM (7 statements and
hundreds of objects) and render them on every request. The rendering depends only on the
listing, so `render` does it when the projection is rebuilt (api.search.projection) and
stores it in `search_card`: the summary JSON without the two query-dependent fields, and
the facts that match reasons and distances are computed from. A search then reads its page
of cards in one query (`cards_for`) and adds reasons and distances (`result_json`). The card
also holds the service's record in the referral CSV, so an export reads its lines (`csv_lines_for`)
instead of rendering thousands of summaries.

The summary JSON is pydantic's own serialisation of `ServiceSummary`, so a card is byte for
byte what rendering the listing at request time gives.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic_core import to_json
from sqlalchemy import Connection, insert
from sqlmodel import Session, select

from api.listings.flat_csv import summary_line
from api.listings.present import region_name, service_summary
from api.listings.schemas import ServiceSummary
from api.listings.vocabulary import Vocabulary, load_vocabulary
from api.models import SearchCard, SearchEntry, Service
from api.listings.visibility import with_listing_parts

LANGUAGES = ("nl", "en")
# The query-dependent fields close every ServiceSummary; the stored summary ends just before them.
_TAIL = ',"match_reasons":[],"distance_km":null}'
_BATCH = 200


@dataclass(frozen=True)
class Area:
    """A service area as match reasons name it."""

    code: str
    name: str
    kind: str


@dataclass(frozen=True)
class Facts:
    """What match reasons and distances need of a service, in the listing's own order."""

    minimum_age: int | None
    maximum_age: int | None
    term_ids: tuple[str, ...]
    areas: tuple[Area, ...]
    # (municipality code, municipality name) of every location, archived ones too, as the listing holds them.
    located: tuple[tuple[str | None, str | None], ...]
    # Public points of the live locations: the distance is to the nearest.
    points: tuple[tuple[float, float], ...]
    languages: tuple[str, ...]
    channels: tuple[str, ...]

    @classmethod
    def of(cls, service: Service, *, lang: str) -> "Facts":
        """The facts of a loaded listing, with region names in the card's language."""
        channels = (["phone"] if service.phones else []) + [channel.type for channel in service.channels]
        return cls(
            minimum_age=service.minimum_age, maximum_age=service.maximum_age,
            term_ids=tuple(a.taxonomy_term_id for a in service.attributes),
            areas=tuple(Area(code=a.region_code, name=region_name(a.region, lang), kind=a.region.kind)
                        for a in sorted(service.service_areas, key=lambda a: a.region_code)),
            located=tuple((loc.municipality_code, loc.municipality.name if loc.municipality else None)
                          for loc in service.locations),
            points=tuple((loc.public_latitude, loc.public_longitude) for loc in service.locations
                         if loc.archived_at is None and loc.public_latitude is not None
                         and loc.public_longitude is not None),
            languages=tuple(sorted(language.code for language in service.languages)),
            channels=tuple(dict.fromkeys(channels)),
        )

    def to_json(self) -> str:
        """Compact JSON for the facts column."""
        return json.dumps([self.minimum_age, self.maximum_age, self.term_ids,
                           [[a.code, a.name, a.kind] for a in self.areas], self.located, self.points,
                           self.languages, self.channels], ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, raw: str) -> "Facts":
        """The facts column read back."""
        minimum, maximum, terms, areas, located, points, languages, channels = json.loads(raw)
        return cls(minimum_age=minimum, maximum_age=maximum, term_ids=tuple(terms),
                   areas=tuple(Area(code=c, name=n, kind=k) for c, n, k in areas),
                   located=tuple((code, name) for code, name in located),
                   points=tuple((lat, lon) for lat, lon in points),
                   languages=tuple(languages), channels=tuple(channels))


@dataclass(frozen=True)
class Card:
    """One stored result: its service, summary JSON (without the query-dependent tail) and facts."""

    service_id: str
    summary: str
    facts: Facts

    def result_json(self, *, reasons: list[str], distance_km: float | None) -> str:
        """The full ServiceSummary JSON with this search's reasons and distance."""
        return (f'{self.summary},"match_reasons":{to_json(reasons).decode()},'
                f'"distance_km":{to_json(distance_km).decode()}}}')


def summary_json(service: Service, *, lang: str, vocabulary: Vocabulary) -> str:
    """The stored form of a service's summary: pydantic's JSON without the query-dependent tail."""
    return _stored_json(service_summary(service, lang=lang, vocabulary=vocabulary))


def _stored_json(summary: ServiceSummary) -> str:
    """A summary's JSON without the query-dependent tail."""
    rendered = summary.model_dump_json(by_alias=True)
    if not rendered.endswith(_TAIL):
        raise RuntimeError("ServiceSummary must end with match_reasons and distance_km")
    return rendered[:-len(_TAIL)]


def render(connection: Connection, service_ids: Sequence[str] | None) -> None:
    """Write the cards of these public services (of all public services when None); their entries exist."""
    entries = select(SearchEntry.key, SearchEntry.service_id)
    if service_ids is not None:
        entries = entries.where(SearchEntry.service_id.in_(service_ids))
    keys = {service_id: key for key, service_id in connection.execute(entries.order_by(SearchEntry.key))}
    ids = list(keys)
    for start in range(0, len(ids), _BATCH):
        rows = _rendered(connection, ids[start:start + _BATCH], keys=keys)
        if rows:  # inserted after the reading session closed: closing it may roll back to its savepoint
            connection.execute(insert(SearchCard), rows)


def _rendered(connection: Connection, service_ids: list[str], *, keys: dict[str, int]) -> list[dict[str, object]]:
    """The card rows of these services, read through a short-lived session on the caller's connection."""
    with Session(bind=connection) as session:
        vocabulary = load_vocabulary(session)
        services = session.exec(select(Service).where(Service.id.in_(service_ids))
                                .options(*with_listing_parts())).all()
        rows: list[dict[str, object]] = []
        for service in services:
            for lang in LANGUAGES:
                summary = service_summary(service, lang=lang, vocabulary=vocabulary)
                rows.append({"key": keys[service.id], "lang": lang, "facts": Facts.of(service, lang=lang).to_json(),
                             "summary": _stored_json(summary), "csv_line": summary_line(summary)})
        return rows


def _in_order(session: Session, service_ids: list[str], columns: tuple, *,  # type: ignore[type-arg]
              lang: str) -> list[tuple]:  # type: ignore[type-arg]
    """These columns of the cards of these services in the given language, in the order of the ids (one query)."""
    if not service_ids:
        return []
    found = {row[0]: row[1:] for row in session.execute(
        select(SearchEntry.service_id, *columns).join(SearchCard, SearchCard.key == SearchEntry.key)
        .where(SearchEntry.service_id.in_(service_ids), SearchCard.lang == lang)).all()}
    return [(service_id, *found[service_id]) for service_id in service_ids if service_id in found]


def cards_for(session: Session, service_ids: list[str], *, lang: str) -> list[Card]:
    """The cards of these services in the given language, in the order of the ids (one query)."""
    return [Card(service_id=service_id, summary=summary, facts=Facts.from_json(facts)) for service_id, summary, facts
            in _in_order(session, service_ids, (SearchCard.summary, SearchCard.facts), lang=lang)]


def csv_lines_for(session: Session, service_ids: list[str], *, lang: str) -> list[str]:
    """The referral-CSV records of these services in the given language, in the order of the ids (one query)."""
    return [line for _, line in _in_order(session, service_ids, (SearchCard.csv_line,), lang=lang)]
