"""The package's layout: a short top level, subpackages by job, imports only downwards.

A newcomer reads the top of `src/plan_progress/` at a glance; each subpackage imports only
from the folders that serve it (design brief §8), so there is never an import circle."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "plan_progress"

# Which subpackages each one may import from (besides itself). `cli` may import anything.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "model": {"core"},
    "rdf": {"core"},
    "checks": {"core", "model", "rdf"},
    "pipeline": {"core", "model", "rdf", "checks"},
    "release": {"core", "model", "rdf", "checks", "pipeline"},
    "publish": {"core", "release"},
    "sparql": {"core", "model", "rdf"},
    "spreadsheet": {"core", "model"},
    "virtuoso": {"core"},
    "scale": {"core", "model", "rdf", "checks", "pipeline", "sparql", "virtuoso"},
    # The site shows exactly what a release publishes, so it reads the release's files.
    # `diff` compares two reports' checked tables (read as validate reads them).
    "diff": {"core", "model", "checks", "pipeline"},
    "site": {"core", "model", "rdf", "checks", "pipeline", "release", "diff"},
    # The review page imports, validates, releases and previews with the project's own parts.
    "review": {
        "core",
        "model",
        "checks",
        "pipeline",
        "spreadsheet",
        "release",
        "site",
        "transcribe",
    },
    # The operator's attack check makes its hostile workbooks from the blank template.
    "abuse": {"core", "spreadsheet"},
    # PDF transcription writes a draft in the layout `new` makes (model.scaffold).
    "transcribe": {"core", "model"},
}


def subpackages() -> list[str]:
    return sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())


def imported_subpackages(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module:
            parts = node.module.split(".")
            if parts[0] == "plan_progress":
                names = [a.name for a in node.names] if len(parts) == 1 else [parts[1]]
        elif isinstance(node, ast.Import):
            names = [
                a.name.split(".")[1] for a in node.names if a.name.startswith("plan_progress.")
            ]
        found.update(names)
    return found


def test_the_top_level_is_only_the_entry_points_and_subpackages() -> None:
    modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert modules == ["__init__.py", "__main__.py"]


def test_every_subpackage_has_a_declared_place() -> None:
    assert set(subpackages()) - {"cli"} <= set(ALLOWED), (
        "add the new subpackage to ALLOWED in tests/test_layout.py"
    )


def test_imports_only_go_to_the_folders_that_serve_a_module() -> None:
    wrong = []
    for sub in subpackages():
        if sub == "cli":
            continue
        for path in sorted((PACKAGE / sub).rglob("*.py")):
            for target in imported_subpackages(path) - {sub} - ALLOWED[sub]:
                wrong.append(f"{path.relative_to(PACKAGE)} imports plan_progress.{target}")
    assert wrong == []
