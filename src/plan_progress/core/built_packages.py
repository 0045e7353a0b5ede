"""Packages whose generated files are needed (the stores and bulk loaders read them)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from plan_progress.core.package import NTRIPLES, PlanPackage
from plan_progress.core.problems import InvalidPackage, Problem


def open_built(directories: Sequence[str | Path], needed: tuple[str, ...]) -> list[PlanPackage]:
    """Every package with the generated files `needed`; InvalidPackage lists every failure."""
    packages: list[PlanPackage] = []
    problems: list[Problem] = []
    for directory in directories:
        try:
            package = PlanPackage.open(directory)
        except InvalidPackage as invalid:
            problems.extend(invalid.problems)
            continue
        for name in needed:
            if not package.path(name).is_file():
                problems.append(
                    Problem("generated.missing", package.relpath(name), params={"dir": directory})
                )
        packages.append(package)
    if problems:
        raise InvalidPackage(problems)
    return packages


def ntriples_problems(packages: Sequence[PlanPackage]) -> list[Problem]:
    """Which packages' N-Triples do not parse (streamed, one package at a time)."""
    import pyoxigraph as ox  # only the stores need it

    problems = []
    for package in packages:
        try:
            for _ in ox.parse(path=package.path(NTRIPLES), format=ox.RdfFormat.N_TRIPLES):
                pass
        except SyntaxError as err:
            problems.append(
                Problem(
                    "query.rdf-syntax",
                    package.relpath(NTRIPLES),
                    params={"detail": str(err), "dir": str(package.root)},
                )
            )
    return problems
