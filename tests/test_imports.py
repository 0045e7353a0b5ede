"""Start-up: a command imports only what it needs (measured with `python -X importtime`).

A small package's `validate` is mostly start-up, so the libraries of other commands (the
spreadsheet, the site, the endpoint, the portal) and the reference RDF paths (pyld, rdflib,
pyshacl) must stay out of it. Each command is run in a fresh interpreter through the CLI's
`main`, which then prints the modules it loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Loaded only by the commands (or the reference paths) that need them.
HEAVY = (
    "pyld",
    "rdflib",
    "pyshacl",
    "openpyxl",
    "jinja2",
    "django",
    "starlette",
    "uvicorn",
    "ckanapi",
)


def _loaded_after(argv: list[str], cwd: Path) -> tuple[int, set[str]]:
    code = (
        "import json, sys\n"
        "from plan_progress.cli.main import main\n"
        f"code = main({argv!r})\n"
        "print(json.dumps([code, sorted({m.split('.')[0] for m in sys.modules})]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=True
    )
    exit_code, modules = json.loads(result.stdout.strip().splitlines()[-1])
    return exit_code, set(modules)


def test_validating_the_seed_loads_none_of_the_heavy_libraries() -> None:
    code, modules = _loaded_after(["validate", "."], ROOT)
    assert code == 0
    assert "frictionless" in modules  # the check itself ran
    assert sorted(modules & set(HEAVY)) == []


def test_the_parser_alone_loads_none_of_them() -> None:
    """`plan-progress COMMAND --help` of any command: registering them loads nothing heavy."""
    code = (
        "import sys\n"
        "from plan_progress.cli.main import parser\n"
        "parser()\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(sys.argv[1:])))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *HEAVY], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_a_command_that_needs_a_library_loads_it(tmp_path: Path) -> None:
    """The checks above can fail: the same probe sees openpyxl when `template` runs."""
    code, modules = _loaded_after(["template", str(tmp_path / "t.xlsx")], ROOT)
    assert code == 0
    assert (tmp_path / "t.xlsx").is_file()
    assert "openpyxl" in modules
    assert "rdflib" not in modules


def test_build_needs_no_rdflib_and_the_reference_path_loads_it(package_copy: Path) -> None:
    """`build` of the seed writes every output (the VoID description included) without
    rdflib; the reference RDF path (an rdflib graph, for explaining problems) loads it."""
    (package_copy / "data/generated/void.ttl").unlink()
    code, modules = _loaded_after(["build", "."], package_copy)
    assert code == 0
    assert (package_copy / "data/generated/void.ttl").read_bytes() == (
        ROOT / "data/generated/void.ttl"
    ).read_bytes()
    assert "pyoxigraph" in modules
    assert "rdflib" not in modules
    code = (
        "import sys\n"
        "from plan_progress.core.package import PlanPackage\n"
        "from plan_progress.pipeline.validation import check_and_generate\n"
        "outputs, _ = check_and_generate(PlanPackage.open('.'))\n"
        "outputs.graph\n"
        "print('rdflib' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=package_copy, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "True"
