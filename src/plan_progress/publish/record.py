"""What the portal should hold, read from the release: the DCAT catalogue mapped to CKAN
fields, one resource per distribution in the order people need them, the data dictionary of
each table a portal can preview.

The release is checked first (every file against SHA256SUMS and the catalogue's checksums):
publishing a damaged bundle would spread the damage to every portal user.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, RDFS

from plan_progress.core import standard
from plan_progress.core.paths import PathRefused, refusal, within
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.publish.series_links import CatalogSeries, catalog_series
from plan_progress.release.bundle import CATALOG_TTL, OPENDATA_LIST, SUMS
from plan_progress.release.catalog import DCAT_VERSION, EU, FREQUENCIES, LANGUAGES, SPDX, VCARD
from plan_progress.release.checksums import parse_sha256sums
from plan_progress.release.files import MAIN_DESCRIPTOR, PORTAL_ORDER, PREVIEW_KEYS

# Resource field that ties a portal resource to a release file across runs (its ファイル_ID).
MARKER = "plan_progress_file"
# The marker of releases before 0.2 (a path): such resources are ours too, and replaced.
LEGACY_MARKER = "plan_progress_path"
LANGUAGE_NAMES = {"JPN": "日本語", "ENG": "英語", "ZHO": "中国語", "KOR": "韓国語"}


@dataclass(frozen=True)
class Preview:
    """A table the portal's datastore holds, so its page shows it (and its dictionary)."""

    fields: list[dict[str, Any]]  # datastore fields: id, type, info (label, notes)
    records: list[dict[str, Any]]


@dataclass(frozen=True)
class ResourceSpec:
    key: str  # ファイル_ID
    upload_name: str  # the file name a visitor downloads
    data: bytes
    fields: dict[str, Any]  # CKAN resource fields we manage (without id/package_id/upload)
    preview: Preview | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class ReleaseRecord:
    name: str
    dataset: dict[str, Any]  # CKAN dataset fields we manage (without owner_org, license_id)
    extras: dict[str, str]
    license_iri: str
    resources: list[ResourceSpec] = field(default_factory=list)
    catalog: Graph = field(default_factory=Graph, compare=False)
    opendata_list: bytes = b""
    series: CatalogSeries | None = None  # the plan's series the dataset is in


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


def _text(g: Graph, node: Any, prop: URIRef, lang: str) -> str:
    if node is None:
        return ""
    values = [o for o in g.objects(node, prop) if isinstance(o, Literal)]
    exact = [str(o) for o in values if o.language == lang]
    plain = [str(o) for o in values if o.language is None]
    return sorted(exact or plain or [""])[0]


def _value(g: Graph, node: Any, prop: URIRef) -> str:
    if node is None:
        return ""
    value = g.value(node, prop)
    return "" if value is None else str(value)


def _codelist_titles(name: str) -> dict[str, str]:
    return {r["code"]: r["title_ja"] for r in standard.codelist(name)}


def _period(g: Graph, period: Any) -> str:
    """As people read a period; an end not stated is said to be unknown, not guessed."""
    start, end = _value(g, period, DCAT.startDate), _value(g, period, DCAT.endDate)
    if not (start or end):
        return ""
    text = f"{start}〜{end}"
    if not start:
        text += "（開始日は不明）"
    if not end:
        text += "（終了日は不明）"
    return text


