"""`build`: validate the source, then write every generated file, or nothing."""

from __future__ import annotations

from pathlib import Path

from plan_progress.checks.generated import same_bytes
from plan_progress.core.atomic_files import write_all
from plan_progress.core.package import PlanPackage
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.pipeline.validation import check_and_generate


def build(package: PlanPackage) -> list[Path]:
    """Write the generated files; raise InvalidPackage (writing nothing) when invalid."""
    return build_reporting(package)[0]


def build_reporting(package: PlanPackage) -> tuple[list[Path], list[Problem]]:
    """`build`, also returning the warnings found (they do not stop the build)."""
    outputs, problems = check_and_generate(package)
    if outputs is None:
        raise InvalidPackage(problems)
    contents = {package.path(name): data for name, data in outputs.files.items()}
    changed = [
        path for path, data in contents.items() if not path.is_file() or not same_bytes(path, data)
    ]
    write_all({path: contents[path] for path in changed})
    return changed, problems
