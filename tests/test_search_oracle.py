"""GET /v1/services against an independent oracle of the search rules in DOMAIN.md.

The oracle never touches the search code (api/search, api/geo) nor the derived
`region_municipality` table. It reads the raw rows with plain SQL, rebuilds the region
hierarchy from the seed files (seed_data/regions.json and seed_data/region_groups.yaml),
applies the rules of DOMAIN.md ("Search semantics") in Python, and compares the resulting
set of service ids with every page the API returns. A few hand-made services are added in
the test's transaction (see EDGE_SERVICES) so that the location and group rules matter.

Region rule (DOMAIN.md): a service matches a region when its service area covers that
region or any ancestor of it (national services match everywhere), or any region inside
it; a physical location lying in the region also counts. Here "A lies inside B" means
that every municipality of A is a municipality of B (see `RegionTree`). The
implementation documents a different formulation: a service area matches when it shares
at least one municipality with the filter region. The two differ only for regions that
partly overlap without one containing the other, for example a group straddling a province
boundary. The seeded hierarchy has no such pair (`test_seeded_regions_never_partly_overlap`
checks this), so every region in the files can be tested unambiguously and none is
left out. A location counts only while it is not archived.

Keyword rule (`q`; DOMAIN.md says no more than "keywords"): the query is folded (lower-case,
accents stripped, every other character than a–z and 0–9 a space) and split into words. Text:
the stop words of seed_data/phrases.yaml are left out (unless nothing else is left), each word
is taken as its classic Dutch Snowball stem when that stem has four letters or more and is the
start of the word, and every word must be a substring of the folded name, alternate name,
description, organisation name, or name or description of any of its translations. Situations:
the phrases of seed_data/phrases.yaml found in the query as whole words name situation terms;
a service carrying one of them matches too (the phrase list widens, never narrows). A query
with no word left after folding ("?!") finds nothing. The oracle folds with unicodedata itself,
reads the phrase file and those raw columns, never the derived `search_text` or api/search.

Order without a point (`relevance_key`, `name_key`): every page in turn must list the
oracle's order, not only its set. sort=relevance (the default): when `q` names a situation,
national 24/7 services carrying it first, then the others carrying it, then text matches; then
with a region: services carrying the asked gender term first, non-national before national,
then 24/7 crisis services first; without a region: 24/7 crisis services first, then national
first, then services carrying the asked gender term; always then lower(name) and id. sort=name: lower(name), id.

Point search (postcode, near, lat+lon; `Oracle.near`): the point is lat/lon as given, or what
GET /v1/geocode answers for the postcode or place, and lies in the municipality that the
search's `interpreted_location` names. Distances are geodesic (geopy) to the public point
(`public_latitude`/`public_longitude`; a confidential location's is its municipality's
centre) of each non-archived location. First the matching services with such a point
within radius_km (edge inclusive), by (nearest km, lower(name), id); then the other matching
services that serve the point's municipality (the region rule above), by the relevance order
for a region. sort=name lists both parts together by lower(name), id. Every listed service
carries distance_km = its nearest km rounded to 0.1, covering services too whenever they
have a located live location (the route's description says "without distance"; today's code
measures every service on the page), and None when none of its live locations has a point.
POINT_EDGE_SERVICES add distance ties, a service in two places, an archived location and a
confidential one.
"""

import json
import random
import string
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path
from uuid import UUID, uuid5

import pytest
import snowballstemmer
import yaml
from geopy.distance import geodesic
from sqlalchemy import text

from api.listings.derived import refresh_search_text
from api.models import (
    Attribute,
    Location,
    Organization,
    Phone,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceTranslation,
)

SEED_DIR = Path(__file__).resolve().parent.parent / "seed_data"
RANDOM_SEED = 20261129
EDGE_NAMESPACE = UUID("6f1c0f2e-2b1a-4d8e-9a51-0c7e3f4b9d20")
RANDOM_COMBINATIONS = 160
FLAGS = ("anonymous", "free", "lgbtq_friendly", "crisis_24_7", "self_referral")
CHANNELS = ("phone", "chat", "whatsapp", "walk_in", "email", "web_form")
TERM_FILTERS = ("service_type", "audience", "situation")

AGES = [0, 8, 11, 12, 16, 17, 18, 23, 24, 27, 120]
GENDERS = ["male", "female"]
REGIONS = [
    "NL",
    "PV20", "PV23", "PV24", "PV27", "PV28", "PV30",
    "GM0193",  # Zwolle
    "GM0363",  # Amsterdam
    "GM0772",  # Eindhoven
    "GM0518",  # 's-Gravenhage
    "GM0995",  # Lelystad
    "GM1992",  # Voorne aan Zee
    "VR13",  # Amsterdam-Amstelland
    "VR15",  # Haaglanden
    "VR25",  # Flevoland (coincides with province PV24)
]
LANGUAGES = [["nl"], ["en"], ["pl"], ["ro", "bg"]]
CHANNEL_PAIRS = [["phone", other] for other in CHANNELS[1:]] + [
    ["chat", "whatsapp"], ["walk_in", "email"], ["email", "web_form"],
]
TERM_PAIRS = {
    "service_type": [["helpline", "chat"], ["shelter", "exit-support"], ["care-coordination", "reporting"]],
    "audience": [["self", "parent-or-carer"], ["school", "professional"]],
    "situation": [["sex-for-money", "sextortion"], ["loverboy-methods", "labour-exploitation"]],
}


# --------------------------------------------------------------------------- regions


class RegionTree:
    """The region hierarchy as the seed files describe it: NL, provinces, municipalities, groups.

    Every region stands for a set of municipalities: a municipality for itself, a province
    and NL for the municipalities below them in `parent`, a group for its listed members.
    """

    def __init__(self, regions: list[dict], groups: list[dict]) -> None:
        self.kind = {row["code"]: row["kind"] for row in regions}
        parent = {row["code"]: row["parent"] for row in regions}
        members: dict[str, set[str]] = {code: set() for code in self.kind}
        for code, kind in self.kind.items():
            if kind != "municipality":
                continue
            current: str | None = code
            while current is not None:  # the municipality itself, its province, NL
                members[current].add(code)
                current = parent[current]
        for group in groups:
            assert group["code"] not in self.kind, f"group {group['code']} reuses a region code"
            assert group["members"], f"group {group['code']} has no members"
            unknown = [m for m in group["members"] if self.kind.get(m) != "municipality"]
            assert not unknown, f"group {group['code']} lists unknown municipalities {unknown}"
            self.kind[group["code"]] = "group"
            members[group["code"]] = set(group["members"])
        self.members = {code: frozenset(found) for code, found in members.items()}

    @classmethod
    def from_seed_files(cls) -> "RegionTree":
        """Read seed_data/regions.json and seed_data/region_groups.yaml."""
        regions = json.loads((SEED_DIR / "regions.json").read_text(encoding="utf-8"))["regions"]
        groups = yaml.safe_load((SEED_DIR / "region_groups.yaml").read_text(encoding="utf-8"))["groups"]
        return cls(regions, groups)

    @property
    def codes(self) -> list[str]:
        """Every region code, sorted."""
        return sorted(self.kind)

    def contains(self, outer: str, inner: str) -> bool:
        """`inner` lies within `outer`: each municipality of `inner` belongs to `outer`."""
        return self.members[inner] <= self.members[outer]

    @cached_property
    def _ancestors(self) -> dict[str, frozenset[str]]:
        return {code: frozenset(o for o in self.kind if o != code and self.contains(o, code)) for code in self.kind}

    @cached_property
    def _descendants(self) -> dict[str, frozenset[str]]:
        return {code: frozenset(i for i in self.kind if i != code and self.contains(code, i)) for code in self.kind}

    def ancestors(self, code: str) -> frozenset[str]:
        """Regions around `code`.

        A municipality: its province, NL and every group listing it. A province: NL and every
        group whose members include all its municipalities. A group: NL, the province holding
        all its members (if one does), and any larger group. A group equal to a province is
        both its ancestor and its descendant.
        """
        return self._ancestors[code]

    def descendants(self, code: str) -> frozenset[str]:
        """Regions inside `code`: NL holds every region; a province its municipalities and the
        groups lying wholly in it; a group its members and any smaller group or province."""
        return self._descendants[code]

    def area_serves(self, area: str, region: str) -> bool:
        """DOMAIN.md: the service area covers the region, a region around it, or a region inside it."""
        return area == region or area in self.ancestors(region) or area in self.descendants(region)

    def partly_overlapping(self, a: str, b: str) -> bool:
        """`a` and `b` share a municipality although neither lies within the other.

        Only for such pairs does the DOMAIN.md rule (`area_serves`) differ from the
        implementation's "shares a municipality" formulation.
        """
        return bool(self.members[a] & self.members[b]) and not self.contains(a, b) and not self.contains(b, a)


@pytest.fixture(scope="module")
def regions() -> RegionTree:
    """The hierarchy from the seed files."""
    return RegionTree.from_seed_files()


# --------------------------------------------------------------------------- raw rows


