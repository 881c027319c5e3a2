"""Text normalisation shared by search and the gazetteer."""

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")
# Control characters (NUL and the like) have no place in any text we accept, and PostgreSQL refuses
# NUL: inputs holding one are refused with a 422 naming the field. Tab, line feed and carriage return are text.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_character(value: object) -> bool:
    """Whether a string, or a string in a list, holds a control character."""
    if isinstance(value, str):
        return _CONTROL_CHARACTERS.search(value) is not None
    return isinstance(value, list) and any(has_control_character(item) for item in value)


def fold(text: str) -> str:
    """Lower-case, strip accents and punctuation: "'s-Gravenhage" -> "s gravenhage"."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", ascii_only.lower()).strip()


def search_tokens(query: str) -> list[str]:
    """The folded words of a keyword query, without duplicates, in order."""
    return list(dict.fromkeys(fold(query).split()))
