"""`helpfinder coverage`: the coverage-gap report as a table, and optionally as CSV and a chart."""

import importlib.util
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text
from sqlmodel import Session

from api.coverage.chart import CHART_SUFFIXES, NATIONAL_LABEL, draw_chart, short_name
from api.coverage.report import AGE_LABELS, CoverageReport, coverage_report, gaps_in, regions_by_gaps, report_csv
from api.db import get_engine
from api.migrate import missing_database, upgrade_to_head

console = Console()


class AgeGroupChoice(str, Enum):
    """Which age group the table and chart show."""

    under18 = "under18"
    age_18_23 = "18-23"
    both = "both"


GROUPS = {AgeGroupChoice.under18: ["under_18"], AgeGroupChoice.age_18_23: ["18_23"],
          AgeGroupChoice.both: ["under_18", "18_23"]}


# Two short lines per column keep the table readable in a terminal; other codes are split at hyphens.
SHORT_HEADERS = {
    "care-coordination": "care\ncoord.", "counselling": "coun-\nselling", "crisis-care": "crisis\ncare",
    "exit-support": "exit\nsupport", "helpline": "help-\nline", "legal-aid": "legal\naid",
    "medical-care": "medical\ncare", "peer-support": "peer\nsupport", "practical-support": "pract.\nsupport",
    "reporting": "report-\ning", "sexual-health": "sexual\nhealth", "trauma-therapy": "trauma\ntherapy",
    "youth-care": "youth\ncare",
}


def column_header(code: str) -> str:
    """A narrow, two-line column header for a service-type code."""
    return SHORT_HEADERS.get(code, code.replace("-", "-\n"))


def _joined(numbers: list[int]) -> str:
    """'3' or '0/2'."""
    return "/".join(str(n) for n in numbers)


def _cell(numbers: list[int]) -> Text:
    """'3' or '0/2', each zero in bold red."""
    text = Text(justify="center")
    for index, number in enumerate(numbers):
        if index:
            text.append("/", style="dim")
        text.append(str(number), style="bold red" if number == 0 else "")
    return text


def _type_chunks(*, headers: list[str], cells: list[list[str]], first_width: int, width: int) -> list[list[int]]:
    """Split the service-type columns into groups that each fit the terminal next to the region column."""
    chunks: list[list[int]] = [[]]
    used = first_width
    for index, header in enumerate(headers):
        column = max(len(text) for text in [*header.splitlines(), *(row[index] for row in cells)]) + 1
        if chunks[-1] and used + column > width:
            chunks.append([])
            used = first_width
        chunks[-1].append(index)
        used += column
    return chunks


def coverage_tables(*, report: CoverageReport, age_groups: list[str], width: int) -> list[Table]:
    """Regions (most gaps in these age groups first) × service types, national services in the last row.

    A narrow terminal gets the service types spread over several tables rather than cut off.
    """
    order = regions_by_gaps(report, age_groups=age_groups)
    national = {n.service_type: n for n in report.national}
    labels = [short_name(region) for region in order]
    counts = [[[c.local_under_18 if g == "under_18" else c.local_18_23 for g in age_groups]
               for c in region.service_types] for region in order]
    national_counts = [[national[t.code].national_under_18 if g == "under_18" else national[t.code].national_18_23
                        for g in age_groups] for t in report.service_types]
    headers = [column_header(t.code) for t in report.service_types]
    first_width = max(len(label) for label in [*labels, NATIONAL_LABEL]) + len(" gaps ") + 2
    chunks = _type_chunks(headers=headers, cells=[[_joined(n) for n in row] for row in [*counts, national_counts]],
                          first_width=first_width, width=width)
    ages = " / ".join(AGE_LABELS[g] for g in age_groups)
    legend = "cells: under 18 / 18–23; " if len(age_groups) > 1 else ""
    tables = []
    for number, chunk in enumerate(chunks, start=1):
        part = f" ({number}/{len(chunks)})" if len(chunks) > 1 else ""
        table = Table(title=f"Local public services for a {ages} (male or all genders){part}",
                      caption=f"{legend}red 0 = no local service of this type (a gap); national services counted apart",
                      box=box.SIMPLE_HEAD, header_style="bold", padding=(0, 0), title_justify="left",
                      caption_justify="left")
        table.add_column("region", no_wrap=True)
        table.add_column("gaps", justify="right")
        for index in chunk:
            table.add_column(headers[index], justify="center", no_wrap=True)
        for region, label, row in zip(order, labels, counts, strict=True):
            gaps = gaps_in(region, age_groups=age_groups)
            table.add_row(label, Text(str(gaps), style="bold red" if gaps else "green"),
                          *[_cell(row[index]) for index in chunk])
        table.add_section()
        table.add_row(Text(NATIONAL_LABEL, style="italic"), "",
                      *[Text(_joined(national_counts[index]), justify="center", style="italic") for index in chunk])
        tables.append(table)
    return tables


def _writable(path: Path | None, *, option: str) -> None:
    """Refuse an output file whose folder does not exist, before any work is done."""
    if path is not None and not path.parent.is_dir():
        raise typer.BadParameter(f"folder {path.parent} does not exist", param_hint=option)


def coverage(
    csv_path: Annotated[Path | None, typer.Option("--csv", help="Also write the full report as CSV to this file",
                                                  dir_okay=False, writable=True)] = None,
    chart: Annotated[Path | None, typer.Option("--chart", help="Also draw a chart to this .png or .svg file",
                                               dir_okay=False, writable=True)] = None,
    age_group: Annotated[AgeGroupChoice, typer.Option("--age-group", help="Age group of the table and chart: "
                                                      "under18, 18-23 or both")] = AgeGroupChoice.both,
) -> None:
    """Coverage-gap report: local help per province/region and service type, for boys <18 and men 18–23."""
    if chart is not None and chart.suffix.lower() not in CHART_SUFFIXES:
        raise typer.BadParameter("the chart file must end in .png or .svg", param_hint="--chart")
    if chart is not None and importlib.util.find_spec("matplotlib") is None:
        raise typer.BadParameter("charts need matplotlib: pip install 'helpfinder[charts]'", param_hint="--chart")
    _writable(csv_path, option="--csv")
    _writable(chart, option="--chart")
    if (problem := missing_database(engine=get_engine())) is not None:
        console.print(f"[red]{problem}[/red]", highlight=False)
        raise typer.Exit(2)
    upgrade_to_head(engine=get_engine())
    with Session(get_engine()) as session:
        report = coverage_report(session)
    if not report.regions:
        console.print("[red]No provinces or regions in the database: run `helpfinder seed` first.[/red]")
        raise typer.Exit(1)
    groups = GROUPS[age_group]
    for table in coverage_tables(report=report, age_groups=groups, width=console.width):
        console.print(table)
    if csv_path is not None:
        csv_path.write_text(report_csv(report), encoding="utf-8", newline="")
        console.print(f"CSV written: {csv_path} ({len(report.regions)} regions × {len(report.service_types)} "
                      "service types, both age groups)", highlight=False)
    if chart is not None:
        draw_chart(report=report, age_groups=groups, path=chart)
        console.print(f"Chart written: {chart}", highlight=False)
