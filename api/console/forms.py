"""Form posts ⇄ the write shape of api.listings.fields, and API field problems ⇄ form inputs.

Input names follow the API's field paths (`phones.0.number`, `translations.en.name`), so a problem the
write rules report for a path is shown next to the input of that path, or of its nearest parent. Opening
hours are typed as short text ("ma-vr 09:00-17:00; za 10:00-14:00" or "24/7") and read here.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData

from api.errors import FieldProblem

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DUTCH_DAYS = {"MA": "MO", "DI": "TU", "WO": "WE", "DO": "TH", "VR": "FR", "ZA": "SA", "ZO": "SU"}
_BLOCK = re.compile(r"^([A-Za-z]{2}(?:\s*[-,]\s*[A-Za-z]{2})*)\s+(\d{1,2}[:.]\d{2})\s*-\s*(\d{1,2}[:.]\d{2})$")
HOURS_HELP = "ma-vr 09:00-17:00; za 10:00-14:00 (or 24/7)"
EXTRA_ROWS = 1  # empty rows offered for a new phone or channel
SERVICE_TEXTS = ("name", "description", "url", "email", "eligibility_description", "application_process",
                 "source_url")
SERVICE_FLAGS = ("anonymous", "police_involved", "lgbtq_friendly", "crisis_24_7", "self_referral", "free")
SERVICE_CHOICES = ("genders", "service_types", "audiences", "situations", "languages", "location_ids")
TRANSLATED = ("name", "description", "eligibility_description", "application_process")
ORGANIZATION_TEXTS = ("name", "alternate_name", "description", "website", "email", "source_url")


@dataclass
class ParsedForm:
    """What a form post means in the write shape, and the problems found before the write rules ran."""

    data: dict[str, Any]
    problems: list[FieldProblem] = field(default_factory=list)


def _text(form: FormData, name: str) -> str | None:
    """A text input, None when left empty."""
    value = str(form.get(name) or "").strip()
    return value or None


def _flag(form: FormData, name: str) -> bool:
    """A checkbox."""
    return form.get(name) is not None


def _cost(form: FormData, name: str) -> bool | None:
    """A free/paid select: '' derives it from the number."""
    return {"yes": True, "no": False}.get(str(form.get(name) or ""))


def _number(form: FormData, name: str) -> int | str | None:
    """A whole number; anything else is passed on for the write rules to name."""
    value = _text(form, name)
    return int(value) if value is not None and value.isdigit() else value


def _day_range(spec: str) -> list[str]:
    """'MO-FR' or 'MA,DI,WO' → day codes; ValueError for an unknown day."""
    days: list[str] = []
    for part in re.split(r"\s*,\s*", spec.upper()):
        ends = [DUTCH_DAYS.get(d.strip(), d.strip()) for d in part.split("-")]
        if any(d not in DAYS for d in ends) or len(ends) > 2:
            raise ValueError(part)
        first, last = DAYS.index(ends[0]), DAYS.index(ends[-1])
        if last < first:
            raise ValueError(part)
        days += [d for d in DAYS[first:last + 1] if d not in days]
    return days


def parse_hours(text: str | None) -> Any:
    """Short hours text → the API's hours value; ValueError with what was not understood."""
    if text is None:
        return None
    if text.replace(" ", "") in ("24/7", "24x7"):
        return "24/7"
    blocks = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        match = _BLOCK.match(part)
        if not match:
            raise ValueError(part)
        try:
            days = _day_range(match.group(1))
        except ValueError as exc:
            raise ValueError(part) from exc
        opens, closes = (t.replace(".", ":").zfill(5) for t in match.group(2, 3))
        blocks.append({"days": days, "opens": opens, "closes": closes})
    return blocks or None


def hours_text(hours: Any, *, lang: str) -> str:
    """The API's hours value as short text in the interface language (the form shows what parse_hours reads)."""
    if not hours:
        return ""
    if hours == "24/7":
        return "24/7"
    names = {v: k for k, v in DUTCH_DAYS.items()} if lang == "nl" else {d: d for d in DAYS}
    parts = []
    for block in hours:
        days = [DAYS.index(d) for d in block["days"]]
        contiguous = days == list(range(days[0], days[-1] + 1))
        spec = (f"{names[DAYS[days[0]]]}-{names[DAYS[days[-1]]]}" if contiguous and len(days) > 2
                else ",".join(names[DAYS[d]] for d in days))
        parts.append(f"{spec.lower()} {block['opens']}-{block['closes']}")
    return "; ".join(parts)