@dataclass(frozen=True)
class ServiceFacts:
    """Everything the search rules look at for one service, read straight from the tables."""

    id: str
    organization_id: str
    public: bool
    minimum_age: int | None
    maximum_age: int | None
    flags: dict[str, bool]
    terms: frozenset[tuple[str, str]]  # (taxonomy code, term code)
    languages: frozenset[str]
    areas: frozenset[str]
    location_municipalities: frozenset[str]
    channels: frozenset[str]  # contact_channel types, plus "phone" when a phone row exists
    name: str
    own_text: str  # folded name, alternate_name and description
    organization_text: str  # folded organisation name
    translation_text: str  # folded name and description of every service_translation
    points: frozenset[tuple[float, float]]  # public (latitude, longitude) of each non-archived location

    @property
    def keyword_text(self) -> str:
        """Everything `q` searches, folded and joined by spaces."""
        return " ".join(part for part in (self.own_text, self.organization_text, self.translation_text) if part)


def _grouped(db, sql: str) -> dict[str, set]:
    """service_id → set of the second column (or of (col2, col3) tuples)."""
    found: dict[str, set] = {}
    for row in db.exec(text(sql)).all():
        found.setdefault(row[0], set()).add(row[1] if len(row) == 2 else tuple(row[1:]))
    return found


def read_services(db) -> dict[str, ServiceFacts]:
    """All services with their attributes, languages, areas, locations and channels (plain SQL)."""
    terms = _grouped(db, """
        SELECT a.service_id, tx.code, tt.code
        FROM attribute a
        JOIN taxonomy_term tt ON tt.id = a.taxonomy_term_id
        JOIN taxonomy tx ON tx.id = tt.taxonomy_id""")
    languages = _grouped(db, "SELECT service_id, code FROM language")
    areas = _grouped(db, "SELECT service_id, region_code FROM service_area")
    located = _grouped(db, """
        SELECT sal.service_id, l.municipality_code
        FROM service_at_location sal JOIN location l ON l.id = sal.location_id
        WHERE l.municipality_code IS NOT NULL AND l.archived_at IS NULL""")
    channels = _grouped(db, "SELECT service_id, type FROM contact_channel")
    for (service_id,) in db.exec(text("SELECT service_id FROM phone WHERE service_id IS NOT NULL")).all():
        channels.setdefault(service_id, set()).add("phone")
    points = _grouped(db, """
        SELECT sal.service_id, l.public_latitude, l.public_longitude
        FROM service_at_location sal JOIN location l ON l.id = sal.location_id
        WHERE l.archived_at IS NULL AND l.public_latitude IS NOT NULL AND l.public_longitude IS NOT NULL""")
    translations: dict[str, list[str]] = {}
    for service_id, name, description in db.exec(text(
            "SELECT service_id, name, description FROM service_translation ORDER BY service_id, language")).all():
        translations.setdefault(service_id, []).extend([name, description])
    rows = db.exec(text(f"""
        SELECT s.id, s.organization_id, s.minimum_age, s.maximum_age, s.status, s.publication,
               s.name, s.alternate_name, s.description, o.name AS organization_name,
               {", ".join("s." + flag for flag in FLAGS)}
        FROM service s JOIN organization o ON o.id = s.organization_id""")).all()
    services = {}
    for row in rows:
        values = row._mapping
        sid = values["id"]
        services[sid] = ServiceFacts(
            id=sid,
            organization_id=values["organization_id"],
            public=values["publication"] == "published" and values["status"] == "active",
            minimum_age=values["minimum_age"],
            maximum_age=values["maximum_age"],
            flags={flag: bool(values[flag]) for flag in FLAGS},
            terms=frozenset(terms.get(sid, ())),
            languages=frozenset(languages.get(sid, ())),
            areas=frozenset(areas.get(sid, ())),
            location_municipalities=frozenset(located.get(sid, ())),
            channels=frozenset(channels.get(sid, ())),
            name=values["name"],
            own_text=folded_parts([values["name"], values["alternate_name"], values["description"]]),
            organization_text=folded_parts([values["organization_name"]]),
            translation_text=folded_parts(translations.get(sid, [])),
            points=frozenset(points.get(sid, ())),
        )
    return services


# --------------------------------------------------------------------------- the rules

_WORD_CHARACTERS = frozenset(string.ascii_lowercase + string.digits)


def fold_text(value: str) -> str:
    """Lower-case, accents stripped, every run of other characters one space, trimmed.

    Decompose (NFKD), drop the combining marks, lower-case, then keep only a–z and 0–9:
    "'s-Gravenhage" → "s gravenhage", "Zorgcoördinatie" → "zorgcoordinatie".
    """
    decomposed = unicodedata.normalize("NFKD", value)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return " ".join("".join(ch if ch in _WORD_CHARACTERS else " " for ch in bare).split())


def folded_parts(parts: list[str | None]) -> str:
    """The folded texts that are not empty, joined by spaces."""
    return " ".join(folded for part in parts if part and (folded := fold_text(part)))


def query_words(query: str) -> list[str]:
    """The distinct words of a folded query, in order."""
    return list(dict.fromkeys(fold_text(query).split()))


@dataclass(frozen=True)
class PhraseList:
    """seed_data/phrases.yaml as the oracle reads it: folded phrase words → situation codes, stop words."""

    situations: dict[tuple[str, ...], set[str]]
    stop_words: frozenset[str]


def apostrophe_joined(text: str) -> list[str]:
    """Folded words for phrases, an apostrophe (' or ’) dropped first: "foto's" is "fotos"."""
    return fold_text(text.replace("'", "").replace("\u2019", "")).split()


def load_phrase_list() -> PhraseList:
    data = yaml.safe_load((SEED_DIR / "phrases.yaml").read_text(encoding="utf-8"))
    situations: dict[tuple[str, ...], set[str]] = {}
    for entry in data["phrases"]:
        for phrase in entry.get("nl", []) + entry.get("en", []):
            situations.setdefault(tuple(apostrophe_joined(str(phrase))), set()).update(entry["situations"])
    return PhraseList(situations, frozenset(fold_text(str(w)) for words in data["stop_words"].values() for w in words))


PHRASES = load_phrase_list()
DUTCH_STEMMER = snowballstemmer.stemmer("dutch_porter")


def named_situations(query: str, ignore: tuple[str, ...] = ()) -> set[str]:
    """Situations named by the query: phrases found as whole words in sequence, the longest first at each
    word, left to right; words used by a phrase start no other phrase. Apostrophes join words here."""
    words, found, at = apostrophe_joined(query), set(), 0
    longest = max(len(phrase) for phrase in PHRASES.situations)
    while at < len(words):
        size = next((n for n in range(min(longest, len(words) - at), 0, -1)
                     if tuple(words[at:at + n]) in PHRASES.situations), 0)
        if size:
            found |= PHRASES.situations[tuple(words[at:at + size])]
        at += size or 1
    return found - set(ignore)


def text_words(query: str) -> list[str]:
    """The words looked for in the text: stop words left out unless nothing else is left; each word by its
    Dutch stem (classic Snowball) when the stem has at least four letters and is the start of the word."""
    words = query_words(query)
    words = [w for w in words if w not in PHRASES.stop_words] or words
    stems = [DUTCH_STEMMER.stemWord(w) for w in words]
    return [stem if len(stem) >= 4 and word.startswith(stem) else word for word, stem in zip(words, stems)]


def text_ok(service: ServiceFacts, query: str) -> bool:
    """Every text word is a substring of the folded texts; a query without words finds nothing by text.

    A word never holds a space, so it occurs in the joined text exactly when it occurs
    within one of the parts: words cannot straddle two fields.
    """
    words = text_words(query)
    return bool(words) and all(word in service.keyword_text for word in words)


def situation_ok(service: ServiceFacts, query: str, ignore: tuple[str, ...] = ()) -> bool:
    """The service carries a situation the query names (and q_ignore does not leave out)."""
    return any(("situation", code) in service.terms for code in named_situations(query, ignore))


def keyword_ok(service: ServiceFacts, query: str, ignore: tuple[str, ...] = ()) -> bool:
    """By text, or by a situation the query's phrases name."""
    return text_ok(service, query) or situation_ok(service, query, ignore)


def age_ok(service: ServiceFacts, age: int) -> bool:
    """Both edges inclusive; a missing bound is unbounded."""
    return (service.minimum_age is None or service.minimum_age <= age) and (
        service.maximum_age is None or age <= service.maximum_age
    )


def gender_ok(service: ServiceFacts, gender: str) -> bool:
    """No gender restriction at all, or the asked gender is among those served."""
    genders = {code for taxonomy, code in service.terms if taxonomy == "gender"}
    return not genders or gender in genders


def region_ok(service: ServiceFacts, region: str, tree: RegionTree) -> bool:
    """A service area serves the region (see RegionTree.area_serves), or a location lies in it."""
    return any(tree.area_serves(area, region) for area in service.areas) or bool(
        service.location_municipalities & tree.members[region]
    )


def terms_ok(service: ServiceFacts, taxonomy: str, codes: list[str]) -> bool:
    """At least one of the terms (OR)."""
    return any((taxonomy, code) in service.terms for code in codes)


