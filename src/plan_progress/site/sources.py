"""What the site is made of, per package: its release (every file a citizen can download, as
`plan-progress release` assembles it after validating the package), and from the release the
report document, the RDF graph and the DCAT catalog. The site shows exactly what is released."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph

from plan_progress.core.package import JSONLD, NTRIPLES, VOID_DESCRIPTION, PlanPackage
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.model.profiles import Profile, load_profiles
from plan_progress.model.report_series import SeriesPlace, place_of
from plan_progress.release.bundle import CATALOG_TTL, assemble_all, located, prepare_all

CITATION_FILE = "CITATION.cff"
# A package's name becomes a folder of the site (Data Package names are lower-case words).
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


@dataclass(frozen=True)
class SitePackage:
    directory: str  # as given on the command line, for messages
    name: str
    descriptor: dict[str, Any]
    document: dict[str, Any]
    release: dict[str, bytes]  # release path -> bytes
    graph: Graph  # the report's triples and its VoID description
    catalog: Graph
    profiles: tuple[Profile, ...]
    citation: bytes | None  # the package's CITATION.cff, when it has one
    place: SeriesPlace | None = None  # the report's place in its plan's series

    @property
    def plan(self) -> dict[str, Any]:
        """The plan's node: the document itself for a plan published on its own, else the
        report's plan among the included nodes."""
        doc = self.document
        if doc.get("type") == "Plan":
            return doc
        return next((n for n in doc.get("included", []) if n.get("id") == doc.get("plan")), {})

    @property
    def base_iri(self) -> str:
        return str(self.descriptor.get("planProgress", {}).get("baseIri", ""))


def load(directory: str) -> SitePackage:
    """The validated package and its release; raises InvalidPackage (with rule ids)."""
    (package,) = load_all([directory])
    return package


def load_all(directories: list[str]) -> list[SitePackage]:
    """Every package validated, with its release: the reports of one plan released as its
    series (as `plan-progress release` given them together). All problems at once."""
    packages, given, problems = [], [], []
    for directory in directories:
        try:
            packages.append(_open(directory))
            given.append(directory)
        except InvalidPackage as invalid:
            problems += (
                invalid.problems if len(directories) < 2 else _prefixed(invalid.problems, directory)
            )
    names: dict[str, str] = {}
    for directory, package in zip(given, packages, strict=True):
        name = str(package.descriptor.get("name", ""))
        if name in names:
            problems.append(
                Problem(
                    "site.duplicate-name",
                    f"{directory.rstrip('/')}/datapackage.json",
                    column="name",
                    params={"name": name, "other": names[name]},
                )
            )
        names[name] = directory
    if problems:
        raise InvalidPackage(problems)
    out = []
    for prepared, release in assemble_all(prepare_all(packages)):
        package = prepared.package
        graph = Graph()
        graph.parse(data=release[package.relpath(NTRIPLES)].decode("utf-8"), format="nt")
        graph.parse(
            data=release[package.relpath(VOID_DESCRIPTION)].decode("utf-8"), format="turtle"
        )
        catalog = Graph()
        catalog.parse(data=release[CATALOG_TTL].decode("utf-8"), format="turtle")
        out.append(
            SitePackage(
                directory=given[packages.index(package)],
                name=str(package.descriptor.get("name", "")),
                descriptor=package.descriptor,
                document=json.loads(release[package.relpath(JSONLD)]),
                release=release,
                graph=graph,
                catalog=catalog,
                profiles=tuple(load_profiles(package)),
                citation=_citation(package.root),
                place=place_of(prepared.tables),
            )
        )
    # in the order given (the series' releases come grouped by plan)
    return sorted(out, key=lambda p: directories.index(p.directory))


def _open(directory: str) -> PlanPackage:
    package = PlanPackage.open(directory)
    if package.multi_plan:
        raise InvalidPackage([Problem("site.multi-plan", package.relpath(JSONLD))])
    name = str(package.descriptor.get("name", ""))
    if not _NAME.match(name) or name.strip(".") == "":
        raise InvalidPackage(
            [Problem("site.package-name", "datapackage.json", column="name", params={"name": name})]
        )
    return package


def _prefixed(problems: list[Problem], directory: str) -> list[Problem]:
    return located(PlanPackage(Path(directory)), problems, 2)


def _citation(root: Path) -> bytes | None:
    """CITATION.cff beside datapackage.json: a regular file only (a link could point anywhere
    outside the package, and the site must never copy such a file)."""
    path = root / CITATION_FILE
    if path.is_symlink() or not path.is_file():
        return None
    return path.read_bytes()
