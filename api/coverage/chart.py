"""The coverage report as a chart: regions × service types, local counts, gaps in red (PNG or SVG)."""

import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from api.coverage.report import AGE_LABELS, CoverageReport, RegionCoverage, regions_by_gaps

if TYPE_CHECKING:  # matplotlib and numpy load only when a chart is drawn
    import numpy as np
    from matplotlib.axes import Axes
    from matplotlib.colors import BoundaryNorm, Colormap

CHART_SUFFIXES = (".png", ".svg")
GAP_COLOUR = "#d84b4b"
NATIONAL_LABEL = "national (NL), same in every region"


def short_name(region: RegionCoverage) -> str:
    """A short, readable row label: 'Noord-Holland (PV27)', 'VR Amsterdam-Amstelland (VR13)'."""
    name = region.name.replace("Veiligheidsregio ", "VR ")
    return f"{name} ({region.code})"


def _local(region: RegionCoverage, *, age_group: str) -> list[int]:
    """The local counts of one region for one age group, in service-type order."""
    return [c.local_under_18 if age_group == "under_18" else c.local_18_23 for c in region.service_types]


def draw_chart(*, report: CoverageReport, age_groups: list[str], path: Path) -> None:
    """Draw one heatmap per age group and save it as PNG or SVG (Agg, no display needed)."""
    # Imported here so the API process never loads matplotlib.
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    regions = regions_by_gaps(report, age_groups=age_groups)
    types = report.service_types
    columns = [textwrap.fill(t.name_en or t.code, width=24) for t in types]
    national = {n.service_type: n for n in report.national}
    grids = {g: np.array([_local(r, age_group=g) for r in regions], dtype=float).reshape(len(regions), len(types))
             for g in age_groups}
    top = max([1] + [int(grid.max()) for grid in grids.values() if grid.size])
    # Discrete colours, so a count reads off the colour bar: one per count up to 8, else 8 whole-number bins.
    bins = np.linspace(1, top + 1, 9).round().astype(int).tolist()
    bounds = list(range(1, top + 2)) if top <= 8 else sorted(set(bins))
    # Zero cells are masked, so they take the "bad" colour: red.
    cmap = ListedColormap([_blue(i / max(1, len(bounds) - 2)) for i in range(len(bounds) - 1)]).with_extremes(
        bad=GAP_COLOUR)
    norm = BoundaryNorm(bounds, cmap.N)

    cell = 0.42
    width = 3.4 + len(age_groups) * (len(types) * cell + 0.6) + 1.2
    height = 2.6 + (len(regions) + 1.6) * cell + 1.9
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    grid_spec = fig.add_gridspec(2, len(age_groups), height_ratios=[max(1, len(regions)), 1.2])
    image = None
    for index, group in enumerate(age_groups):
        ax = fig.add_subplot(grid_spec[0, index])
        values = np.ma.masked_equal(grids[group], 0)
        image = ax.imshow(values, cmap=cmap, norm=norm, aspect="auto", interpolation="nearest")
        _label_cells(ax, grids[group], norm=norm, cmap=cmap)
        ax.set_title(f"Local services: {AGE_LABELS[group]}", fontsize=11, fontweight="bold")
        ax.set_xticks(range(len(types)), labels=[])
        ax.set_yticks(range(len(regions)), labels=[short_name(r) for r in regions] if index == 0 else [])
        _grid_lines(ax, rows=len(regions), cols=len(types))

        nat_ax = fig.add_subplot(grid_spec[1, index])
        nat_values = np.array([[national[t.code].national_under_18 if group == "under_18"
                                else national[t.code].national_18_23 for t in types]], dtype=float)
        nat_ax.imshow(nat_values, cmap=ListedColormap(["#eeeeee"]), aspect="auto")
        _label_cells(nat_ax, nat_values, norm=None, cmap=None)
        nat_ax.set_yticks([0], labels=[NATIONAL_LABEL] if index == 0 else [])
        nat_ax.set_xticks(range(len(types)), labels=columns, rotation=45, ha="right", rotation_mode="anchor",
                          multialignment="right")
        _grid_lines(nat_ax, rows=1, cols=len(types))
        for axis in (ax, nat_ax):
            axis.tick_params(length=0, labelsize=9)

    # Few values: one labelled step per count. Many: labelled bin edges ("from 7 up to 14").
    colourbar = fig.colorbar(image, ax=fig.axes[0::2], location="right", shrink=0.6, pad=0.02,
                             ticks=[b + 0.5 for b in bounds[:-1]] if top <= 8 else bounds[:-1], format="%d")
    colourbar.set_label("local services (count)")
    fig.legend(handles=[Patch(facecolor=GAP_COLOUR, label="0 = no local service (gap)"),
                        Patch(facecolor="#eeeeee", edgecolor="#999999", label="national services, counted apart")],
               loc="outside lower center", ncols=2, frameon=False, fontsize=9)
    ages = " or a ".join(AGE_LABELS[g] for g in age_groups)
    fig.suptitle(f"Where can a {ages} get local help? Public services per region and service type\n"
                 f"helpfinder coverage report, {report.generated_at:%Y-%m-%d}; regions with most gaps at the top; "
                 "male or all genders only",
                 fontsize=12)
    fig.savefig(path, dpi=150)


def _blue(fraction: float) -> str:
    """A blue from light (few services) to dark (many), readable with black or white text."""
    import matplotlib

    return matplotlib.colors.to_hex(matplotlib.colormaps["Blues"](0.3 + 0.65 * fraction))


def _label_cells(ax: "Axes", values: "np.ndarray", *, norm: "BoundaryNorm | None", cmap: "Colormap | None") -> None:
    """Write each count in its cell; white on dark cells and on gaps, black elsewhere."""
    from matplotlib.colors import to_rgb

    for (row, col), value in _cells(values):
        if value == 0 and norm is not None:
            colour, weight = "white", "bold"
        elif norm is not None and cmap is not None:
            red, green, blue = to_rgb(cmap(norm(value)))
            colour, weight = ("white" if 0.299 * red + 0.587 * green + 0.114 * blue < 0.55 else "black"), "normal"
        else:
            colour, weight = "black", "normal"
        label = ax.text(col, row, f"{int(value)}", ha="center", va="center", fontsize=8, color=colour,
                        fontweight=weight)
        label.set_in_layout(False)  # inside its cell: the layout need not measure hundreds of labels


def _cells(values: "np.ndarray") -> Iterator[tuple[tuple[int, int], float]]:
    """(row, column), value for every cell of a 2-D array."""
    rows, cols = values.shape
    return (((r, c), values[r, c]) for r in range(rows) for c in range(cols))


def _grid_lines(ax: "Axes", *, rows: int, cols: int) -> None:
    """Thin white lines between cells."""
    ax.set_xticks([x - 0.5 for x in range(1, cols)], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, rows)], minor=True)
    ax.grid(which="minor", color="white", linewidth=1.2)
    ax.tick_params(which="minor", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
