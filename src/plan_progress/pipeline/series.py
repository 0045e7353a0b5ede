"""Packages read as members of series (model.series): by `validate` of several packages, and
by anything that shows or publishes a plan's reports together.

    members, problems = read_members(["r5", "r6"])   # tables checked, nothing generated
    for series in group_series(members): ...          # each ordered by fiscal year

A package whose tables are not valid gives no member (its problems say why); a package of
many plans (`planProgress.multiPlan`, an aggregate) is no member of any series.
"""

from __future__ import annotations

from collections.abc import Sequence

from plan_progress.core.package import SOURCE_TABLES, PlanPackage
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.model.series import Member
from plan_progress.model.tables import Tables
from plan_progress.pipeline.validation import checked_tables, validate


def member_of(package: PlanPackage, directory: str, tables: Tables) -> Member | None:
    """The series member of a package's valid tables (None for a multi-plan package)."""
    if package.multi_plan:
        return None
    paths = {name: package.relpath(name) for name in SOURCE_TABLES}
    return Member.of(tables, directory, package.base_iri, paths)


def validate_member(directory: str) -> tuple[list[Problem], Member | None]:
    """`validate` of one package, with its member when its tables passed the model's rules
    (module level: sent to worker processes by name)."""
    try:
        package = PlanPackage.open(directory)
    except InvalidPackage as invalid:
        return invalid.problems, None
    kept: list[Member | None] = []
    problems = validate(package, on_tables=lambda t: kept.append(member_of(package, directory, t)))
    return problems, (kept[0] if kept else None)


def read_member(directory: str) -> tuple[Member | None, list[Problem]]:
    """One package's member from its checked tables (generating nothing), and its problems."""
    try:
        package = PlanPackage.open(directory)
    except InvalidPackage as invalid:
        return None, invalid.problems
    tables, problems = checked_tables(package)
    if tables is None:
        return None, problems
    return member_of(package, directory, tables), problems


def read_members(directories: Sequence[str]) -> tuple[list[Member], list[Problem]]:
    """The members of the packages whose tables are valid, in the order given, and every
    package's problems (file names without the directory: see cli.common.in_package)."""
    members, problems = [], []
    for directory in directories:
        member, found = read_member(directory)
        problems += found
        if member is not None:
            members.append(member)
    return members, problems
