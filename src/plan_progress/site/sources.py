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
from plan_progress.release.bundle import CATALOG_TTL, assemble

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

    @property
    def base_iri(self) -> str:
        return str(self.descriptor.get("planProgress", {}).get("baseIri", ""))


def load(directory: str) -> SitePackage:
    """The validated package and its release; raises InvalidPackage (with rule ids)."""
    package = PlanPackage.open(directory)
    if package.multi_plan:
        raise InvalidPackage([Problem("site.multi-plan", package.relpath(JSONLD))])
    name = str(package.descriptor.get("name", ""))
    if not _NAME.match(name) or name.strip(".") == "":
        raise InvalidPackage(
            [Problem("site.package-name", "datapackage.json", column="name", params={"name": name})]
        )
    release = assemble(package)
    graph = Graph()
    graph.parse(data=release[package.relpath(NTRIPLES)].decode("utf-8"), format="nt")
    graph.parse(data=release[package.relpath(VOID_DESCRIPTION)].decode("utf-8"), format="turtle")
    catalog = Graph()
    catalog.parse(data=release[CATALOG_TTL].decode("utf-8"), format="turtle")
    return SitePackage(
        directory=directory,
        name=name,
        descriptor=package.descriptor,
        document=json.loads(release[package.relpath(JSONLD)]),
        release=release,
        graph=graph,
        catalog=catalog,
        profiles=tuple(load_profiles(package)),
        citation=_citation(package.root),
    )


def _citation(root: Path) -> bytes | None:
    """CITATION.cff beside datapackage.json: a regular file only (a link could point anywhere
    outside the package, and the site must never copy such a file)."""
    path = root / CITATION_FILE
    if path.is_symlink() or not path.is_file():
        return None
    return path.read_bytes()