def filter_holds(service: ServiceFacts, name: str, value: object, tree: RegionTree) -> bool:
    """One filter of the search, as DOMAIN.md states it."""
    if name == "q":
        return keyword_ok(service, value[0], value[1])
    if name == "age":
        return age_ok(service, value)
    if name == "gender":
        return gender_ok(service, value)
    if name == "region":
        return region_ok(service, value, tree)
    if name in TERM_FILTERS:
        return terms_ok(service, name, value)
    if name == "language":
        return bool(service.languages & set(value))
    if name == "channel":
        return bool(service.channels & set(value))
    if name in FLAGS:
        return service.flags[name] is value
    if name == "organization_id":
        return service.organization_id == value
    raise AssertionError(f"the oracle has no rule for filter {name!r}")


# Parameters that choose where or how to list, not which services match.
NOT_FILTERS = frozenset({"sort", "postcode", "near", "lat", "lon", "radius_km", "q_ignore"})


def oracle_matches(service: ServiceFacts, params: dict, tree: RegionTree) -> bool:
    """Public (published and active), and every given filter holds (AND)."""
    return service.public and all(
        filter_holds(service, name, (value, tuple(params.get("q_ignore", []))) if name == "q" else value, tree)
        for name, value in params.items() if name not in NOT_FILTERS)


def name_key(service: ServiceFacts) -> tuple[str, str]:
    """lower(name), then id: the last keys of every order.

    Python's str.lower() stands in for the databases' lower(). SQLite's lower() changes
    only A–Z, PostgreSQL's every letter; the three agree because no name holds an upper-case
    letter outside A–Z (the names' only non-ASCII letters are lower-case ones such as "ö").
    Strings compare by code point, as in SQLite and in PostgreSQL with the C / C.UTF-8
    collation of the test databases. `test_name_order_is_what_the_database_sorts` checks
    both assumptions on each backend.
    """
    return service.name.lower(), service.id


def relevance_key(service: ServiceFacts, params: dict, *, local_first: bool) -> tuple:
    """sort=relevance, as the search does it today (False sorts before True).

    With a region (or, for a point search, `local_first`): with gender given, services carrying
    that gender term first; then non-national (no service area 'NL') before national, then 24/7
    crisis services first. Without one: 24/7 crisis services first, then national ones first,
    then (with gender given) services carrying that gender term. Then lower(name) and id.
    """
    key: list[bool] = []
    ignore = tuple(params.get("q_ignore", []))
    if "q" in params and named_situations(params["q"], ignore) and params.get("sort") != "name":
        named = situation_ok(service, params["q"], ignore)
        national, crisis = "NL" in service.areas, service.flags["crisis_24_7"]
        key += [not (named and national and crisis), not named, not text_ok(service, params["q"])]
    for_gender = [("gender", params["gender"]) not in service.terms] if "gender" in params else []
    national, crisis = "NL" in service.areas, service.flags["crisis_24_7"]
    if local_first or "region" in params:
        key += [*for_gender, national, not crisis]
    else:
        key += [not crisis, not national, *for_gender]
    return (*key, *name_key(service))


@dataclass(frozen=True)
class SearchPoint:
    """Where a point search looks: the point, and the municipality it lies in."""

    latitude: float
    longitude: float
    municipality: str


class Oracle:
    """The expected result of a search, computed from raw rows and the seed files."""

    def __init__(self, services: dict[str, ServiceFacts], tree: RegionTree) -> None:
        self.services = services
        self.tree = tree
        self.names = {sid: service.name for sid, service in services.items()}

    def expected(self, params: dict) -> set[str]:
        """Ids of the services that satisfy every filter."""
        return {sid for sid, service in self.services.items() if oracle_matches(service, params, self.tree)}

    def ordered(self, params: dict) -> list[str]:
        """The ids of a search without a point, in the order of its pages (default sort=relevance)."""
        matching = [self.services[sid] for sid in self.expected(params)]
        if params.get("sort") == "name":
            return [s.id for s in sorted(matching, key=name_key)]
        return [s.id for s in sorted(matching, key=lambda s: relevance_key(s, params, local_first=False))]

    def km(self, service: ServiceFacts, point: "SearchPoint") -> float | None:
        """Geodesic km from the point to the nearest public point of the service's live locations."""
        if not service.points:
            return None
        return min(geodesic((point.latitude, point.longitude), spot).km for spot in sorted(service.points))

    def near(self, params: dict, point: "SearchPoint") -> list[tuple[str, float | None]]:
        """(id, distance_km) of a point search in the order of its pages.

        Nearby: matching services with a live location whose public point lies within
        radius_km (default 25, edge inclusive), by (km, lower(name), id). Then covering:
        the other matching services that serve the point's municipality (`region_ok`), by
        `relevance_key(local_first=True)`. sort=name puts both together by lower(name), id.
        distance_km is the km rounded to 0.1 for every listed service that has a located live
        location, covering ones included (then it exceeds the radius); otherwise None.
        """
        radius = params.get("radius_km", 25)
        matching = [self.services[sid] for sid in self.expected(params)]
        km = {s.id: self.km(s, point) for s in matching}
        nearby = sorted((s for s in matching if km[s.id] is not None and km[s.id] <= radius),
                        key=lambda s: (km[s.id], *name_key(s)))
        close = {s.id for s in nearby}
        covering = sorted((s for s in matching if s.id not in close and region_ok(s, point.municipality, self.tree)),
                          key=lambda s: relevance_key(s, params, local_first=True))
        listed = nearby + covering
        if params.get("sort") == "name":
            listed.sort(key=name_key)
        return [(s.id, None if km[s.id] is None else round(km[s.id], 1)) for s in listed]


# --------------------------------------------------------------------------- edge cases

# The seeded and synthetic services always have their location inside their service area,
# and only three seeded services use a group as area. These extra services (added inside
# the test's rolled-back transaction) make the location rule and the group rules matter.
# name: (service areas, location municipalities, minimum_age, maximum_age, genders, public)
EDGE_SERVICES: dict[str, tuple[list[str], list[str], int | None, int | None, list[str], bool]] = {
    "area Amsterdam, located in Den Haag": (["GM0363"], ["GM0518"], None, None, [], True),
    "no area, located in Voorne aan Zee": ([], ["GM1992"], 12, 12, ["male"], True),
    "area VR13 only": (["VR13"], [], 18, 18, ["female", "nonbinary"], True),
    "area VR25, located in Lelystad": (["VR25"], ["GM0995"], None, 23, [], True),
    "area VR15, located in Zwolle": (["VR15"], ["GM0193"], 24, None, ["male", "nonbinary"], True),
    "area Eindhoven and Zwolle": (["GM0772", "GM0193"], [], 0, 120, [], True),
    "draft, national": (["NL"], ["GM0363"], None, None, [], False),
}


# Texts only `q` sees: an alternate name and an English translation (name: (alternate_name,
# translated name, translated description)). Their words occur nowhere else in the data.
EDGE_TEXTS: dict[str, tuple[str, str, str]] = {
    "area VR13 only": ("De Vuurtorenwachter", "Harbour pilots", "Ask for the quartermaster."),
}




@dataclass(frozen=True)
class EdgePlace:
    """A location of a point edge service: its municipality and exact spot (None: unknown)."""

    municipality: str
    latitude: float | None
    longitude: float | None
    confidential: bool = False  # then the public point is the municipality's centre
    archived: bool = False


@dataclass(frozen=True)
class PointEdge:
    """A service of the second edge organisation, made for point search."""

    areas: tuple[str, ...]
    places: tuple[EdgePlace, ...]
    genders: tuple[str, ...] = ()
    crisis_24_7: bool = False
    minimum_age: int | None = None


# Around Zwolle (8011 is 52.5116, 6.0921): three services at one spot, two of them with the
# same lower-cased name (distance ties broken by lower(name), then id); one service in two
# cities (its distance is the nearer one); one whose Zwolle location is archived (neither
# near Zwolle nor in GM0193 any more); a confidential shelter whose exact spot lies about
# 8 km from the centre of Zwolle that stands for it; one located without coordinates.
POINT_EDGE_SERVICES: dict[str, PointEdge] = {
    "Afstand tweeling Beta": PointEdge(("GM0193",), (EdgePlace("GM0193", 52.52, 6.10),)),
    "Afstand tweeling Alfa": PointEdge(("GM0193",), (EdgePlace("GM0193", 52.52, 6.10),)),
    "AFSTAND TWEELING ALFA": PointEdge(("GM0193",), (EdgePlace("GM0193", 52.52, 6.10),), ("male",), True),
    "Afstand twee locaties": PointEdge((), (EdgePlace("GM0014", 53.219, 6.568), EdgePlace("GM0193", 52.50, 6.08)),
                                       minimum_age=18),
    "Afstand gearchiveerd in Zwolle": PointEdge(("GM0935",), (EdgePlace("GM0193", 52.512, 6.093, archived=True),
                                                              EdgePlace("GM0935", 50.848, 5.69))),
    "Afstand vertrouwelijk bij Zwolle": PointEdge(("GM0193",), (EdgePlace("GM0193", 52.56, 6.20, confidential=True),),
                                                  ("male",), True),
    "Afstand zonder coördinaten": PointEdge(("PV23",), (EdgePlace("GM0193", None, None),), crisis_24_7=True),
}
ARCHIVED_AT = datetime(2025, 1, 1, tzinfo=timezone.utc)


