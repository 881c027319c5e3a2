"""Phone numbers and opening hours: the rules shared by the seed and the write API."""

import re
from dataclasses import dataclass

import phonenumbers

ALL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
# Short numbers that work without an area code: emergency (112), police non-emergency in
# some regions (144 is animal emergencies; kept because curators list it), and the European
# harmonised 116xxx helplines (116 111 is the child helpline, 116 006 victim support).
_SHORT_NUMBER = re.compile(r"^(112|144|116\d{3})$")


@dataclass(frozen=True)
class DutchPhone:
    """A phone number as stored: E.164 (or a short number), as written, and whether it is free."""

    number: str
    display_number: str
    free: bool | None


def normalise_dutch_phone(raw: str) -> DutchPhone:
    """Parse a Dutch number ("0800-0188", "033 448 11 86", "+31 ...", "112"); raise ValueError if invalid."""
    display = raw.strip()
    digits = re.sub(r"[\s\-().]", "", display)
    if _SHORT_NUMBER.match(digits):
        # Emergency and short service numbers (112, 144) have no E.164 form.
        return DutchPhone(number=digits, display_number=display, free=digits == "112" or None)
    try:
        parsed = phonenumbers.parse(digits, "NL")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"not a phone number: {exc}") from exc
    if not phonenumbers.is_valid_number(parsed) or phonenumbers.region_code_for_number(parsed) != "NL":
        raise ValueError("not a valid Dutch phone number")
    national = phonenumbers.national_significant_number(parsed)
    free: bool | None = None
    if parsed.country_code == 31 and national.startswith("800"):
        free = True
    elif parsed.country_code == 31 and national.startswith("90"):
        free = False
    return DutchPhone(
        number=phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164),
        display_number=display,
        free=free,
    )


@dataclass(frozen=True)
class WeeklyHours:
    """Opening hours on some days of the week."""

    days: tuple[str, ...]
    opens_at: str
    closes_at: str

    @property
    def all_day_every_day(self) -> bool:
        """Whether these hours mean 24/7."""
        return set(self.days) == set(ALL_DAYS) and self.opens_at == "00:00" and self.closes_at == "23:59"


def parse_hours(spec: str | list[dict]) -> list[WeeklyHours]:
    """Read "24/7" or [{days: [MO, ...], opens: "09:00", closes: "17:00"}] into weekly hours."""
    if spec == "24/7":
        return [WeeklyHours(days=ALL_DAYS, opens_at="00:00", closes_at="23:59")]
    if not isinstance(spec, list):
        raise ValueError('hours must be "24/7" or a list of {days, opens, closes}')
    result = []
    for block in spec:
        days = tuple(str(day).upper() for day in block["days"])
        if not days or any(day not in ALL_DAYS for day in days):
            raise ValueError(f"days must be among {', '.join(ALL_DAYS)}")
        opens, closes = str(block["opens"]), str(block["closes"])
        if not (_TIME.match(opens) and _TIME.match(closes)) or opens >= closes:
            raise ValueError("opens and closes must be HH:MM with opens before closes")
        result.append(WeeklyHours(days=days, opens_at=opens, closes_at=closes))
    return result


_DAY_NAMES = {
    "nl": dict(zip(ALL_DAYS, ("ma", "di", "wo", "do", "vr", "za", "zo"), strict=True)),
    "en": dict(zip(ALL_DAYS, ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), strict=True)),
}


def describe_hours(*, hours: list[WeeklyHours], lang: str) -> str | None:
    """A short human text: "24/7" or "ma–vr 09:00–17:00"."""
    if not hours:
        return None
    if any(block.all_day_every_day for block in hours):
        return "24/7"
    names = _DAY_NAMES.get(lang, _DAY_NAMES["en"])
    parts = []
    for block in hours:
        indexes = sorted(ALL_DAYS.index(day) for day in block.days)
        consecutive = indexes == list(range(indexes[0], indexes[-1] + 1))
        if len(indexes) > 2 and consecutive:
            days = f"{names[ALL_DAYS[indexes[0]]]}–{names[ALL_DAYS[indexes[-1]]]}"
        else:
            days = ", ".join(names[ALL_DAYS[i]] for i in indexes)
        parts.append(f"{days} {block.opens_at}–{block.closes_at}")
    return "; ".join(parts)