def _hours_field(form: FormData, name: str, problems: list[FieldProblem], *, report_as: str | None = None) -> Any:
    """Read an hours input, noting a problem in the API's words when it is not understood."""
    try:
        return parse_hours(_text(form, name))
    except ValueError as exc:
        problems.append(FieldProblem(field=report_as or name, location="body",
                                     problem=f"'{exc}' is not understood: write e.g. {HOURS_HELP}"))
        return None


def _rows(form: FormData, prefix: str) -> list[int]:
    """Row numbers present in the form for a repeated part (phones.0…, channels.3…), in order."""
    found = {int(m.group(1)) for key in form.keys() if (m := re.match(rf"^{prefix}\.(\d+)\.", key))}
    return sorted(found)


def _filled_rows(form: FormData, prefix: str, keys: tuple[str, ...]) -> list[str]:
    """Input prefixes (`phones.3`) of the rows of a repeated part where any of `keys` was filled in.

    Empty rows are dropped here and when a form is shown again, so row n of the form is item n of the list
    the write rules check, and their problems land on the right row.
    """
    return [f"{prefix}.{row}" for row in _rows(form, prefix) if any(_text(form, f"{prefix}.{row}.{k}") for k in keys)]


def _translations(form: FormData, fields: tuple[str, ...]) -> dict[str, dict[str, str | None]]:
    """translations.<lang>.<field> inputs; a language with every text empty is left out."""
    languages = sorted({m.group(1) for key in form.keys() if (m := re.match(r"^translations\.([a-z]{2})\.", key))})
    result = {}
    for lang in languages:
        texts = {name: _text(form, f"translations.{lang}.{name}") for name in fields}
        if any(texts.values()):
            result[lang] = texts
    return result


def service_form(form: FormData) -> ParsedForm:
    """A service form → ServiceFields shape."""
    problems: list[FieldProblem] = []
    data: dict[str, Any] = {"organization_id": _text(form, "organization_id")}
    data.update({name: _text(form, name) for name in SERVICE_TEXTS})
    data["description"] = data["description"] or ""
    data["status"] = _text(form, "status") or "active"
    data["minimum_age"], data["maximum_age"] = _number(form, "minimum_age"), _number(form, "maximum_age")
    data.update({name: _flag(form, name) for name in SERVICE_FLAGS})
    data.update({name: [str(v) for v in form.getlist(name)] for name in SERVICE_CHOICES})
    data["service_areas"] = [code.upper() for code in re.split(r"[\s,;]+", _text(form, "service_areas") or "") if code]
    data["phones"] = []
    for row in _filled_rows(form, "phones", ("number", "description")):
        at = f"phones.{len(data['phones'])}"
        data["phones"].append({"number": _text(form, f"{row}.number") or "", "description": _text(form, f"{row}.description"),
                               "free": _cost(form, f"{row}.free"),
                               "hours": _hours_field(form, f"{row}.hours", problems, report_as=f"{at}.hours")})
    data["channels"] = []
    for row in _filled_rows(form, "channels", ("value", "label")):
        at = f"channels.{len(data['channels'])}"
        data["channels"].append({"type": _text(form, f"{row}.type"), "value": _text(form, f"{row}.value") or "",
                                 "label": _text(form, f"{row}.label"), "free": _cost(form, f"{row}.free"),
                                 "hours": _hours_field(form, f"{row}.hours", problems, report_as=f"{at}.hours")})
    data["hours"] = _hours_field(form, "hours", problems)
    data["translations"] = _translations(form, TRANSLATED)
    return ParsedForm(data, problems)


def organization_form(form: FormData) -> ParsedForm:
    """An organisation form → OrganizationFields shape."""
    data: dict[str, Any] = {name: _text(form, name) for name in ORGANIZATION_TEXTS}
    data["description"] = data["description"] or ""
    data["translations"] = _translations(form, ("name", "description"))
    return ParsedForm(data)