def _edge_id(*parts: str) -> str:
    return str(uuid5(EDGE_NAMESPACE, ":".join(parts)))


def _term_id(db, taxonomy: str, code: str) -> str:
    return db.exec(text(
        "SELECT tt.id FROM taxonomy_term tt JOIN taxonomy tx ON tx.id = tt.taxonomy_id "
        "WHERE tx.code = :taxonomy AND tt.code = :code"
    ).bindparams(taxonomy=taxonomy, code=code)).one()[0]


@pytest.fixture
def edge_services(db) -> dict[str, str]:
    """Add EDGE_SERVICES (stable ids) with one organisation and POINT_EDGE_SERVICES with another;
    return name → service id.

    `search_text` is a derived column that the write path fills (api/listings/derived.py);
    the edge rows get it the same way, as any listing does. The oracle never reads it: it
    folds the raw names and descriptions itself.
    """
    organization = Organization(id=_edge_id("organization"), name="Orakel randgevallen", description="test")
    db.add(organization)
    db.flush()
    ids = {}
    for index, (name, (areas, places, minimum, maximum, genders, public)) in enumerate(EDGE_SERVICES.items()):
        sid = ids[name] = _edge_id("service", name)
        service = Service(id=sid, organization_id=organization.id, name=f"Randgeval {name}", minimum_age=minimum,
                          maximum_age=maximum, publication="published" if public else "draft", status="active",
                          anonymous=index % 2 == 0, free=index % 3 == 0, self_referral=True)
        if name in EDGE_TEXTS:
            service.alternate_name, english_name, english_description = EDGE_TEXTS[name]
            service.translations = [ServiceTranslation(service_id=sid, language="en", name=english_name,
                                                       description=english_description)]
        service.attributes = [Attribute(id=_edge_id("attribute", sid, g), service_id=sid,
                                        taxonomy_term_id=_term_id(db, "gender", g)) for g in genders]
        service.service_areas = [ServiceArea(id=_edge_id("area", sid, a), service_id=sid, region_code=a) for a in areas]
        if index % 2:
            service.phones = [Phone(id=_edge_id("phone", sid), service_id=sid, number="+318000000",
                                    display_number="0800-0000", free=True)]
        refresh_search_text(service=service, organization_name=organization.name)
        db.add(service)
        for place in places:
            location = Location(id=_edge_id("location", sid, place), organization_id=organization.id,
                                name=f"Locatie {place}", municipality_code=place)
            db.add(location)
            db.flush()
            db.add(ServiceAtLocation(id=_edge_id("at", sid, place), service_id=sid, location_id=location.id))
    db.flush()
    ids |= _add_point_edge_services(db)
    return ids


def _add_point_edge_services(db) -> dict[str, str]:
    """POINT_EDGE_SERVICES under their own organisation (so the first one's hand-worked answers hold)."""
    organization = Organization(id=_edge_id("point organization"), name="Orakel afstanden", description="test")
    db.add(organization)
    db.flush()
    ids = {}
    for name, edge in POINT_EDGE_SERVICES.items():
        sid = ids[name] = _edge_id("point service", name)
        service = Service(id=sid, organization_id=organization.id, name=name, minimum_age=edge.minimum_age,
                          publication="published", status="active", crisis_24_7=edge.crisis_24_7)
        service.attributes = [Attribute(id=_edge_id("attribute", sid, g), service_id=sid,
                                        taxonomy_term_id=_term_id(db, "gender", g)) for g in edge.genders]
        service.service_areas = [ServiceArea(id=_edge_id("area", sid, a), service_id=sid, region_code=a)
                                 for a in edge.areas]
        refresh_search_text(service=service, organization_name=organization.name)
        db.add(service)
        for index, place in enumerate(edge.places):
            public = (place.latitude, place.longitude)
            if place.confidential:  # the rule of api/models/location.py: the municipality's centre
                public = tuple(db.exec(text("SELECT latitude, longitude FROM region WHERE code = :code")
                                       .bindparams(code=place.municipality)).one())
            location = Location(id=_edge_id("point location", sid, str(index)), organization_id=organization.id,
                                name=f"{name} {index}", municipality_code=place.municipality,
                                confidential=place.confidential, latitude=place.latitude,
                                longitude=place.longitude, public_latitude=public[0], public_longitude=public[1],
                                archived_at=ARCHIVED_AT if place.archived else None)
            db.add(location)
            db.flush()
            db.add(ServiceAtLocation(id=_edge_id("point at", sid, str(index)), service_id=sid,
                                     location_id=location.id))
    db.flush()
    return ids


@pytest.fixture
def oracle(db, regions: RegionTree, edge_services: dict[str, str]) -> Oracle:
    """The oracle over this backend's data; every area and location must be a known region."""
    services = read_services(db)
    used = {code for s in services.values() for code in s.areas | s.location_municipalities}
    unknown = sorted(used - set(regions.kind))
    assert not unknown, f"service areas or locations use regions missing from the seed files: {unknown}"
    return Oracle(services, regions)


# --------------------------------------------------------------------------- the API side


@dataclass
class ApiResult:
    """What the API answered over all pages of one search."""

    ids: list[str]  # in the order of the pages
    distances: dict[str, float | None]  # each item's distance_km
    total: int  # total_items
    interpreted: dict | None  # interpreted_location


def api_page(client, params: dict, *, page: int, per_page: int) -> dict:
    """One page of GET /v1/services, as JSON."""
    response = client.get("/v1/services", params={**params, "page": page, "per_page": per_page})
    assert response.status_code == 200, f"{params}: HTTP {response.status_code} {response.text[:300]}"
    return response.json()


def api_search(client, params: dict) -> ApiResult:
    """Every item the API returns over all pages (per_page=100), in order."""
    found: list[str] = []
    distances: dict[str, float | None] = {}
    interpreted: list[dict | None] = []
    page, total = 1, None
    while True:
        body = api_page(client, params, page=page, per_page=100)
        total = body["total_items"]
        found += [item["id"] for item in body["contents"]]
        distances |= {item["id"]: item["distance_km"] for item in body["contents"]}
        interpreted.append(body.get("interpreted_location"))
        if body["last_page"]:
            break
        page += 1
        assert page <= 100, f"{params}: paging does not end"
    assert len(set(found)) == len(found), f"{params}: an id appears on more than one page"
    assert len(found) == total, f"{params}: paged through {len(found)} items but total_items is {total}"
    assert all(each == interpreted[0] for each in interpreted), f"{params}: pages interpret the point differently"
    return ApiResult(ids=found, distances=distances, total=total, interpreted=interpreted[0])


def search_point(client, params: dict, interpreted: dict | None) -> SearchPoint:
    """The point of a search: lat/lon as given; a postcode or place as GET /v1/geocode reads it.

    The municipality comes from the search's `interpreted_location` (the gazetteer decides
    which municipality a point lies in); it must agree with /v1/geocode.
    """
    assert interpreted is not None, f"{params}: a point search without interpreted_location"
    if "lat" in params:
        point = SearchPoint(params["lat"], params["lon"], interpreted["municipality_code"])
        geocoded = {"latitude": params["lat"], "longitude": params["lon"]}
    else:
        response = client.get("/v1/geocode", params={"q": params.get("postcode", params.get("near"))})
        assert response.status_code == 200, f"{params}: geocode HTTP {response.status_code} {response.text[:300]}"
        geocoded = response.json()
        point = SearchPoint(geocoded["latitude"], geocoded["longitude"], geocoded["municipality_code"])
    seen = {key: interpreted[key] for key in geocoded if key in ("latitude", "longitude", "municipality_code")}
    assert seen == {key: geocoded[key] for key in seen}, f"{params}: searched at {seen}, geocode says {geocoded}"
    return point


def api_ids(client, params: dict) -> tuple[set[str], int]:
    """Every id the API returns over all pages (per_page=100), and its `total_items`."""
    result = api_search(client, params)
    return set(result.ids), result.total


def mismatch(params: dict, expected: set[str], actual: set[str]) -> str | None:
    """A readable description of a difference, or None when the sets agree."""
    if expected == actual:
        return None
    return (f"params={params}: expected {len(expected)}, API returned {len(actual)}; "
            f"missing={sorted(expected - actual)} unexpected={sorted(actual - expected)}")


def order_mismatch(params: dict, expected: list[str], actual: list[str], names: dict[str, str]) -> str | None:
    """Where two orders of the same ids first part, with the names around it, or None when equal."""
    if expected == actual:
        return None
    if set(expected) != set(actual) or len(expected) != len(actual):
        return mismatch(params, set(expected), set(actual)) or f"params={params}: an id is listed twice"
    at = next(i for i, (e, a) in enumerate(zip(expected, actual)) if e != a)
    window = slice(max(0, at - 1), at + 3)

    def show(ids: list[str]) -> str:
        return ", ".join(f"{sid[:8]} {names.get(sid, '?')!r}" for sid in ids[window])

    return (f"params={params}: order differs from position {at} of {len(expected)}: "
            f"expected [{show(expected)}] API [{show(actual)}]")


