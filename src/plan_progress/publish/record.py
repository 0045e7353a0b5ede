"""What the portal should hold, read from the release: the DCAT record mapped to CKAN fields.

The release is checked first (every file against SHA256SUMS and the catalog's checksums):
publishing a damaged bundle would spread the damage to every portal user.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS

from plan_progress.core.paths import PathRefused, refusal, within
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.release.bundle import CATALOG_TTL, SUMS
from plan_progress.release.catalog import DCAT_VERSION, SPDX
from plan_progress.release.checksums import parse_sha256sums

# CKAN's licence ids (its default licence list) for the licences the standard allows.
CKAN_LICENSES = {"https://creativecommons.org/licenses/by/4.0/": "cc-by"}
# Resource field that ties a portal resource to a release file across runs.
PATH_FIELD = "plan_progress_path"


@dataclass(frozen=True)
class ResourceSpec:
    path: str
    file: Path
    fields: dict[str, Any]  # CKAN resource fields we manage (without id/package_id/upload)

    @property
    def sha256(self) -> str:
        return str(self.fields["hash"]).removeprefix("sha256:")


@dataclass(frozen=True)
class ReleaseRecord:
    name: str
    dataset: dict[str, Any]  # CKAN dataset fields we manage (without owner_org)
    extras: dict[str, str]
    resources: list[ResourceSpec] = field(default_factory=list)


def _problem(rule: str, where: Path | str, **params: Any) -> InvalidPackage:
    return InvalidPackage([Problem(rule, str(where), params=params)])


def verified_files(dist: Path) -> dict[str, str]:
    """path -> sha256 for every file in SHA256SUMS, after checking each file against it."""
    sums_path = dist / SUMS
    if not sums_path.is_file() or not (dist / CATALOG_TTL).is_file():
        raise _problem("publish.no-release", dist, dir=str(dist.parent))
    try:
        sums = parse_sha256sums(sums_path.read_text(encoding="utf-8"))
    except ValueError as err:
        raise _problem("publish.release-corrupt", sums_path, detail=str(err)) from err
    for path, digest in sums.items():
        # SHA256SUMS is read from disk: a line naming ../../.ssh/id_rsa must not make us
        # upload that file to a portal.
        try:
            file = within(dist, path)
        except PathRefused as refused:
            raise InvalidPackage([refusal(refused, path, str(sums_path))]) from None
        if not file.is_file() or hashlib.sha256(file.read_bytes()).hexdigest() != digest:
            raise _problem("publish.release-corrupt", file, detail="SHA256SUMS")
    return sums


def _text(g: Graph, node: URIRef, prop: URIRef, lang: str) -> str:
    values = [o for o in g.objects(node, prop) if isinstance(o, Literal)]
    exact = [str(o) for o in values if o.language == lang]
    plain = [str(o) for o in values if o.language is None]
    return sorted(exact or plain or [""])[0]


def _bilingual(g: Graph, node: URIRef, prop: URIRef) -> tuple[str, str]:
    return _text(g, node, prop, "ja"), _text(g, node, prop, "en")


def _order(path: str) -> tuple[int, str]:
    """Portal users see the generated tables first, then the source tables, then the rest."""
    rank = 0 if path.startswith("data/generated/") else 1 if path.startswith("data/") else 2
    return rank, path


def load_release(dist: Path) -> ReleaseRecord:
    sums = verified_files(dist)
    try:
        return _record(dist, sums)
    except InvalidPackage:
        raise
    except Exception as err:  # rdflib's parser and a catalog of another shape
        raise _problem(
            "publish.release-corrupt",
            dist / CATALOG_TTL,
            detail=f"catalog.ttl ({type(err).__name__})",
        ) from None


def _record(dist: Path, sums: dict[str, str]) -> ReleaseRecord:
    g = Graph()
    g.parse(dist / CATALOG_TTL, format="turtle")
    datasets = list(g.subjects(RDF.type, DCAT.Dataset))
    if len(datasets) != 1:
        raise _problem("publish.release-corrupt", dist / CATALOG_TTL, detail="dcat:Dataset")
    ds = datasets[0]
    assert isinstance(ds, URIRef)
    title_ja, title_en = _bilingual(g, ds, DCTERMS.title)
    desc_ja, desc_en = _bilingual(g, ds, DCTERMS.description)
    licence = str(g.value(ds, DCTERMS.license))
    place = g.value(ds, DCTERMS.spatial)
    period = g.value(ds, DCTERMS.temporal)
    source = g.value(ds, DCTERMS.source)
    rights = g.value(ds, DCTERMS.rights)
    extras = {
        "uri": str(ds),
        "title_en": title_en,
        "municipality_code": str(g.value(place, DCTERMS.identifier) or ""),
        "spatial_label": _text(g, place, RDFS.label, "ja") if place else "",
        "conforms_to": str(g.value(ds, DCTERMS.conformsTo) or ""),
        "source": _text(g, source, DCTERMS.title, "ja") if source else "",
        "attribution": _text(g, rights, RDFS.label, "ja") if rights else "",
        "temporal_start": str(g.value(period, DCAT.startDate) or "") if period else "",
        "temporal_end": str(g.value(period, DCAT.endDate) or "") if period else "",
    }
    dataset = {
        "name": str(g.value(ds, DCTERMS.identifier)),
        "title": title_ja,
        "notes": f"{desc_ja}\n\n{desc_en}" if desc_en and desc_en != desc_ja else desc_ja,
        "license_id": CKAN_LICENSES.get(licence, licence),
        "version": str(g.value(ds, DCAT_VERSION) or ""),
        "tags": sorted(str(k) for k in g.objects(ds, DCAT.keyword)),
    }
    resources = []
    for dist_node in g.objects(ds, DCAT.distribution):
        assert isinstance(dist_node, URIRef)
        path = str(g.value(dist_node, DCTERMS.identifier))
        checksum = g.value(dist_node, SPDX.checksum)
        digest = str(g.value(checksum, SPDX.checksumValue))
        if sums.get(path) != digest:
            raise _problem("publish.release-corrupt", dist / path, detail="catalog checksum")
        r_title_ja, _ = _bilingual(g, dist_node, DCTERMS.title)
        r_desc_ja, r_desc_en = _bilingual(g, dist_node, DCTERMS.description)
        media = str(g.value(dist_node, DCAT.mediaType)).rsplit("/media-types/", 1)[-1]
        resources.append(
            ResourceSpec(
                path,
                dist / path,
                {
                    "name": r_title_ja,
                    "description": f"{r_desc_ja}\n\n{r_desc_en}",
                    "format": str(g.value(dist_node, DCTERMS.format)),
                    "mimetype": media,
                    "hash": f"sha256:{digest}",
                    "size": int(g.value(dist_node, DCAT.byteSize)),
                    PATH_FIELD: path,
                },
            )
        )
    resources.sort(key=lambda r: _order(r.path))
    return ReleaseRecord(
        dataset["name"], dataset, {k: v for k, v in extras.items() if v}, resources
    )
