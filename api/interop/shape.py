"""The structure of the records the importer reads, as JSON Schema (checked before any record is used).

Only types and nesting: what each value may be (a Dutch phone number, a known municipality, an age
range) is the write models' business (`api.listings.fields`), which name the field the same way.
A record that does not have this shape is rejected with its path and the reason; the rest go on.
"""

from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator

_TEXT = {"type": ["string", "null"]}
_ID = {"type": "string", "minLength": 1, "maxLength": 36}
_SCHEDULE = {"type": "object", "properties": {"byday": _TEXT, "opens_at": _TEXT, "closes_at": _TEXT,
                                              "description": _TEXT, "phone_id": _TEXT, "channel_id": _TEXT}}
_ATTRIBUTE = {"type": "object", "properties": {
    "taxonomy_term_id": {"type": "string"}, "value": _TEXT, "label": _TEXT, "free": {"type": ["boolean", "null"]},
    "schedules": {"type": "array", "items": _SCHEDULE}}}
_ATTRIBUTES = {"type": "array", "items": _ATTRIBUTE}
_TRANSLATIONS = {"type": ["object", "null"], "additionalProperties": {"type": "object"}}

ORGANIZATION = {"type": "object", "required": ["id"], "properties": {
    "id": _ID, "name": _TEXT, "alternate_name": _TEXT, "description": _TEXT, "website": _TEXT, "email": _TEXT,
    "uri": _TEXT, "translations": _TRANSLATIONS,
    "locations": {"type": "array"}, "services": {"type": "array"}}}  # their items are checked one by one

LOCATION = {"type": "object", "required": ["id"], "properties": {
    "id": _ID, "name": _TEXT, "description": _TEXT, "external_identifier": _TEXT,
    "latitude": {"type": ["number", "null"]}, "longitude": {"type": ["number", "null"]},
    "addresses": {"type": "array", "items": {"type": "object", "properties": {
        "address_1": _TEXT, "city": _TEXT, "postal_code": _TEXT}}},
    "attributes": _ATTRIBUTES}}

SERVICE = {"type": "object", "required": ["id"], "properties": {
    "id": _ID, "name": _TEXT, "description": _TEXT, "url": _TEXT, "email": _TEXT, "status": _TEXT,
    "minimum_age": {"type": ["integer", "null"]}, "maximum_age": {"type": ["integer", "null"]},
    "eligibility_description": _TEXT, "application_process": _TEXT, "source_url": _TEXT,
    "assured_date": _TEXT, "assurer": _TEXT, "attributes": _ATTRIBUTES,
    "phones": {"type": "array", "items": {"type": "object", "properties": {
        "number": _TEXT, "description": _TEXT, "attributes": _ATTRIBUTES,
        "schedules": {"type": "array", "items": _SCHEDULE}}}},
    "languages": {"type": "array", "items": {"type": "object", "properties": {"code": _TEXT}}},
    "service_areas": {"type": "array", "items": {"type": "object", "properties": {"extent": _TEXT}}},
    "service_at_locations": {"type": "array", "items": {"type": "object", "required": ["location_id"],
                                                        "properties": {"location_id": {"type": "string"}}}},
    "schedules": {"type": "array", "items": _SCHEDULE}, "translations": _TRANSLATIONS}}

_VALIDATORS = {kind: Draft202012Validator(schema)
               for kind, schema in (("organization", ORGANIZATION), ("location", LOCATION), ("service", SERVICE))}


def problems(kind: str, record: Any, *, path: str) -> Iterator[str]:
    """What is structurally wrong with one record, each as 'its.path: reason' (nothing when it is fine)."""
    for error in sorted(_VALIDATORS[kind].iter_errors(record), key=lambda e: list(map(str, e.absolute_path))):
        where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.absolute_path)
        yield f"{path}{where}: {error.message}"