def check_all(client, oracle: Oracle, cases: list[dict], *, in_order: bool = False) -> list[tuple[dict, set[str]]]:
    """Compare API and oracle for every case; fail once, listing every mismatch.

    With `in_order`, the full list over all pages must also come in the oracle's order
    (`Oracle.ordered`), not only hold the same ids.
    """
    problems, results = [], []
    for params in cases:
        expected = oracle.expected(params)
        actual = api_search(client, params)
        results.append((params, expected))
        if (problem := mismatch(params, expected, set(actual.ids))) is not None:
            problems.append(problem)
        elif in_order and (problem := order_mismatch(params, oracle.ordered(params), actual.ids,
                                                     oracle.names)) is not None:
            problems.append(problem)
    assert not problems, f"{len(problems)} of {len(cases)} searches differ from DOMAIN.md:\n" + "\n".join(problems)
    return results


def near_mismatch(params: dict, expected: list[tuple[str, float | None]], actual: ApiResult,
                  names: dict[str, str]) -> str | None:
    """Order, total_items and every distance_km of a point search, or None when all agree."""
    ids = [sid for sid, _ in expected]
    if (problem := order_mismatch(params, ids, actual.ids, names)) is not None:
        return problem
    if actual.total != len(ids):
        return f"params={params}: total_items {actual.total}, expected {len(ids)}"
    wrong = [f"{sid[:8]} {names[sid]!r}: {actual.distances[sid]} not {km}"
             for sid, km in expected if actual.distances[sid] != km]
    return f"params={params}: distance_km differs for {wrong}" if wrong else None


def check_near(client, oracle: Oracle, cases: list[dict]) -> list[tuple[dict, SearchPoint, list]]:
    """Compare point searches with `Oracle.near`; fail once, listing every mismatch."""
    problems, results = [], []
    for params in cases:
        actual = api_search(client, params)
        point = search_point(client, params, actual.interpreted)
        expected = oracle.near(params, point)
        results.append((params, point, expected))
        if (problem := near_mismatch(params, expected, actual, oracle.names)) is not None:
            problems.append(problem)
    assert not problems, (f"{len(problems)} of {len(cases)} point searches differ from the oracle:\n"
                          + "\n".join(problems))
    return results


# --------------------------------------------------------------------------- tests


def test_seeded_regions_never_partly_overlap(regions: RegionTree):
    """Where two regions share a municipality, one lies within the other.

    This is what makes the DOMAIN.md rule and the implementation's "shares a municipality"
    rule coincide for every seeded region. A new group straddling a province boundary would
    fail here: then decide which reading is right before relying on the oracle for it.
    """
    non_municipal = [code for code in regions.codes if regions.kind[code] != "municipality"]
    straddling = [(a, b) for i, a in enumerate(non_municipal) for b in non_municipal[i + 1:]
                  if regions.partly_overlapping(a, b)]
    assert straddling == []


def test_region_tree_reads_the_seed_files(regions: RegionTree):
    """Sanity of the oracle's own hierarchy: 342 municipalities, 12 provinces, groups inside provinces."""
    kinds = [regions.kind[code] for code in regions.codes]
    assert kinds.count("municipality") == 342
    assert kinds.count("province") == 12
    assert regions.members["NL"] == frozenset(c for c in regions.codes if regions.kind[c] == "municipality")
    assert regions.ancestors("GM0363") == {"PV27", "NL", "VR13"}
    assert {"GM0363", "VR13"} <= regions.descendants("PV27")
    assert "VR15" not in regions.descendants("PV27")
    assert regions.members["VR25"] == regions.members["PV24"]  # both around and inside each other
    assert regions.area_serves("VR25", "PV24") and regions.area_serves("PV24", "VR25")
    assert regions.area_serves("NL", "GM1992") and regions.area_serves("GM1992", "NL")
    assert not regions.area_serves("VR15", "VR13") and not regions.area_serves("PV27", "GM0518")


def test_oracle_region_rule_on_the_edge_services(oracle: Oracle, edge_services: dict[str, str]):
    """The oracle itself, against hand-worked answers (no API involved)."""
    org = _edge_id("organization")

    def found(region: str) -> set[str]:
        ids = oracle.expected({"region": region, "organization_id": org})
        return {name for name, sid in edge_services.items() if sid in ids}

    assert found("GM0518") == {"area Amsterdam, located in Den Haag", "area VR15, located in Zwolle"}
    assert found("GM0363") == {"area Amsterdam, located in Den Haag", "area VR13 only"}
    assert found("VR13") == {"area Amsterdam, located in Den Haag", "area VR13 only"}
    assert found("PV27") == {"area Amsterdam, located in Den Haag", "area VR13 only"}
    assert found("PV28") == {"area Amsterdam, located in Den Haag", "no area, located in Voorne aan Zee",
                             "area VR15, located in Zwolle"}
    assert found("GM1992") == {"no area, located in Voorne aan Zee"}
    assert found("PV24") == found("GM0995") == found("VR25") == {"area VR25, located in Lelystad"}
    assert found("PV23") == found("GM0193") == {"area VR15, located in Zwolle", "area Eindhoven and Zwolle"}
    assert found("GM0772") == found("PV30") == {"area Eindhoven and Zwolle"}
    assert found("PV20") == set()
    assert len(found("NL")) == len(EDGE_SERVICES) - 1  # everything public
    ages = {age: {n for n, sid in edge_services.items() if sid in oracle.expected({"age": age, "organization_id": org})}
            for age in (11, 12, 13, 18, 24)}
    assert "no area, located in Voorne aan Zee" in ages[12] and "no area, located in Voorne aan Zee" not in ages[11]
    assert ages[18] >= {"area VR13 only"} and "area VR13 only" not in ages[13]
    assert "area VR15, located in Zwolle" in ages[24] and "area VR25, located in Lelystad" not in ages[24]
    male = oracle.expected({"gender": "male", "organization_id": org})
    assert edge_services["area VR13 only"] not in male and edge_services["area VR15, located in Zwolle"] in male


def test_unfiltered_search_returns_every_public_service(client, oracle: Oracle):
    expected = oracle.expected({})
    actual, total = api_ids(client, {})
    assert total == len(expected)
    assert len(expected) > 200  # seeded plus synthetic services
    assert len(expected) < len(oracle.services), "the data should hold some non-public services"
    assert mismatch({}, expected, actual) is None, mismatch({}, expected, actual)


def _organization_cases(oracle: Oracle) -> list[dict]:
    """A few organisations: some with public services, one with none public, one unknown."""
    public_orgs = sorted({s.organization_id for s in oracle.services.values() if s.public})
    hidden_orgs = sorted({s.organization_id for s in oracle.services.values()} - set(public_orgs))
    chosen = random.Random(RANDOM_SEED).sample(public_orgs, 6) + hidden_orgs[:1]
    chosen.append(str(UUID(int=RANDOM_SEED)))
    return [{"organization_id": org} for org in chosen]


def single_filter_cases(family: str, oracle: Oracle) -> list[dict]:
    """One filter at a time, with each of the chosen values."""
    if family == "age":
        return [{"age": age} for age in AGES]
    if family == "gender":
        return [{"gender": gender} for gender in GENDERS]
    if family == "region":
        return [{"region": code} for code in REGIONS]
    if family in TERM_FILTERS:
        codes = sorted({code for taxonomy, code in _vocabulary(oracle) if taxonomy == family})
        return [{family: [code]} for code in codes] + [{family: pair} for pair in TERM_PAIRS[family]]
    if family == "language":
        return [{"language": codes} for codes in LANGUAGES]
    if family == "channel":
        return [{"channel": [c]} for c in CHANNELS] + [{"channel": pair} for pair in CHANNEL_PAIRS]
    if family == "flags":
        return [{flag: value} for flag in FLAGS for value in (True, False)]
    if family == "organization_id":
        return _organization_cases(oracle)
    raise AssertionError(family)


def _vocabulary(oracle: Oracle) -> set[tuple[str, str]]:
    """(taxonomy, term) pairs used by any service."""
    return {pair for service in oracle.services.values() for pair in service.terms}


@pytest.mark.parametrize("family", ["age", "gender", "region", "service_type", "audience", "situation",
                                    "language", "channel", "flags", "organization_id"])
def test_each_single_filter_matches_the_oracle(client, oracle: Oracle, family: str):
    cases = single_filter_cases(family, oracle)
    results = check_all(client, oracle, cases, in_order=True)
    assert any(expected for _, expected in results), f"every {family} search is empty: the check proves nothing"


FAMILIES = ["age", "gender", "region", *TERM_FILTERS, "language", "channel", *FLAGS, "organization_id"]


