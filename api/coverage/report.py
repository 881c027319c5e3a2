"""The coverage-gap report: where a boy under 18 or a young man 18–23 has no local help of a kind.

Per province and per grouping region (kind `group`, such as a veiligheidsregio), and per
service type, the number of local public services for each age group; national services
(service area NL) are counted separately because they are the same for every region.
The counting happens in SQL (repository.py); this module shapes the result.
"""

import csv
import io
from datetime import UTC, datetime

from pydantic import BaseModel, Field
from sqlmodel import Session

from api.coverage import repository
from api.coverage.repository import AgeRange

UNDER_18 = AgeRange(code="under_18", minimum_age=0, maximum_age=17)
AGE_18_23 = AgeRange(code="18_23", minimum_age=18, maximum_age=23)
AGE_RANGES = [UNDER_18, AGE_18_23]
AGE_LABELS = {UNDER_18.code: "boy under 18", AGE_18_23.code: "young man 18–23"}

# The one wording of the definitions: the JSON, the CSV's documentation, the OpenAPI
# description and the README all use these sentences.
DEFINITIONS: dict[str, str] = {
    "public": "Counted services are public: publication 'published' and status 'active'. Drafts, listings in "
              "review, archived listings and inactive, defunct or temporarily closed services are not counted.",
    "male": "Gender-eligible for male: the service has no gender restriction, or 'male' is among the genders it "
            "serves. Services only for women/girls or only for non-binary people are not counted.",
    "under_18": "Serves a boy under 18: public, gender-eligible for male, and an age range overlapping 0–17 "
                "(minimum_age empty or ≤ 17, and maximum_age empty or ≥ 0).",
    "18_23": "Serves a young man 18–23: public, gender-eligible for male, and an age range overlapping 18–23 "
             "(minimum_age empty or ≤ 23, and maximum_age empty or ≥ 18).",
    "local": "Local to a region: a service area other than NL shares a municipality with the region (the region "
             "itself, a region around it such as its province, or a region inside it such as a municipality), or "
             "one of the service's non-archived locations lies in the region. A national service that has a "
             "location in the region, or also names a smaller area overlapping it, counts as local there too.",
    "national": "National: the service area includes NL. National services are counted separately, once per "
                "service type and age group; the numbers are the same for every region.",
    "service_type": "A service with several service types is counted once under each of them.",
    "gap": "A gap is a region and service type with zero local services for an age group. Regions with the most "
           "gaps are listed first (then provinces before grouping regions, then by code).",
}


class AgeGroup(BaseModel):
    """An age group the report counts, as an inclusive range."""

    code: str = Field(description="`under_18` or `18_23`")
    label: str
    minimum_age: int
    maximum_age: int


class ServiceType(BaseModel):
    """A service type of the vocabulary."""

    code: str
    name: str = Field(description="Dutch label")
    name_en: str | None = Field(None, description="English label")


class TypeCoverage(BaseModel):
    """Local services of one type in one region, per age group."""

    service_type: str
    local_under_18: int = Field(description="Local public services for a boy under 18")
    local_18_23: int = Field(description="Local public services for a young man 18–23")


class RegionCoverage(BaseModel):
    """One province or grouping region: counts per service type and its gaps."""

    code: str
    name: str
    kind: str = Field(description="`province` or `group`")
    gap_count: int = Field(description="len(gaps_under_18) + len(gaps_18_23)")
    gaps_under_18: list[str] = Field(description="Service types without any local service for a boy under 18")
    gaps_18_23: list[str] = Field(description="Service types without any local service for a young man 18–23")
    service_types: list[TypeCoverage]


class NationalCoverage(BaseModel):
    """National services of one type (the same for every region)."""

    service_type: str
    national_under_18: int
    national_18_23: int


class CoverageReport(BaseModel):
    """Coverage per region and service type, national services apart, regions with most gaps first."""

    generated_at: datetime
    definitions: dict[str, str]
    age_groups: list[AgeGroup]
    service_types: list[ServiceType]
    national: list[NationalCoverage]
    regions: list[RegionCoverage]


CSV_COLUMNS = [
    "region_code", "region_name", "region_kind", "service_type",
    "local_under_18", "local_18_23", "national_under_18", "national_18_23",
    "gap_under_18", "gap_18_23",
]
KIND_ORDER = {"province": 0, "group": 1}


def coverage_report(session: Session) -> CoverageReport:
    """Count local and national services per region, service type and age group."""
    regions = repository.reported_regions(session)
    types = repository.service_types(session)
    local = repository.local_counts(session, region_codes=[r.code for r in regions], age_ranges=AGE_RANGES)
    national = repository.national_counts(session, age_ranges=AGE_RANGES)
    zero = {r.code: 0 for r in AGE_RANGES}
    covered = []
    for region in regions:
        per_type = [
            TypeCoverage(service_type=t.code,
                         local_under_18=local.get((region.code, t.code), zero)[UNDER_18.code],
                         local_18_23=local.get((region.code, t.code), zero)[AGE_18_23.code])
            for t in types
        ]
        gaps_under_18 = [c.service_type for c in per_type if c.local_under_18 == 0]
        gaps_18_23 = [c.service_type for c in per_type if c.local_18_23 == 0]
        covered.append(RegionCoverage(code=region.code, name=region.name, kind=region.kind,
                                      gap_count=len(gaps_under_18) + len(gaps_18_23), gaps_under_18=gaps_under_18,
                                      gaps_18_23=gaps_18_23, service_types=per_type))
    covered.sort(key=lambda r: (-r.gap_count, KIND_ORDER.get(r.kind, 9), r.code))
    return CoverageReport(
        generated_at=datetime.now(UTC).replace(microsecond=0),
        definitions=DEFINITIONS,
        age_groups=[AgeGroup(code=r.code, label=AGE_LABELS[r.code], minimum_age=r.minimum_age,
                             maximum_age=r.maximum_age) for r in AGE_RANGES],
        service_types=[ServiceType(code=t.code, name=t.name, name_en=t.name_en) for t in types],
        national=[NationalCoverage(service_type=t.code,
                                   national_under_18=national.get(t.code, zero)[UNDER_18.code],
                                   national_18_23=national.get(t.code, zero)[AGE_18_23.code]) for t in types],
        regions=covered,
    )


def gaps_in(region: RegionCoverage, *, age_groups: list[str]) -> int:
    """How many gaps a region has in these age groups."""
    return sum(len(region.gaps_under_18 if g == UNDER_18.code else region.gaps_18_23) for g in age_groups)


def regions_by_gaps(report: CoverageReport, *, age_groups: list[str]) -> list[RegionCoverage]:
    """Regions with the most gaps in these age groups first; ties keep the report's order."""
    return sorted(report.regions, key=lambda region: -gaps_in(region, age_groups=age_groups))


def report_csv(report: CoverageReport) -> str:
    """One CSV row per region and service type, in report order (regions with most gaps first)."""
    national = {n.service_type: n for n in report.national}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for region in report.regions:
        for counts in region.service_types:
            nat = national[counts.service_type]
            writer.writerow([
                region.code, region.name, region.kind, counts.service_type,
                counts.local_under_18, counts.local_18_23, nat.national_under_18, nat.national_18_23,
                str(counts.local_under_18 == 0).lower(), str(counts.local_18_23 == 0).lower(),
            ])
    return out.getvalue()


def coverage_csv(session: Session) -> str:
    """The coverage report as CSV text."""
    return report_csv(coverage_report(session))
