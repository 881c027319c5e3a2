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
left out.
"""

import json
import random
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from uuid import UUID, uuid5

import pytest
import yaml
from sqlalchemy import text

from api.models import (
    Attribute,
    Location,
    Organization,
    Phone,
    Service,
    ServiceArea,
    ServiceAtLocation,
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
        WHERE l.municipality_code IS NOT NULL""")
    channels = _grouped(db, "SELECT service_id, type FROM contact_channel")
    for (service_id,) in db.exec(text("SELECT service_id FROM phone WHERE service_id IS NOT NULL")).all():
        channels.setdefault(service_id, set()).add("phone")
    rows = db.exec(text(f"""
        SELECT id, organization_id, minimum_age, maximum_age, status, publication, {", ".join(FLAGS)}
        FROM service""")).all()
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
        )
    return services


# --------------------------------------------------------------------------- the rules


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


def oracle_matches(service: ServiceFacts, params: dict, tree: RegionTree) -> bool:
    """Public (published and active), and every given filter holds (AND)."""
    return service.public and all(filter_holds(service, name, value, tree) for name, value in params.items())


class Oracle:
    """The expected result of a search, computed from raw rows and the seed files."""

    def __init__(self, services: dict[str, ServiceFacts], tree: RegionTree) -> None:
        self.services = services
        self.tree = tree

    def expected(self, params: dict) -> set[str]:
        """Ids of the services that satisfy every filter."""
        return {sid for sid, service in self.services.items() if oracle_matches(service, params, self.tree)}


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


def _edge_id(*parts: str) -> str:
    return str(uuid5(EDGE_NAMESPACE, ":".join(parts)))


def _term_id(db, taxonomy: str, code: str) -> str:
    return db.exec(text(
        "SELECT tt.id FROM taxonomy_term tt JOIN taxonomy tx ON tx.id = tt.taxonomy_id "
        "WHERE tx.code = :taxonomy AND tt.code = :code"
    ).bindparams(taxonomy=taxonomy, code=code)).one()[0]


@pytest.fixture
def edge_services(db) -> dict[str, str]:
    """Add EDGE_SERVICES (stable ids) with one organisation; return name → service id."""
    organization = Organization(id=_edge_id("organization"), name="Orakel randgevallen", description="test")
    db.add(organization)
    db.flush()
    ids = {}
    for index, (name, (areas, places, minimum, maximum, genders, public)) in enumerate(EDGE_SERVICES.items()):
        sid = ids[name] = _edge_id("service", name)
        service = Service(id=sid, organization_id=organization.id, name=f"Randgeval {name}", minimum_age=minimum,
                          maximum_age=maximum, publication="published" if public else "draft", status="active",
                          anonymous=index % 2 == 0, free=index % 3 == 0, self_referral=True)
        service.attributes = [Attribute(id=_edge_id("attribute", sid, g), service_id=sid,
                                        taxonomy_term_id=_term_id(db, "gender", g)) for g in genders]
        service.service_areas = [ServiceArea(id=_edge_id("area", sid, a), service_id=sid, region_code=a) for a in areas]
        if index % 2:
            service.phones = [Phone(id=_edge_id("phone", sid), service_id=sid, number="+318000000",
                                    display_number="0800-0000", free=True)]
        db.add(service)
        for place in places:
            location = Location(id=_edge_id("location", sid, place), organization_id=organization.id,
                                name=f"Locatie {place}", municipality_code=place)
            db.add(location)
            db.flush()
            db.add(ServiceAtLocation(id=_edge_id("at", sid, place), service_id=sid, location_id=location.id))
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


def api_ids(client, params: dict) -> tuple[set[str], int]:
    """Every id the API returns over all pages (per_page=100), and its `total_items`."""
    found: list[str] = []
    page, total = 1, None
    while True:
        response = client.get("/v1/services", params={**params, "page": page, "per_page": 100})
        assert response.status_code == 200, f"{params}: HTTP {response.status_code} {response.text[:300]}"
        body = response.json()
        total = body["total_items"]
        found += [item["id"] for item in body["contents"]]
        if body["last_page"]:
            break
        page += 1
        assert page <= 100, f"{params}: paging does not end"
    ids = set(found)
    assert len(ids) == len(found), f"{params}: an id appears on more than one page"
    assert len(found) == total, f"{params}: paged through {len(found)} items but total_items is {total}"
    return ids, total


def mismatch(params: dict, expected: set[str], actual: set[str]) -> str | None:
    """A readable description of a difference, or None when the sets agree."""
    if expected == actual:
        return None
    return (f"params={params}: expected {len(expected)}, API returned {len(actual)}; "
            f"missing={sorted(expected - actual)} unexpected={sorted(actual - expected)}")


def check_all(client, oracle: Oracle, cases: list[dict]) -> list[tuple[dict, set[str]]]:
    """Compare API and oracle for every case; fail once, listing every mismatch."""
    problems, results = [], []
    for params in cases:
        expected = oracle.expected(params)
        actual, _ = api_ids(client, params)
        results.append((params, expected))
        if (problem := mismatch(params, expected, actual)) is not None:
            problems.append(problem)
    assert not problems, f"{len(problems)} of {len(cases)} searches differ from DOMAIN.md:\n" + "\n".join(problems)
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
    results = check_all(client, oracle, cases)
    assert any(expected for _, expected in results), f"every {family} search is empty: the check proves nothing"


def random_cases(oracle: Oracle, regions: RegionTree) -> list[dict]:
    """Deterministic combinations of 2–5 filters, values drawn with random.Random(RANDOM_SEED)."""
    rng = random.Random(RANDOM_SEED)
    vocabulary = {family: sorted(code for taxonomy, code in _vocabulary(oracle) if taxonomy == family)
                  for family in TERM_FILTERS}
    municipalities = [code for code in regions.codes if regions.kind[code] == "municipality"]
    wider_regions = [code for code in regions.codes if regions.kind[code] != "municipality"]
    used_municipalities = sorted({m for s in oracle.services.values() for m in s.location_municipalities}
                                 | {a for s in oracle.services.values() for a in s.areas if a in municipalities})
    organizations = sorted({s.organization_id for s in oracle.services.values()})
    families = ["age", "gender", "region", *TERM_FILTERS, "language", "channel", *FLAGS, "organization_id"]

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

    cases = []
    for _ in range(RANDOM_COMBINATIONS):
        chosen = rng.sample(families, rng.randint(2, 5))
        cases.append({family: draw(family) for family in chosen})
    return cases


def test_random_filter_combinations_match_the_oracle(client, oracle: Oracle, regions: RegionTree):
    cases = random_cases(oracle, regions)
    assert len(cases) >= 150
    results = check_all(client, oracle, cases)
    sizes = [len(expected) for _, expected in results]
    non_empty = sum(1 for size in sizes if size)
    empty = len(sizes) - non_empty
    # Not trivially true: plenty of searches find something, some find nothing, results vary.
    assert non_empty >= len(sizes) // 4, f"only {non_empty} of {len(sizes)} combinations found anything"
    assert empty >= 5, f"only {empty} of {len(sizes)} combinations found nothing"
    assert len(set(sizes)) >= 10, f"result sizes hardly vary: {sorted(set(sizes))}"