def filter_drawer(oracle: Oracle, regions: RegionTree, rng: random.Random):  # type: ignore[no-untyped-def]
    """draw(family): a value for one filter family, from `rng`, among the values the data uses."""
    vocabulary = {family: sorted(code for taxonomy, code in _vocabulary(oracle) if taxonomy == family)
                  for family in TERM_FILTERS}
    municipalities = [code for code in regions.codes if regions.kind[code] == "municipality"]
    wider_regions = [code for code in regions.codes if regions.kind[code] != "municipality"]
    used_municipalities = sorted({m for s in oracle.services.values() for m in s.location_municipalities}
                                 | {a for s in oracle.services.values() for a in s.areas if a in municipalities})
    organizations = sorted({s.organization_id for s in oracle.services.values()})

    def draw(family: str) -> object:
        if family == "age":
            return rng.choice(AGES + [rng.randint(0, 120)])
        if family == "gender":
            return rng.choice(GENDERS)
        if family == "region":
            pool = rng.choice([REGIONS, wider_regions, used_municipalities, municipalities])
            return rng.choice(pool)
        if family in TERM_FILTERS:
            return rng.sample(vocabulary[family], rng.randint(1, 3))
        if family == "language":
            return rng.sample(["nl", "en", "pl", "ro", "bg", "ar", "de"], rng.randint(1, 2))
        if family == "channel":
            return rng.sample(CHANNELS, rng.randint(1, 3))
        if family in FLAGS:
            return rng.random() < 0.5
        if family == "organization_id":
            return rng.choice(organizations)
        raise AssertionError(family)

    return draw


def random_cases(oracle: Oracle, regions: RegionTree) -> list[dict]:
    """Deterministic combinations of 2–5 filters, values drawn with random.Random(RANDOM_SEED)."""
    rng = random.Random(RANDOM_SEED)
    draw = filter_drawer(oracle, regions, rng)
    cases = []
    for _ in range(RANDOM_COMBINATIONS):
        chosen = rng.sample(FAMILIES, rng.randint(2, 5))
        cases.append({family: draw(family) for family in chosen})
    return cases


def test_random_filter_combinations_match_the_oracle(client, oracle: Oracle, regions: RegionTree):
    cases = random_cases(oracle, regions)
    assert len(cases) >= 150
    results = check_all(client, oracle, cases, in_order=True)
    sizes = [len(expected) for _, expected in results]
    non_empty = sum(1 for size in sizes if size)
    empty = len(sizes) - non_empty
    # Not trivially true: plenty of searches find something, some find nothing, results vary.
    assert non_empty >= len(sizes) // 4, f"only {non_empty} of {len(sizes)} combinations found anything"
    assert empty >= 5, f"only {empty} of {len(sizes)} combinations found nothing"
    assert len(set(sizes)) >= 10, f"result sizes hardly vary: {sorted(set(sizes))}"


# --------------------------------------------------------------------------- keyword search

# Each alone, then as `q` together with other filters (KEYWORD_WITH_FILTERS).
KEYWORD_QUERIES = [
    # single words, any case or accents
    "Kindertelefoon", "kindertelefoon", "SEKSUEEL", "seksueel", "geweld", "Zorgcoördinatie", "ZORGCOÖRDINATIE",
    "zorgcoordinatie", "mensenhandel", "Zwolle", "chat", "112", "Politie",
    # two words, in either order, or one repeated; punctuation between words
    "geweld centrum", "centrum geweld", "Centrum Seksueel Geweld", "hulp seksueel", "inloophuis zwolle",
    "Edam-Volendam", "EIJSDEN margraten", "geweld, geweld!", "jongerenpunt 12",
    # short tokens of one or two characters
    "a", "s", "x", "7", "12", "ab", "ij", "z 1",
    # substrings inside words
    "telefoon", "punt", "oordinat", "huis", "ensenhan", "ynthet",
    # only in an English translation, only in an alternate name, only in an organisation name
    "trafficking", "violence", "Emergency", "harbour", "quartermaster", "vuurtoren", "Humanitas", "Querido",
    "Synthetische", "orakel",
    # found nowhere, or no word at all after folding
    "xyzzy", "kindertelefoonx", "geweld xyzzy", "Fryslân", "?!", "---",
    # phrases that name situations (seed_data/phrases.yaml), stop words, stems
    "loverboy", "ik word gechanteerd met naaktfoto's", "iemand dwingt me", "uitgebuit", "seks voor geld",
    "sextortion xyzzy", "Geld voor SEKS!", "alarmnummers", "alarmnummer", "de", "het alarmnummer",
]
KEYWORD_WITH_FILTERS = [
    {"q": "geweld", "age": 16},
    {"q": "geweld", "age": 11, "gender": "male"},
    {"q": "chat", "gender": "male"},
    {"q": "chat", "gender": "female", "sort": "name"},
    {"q": "punt", "region": "PV23"},
    {"q": "punt zwolle", "region": "GM0193"},
    {"q": "jongerenpunt", "age": 12, "gender": "female", "region": "PV30"},
    {"q": "hulp", "service_type": ["helpline"]},
    {"q": "hulp", "service_type": ["helpline", "chat"], "age": 17},
    {"q": "randgeval", "region": "GM0518"},
    {"q": "randgeval", "gender": "male", "age": 24},
    {"q": "synthetische", "region": "VR13", "service_type": ["shelter", "counselling"]},
    {"q": "SEKSUEEL", "region": "NL", "gender": "male"},
    {"q": "trafficking", "service_type": ["care-coordination"]},
    {"q": "a", "crisis_24_7": True},
    {"q": "chantage", "gender": "male"},
    {"q": "loverboy", "region": "PV27", "age": 17},
    {"q": "uitgebuit", "sort": "name"},
    {"q": "verkracht", "service_type": ["helpline", "chat"]},
    {"q": "loverboy", "q_ignore": ["sex-for-money"]},
    {"q": "ik word gechanteerd met naaktfoto's", "q_ignore": ["sextortion"]},
]
RANDOM_KEYWORD_COMBINATIONS = 60


def test_oracle_folds_text_like_the_documentation():
    """The oracle's own folding: lower-case, accents stripped, other characters become single spaces."""
    assert fold_text("'s-Gravenhage") == "s gravenhage"
    assert fold_text("Zorgcoördinatie mensenhandel") == "zorgcoordinatie mensenhandel"
    assert fold_text("  SEKSUEEL  geweld!? ") == "seksueel geweld"
    assert fold_text("Fryslân 112") == "fryslan 112"
    assert fold_text("?!") == ""
    assert query_words("geweld, Geweld centrum") == ["geweld", "centrum"]


def test_keyword_words_come_from_the_fields_they_were_chosen_for(oracle: Oracle, edge_services: dict[str, str]):
    """The translation-only, alternate-name-only and organisation-only queries really test those fields."""

    def found(query: str) -> list[ServiceFacts]:
        return [oracle.services[sid] for sid in oracle.expected({"q": query})]

    for query in ("trafficking", "violence", "emergency", "harbour", "quartermaster"):
        hits = found(query)
        assert hits, f"{query!r} finds nothing"
        assert all(query not in s.own_text and query not in s.organization_text for s in hits), query
    for query in ("humanitas", "querido", "synthetische", "orakel"):
        hits = found(query)
        assert hits, f"{query!r} finds nothing"
        assert all(query not in s.own_text and query not in s.translation_text for s in hits), query
    vuurtoren = found("vuurtoren")
    assert [s.id for s in vuurtoren] == [edge_services["area VR13 only"]]
    assert "vuurtoren" not in vuurtoren[0].name.lower() and not vuurtoren[0].translation_text.count("vuurtoren")
    assert found("?!") == [] and found("xyzzy") == []


def test_keyword_search_matches_the_oracle(client, oracle: Oracle):
    """Each query alone and combined with other filters: same services, same order."""
    cases = [{"q": query} for query in KEYWORD_QUERIES] + KEYWORD_WITH_FILTERS
    results = check_all(client, oracle, cases, in_order=True)
    sizes = {params["q"]: len(expected) for params, expected in results if len(params) == 1}
    assert sizes["Kindertelefoon"] == sizes["kindertelefoon"] >= 1
    assert sizes["SEKSUEEL"] == sizes["seksueel"] >= 2
    assert sizes["Zorgcoördinatie"] == sizes["ZORGCOÖRDINATIE"] == sizes["zorgcoordinatie"] >= 2
    assert sizes["geweld centrum"] == sizes["centrum geweld"] >= 2
    assert sizes["a"] > sizes["ab"] > 0 and sizes["telefoon"] > sizes["Kindertelefoon"] - 1
    assert sizes["xyzzy"] == sizes["?!"] == sizes["---"] == 0
    # A phrase widens to its situation (no service text holds "sextortion xyzzy"); stop words and stems count.
    assert sizes["sextortion xyzzy"] == sizes["ik word gechanteerd met naaktfoto's"] >= 3
    assert sizes["seks voor geld"] == sizes["Geld voor SEKS!"] >= 3
    assert sizes["alarmnummers"] == sizes["alarmnummer"] == sizes["het alarmnummer"] >= 1 and sizes["de"] > 10
    combined = [len(expected) for params, expected in results if len(params) > 1]
    assert sum(1 for size in combined if size) >= len(combined) - 3, f"combined searches find too little: {combined}"