def dataset_metadata(g: Graph, ds: URIRef) -> tuple[dict[str, Any], dict[str, str]]:
    """CKAN dataset fields and extras (Japanese keys, as the portal shows them) from the
    catalogue. What the catalogue does not state is left out."""
    title_ja, title_en = _text(g, ds, DCTERMS.title, "ja"), _text(g, ds, DCTERMS.title, "en")
    desc_ja, desc_en = (_text(g, ds, DCTERMS.description, lang) for lang in ("ja", "en"))
    licence = g.value(ds, DCTERMS.license)
    licence_ja = _text(g, licence, RDFS.label, "ja") or str(licence)
    licence_en = _text(g, licence, RDFS.label, "en") or str(licence)
    rights = g.value(ds, DCTERMS.rights)
    credit_ja, credit_en = _text(g, rights, RDFS.label, "ja"), _text(g, rights, RDFS.label, "en")
    notes = [
        desc_ja,
        f"ライセンス：{licence_ja}（{licence}）  \n利用するときは次のように出典を書いてください。"
        f"  \n{credit_ja}",
        "まず一つ目のファイル（Excel ファイル）を開いてください。各ファイルの SHA-256 は"
        " sha256sums.txt に、ファイルの一覧と URL は catalog.ttl（DCAT）と opendata-list.csv"
        "（オープンデータ一覧）にあります。",
    ]
    if desc_en and desc_en != desc_ja:
        notes += [
            desc_en,
            f"Licence: {licence_en} ({licence})  \nCredit the source as: {credit_en}",
        ]
    creators = sorted(
        (_text(g, c, FOAF.name, "ja") for c in g.objects(ds, DCTERMS.creator)), key=str
    )
    publisher = g.value(ds, DCTERMS.publisher)
    maintainer = next(
        (
            g.value(a, PROV.agent)
            for a in g.objects(ds, PROV.qualifiedAttribution)
            if g.value(a, DCAT.hadRole) is not None
        ),
        None,
    )
    source = g.value(ds, DCTERMS.source)
    dataset = {
        "name": _value(g, ds, DCTERMS.identifier),
        "title": title_ja,
        "notes": "\n\n".join(n for n in notes if n),
        "version": _value(g, ds, DCAT_VERSION),
        "author": "、".join(creators),
        "maintainer": _text(g, maintainer, VCARD.fn, "ja"),
        "maintainer_email": _value(g, maintainer, VCARD.hasEmail).removeprefix("mailto:"),
        "url": _value(g, source, FOAF.page),
        # CKAN accepts tags of 2 to 100 characters; a shorter keyword stays in the catalogue.
        "tags": sorted(str(k) for k in g.objects(ds, DCAT.keyword) if 2 <= len(str(k)) <= 100),
    }
    place = g.value(ds, DCTERMS.spatial)
    contact = g.value(ds, DCAT.contactPoint)
    frequency = _value(g, ds, DCTERMS.accrualPeriodicity).removeprefix(f"{EU}frequency/")
    frequency_code = {v: k for k, v in FREQUENCIES.items()}.get(frequency, "")
    themes = _codelist_titles("data-theme")
    languages = {f"{EU}language/{v}": LANGUAGE_NAMES[v] for v in LANGUAGES.values()}
    extras = {
        "全国地方公共団体コード": _value(g, place, DCTERMS.identifier),
        "地方公共団体名": _text(g, place, RDFS.label, "ja"),
        "地域（統計LOD の標準地域コード）": str(place)
        if str(place).startswith("http://data.e-stat.go.jp/")
        else "",
        "対象期間": _period(g, g.value(ds, DCTERMS.temporal)),
        "更新頻度": _codelist_titles("update-frequency").get(frequency_code, ""),
        "公開日": _value(g, ds, DCTERMS.issued),
        "最終更新日": _value(g, ds, DCTERMS.modified),
        "言語": "、".join(
            sorted(languages.get(str(x), str(x)) for x in g.objects(ds, DCTERMS.language))
        ),
        "分類": "、".join(
            sorted(
                themes.get(str(t).rsplit("/", 1)[-1].lower(), str(t))
                for t in g.objects(ds, DCAT.theme)
            )
        ),
        "公開者": _text(g, publisher, FOAF.name, "ja"),
        "連絡先": _text(g, contact, VCARD.fn, "ja"),
        "連絡先メールアドレス": _value(g, contact, VCARD.hasEmail).removeprefix("mailto:"),
        "連絡先電話番号": _value(g, contact, VCARD.hasTelephone).removeprefix("tel:"),
        "連絡先URL": _value(g, contact, VCARD.hasURL),
        "原資料": _text(g, source, DCTERMS.title, "ja"),
        "出典の書き方": credit_ja,
        "準拠する標準": _value(g, ds, DCTERMS.conformsTo),
        "データセットのIRI": str(ds),
        "英語の題名 / English title": title_en if title_en != title_ja else "",
    }
    return dataset, {k: v for k, v in extras.items() if v}


