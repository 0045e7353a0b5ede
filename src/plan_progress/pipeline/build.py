"""`build`: validate the source, then write every generated file, or nothing."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import cast

from plan_progress.checks.generated import same_bytes
from plan_progress.core.atomic_files import WriteFailed, move_all, write_all
from plan_progress.core.package import PlanPackage
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.pipeline.validation import check_and_generate


def build(package: PlanPackage) -> list[Path]:
    """Write the generated files; raise InvalidPackage (writing nothing) when invalid."""
    return build_reporting(package)[0]


def build_reporting(package: PlanPackage) -> tuple[list[Path], list[Problem]]:
    """`build`, also returning the warnings found (they do not stop the build)."""
    # A package of many plans is written in batches to files staged in the package (on the
    # file system of the files they replace), renamed over them all together at the end.
    stage = _stage(package) if package.multi_plan else None
    try:
        outputs, problems = check_and_generate(package, stage)
        if outputs is None:
            raise InvalidPackage(problems)
        sources = outputs.sources
        changed = {
            package.path(name): data
            for name, data in sources.items()
            if not package.path(name).is_file() or not same_bytes(package.path(name), data)
        }
        if stage is not None:
            move_all(cast(dict[Path, Path], changed))  # staged files
        else:
            write_all(cast(dict[Path, bytes], changed))
    finally:
        if stage is not None:
            shutil.rmtree(stage, ignore_errors=True)
    return list(changed), problems


def _stage(package: PlanPackage) -> Path:
    try:
        return Path(tempfile.mkdtemp(prefix=".plan-progress-build-", dir=package.root))
    except OSError as err:
        raise WriteFailed(package.root, err) from err