def query_drawer(oracle: Oracle, rng: random.Random):  # type: ignore[no-untyped-def]
    """draw_query(): a `q` made of the words of one public service (whole, paired, cut,
    capitalised, accented, spoiled), from `rng`."""
    texts = [s.keyword_text.split() for _, s in sorted(oracle.services.items()) if s.public]

    def draw_query() -> str:
        words = rng.choice(texts)
        word, roll = rng.choice(words), rng.random()
        if roll < 0.25:
            return word
        if roll < 0.45:
            return f"{word} {rng.choice(words)}"
        if roll < 0.65 and len(word) >= 3:
            start = rng.randrange(len(word) - 1)
            return word[start:rng.randint(start + 1, len(word))]
        if roll < 0.8:
            return word.upper().replace("E", "É", 1).replace("O", "Ö", 1)
        if roll < 0.9:
            return f"({word.capitalize()}-{rng.choice(words)})"
        return f"{word}qx"

    return draw_query


def random_keyword_cases(oracle: Oracle, regions: RegionTree) -> list[dict]:
    """`q` from `query_drawer` plus 0–3 other filters; deterministic (random.Random(RANDOM_SEED + 1))."""
    rng = random.Random(RANDOM_SEED + 1)
    draw = filter_drawer(oracle, regions, rng)
    draw_query = query_drawer(oracle, rng)
    cases = []
    for _ in range(RANDOM_KEYWORD_COMBINATIONS):
        chosen = rng.sample(FAMILIES, rng.randint(0, 3))
        cases.append({"q": draw_query(), **{family: draw(family) for family in chosen}})
    return cases


def test_random_keyword_combinations_match_the_oracle(client, oracle: Oracle, regions: RegionTree):
    cases = random_keyword_cases(oracle, regions)
    results = check_all(client, oracle, cases, in_order=True)
    sizes = [len(expected) for _, expected in results]
    assert sum(1 for size in sizes if size) >= len(sizes) // 2, f"too few keyword combinations find anything: {sizes}"
    assert sum(1 for size in sizes if not size) >= 5, f"too few keyword combinations find nothing: {sizes}"


# --------------------------------------------------------------------------- order without a point

ORDER_CASES = [
    {}, {"sort": "relevance"}, {"sort": "name"},
    {"gender": "male"}, {"gender": "female"}, {"gender": "nonbinary"}, {"gender": "male", "sort": "name"},
    {"region": "NL"}, {"region": "PV23"}, {"region": "PV27"}, {"region": "GM0193"}, {"region": "GM0363"},
    {"region": "VR13"}, {"region": "GM1992"}, {"region": "PV28", "sort": "name"},
    {"region": "GM0193", "gender": "male"}, {"region": "PV30", "gender": "female"}, {"region": "NL", "gender": "male"},
    {"age": 16}, {"age": 16, "gender": "male"}, {"age": 24, "region": "PV28", "gender": "male"},
    {"service_type": ["helpline", "chat"]}, {"service_type": ["shelter"], "region": "PV27"},
    {"crisis_24_7": False}, {"crisis_24_7": True, "region": "GM0518"}, {"free": True, "gender": "female"},
    {"language": ["en"]}, {"channel": ["chat"], "sort": "name"},
]


def test_name_order_is_what_the_database_sorts(db, oracle: Oracle):
    """The assumptions of `name_key` on this backend: lower() agrees, and so does the collation."""
    upper_beyond_ascii = sorted(name for name in oracle.names.values()
                                if name.lower() != "".join(c.lower() if "A" <= c <= "Z" else c for c in name))
    assert upper_beyond_ascii == [], "names whose lower-casing differs between SQLite and PostgreSQL"
    by_database = [sid for (sid,) in db.exec(text("SELECT id FROM service ORDER BY lower(name), id")).all()]
    by_oracle = [s.id for s in sorted(oracle.services.values(), key=name_key)]
    assert by_database == by_oracle
    assert len({s.name.lower() for s in oracle.services.values()}) < len(oracle.services), "no name tie to break"


def test_order_without_a_point_matches_the_oracle(client, oracle: Oracle):
    """Full order over all pages: relevance (the default) and sort=name."""
    check_all(client, oracle, ORDER_CASES, in_order=True)
    # The relevance keys must matter in the data, or the order check proves little.
    for params in ({}, {"gender": "male"}, {"region": "GM0193"}, {"region": "PV27", "gender": "female"}):
        assert oracle.ordered(params) != oracle.ordered({**params, "sort": "name"}), params


def test_random_filter_combinations_sorted_by_name(client, oracle: Oracle, regions: RegionTree):
    """Every fourth random combination again with sort=name, in full order (the test of the
    random combinations checks them in the default order)."""
    cases = [{**params, "sort": "name"} for params in random_cases(oracle, regions)[::4]]
    check_all(client, oracle, cases, in_order=True)


# --------------------------------------------------------------------------- point search

POSTCODES = ["8011", "8011 AB", "5611", "5611 AA", "1012", "1012 AB", "2511", "3011", "9711", "6211"]
PLACES = ["Den Haag", "Den Bosch", "'s-Hertogenbosch", "Zwolle", "Amsterdam", "Ljouwert"]
LAT_LONS = [(52.5116, 6.0921), (52.56, 6.2), (53.2, 6.57), (52.09, 5.12), (51.4416, 5.4697)]
RADII = [5, 10, 25, 50, 100, 150]
POINT_CASES = [
    {"postcode": "8011"},
    {"postcode": "8011", "radius_km": 5},
    {"postcode": "8011 AB", "radius_km": 50},
    {"postcode": "8011", "radius_km": 100},
    {"postcode": "8011", "radius_km": 100, "sort": "name"},
    {"postcode": "8011", "radius_km": 50, "region": "PV23"},
    {"postcode": "5611", "radius_km": 25},
    {"postcode": "5611 AA", "radius_km": 50, "gender": "male"},
    {"postcode": "1012", "radius_km": 5},
    {"postcode": "1012", "radius_km": 50, "age": 16},
    {"postcode": "1012 AB", "radius_km": 25, "q": "chat"},
    {"postcode": "2511", "radius_km": 25, "service_type": ["helpline", "chat"]},
    {"postcode": "2511", "radius_km": 100, "gender": "male", "age": 17},
    {"postcode": "3011", "radius_km": 25},
    {"postcode": "3011", "radius_km": 300},  # nearly everything nearby: two pages of 100
    {"postcode": "3011", "radius_km": 300, "sort": "name"},
    {"postcode": "9711", "radius_km": 50},
    {"postcode": "9711", "radius_km": 25, "q": "afstand"},
    {"postcode": "9711", "radius_km": 100, "q": "punt"},
    {"postcode": "6211", "radius_km": 25},
    {"postcode": "6211", "radius_km": 50, "q": "afstand"},
    {"postcode": "6211", "radius_km": 100, "gender": "male"},
    {"near": "Den Haag", "radius_km": 5},
    {"near": "Den Haag", "radius_km": 25, "gender": "male"},
    {"near": "Den Bosch", "radius_km": 50},
    {"near": "'s-Hertogenbosch", "radius_km": 50, "service_type": ["counselling"]},
    {"near": "Zwolle"},
    {"near": "Zwolle", "radius_km": 5, "q": "afstand"},
    {"near": "Zwolle", "radius_km": 100, "sort": "relevance"},
    {"near": "Zwolle", "radius_km": 25, "gender": "male", "age": 18},
    {"near": "Amsterdam", "radius_km": 25, "age": 12, "gender": "male"},
    {"near": "Amsterdam", "radius_km": 50, "q": "hulp"},
    {"near": "Ljouwert", "radius_km": 100},
    {"lat": 52.5116, "lon": 6.0921, "radius_km": 25},
    {"lat": 52.56, "lon": 6.2, "radius_km": 5},  # the confidential shelter's exact spot
    {"lat": 52.56, "lon": 6.2, "radius_km": 50, "gender": "male", "sort": "name"},
    {"lat": 53.2, "lon": 6.57, "radius_km": 100},
    {"lat": 52.09, "lon": 5.12, "radius_km": 50, "service_type": ["shelter", "helpline"]},
    {"lat": 51.4416, "lon": 5.4697, "radius_km": 100, "crisis_24_7": False},
]
RANDOM_POINT_SEARCHES = 40


# A radius of exactly the geodesic km from 8011's point to the Zwolle location of "Afstand twee
# locaties": that location lies on the edge, which counts as inside (just beyond it, the
# service moves to the covering part, after a 24/7 one).
EDGE_RADIUS_KM = geodesic((52.5116, 6.0921), (52.50, 6.08)).km
# From the same point, a radius reaching exactly its Groningen location: one location well inside,
# the other on the edge, and the service is counted and listed once.
BOTH_INSIDE_RADIUS_KM = geodesic((52.5116, 6.0921), (53.219, 6.568)).km


def _point_org_cases() -> list[dict]:
    """Point searches over the point edge services alone."""
    org = {"organization_id": _edge_id("point organization")}
    return [{**org, **params} for params in (
        {"postcode": "8011"}, {"postcode": "8011", "radius_km": 5}, {"postcode": "8011", "sort": "name"},
        {"postcode": "8011", "radius_km": 300}, {"postcode": "9711", "radius_km": 5}, {"postcode": "6211"},
        {"lat": 52.56, "lon": 6.2, "radius_km": 5}, {"lat": 52.56, "lon": 6.2, "radius_km": 10},
        {"near": "Zwolle", "gender": "male"}, {"near": "Amsterdam"},
        {"lat": 52.5116, "lon": 6.0921, "radius_km": EDGE_RADIUS_KM},
        {"lat": 52.5116, "lon": 6.0921, "radius_km": EDGE_RADIUS_KM * (1 - 1e-9)},
        {"lat": 52.5116, "lon": 6.0921, "radius_km": BOTH_INSIDE_RADIUS_KM},
    )]


