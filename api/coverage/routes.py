"""GET /v1/curation/coverage: the coverage-gap report for curators, as JSON or CSV."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from api.coverage import report
from api.coverage.report import CoverageReport
from api.curation.auth import Editor
from api.db import SessionDep
from api.errors import CURATION_RESPONSES

router = APIRouter(prefix="/v1")

_DESCRIPTION = (
    "For each province and each grouping region (kind `group`, such as a veiligheidsregio) and each service type: "
    "how many **local** public services serve a boy under 18 (`local_under_18`) and a young man 18–23 "
    "(`local_18_23`). National services are counted separately in `national` (the same for every region). "
    "Regions with the most gaps come first; `gaps_under_18` and `gaps_18_23` list the service types without any "
    "local service.\n\n"
    "Definitions (also returned in `definitions`):\n\n"
    + "\n".join(f"- **{key}**: {text}" for key, text in report.DEFINITIONS.items())
    + "\n\n`format=csv` returns a download with one row per region and service type, in the same order: "
    + ", ".join(f"`{c}`" for c in report.CSV_COLUMNS) + " (gap columns are `true`/`false`)."
)


@router.get(
    "/curation/coverage", response_model=CoverageReport, tags=["curation"],
    summary="Coverage-gap report: local help per region, service type and age group (boys <18, men 18–23)",
    description=_DESCRIPTION,
    responses={**CURATION_RESPONSES,
               200: {"description": "The report as JSON, or as CSV with `format=csv`",
                     "content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def coverage(
    session: SessionDep, curator: Editor, response: Response,
    format: Annotated[Literal["json", "csv"], Query(description="`json` (default) or `csv` (a download)")] = "json",
) -> CoverageReport | Response:
    """Coverage-gap report."""
    if format == "csv":
        return Response(content=report.coverage_csv(session), media_type="text/csv; charset=utf-8",
                        headers={"Cache-Control": "private, no-store",
                                 "Content-Disposition": 'attachment; filename="helpfinder-coverage.csv"'})
    response.headers["Cache-Control"] = "private, no-store"
    return report.coverage_report(session)
