"""The flat CSV professionals share as a referral list: one row per service, as its public summary shows it."""

import csv
import io
from collections.abc import Iterable
from typing import Any

from api.listings.schemas import ServiceSummary

FLAT_COLUMNS = ["name", "organization", "description", "minimum_age", "maximum_age", "genders", "service_types",
                "audiences", "situations", "languages", "phones", "other_channels", "service_areas", "locations",
                "anonymous", "self_referral", "crisis_24_7", "free", "assured_date", "source_url", "id"]


def cell(value: Any) -> str:
    """A CSV cell: empty for missing, lower-case booleans."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# A cell starting with one of these is read as a formula by spreadsheet software (formula injection:
# a listing named "=HYPERLINK(...)" would run in a professional's spreadsheet).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """The text as a spreadsheet shows it, never as a formula: a leading apostrophe where it could start one."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def from_spreadsheet_safe(text: str) -> str:
    """The text spreadsheet_safe was given (for reading our own CSV back)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_STARTS) else text


def _line(cells: list[str]) -> str:
    """One CSV record as the csv module writes it (quoted where needed, CRLF at the end)."""
    out = io.StringIO()
    csv.writer(out).writerow(cells)
    return out.getvalue()


HEADER_LINE = _line(FLAT_COLUMNS)


def summary_line(item: ServiceSummary) -> str:
    """A service's record in the flat CSV, as its public summary shows it (stored with its search card)."""
    phones = [f"{c.value}{' (gratis)' if c.free else ' (betaald)' if c.free is False else ''}"
              for c in item.channels if c.type == "phone"]
    others = [f"{c.type}: {c.value}" for c in item.channels if c.type != "phone"]
    places = [", ".join(p for p in (loc.address, loc.postal_code, loc.city) if p) for loc in item.locations]
    row = [item.name, item.organization.name, item.description, cell(item.minimum_age), cell(item.maximum_age),
           " ".join(item.genders), " ".join(item.service_types), " ".join(item.audiences),
           " ".join(item.situations), " ".join(item.languages), "; ".join(phones), "; ".join(others),
           " ".join(a.code for a in item.service_areas), "; ".join(places), cell(item.anonymous),
           cell(item.self_referral), cell(item.crisis_24_7), cell(item.free), cell(item.assured_date),
           cell(item.source_url), item.id]
    return _line([spreadsheet_safe(text) for text in row])


def flat_csv(lines: Iterable[str]) -> str:
    """The flat CSV of these service records (summary_line), header first."""
    return HEADER_LINE + "".join(lines)


def summaries_csv(items: Iterable[ServiceSummary]) -> str:
    """The flat CSV of services as their public summaries show them (one row each)."""
    return flat_csv(summary_line(item) for item in items)
