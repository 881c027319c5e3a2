"""What each console page shows, read through the curation use cases and the console's list queries.

Errors the use cases raise on purpose (api.errors.AppError) are answered on the page where they happened:
an action runs in a savepoint, so a refused action leaves nothing half-written and the page can still
be drawn in the same transaction.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from sqlmodel import Session

from api.console import repository
from api.console.forms import hours_text
from api.curation import locations, organizations, reports, services
from api.curation.schemas import EditableView, HistoryEntry
from api.errors import AppError
from api.listings.vocabulary import LANGUAGE_NAMES
from api.search import reference

T = TypeVar("T")
VIEWS: dict[str, Callable[..., EditableView]] = {
    "service": lambda session, record_id: services.service_view(session, service_id=record_id),
    "organization": lambda session, record_id: organizations.organization_view(session, organization_id=record_id),
    "location": lambda session, record_id: locations.location_view(session, location_id=record_id),
}


def attempt(session: Session, action: Callable[[], T]) -> tuple[T | None, AppError | None]:
    """Run a use case in a savepoint: its result, or the AppError it raised with its writes undone."""
    savepoint = session.begin_nested()
    try:
        result = action()
    except AppError as exc:
        savepoint.rollback()
        return None, exc
    savepoint.commit()
    return result, None


def editable(session: Session, *, kind: str, record_id: str) -> EditableView:
    """The curator view of a service, organisation or location (404 AppError when unknown)."""
    return VIEWS[kind](session, record_id)


def history(session: Session, *, kind: str, record_id: str) -> list[HistoryEntry]:
    """Recorded changes, newest first."""
    return list(reversed(reports.history(session, resource_type=kind, resource_id=record_id)))


def changes_since(session: Session, *, kind: str, record_id: str, version: int,
                  now: dict[str, Any]) -> tuple[dict[str, list[Any]], list[str]]:
    """What was changed after `version`: {field: [as it was then, as it is now]}, and by whom."""
    then: dict[str, Any] = {}
    authors: list[str] = []
    for entry in reports.history(session, resource_type=kind, resource_id=record_id):
        if entry.version > version:
            if entry.curator and entry.curator not in authors:
                authors.append(entry.curator)
            for key, (old, _new) in entry.diff.items():
                then.setdefault(key, old)
    return {key: [old, now[key]] for key, old in then.items() if key in now and now[key] != old}, authors


def labels(session: Session, *, lang: str) -> dict[str, dict[str, str]]:
    """Vocabulary code → label per taxonomy, regions and languages, in the interface language (read once per page)."""
    vocabulary = reference.vocabulary(session)
    found: dict[str, dict[str, str]] = {}
    for term in vocabulary.terms.values():
        found.setdefault(term.taxonomy, {})[term.code] = term.label(lang)
    found["region"] = repository.region_names(session, lang=lang)
    found["language"] = dict(LANGUAGE_NAMES)
    return found


def vocabulary_choices(names: dict[str, dict[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """Checkbox choices per taxonomy from `labels`: (code, label), by label."""
    return {taxonomy: sorted(terms.items(), key=lambda item: item[1].lower())
            for taxonomy, terms in names.items() if taxonomy != "region"}


TAXONOMY_OF = {"service_types": "service_type", "audiences": "audience", "situations": "situation",
               "genders": "gender"}


def describer(session: Session, *, lang: str, names: dict[str, dict[str, str]] | None = None) -> Callable[[str, Any], str]:
    """A function giving a field's value as curators read it: labels, names and regions instead of codes and ids.

    `names` is the page's `labels`, when it has them already."""
    names = names if names is not None else labels(session, lang=lang)
    organizations: dict[str, str] = {}
    places: dict[str, str] = {}
    cost = {True: "gratis" if lang == "nl" else "free", False: "betaald" if lang == "nl" else "paid"}

    def place(location_id: str) -> str:
        if location_id not in places:
            found = repository.locations_by_id(session, [location_id])
            places[location_id] = (found[0].name or location_id) if found else location_id
        return places[location_id]

    def contact(item: dict[str, Any], *, kind: str | None) -> str:
        details = [part for part in (item.get("description") or item.get("label"), cost.get(item.get("free")),
                                     hours_text(item.get("hours"), lang=lang)) if part]
        head = f"{kind}: " if kind else ""
        return f"{head}{item.get('number') or item.get('value')}" + (f" ({'; '.join(details)})" if details else "")

    def describe(key: str, value: Any) -> str:
        if value in (None, "", [], {}):
            return "—"
        if key in TAXONOMY_OF:
            return ", ".join(names.get(TAXONOMY_OF[key], {}).get(code, code) for code in value)
        if key == "service_areas":
            return ", ".join(f"{names['region'].get(code, code)} ({code})" for code in value)
        if key == "languages":
            return ", ".join(names["language"].get(code, code) for code in value)
        if key == "organization_id":
            if str(value) not in organizations:
                organizations[str(value)] = repository.organization_name(session, organization_id=str(value)) or str(value)
            return organizations[str(value)]
        if key == "location_ids":
            return ", ".join(place(str(location_id)) for location_id in value)
        if key == "phones":
            return "; ".join(contact(phone, kind=None) for phone in value)
        if key == "channels":
            return "; ".join(contact(channel, kind=channel.get("type")) for channel in value)
        if key == "municipality_code":
            return f"{names['region'].get(value, value)} ({value})"
        return readable(value, lang=lang)

    return describe


def readable(value: Any, *, lang: str) -> str:
    """A field value as curators read it in a diff or a history line."""
    yes, no = ("ja", "nee") if lang == "nl" else ("yes", "no")
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return yes if value else no
    if value == "24/7" or (isinstance(value, list) and value and isinstance(value[0], dict) and "opens" in value[0]):
        return hours_text(value, lang=lang)
    if isinstance(value, list):
        return "; ".join(readable(item, lang=lang) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {readable(item, lang=lang)}" for key, item in value.items()
                         if item not in (None, "", [], {}))
    return str(value)
