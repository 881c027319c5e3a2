"""What a keyword query says: the situations its phrases name, and the words to look for in the text.

Offline and without logging: the query is folded like the search text (api.text.fold), phrases from
seed_data/phrases.yaml are found as whole words in sequence, stop words are left out of the text
search (unless the query holds nothing else), and every text word is looked for by its Dutch stem
when the stem is the start of the word ("gesprekken" → "gesprek"), so a stem only ever widens.
"""

from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer
import yaml

from api.resources import resource_dir
from api.text import fold, search_tokens

MIN_STEM = 4  # shorter stems ("mak" of "maken") would match too much inside other words


@dataclass(frozen=True)
class Phrases:
    """The phrase list: folded phrase (as a tuple of words) → situation codes; and the stop words."""

    situations: dict[tuple[str, ...], tuple[str, ...]]
    stop_words: frozenset[str]
    longest: int  # words in the longest phrase


@dataclass(frozen=True)
class Understood:
    """A keyword query as the search uses it."""

    words: list[str]  # the folded words looked for in the text (stop words left out), as typed
    searched: list[str]  # the same words as searched: each one's stem where that is its start
    ignored: list[str]  # stop words left out of the text search
    situations: dict[str, list[str]] = field(default_factory=dict)  # situation code → the phrases that named it


@lru_cache
def phrases() -> Phrases:
    """The phrase list and stop words from seed_data/phrases.yaml (read once per process)."""
    data = yaml.safe_load((resource_dir("seed_data") / "phrases.yaml").read_text(encoding="utf-8"))
    situations: dict[tuple[str, ...], tuple[str, ...]] = {}
    for entry in data["phrases"]:
        for phrase in [*entry.get("nl", []), *entry.get("en", [])]:
            words = tuple(phrase_words(str(phrase)))
            situations[words] = tuple(dict.fromkeys([*situations.get(words, ()), *entry["situations"]]))
    stop_words = frozenset(fold(str(word)) for language in data["stop_words"].values() for word in language)
    return Phrases(situations=situations, stop_words=stop_words, longest=max(len(words) for words in situations))


@lru_cache
def _dutch() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("dutch_porter")


def searched_form(word: str) -> str:
    """The word's Dutch stem when that is the start of the word (and not too short), else the word."""
    stem = _dutch().stemWord(word)
    return stem if len(stem) >= MIN_STEM and word.startswith(stem) else word


def phrase_words(text: str) -> list[str]:
    """Folded words for phrase matching: an apostrophe joins ("naaktfoto's" → "naaktfotos", as people also write)."""
    return fold(text.replace("'", "").replace("\u2019", "")).split()


def understand(query: str) -> Understood:
    """Find the phrases (longest first, left to right), leave out stop words, stem the text words."""
    table = phrases()
    folded = phrase_words(query)
    situations: dict[str, list[str]] = {}
    at = 0
    while at < len(folded):
        for size in range(min(table.longest, len(folded) - at), 0, -1):
            words = tuple(folded[at:at + size])
            if words in table.situations:
                for code in table.situations[words]:
                    situations.setdefault(code, []).append(" ".join(words))
                at += size
                break
        else:
            at += 1
    tokens = search_tokens(query)
    content = [word for word in tokens if word not in table.stop_words]
    words = content or tokens
    searched = list(dict.fromkeys(searched_form(word) for word in words))
    return Understood(words=words, searched=searched, ignored=[w for w in tokens if w not in words],
                      situations=situations)
