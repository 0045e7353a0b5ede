"""One version string, carried into every file that states it."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from conftest import REPO
from plan_progress.core import standard
from plan_progress.core.version import __version__

FIX = f"python scripts/set_version.py {__version__} && make build"


def test_every_file_states_the_same_version() -> None:
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    stated = {
        "datapackage.json version": descriptor["version"],
        "datapackage.json planProgress.standardVersion": descriptor["planProgress"][
            "standardVersion"
        ],
        "JSON Schema $id": standard.json_schema()["$id"].split("/")[-2],
        "JSON Schema @context const": standard.json_schema()["$defs"]["ReportDocument"]["properties"]["@context"][
            "prefixItems"
        ][0]["const"],
    }
    stated["JSON Schema @context const"] = (
        stated["JSON Schema @context const"].rsplit("/", 1)[-1].removesuffix(".jsonld")
    )
    for name in ("vocab/plan-progress.ttl", "vocab/shapes.ttl"):
        text = (REPO / name).read_text(encoding="utf-8")
        stated[f"{name} owl:versionInfo"] = re.search(r'owl:versionInfo "([^"]+)"', text).group(1)
        for iri_version in re.findall(r"w3id\.org/plan-progress/[a-z]+/([0-9.]+[0-9])", text):
            stated[f"{name} versioned IRI"] = iri_version
    wrong = {where: value for where, value in stated.items() if value != __version__}
    assert not wrong, f"version differs from {__version__}: {wrong}; fix with: {FIX}"


def test_set_version_script_rewrites_every_file(tmp_path) -> None:
    import shutil

    for name in (
        "src/plan_progress/core/version.py",
        "vocab",
        "schema",
        "datapackage.json",
        "scripts",
        "CITATION.cff",
        "examples",
    ):
        source = REPO / name
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, target)
    result = subprocess.run(
        [sys.executable, str(tmp_path / "scripts/set_version.py"), "9.8.7"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for name in (
        "src/plan_progress/core/version.py",
        "vocab/plan-progress.ttl",
        "vocab/shapes.ttl",
        "schema/progress-report.schema.json",
        "datapackage.json",
        "CITATION.cff",
    ):
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert "9.8.7" in text, name
        assert __version__ not in text, name
    bad = subprocess.run(
        [sys.executable, str(tmp_path / "scripts/set_version.py"), "v1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
