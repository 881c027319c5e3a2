"""Text normalisation shared by search and the gazetteer."""

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case, strip accents and punctuation: "'s-Gravenhage" -> "s gravenhage"."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", ascii_only.lower()).strip()


def search_tokens(query: str) -> list[str]:
    """The folded words of a keyword query, without duplicates, in order."""
    return list(dict.fromkeys(fold(query).split()))
