"""The packages form layers: a module imports only from layers below its own or from its own package
(the foundation, layer 0, may also import within itself).

The listings core (api/listings) holds what every face of the directory shares: public
visibility, eager-load sets, vocabulary, contact rules, snapshots and the write rules. Search,
the public API, HSDS, curation, import/export and seeding build on it; nothing imports back up.
"""

import ast
from pathlib import Path

API = Path(__file__).resolve().parent.parent / "api"

# Lowest first. A module belongs to the longest prefix that names it.
LAYERS: list[list[str]] = [
    ["api.resources", "api.settings", "api.text", "api.errors", "api.models", "api.geo", "api.pagination",
     "api.stats", "api.ratelimit"],
    ["api.listings"],
    ["api.search"],
    ["api.db", "api.migrate"],
    ["api.web.headers"],
    ["api.directory", "api.hsds", "api.curation"],
    ["api.seed"],
    ["api.interop"],
    ["api.coverage"],
    ["api.geo.routes", "api.web", "api.health", "api.background", "api.console"],
    ["api.main", "api.cli"],
]
CORE = "api.listings"


def _module_name(path: Path) -> str:
    parts = path.relative_to(API.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _group(module: str) -> tuple[int, str]:
    """(layer, prefix) of the longest prefix naming this module."""
    best = max((prefix for layer in LAYERS for prefix in layer if module == prefix or module.startswith(prefix + ".")),
               key=len, default=None)
    assert best is not None, f"{module} is in no layer: add it to LAYERS"
    return next(index for index, layer in enumerate(LAYERS) if best in layer), best


def _imports(path: Path) -> list[str]:
    """Every api.* module this file imports (at any depth, deferred imports included)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("api"):
            found += [f"{node.module}.{alias.name}" for alias in node.names]
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.startswith("api")]
    return found


def _known(name: str) -> str | None:
    """The module an imported name refers to (`api.search.reference` or `api.search.query.text_match` → module)."""
    while name:
        if (API.parent / (name.replace(".", "/") + ".py")).exists() or (API.parent / name.replace(".", "/")).is_dir():
            return name
        name = name.rpartition(".")[0]
    return None


def test_every_module_imports_only_from_lower_layers():
    violations = []
    for path in sorted(API.rglob("*.py")):
        module = _module_name(path)
        if module == "api":
            continue
        layer, group = _group(module)
        for imported in {_known(name) for name in _imports(path)} - {None, "api"}:
            other_layer, other_group = _group(imported)
            if other_group != group and (other_layer > layer or (other_layer == layer and layer > 0)):
                violations.append(f"{module} imports {imported}")
    assert violations == [], "\n".join(violations)


def test_the_listings_core_imports_nothing_above_the_models():
    core = [path for path in API.rglob("*.py") if _module_name(path).startswith(CORE)]
    assert len(core) >= 8
    for path in core:
        for imported in {_known(name) for name in _imports(path)} - {None, "api"}:
            assert _group(imported)[0] <= 1, f"{_module_name(path)} imports {imported}"
