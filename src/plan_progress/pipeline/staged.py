"""Validate a package as it would be with some of its files replaced, without touching it.

`import` uses this to say, before it writes, what is still wrong with the package it is
about to produce. The descriptor, the profiles and every source table are copied into a
private temporary directory (the replacements instead of the package's own files) and the
whole source validation runs there. Generated files are not copied: a fresh import leaves
them stale by design, and `build` remakes them.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from plan_progress.core.package import DESCRIPTOR, SOURCE_TABLES, PlanPackage
from plan_progress.core.paths import not_a_regular_file, within
from plan_progress.core.problems import Problem
from plan_progress.pipeline.validation import check_and_generate


def _relpaths(package: PlanPackage) -> list[str]:
    profiles = package.descriptor.get("planProgress", {}).get("profiles", [])
    tables = [package.relpath(name) for name in SOURCE_TABLES]
    return [DESCRIPTOR, *(str(p) for p in profiles), *tables]


def validate_staged(package: PlanPackage, replaced: dict[str, bytes]) -> list[Problem]:
    """The problems of `package` with `replaced` (relative path -> bytes) in place of its
    files. The package was opened (its paths are confined); a file that is not a regular
    file is left out, and validation then says it is missing."""
    with tempfile.TemporaryDirectory(prefix="plan-progress-staged-") as tmp:
        stage = Path(tmp)
        for relpath in _relpaths(package):
            target = stage / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            if relpath in replaced:
                target.write_bytes(replaced[relpath])
                continue
            source = within(package.root, relpath)
            if source.exists() and not not_a_regular_file(source):
                shutil.copyfile(source, target)
        _, problems = check_and_generate(PlanPackage.open(stage))
    return problems
