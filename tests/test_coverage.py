"""Coverage-gap report: counts per region, service type and age group; gaps first; JSON = CSV; CLI files."""

import csv
import io
from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import Session
from typer.testing import CliRunner

from api.coverage.report import CSV_COLUMNS, DEFINITIONS, CoverageReport, coverage_report
from api.curation.auth import add_curator
from api.models import utcnow
from tests.builders import make_location, make_organization, make_service

ZEELAND, VR_ZEELAND, MIDDELBURG = "PV29", "VR19", "GM0687"  # VR19 is the province's municipalities
GRONINGEN, VR_GRONINGEN = "PV20", "VR01"
PEER = "peer-support"


def _local(report: CoverageReport, *, region: str, service_type: str) -> tuple[int, int]:
    """(local_under_18, local_18_23) of one region and type."""
    found = next(r for r in report.regions if r.code == region)
    counts = next(c for c in found.service_types if c.service_type == service_type)
    return counts.local_under_18, counts.local_18_23


def _national(report: CoverageReport, *, service_type: str) -> tuple[int, int]:
    """(national_under_18, national_18_23) of one type."""
    counts = next(n for n in report.national if n.service_type == service_type)
    return counts.national_under_18, counts.national_18_23


def _delta(before: CoverageReport, after: CoverageReport, *, region: str) -> tuple[int, int]:
    """How much the local peer-support counts of a region grew."""
    old, new = _local(before, region=region, service_type=PEER), _local(after, region=region, service_type=PEER)
    return new[0] - old[0], new[1] - old[1]


def test_counts_follow_the_definitions(db: Session) -> None:
    before = coverage_report(db)
    org = make_organization(db, name="Zeeuwse jongenshulp")
    middelburg = make_location(db, organization=org, municipality=MIDDELBURG)
    closed = make_location(db, organization=org, municipality=MIDDELBURG, name="Oud adres")
    closed.archived_at = utcnow()
    db.add(closed)
    counted = [
        make_service(db, organization=org, name="boys 12-17", minimum_age=12, maximum_age=17, genders=["male"],
                     service_types=[PEER], areas=[MIDDELBURG]),                        # under 18
        make_service(db, organization=org, name="all 17-18", minimum_age=17, maximum_age=18,
                     service_types=[PEER], areas=[ZEELAND]),                           # both (edges inclusive)
        make_service(db, organization=org, name="men and women 18-23", minimum_age=18, maximum_age=23,
                     genders=["male", "female"], service_types=[PEER], areas=[VR_ZEELAND]),  # 18-23
        make_service(db, organization=org, name="walk-in 20+", minimum_age=20,
                     service_types=[PEER], locations=[middelburg]),                    # 18-23, by location
    ]
    not_counted = [
        make_service(db, organization=org, name="women only", minimum_age=12, maximum_age=23, genders=["female"],
                     service_types=[PEER], areas=[ZEELAND]),
        make_service(db, organization=org, name="non-binary only", genders=["nonbinary"], service_types=[PEER],
                     areas=[ZEELAND]),
        make_service(db, organization=org, name="25 plus", minimum_age=25, service_types=[PEER], areas=[ZEELAND]),
        make_service(db, organization=org, name="draft", service_types=[PEER], areas=[ZEELAND], publication="draft"),
        make_service(db, organization=org, name="in review", service_types=[PEER], areas=[ZEELAND],
                     publication="in_review"),
        make_service(db, organization=org, name="inactive", service_types=[PEER], areas=[ZEELAND],
                     status="inactive"),
        make_service(db, organization=org, name="archived location only", service_types=[PEER], locations=[closed]),
        make_service(db, organization=org, name="other type", service_types=["legal-aid"], areas=[ZEELAND],
                     minimum_age=30),
    ]
    national = [
        make_service(db, organization=org, name="national to 17", maximum_age=17, service_types=[PEER], areas=["NL"]),
        # National and with a place in Middelburg: national, and local there.
        make_service(db, organization=org, name="national with a centre", service_types=[PEER], areas=["NL"],
                     locations=[middelburg]),
    ]
    assert len(counted) + len(not_counted) + len(national) == 14
    after = coverage_report(db)

    # Under 18: 12-17, 17-18 and the national centre. 18-23: 17-18, 18-23, 20+ and the national centre.
    for region in (ZEELAND, VR_ZEELAND):
        assert _delta(before, after, region=region) == (3, 4), region
    old, new = _national(before, service_type=PEER), _national(after, service_type=PEER)
    assert (new[0] - old[0], new[1] - old[1]) == (2, 1)
    # National services raise no other region's local count; nothing leaked elsewhere either.
    for region in after.regions:
        if region.code not in (ZEELAND, VR_ZEELAND):
            assert _delta(before, after, region=region.code) == (0, 0), region.code
    assert _local(after, region=ZEELAND, service_type="legal-aid") == _local(before, region=ZEELAND,
                                                                               service_type="legal-aid")