def test_oracle_point_rules_on_the_edge_services(oracle: Oracle, edge_services: dict[str, str]):
    """The oracle itself on the point edge services, against hand-worked answers (no API)."""
    org = {"organization_id": _edge_id("point organization")}
    zwolle = SearchPoint(52.5116, 6.0921, "GM0193")

    def listed(params: dict, point: SearchPoint) -> list[tuple[str, float | None]]:
        names = {sid: name for name, sid in edge_services.items()}
        return [(names[sid], km) for sid, km in oracle.near({**org, **params}, point)]

    twins = sorted(["Afstand tweeling Alfa", "AFSTAND TWEELING ALFA"], key=lambda n: edge_services[n])
    near_zwolle = listed({"radius_km": 5}, zwolle)
    km_twins = round(geodesic((52.5116, 6.0921), (52.52, 6.10)).km, 1)
    km_shelter = round(geodesic((52.5116, 6.0921), (52.517, 6.1041)).km, 1)  # Zwolle's centre, not the spot
    km_two = round(geodesic((52.5116, 6.0921), (52.50, 6.08)).km, 1)
    assert km_shelter < km_twins < km_two  # 1.0, 1.1 and 1.5 km
    assert near_zwolle == [("Afstand vertrouwelijk bij Zwolle", km_shelter), (twins[0], km_twins),
                           (twins[1], km_twins), ("Afstand tweeling Beta", km_twins), ("Afstand twee locaties", km_two),
                           # covering only; the archived spot 0.1 km away counts for nothing
                           ("Afstand zonder coördinaten", None)]
    # On the edge it is nearby; just beyond, it is only covering (located in Zwolle) and comes
    # after the 24/7 covering service.
    on_edge = [name for name, _ in listed({"radius_km": EDGE_RADIUS_KM}, zwolle)]
    inside_edge = [name for name, _ in listed({"radius_km": EDGE_RADIUS_KM * (1 - 1e-9)}, zwolle)]
    assert on_edge == [name for name, _ in near_zwolle]
    assert inside_edge == on_edge[:4] + ["Afstand zonder coördinaten", "Afstand twee locaties"]
    spot = SearchPoint(52.56, 6.2, "GM0193")
    at_spot = dict(listed({"radius_km": 5}, spot))
    assert at_spot["Afstand vertrouwelijk bij Zwolle"] == round(geodesic((52.56, 6.2), (52.517, 6.1041)).km, 1) > 5
    groningen = listed({"radius_km": 5}, SearchPoint(53.2167, 6.5697, "GM0014"))
    assert groningen == [("Afstand twee locaties", round(geodesic((53.2167, 6.5697), (53.219, 6.568)).km, 1))]
    archived = edge_services["Afstand gearchiveerd in Zwolle"]
    assert oracle.services[archived].points == {(50.848, 5.69)}
    assert oracle.services[archived].location_municipalities == {"GM0935"}
    assert archived not in oracle.expected({"region": "GM0193"})


def test_point_search_matches_the_oracle(client, oracle: Oracle):
    """Postcodes, places (aliases too) and lat/lon, radii 5–300 km, with filters: order, distances, totals."""
    results = check_near(client, oracle, POINT_CASES + _point_org_cases())
    radius = {id(params): params.get("radius_km", 25) for params, _, _ in results}
    nearby = sum(1 for params, _, listed in results for _, km in listed
                 if km is not None and km <= radius[id(params)])
    covering_with_distance = sum(1 for params, _, listed in results for _, km in listed
                                 if km is not None and km > radius[id(params)])
    without_distance = sum(1 for _, _, listed in results for _, km in listed if km is None)
    assert nearby > 200 and covering_with_distance > 20 and without_distance > 200, (
        nearby, covering_with_distance, without_distance)
    assert max(len(listed) for _, _, listed in results) > 100, "no point search needs a second page"


def random_point_cases(oracle: Oracle, regions: RegionTree) -> list[dict]:
    """A postcode, place or lat/lon, a radius, sometimes a sort, 0–3 filters and sometimes `q`;
    deterministic (random.Random(RANDOM_SEED + 2))."""
    rng = random.Random(RANDOM_SEED + 2)
    draw = filter_drawer(oracle, regions, rng)
    draw_query = query_drawer(oracle, rng)
    cases = []
    for _ in range(RANDOM_POINT_SEARCHES):
        kind = rng.choice(["postcode", "near", "lat"])
        if kind == "lat":
            latitude, longitude = rng.choice(LAT_LONS)
            params: dict = {"lat": round(latitude + rng.uniform(-0.2, 0.2), 4),
                            "lon": round(longitude + rng.uniform(-0.2, 0.2), 4)}
        else:
            params = {kind: rng.choice(POSTCODES if kind == "postcode" else PLACES)}
        params["radius_km"] = rng.choice(RADII)
        if (sort := rng.choice([None, None, "distance", "name", "relevance"])) is not None:
            params["sort"] = sort
        params |= {family: draw(family) for family in rng.sample(FAMILIES, rng.randint(0, 3))}
        if rng.random() < 0.3:
            params["q"] = draw_query()
        cases.append(params)
    return cases


def test_random_point_searches_match_the_oracle(client, oracle: Oracle, regions: RegionTree):
    results = check_near(client, oracle, random_point_cases(oracle, regions))
    sizes = [len(listed) for _, _, listed in results]
    assert sum(1 for size in sizes if size) >= len(sizes) // 2, f"too few random point searches find anything: {sizes}"


# Searches paged by 7: pages 1–4 must be the slices of the oracle's full order.
PAGED_CASES = [
    {}, {"region": "GM0193", "gender": "male"}, {"q": "punt", "sort": "name"}, {"age": 16, "crisis_24_7": False},
    {"postcode": "8011"}, {"postcode": "8011", "radius_km": 100}, {"postcode": "3011", "radius_km": 300},
    {"near": "Den Haag", "radius_km": 50, "gender": "male"}, {"near": "Amsterdam", "sort": "name"},
    {"lat": 52.56, "lon": 6.2, "radius_km": 10}, {"postcode": "6211", "radius_km": 150, "age": 18},
]


def full_order(client, oracle: Oracle, params: dict) -> list[tuple[str, float | None]]:
    """(id, distance_km) of every result of a search in the oracle's order (distance None without a point)."""
    if {"postcode", "near", "lat"} & set(params):
        point = search_point(client, params, api_page(client, params, page=1, per_page=1)["interpreted_location"])
        return oracle.near(params, point)
    return [(sid, None) for sid in oracle.ordered(params)]


def pages_of_seven_problems(client, params: dict, expected: list[tuple[str, float | None]], pages: range) -> list[str]:
    """Each of these pages of seven that is not its slice of `expected` (or whose total differs), described."""
    problems = []
    for page in pages:
        body = api_page(client, params, page=page, per_page=7)
        want = expected[(page - 1) * 7:page * 7]
        got = [(item["id"], item["distance_km"]) for item in body["contents"]]
        if got != want or body["total_items"] != len(expected):
            problems.append(f"params={params} page {page}: total_items {body['total_items']} "
                            f"(expected {len(expected)}); got {[(s[:8], km) for s, km in got]}, "
                            f"expected {[(s[:8], km) for s, km in want]}")
    return problems


def test_pages_of_seven_agree_with_the_full_order(client, oracle: Oracle):
    """per_page=7, pages 1–4: each page is its slice of the oracle's order, with the same distances."""
    problems = []
    for params in PAGED_CASES:
        expected = full_order(client, oracle, params)
        assert len(expected) > 4 * 7, f"{params}: too few results to fill four pages"
        problems += pages_of_seven_problems(client, params, expected, range(1, 5))
    assert not problems, f"{len(problems)} pages differ from the oracle's order:\n" + "\n".join(problems)


REGION_PAGED_CASES = [
    {"region": "PV27"}, {"region": "GM0193", "gender": "male"}, {"region": "PV30", "gender": "female", "age": 17},
    {"region": "GM0363", "gender": "nonbinary"}, {"region": "PV27", "age": 20, "gender": "male", "sort": "relevance"},
    {"postcode": "8011", "radius_km": 3, "gender": "male"}, {"near": "Den Haag", "radius_km": 2},
]


def test_every_page_of_seven_of_a_region_search_is_its_slice_of_the_order(client, oracle: Oracle):
    """A region's results (and the services covering a point's municipality) are read part by part
    (made for the gender, regional before national, 24/7): every page, wherever a part ends, is its
    slice of the oracle's order."""
    problems = []
    for params in REGION_PAGED_CASES:
        expected = full_order(client, oracle, params)
        assert len(expected) > 3 * 7, f"{params}: too few results to cross parts"
        problems += pages_of_seven_problems(client, params, expected, range(1, len(expected) // 7 + 2))
    assert not problems, f"{len(problems)} pages differ from the oracle's order:\n" + "\n".join(problems)