def one_sentence_a_line(text: str) -> str:
    """One sentence a line: CKAN shortens a description at whitespace for its resource list,
    and Japanese sentences have none (the excerpt would be only "...")."""
    return text.replace("。", "。\n").strip()


def _key_rank(identifier: str, dataset_id: str) -> int:
    key = identifier.removeprefix(f"{dataset_id}_")
    return PORTAL_ORDER.index(key) if key in PORTAL_ORDER else len(PORTAL_ORDER)


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
    dataset, extras = dataset_metadata(g, ds)
    previews = _previews(dist)
    resources = []
    for node in g.objects(ds, DCAT.distribution):
        identifier = _value(g, node, DCTERMS.identifier)
        path = _value(g, node, SPDX.fileName)
        digest = _value(g, g.value(node, SPDX.checksum), SPDX.checksumValue)
        if not path or sums.get(path) != digest:
            raise _problem("publish.release-corrupt", dist / path, detail="catalog checksum")
        data = (dist / path).read_bytes()
        desc_ja, desc_en = (_text(g, node, DCTERMS.description, lang) for lang in ("ja", "en"))
        media = _value(g, node, DCAT.mediaType).rsplit("/media-types/", 1)[-1]
        key = identifier.removeprefix(f"{dataset['name']}_")
        preview = previews.get(Path(path).name) if key in PREVIEW_KEYS else None
        resources.append(
            ResourceSpec(
                identifier,
                Path(path).name,
                data,
                {
                    "name": _text(g, node, DCTERMS.title, "ja"),
                    "description": f"{one_sentence_a_line(desc_ja)}\n\n{desc_en}",
                    "format": _value(g, node, DCTERMS.format),
                    "mimetype": media,
                    "hash": f"sha256:{digest}",
                    "size": len(data),
                    MARKER: identifier,
                },
                preview,
            )
        )
    resources.sort(key=lambda r: _key_rank(r.key, dataset["name"]))
    return ReleaseRecord(
        dataset["name"],
        dataset,
        extras,
        str(g.value(ds, DCTERMS.license)),
        resources,
        g,
        (dist / OPENDATA_LIST).read_bytes(),
        catalog_series(g, ds),
    )


# -- previews -----------------------------------------------------------------------------
_DATASTORE_TYPES = {"integer": "int", "number": "numeric", "date": "date"}


def _previews(dist: Path) -> dict[str, Preview]:
    """CSV file name -> its datastore table, from the main tables' own Table Schemas."""
    path = dist / MAIN_DESCRIPTOR
    if not path.is_file():
        return {}
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    out = {}
    for resource in descriptor["resources"]:
        csv_path = path.parent / resource["path"]
        fields = resource["schema"]["fields"]
        out[csv_path.name] = Preview(
            [datastore_field(f) for f in fields], _records(csv_path.read_bytes(), fields)
        )
    return out


def datastore_field(schema_field: dict[str, Any]) -> dict[str, Any]:
    """A datastore column with its data dictionary entry: the Japanese label and the
    Japanese and English descriptions from the Table Schema."""
    _, _, title_en = str(schema_field.get("title", "")).partition(" / ")
    description = str(schema_field.get("description", ""))
    ja, _, en = description.partition(" / ")
    notes = "\n\n".join(
        p for p in (ja.strip(), f"{title_en}: {en.strip()}" if en else title_en) if p
    )
    return {
        "id": schema_field["name"],
        "type": _DATASTORE_TYPES.get(schema_field["type"], "text"),
        "info": {"label": schema_field["name"], "notes": notes},
    }


def _records(data: bytes, fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    types = {f["name"]: f["type"] for f in fields}
    rows = csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))
    return [
        {
            name: None if value == "" else int(value) if types[name] == "integer" else value
            for name, value in row.items()
        }
        for row in rows
    ]


def with_licence(record: ReleaseRecord, licence_id: str) -> ReleaseRecord:
    return replace(record, dataset={**record.dataset, "license_id": licence_id})