def location_form(form: FormData) -> ParsedForm:
    """A location form → LocationFields shape (coordinates both or neither; the gazetteer fills them)."""
    problems: list[FieldProblem] = []
    data: dict[str, Any] = {"organization_id": _text(form, "organization_id"), "name": _text(form, "name"),
                            "description": _text(form, "description"), "confidential": _flag(form, "confidential"),
                            "municipality_code": (_text(form, "municipality_code") or "").upper() or None}
    for name in ("latitude", "longitude"):
        value = _text(form, name)
        try:
            data[name] = float(value.replace(",", ".")) if value else None
        except ValueError:
            data[name] = None
            problems.append(FieldProblem(field=name, location="body", problem="must be a number, e.g. 52.37"))
    address = {"address_1": _text(form, "address.address_1"), "city": _text(form, "address.city"),
               "postal_code": _text(form, "address.postal_code")}
    data["address"] = address if any(address.values()) else None
    return ParsedForm(data, problems)


def service_values(fields: dict[str, Any], *, lang: str) -> dict[str, Any]:
    """A service in the write shape → what its form inputs show (typed text kept as typed)."""
    values = dict(fields)
    values["service_areas"] = " ".join(fields.get("service_areas") or [])
    values["hours"] = hours_text(fields.get("hours"), lang=lang)
    values["phones"] = [{**p, "hours": hours_text(p.get("hours"), lang=lang)} for p in fields.get("phones") or []]
    values["channels"] = [{**c, "hours": hours_text(c.get("hours"), lang=lang)} for c in fields.get("channels") or []]
    return values


def typed_service_values(form: FormData) -> dict[str, Any]:
    """Exactly what was typed into a service form, to show it again after a refusal."""
    values: dict[str, Any] = {name: str(form.get(name) or "") for name in
                              (*SERVICE_TEXTS, "organization_id", "status", "minimum_age", "maximum_age",
                               "service_areas", "hours")}
    values.update({name: _flag(form, name) for name in SERVICE_FLAGS})
    values.update({name: [str(v) for v in form.getlist(name)] for name in SERVICE_CHOICES})
    values["phones"] = [{key: str(form.get(f"{row}.{key}") or "") for key in ("number", "description", "hours")}
                        | {"free": _cost(form, f"{row}.free")}
                        for row in _filled_rows(form, "phones", ("number", "description"))]
    values["channels"] = [{key: str(form.get(f"{row}.{key}") or "") for key in ("type", "value", "label", "hours")}
                          | {"free": _cost(form, f"{row}.free")}
                          for row in _filled_rows(form, "channels", ("value", "label"))]
    values["translations"] = {lang: {name: texts.get(name) or "" for name in TRANSLATED}
                              for lang, texts in _translations(form, TRANSLATED).items()}
    return values


def typed_values(form: FormData) -> dict[str, Any]:
    """What was typed into an organisation or location form, flat by input name (nested keys dotted)."""
    values: dict[str, Any] = {}
    for key in form.keys():
        if key == "csrf":
            continue
        value = str(form.get(key) or "")
        parts = key.split(".")
        target = values
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value
    values["confidential"] = _flag(form, "confidential")
    return values


def problems_by_input(problems: list[FieldProblem], inputs: set[str]) -> tuple[dict[str, list[str]], list[str]]:
    """Attach each problem to the input of its path or its nearest parent; the rest are general."""
    by_input: dict[str, list[str]] = {}
    general: list[str] = []
    for problem in problems:
        parts = problem.field.split(".")
        while parts and ".".join(parts) not in inputs:
            parts.pop()
        if parts:
            by_input.setdefault(".".join(parts), []).append(problem.problem)
        else:
            general.append(f"{problem.field}: {problem.problem}" if problem.field not in ("body", "") else problem.problem)
    return by_input, general


def service_inputs(values: dict[str, Any]) -> set[str]:
    """Names of the inputs a service form shows for these values (repeated rows included)."""
    names = {"organization_id", "status", "minimum_age", "maximum_age", "service_areas", "hours",
             *SERVICE_TEXTS, *SERVICE_FLAGS, *SERVICE_CHOICES}
    for part, keys in (("phones", ("number", "description", "free", "hours")),
                       ("channels", ("type", "value", "label", "free", "hours"))):
        for row in range(len(values.get(part) or []) + EXTRA_ROWS):
            names |= {f"{part}.{row}.{key}" for key in keys}
    for lang in (values.get("translations") or {}) | {"en": {}}:
        names |= {f"translations.{lang}.{name}" for name in TRANSLATED}
    return names


ORGANIZATION_INPUTS = {*ORGANIZATION_TEXTS, "translations.en.name", "translations.en.description"}
LOCATION_INPUTS = {"organization_id", "name", "description", "confidential", "municipality_code", "latitude",
                   "longitude", "address", "address.address_1", "address.city", "address.postal_code"}
