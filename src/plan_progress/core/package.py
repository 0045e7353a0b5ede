"""A plan-progress data package on disk: its descriptor, source tables and generated files."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from plan_progress.core.descriptor_shape import shape_problems
from plan_progress.core.json_files import read_json
from plan_progress.core.paths import PathRefused, refusal, within
from plan_progress.core.problems import InvalidPackage, Problem, os_refusal
from plan_progress.core.version import __version__

DESCRIPTOR = "datapackage.json"

# Resource names are part of the standard: tools and other packages rely on them.
CORE_TABLES = (
    "reports",
    "plans",
    "actors",
    "plan-authors",
    "confirmation-bodies",
    "basic-goals",
    "initiatives",
    "progress-entries",
)
# Optional parts: the tables are always present, and empty when a report has none.
OPTIONAL_TABLES = (
    "goal-lists",
    "departments",
    "responsibilities",
    "grade-scales",
    "grade-levels",
    "grades",
    "indicators",
    "indicator-values",
    "initiative-goals",
    "grade-counts",
    "report-notes",
    "plan-revisions",
)
SOURCE_TABLES = CORE_TABLES + OPTIONAL_TABLES
FLAT_TABLE = "progress-flat"
JSONLD = "report-jsonld"
TURTLE = "report-turtle"
NTRIPLES = "report-ntriples"
VOID_DESCRIPTION = "dataset-void"
GENERATED = (FLAT_TABLE, JSONLD, TURTLE, NTRIPLES, VOID_DESCRIPTION)


@dataclass(frozen=True)
class PlanPackage:
    root: Path

    @classmethod
    def open(cls, directory: str | Path) -> PlanPackage:
        """The package at `directory`, after checking the descriptor's shape and that every
        path it names stays inside the package (nothing else is read before that)."""
        root = Path(directory)
        try:
            within(root, DESCRIPTOR)
        except PathRefused as refused:
            raise InvalidPackage([refusal(refused, DESCRIPTOR, DESCRIPTOR)]) from None
        try:
            found = (root / DESCRIPTOR).is_file()
        except OSError as err:  # a name longer than the file system takes is the caller's
            problem = os_refusal(err, str(root / DESCRIPTOR))
            if problem is None:
                raise
            raise InvalidPackage([problem]) from None
        if not found:
            raise InvalidPackage([Problem("package.not-found", str(root / DESCRIPTOR))])
        package = cls(root)
        problems = shape_problems(package.descriptor, DESCRIPTOR)
        if problems:
            raise InvalidPackage(problems)
        problems = package.path_problems()
        if problems:
            raise InvalidPackage(problems)
        package.check_resources()
        return package

    @property
    def descriptor_path(self) -> Path:
        return self.root / DESCRIPTOR

    @cached_property
    def descriptor(self) -> dict[str, Any]:
        value = read_json(self.descriptor_path, DESCRIPTOR, "package.descriptor")
        if not isinstance(value, dict):
            raise InvalidPackage(
                [Problem("package.descriptor", DESCRIPTOR, params={"detail": "not an object"})]
            )
        return value

    def path_problems(self) -> list[Problem]:
        """Every resource and profile path that is not a plain path inside the package, and
        any two of our resources that name the same file (a build would overwrite a source)."""
        problems = []
        named: dict[str, str] = {DESCRIPTOR: DESCRIPTOR}
        places = [
            (f"/resources/{i}/path", r["path"], r["name"])
            for i, r in enumerate(self.descriptor["resources"])
        ] + [
            (f"/planProgress/profiles/{i}", p, None)
            for i, p in enumerate(self.descriptor.get("planProgress", {}).get("profiles", []))
        ]
        for pointer, relpath, name in places:
            try:
                within(self.root, relpath)
            except PathRefused as refused:
                problems.append(refusal(refused, relpath, DESCRIPTOR, pointer))
                continue
            if name is not None and name not in (*SOURCE_TABLES, *GENERATED):
                continue  # not read or written by the tools
            key = os.path.normpath(relpath)
            if key in named:
                params = {"path": relpath, "other": named[key]}
                problems.append(Problem("path.shared", DESCRIPTOR, None, pointer, params))
            named[key] = pointer
        return problems

    def check_resources(self) -> None:
        self.check_standard_version()
        names = {r.get("name") for r in self.descriptor["resources"]}
        missing = [
            Problem("package.resource-missing", DESCRIPTOR, params={"resource": name})
            for name in (*SOURCE_TABLES, *GENERATED)
            if name not in names
        ]
        if missing:
            raise InvalidPackage(missing)

    def check_standard_version(self) -> None:
        """A package made for another minor version of the standard is migrated first
        (`plan-progress migrate`), rather than failing on every changed Table Schema."""
        settings = self.descriptor.get("planProgress", {})
        stated = settings.get("standardVersion") if isinstance(settings, dict) else None
        if isinstance(stated, str) and stated.split(".")[:2] != __version__.split(".")[:2]:
            raise InvalidPackage(
                [
                    Problem(
                        "package.standard-version",
                        DESCRIPTOR,
                        None,
                        "planProgress.standardVersion",
                        {"value": stated, "version": __version__, "dir": str(self.root)},
                    )
                ]
            )

    def resource(self, name: str) -> dict[str, Any]:
        return next(r for r in self.descriptor["resources"] if r.get("name") == name)

    def relpath(self, name: str) -> str:
        """The resource's path as written in the descriptor (POSIX, relative to the root)."""
        return str(self.resource(name)["path"])

    def path(self, name: str) -> Path:
        """The resource's file. Checked again here (cheap) so that no caller can read or
        write outside the package even if the descriptor changed since `open`."""
        relpath = self.relpath(name)
        try:
            return within(self.root, relpath)
        except PathRefused as refused:
            raise InvalidPackage([refusal(refused, relpath, DESCRIPTOR)]) from None

    def source_bytes(self) -> int:
        """Bytes of the source tables on disk (a missing one counts 0)."""
        paths = [self.path(name) for name in SOURCE_TABLES]
        return sum(path.stat().st_size for path in paths if path.is_file())

    def field_names(self, name: str) -> list[str]:
        return [f["name"] for f in self.resource(name)["schema"]["fields"]]

    @property
    def base_iri(self) -> str:
        return str(self.descriptor.get("planProgress", {}).get("baseIri", ""))

    @property
    def multi_plan(self) -> bool:
        """True for a package of many plans (e.g. a merged corpus); see `plan_split`."""
        return self.descriptor.get("planProgress", {}).get("multiPlan") is True

    def plan_base_iri(self, municipality_code: str) -> str:
        """Base IRI of one plan's data: the package's own, or per municipality when multi-plan."""
        return f"{self.base_iri}{municipality_code}/" if self.multi_plan else self.base_iri
