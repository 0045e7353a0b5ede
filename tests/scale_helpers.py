"""A tiny synthetic corpus for the scale tests (three municipalities, built once a session)."""

from __future__ import annotations

from pathlib import Path

from plan_progress.core.package import PlanPackage
from plan_progress.pipeline.build import build
from plan_progress.scale.corpus import generate_from_template

REPO = Path(__file__).resolve().parents[1]


def make_corpus(out: Path, count: int = 3, seed: int = 7) -> tuple[list[Path], Path]:
    packages, merged = generate_from_template(REPO, out, count, seed)
    for directory in [*packages, merged]:
        build(PlanPackage.open(directory))
    return packages, merged