def test_regions_with_most_gaps_come_first(db: Session) -> None:
    all_types = [t.code for t in coverage_report(db).service_types]
    make_service(db, name="alles voor iedereen in Groningen", service_types=all_types, areas=[GRONINGEN])
    report = coverage_report(db)

    gap_counts = [r.gap_count for r in report.regions]
    assert gap_counts == sorted(gap_counts, reverse=True)
    assert gap_counts[0] > 0
    for region in report.regions:
        assert region.gaps_under_18 == [c.service_type for c in region.service_types if c.local_under_18 == 0]
        assert region.gaps_18_23 == [c.service_type for c in region.service_types if c.local_18_23 == 0]
        assert region.gap_count == len(region.gaps_under_18) + len(region.gaps_18_23)
    codes = [r.code for r in report.regions]
    assert report.regions[codes.index(GRONINGEN)].gap_count == 0
    assert codes.index(GRONINGEN) > max(i for i, r in enumerate(report.regions) if r.gap_count > 0)
    assert {r.kind for r in report.regions} == {"province", "group"}
    assert len([r for r in report.regions if r.kind == "province"]) == 12
    assert VR_GRONINGEN in codes


def _bearer(db: Session) -> dict[str, str]:
    """Headers of a fresh editor."""
    _curator, token = add_curator(db, name="Coverage Editor", role="editor")
    db.flush()
    return {"Authorization": f"Bearer {token}"}


def test_csv_download_matches_the_json(client: TestClient, db: Session) -> None:
    headers = _bearer(db)
    as_json = client.get("/v1/curation/coverage", headers=headers)
    as_csv = client.get("/v1/curation/coverage", params={"format": "csv"}, headers=headers)

    assert as_json.status_code == 200 and as_csv.status_code == 200
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in as_csv.headers["content-disposition"]
    assert as_json.headers["cache-control"] == "private, no-store"
    report = as_json.json()
    assert report["definitions"] == DEFINITIONS
    national = {n["service_type"]: n for n in report["national"]}
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert list(rows[0].keys()) == CSV_COLUMNS
    expected = [
        {"region_code": r["code"], "region_name": r["name"], "region_kind": r["kind"],
         "service_type": c["service_type"], "local_under_18": str(c["local_under_18"]),
         "local_18_23": str(c["local_18_23"]),
         "national_under_18": str(national[c["service_type"]]["national_under_18"]),
         "national_18_23": str(national[c["service_type"]]["national_18_23"]),
         "gap_under_18": str(c["service_type"] in r["gaps_under_18"]).lower(),
         "gap_18_23": str(c["service_type"] in r["gaps_18_23"]).lower()}
        for r in report["regions"] for c in r["service_types"]
    ]
    assert rows == expected
    assert len(rows) == len(report["regions"]) * len(report["service_types"]) == 20 * 15


def test_report_needs_a_curator_token(client: TestClient) -> None:
    for headers in ({}, {"Authorization": "Bearer hf_not_a_token"}):
        response = client.get("/v1/curation/coverage", headers=headers)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthorized"
    assert client.get("/v1/curation/coverage", params={"format": "csv"}).status_code == 401


def test_unknown_format_is_refused(client: TestClient, db: Session) -> None:
    response = client.get("/v1/curation/coverage", params={"format": "xlsx"}, headers=_bearer(db))
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "format"


def test_cli_prints_the_table_and_writes_csv_and_charts(cli_database: Path) -> None:
    from api.cli import app

    runner = CliRunner()
    assert runner.invoke(app, ["seed"]).exit_code == 0
    csv_path, png, svg = cli_database / "coverage.csv", cli_database / "coverage.png", cli_database / "coverage.svg"

    result = runner.invoke(app, ["coverage", "--csv", str(csv_path), "--chart", str(png)])
    assert result.exit_code == 0, result.output
    assert "Groningen (PV20)" in result.output and "national (NL)" in result.output
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
    assert list(rows[0].keys()) == CSV_COLUMNS and len(rows) == 20 * 15
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") and png.stat().st_size > 20_000

    result = runner.invoke(app, ["coverage", "--age-group", "18-23", "--chart", str(svg)])
    assert result.exit_code == 0, result.output
    assert "young man 18–23" in result.output and "boy under 18" not in result.output
    assert "<svg" in svg.read_text(encoding="utf-8")[:2000]

    result = runner.invoke(app, ["coverage", "--chart", str(cli_database / "coverage.pdf")])
    assert result.exit_code == 2 and not (cli_database / "coverage.pdf").exists()
