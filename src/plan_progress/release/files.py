"""Which files a release publishes, and what each one is (title, media type, format)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from plan_progress.core import standard
from plan_progress.core.package import DESCRIPTOR, FLAT_TABLE, GENERATED, SOURCE_TABLES, PlanPackage
from plan_progress.pipeline.generate import Outputs
from plan_progress.release.excel import excel_csv
from plan_progress.release.workbook import flat_workbook

EXCEL_FLAT_TABLE = "data/generated/progress-flat-excel.csv"
WORKBOOK_FLAT_TABLE = "data/generated/progress-flat.xlsx"


@dataclass(frozen=True)
class ReleaseFile:
    """One published file: its path inside `dist/` (POSIX), bytes and catalog description."""

    path: str
    data: bytes
    title_ja: str
    title_en: str
    description_ja: str
    description_en: str
    media_type: str
    format: str  # short name portals show (CKAN's `format`)
    conforms_to: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


def split_bilingual(text: str) -> tuple[str, str]:
    """Titles and descriptions in the package are written "日本語 / English"."""
    ja, sep, en = text.partition(" / ")
    return (ja.strip(), en.strip()) if sep else (text.strip(), text.strip())


# Media types: IANA-registered ones; `format` is what portal users see in a resource list.
_FORMATS = {
    ".csv": ("text/csv", "CSV"),
    ".jsonld": ("application/ld+json", "JSON-LD"),
    ".ttl": ("text/turtle", "Turtle"),
    ".nt": ("application/n-triples", "N-Triples"),
    ".json": ("application/json", "JSON"),
}


def _kind(path: str) -> tuple[str, str]:
    return _FORMATS[Path(path).suffix]


def release_files(package: PlanPackage, outputs: Outputs) -> list[ReleaseFile]:
    """Every file of the release, in a stable order: data, generated, contract, descriptor."""
    files: list[ReleaseFile] = []
    for name in (*SOURCE_TABLES, *GENERATED):
        resource = package.resource(name)
        path = package.relpath(name)
        data = outputs.files[name] if name in GENERATED else package.path(name).read_bytes()
        files.append(_described(path, data, resource.get("title", name), resource))
        if name == FLAT_TABLE:
            fields = resource["schema"]["fields"]
            files.append(
                _flat_copy(resource, EXCEL_FLAT_TABLE, excel_csv(data, fields), _EXCEL_CSV)
            )
            files.append(
                _flat_copy(resource, WORKBOOK_FLAT_TABLE, flat_workbook(data, fields), _WORKBOOK)
            )
    files.extend(_contract_files())
    files.extend(_profile_files(package))
    files.append(
        ReleaseFile(
            DESCRIPTOR,
            package.descriptor_path.read_bytes(),
            "データパッケージ記述子",
            "Data package descriptor",
            "全ファイルの一覧、表の定義（Table Schema）、ライセンス（Frictionless Data Package v2）。",
            "List of files, table definitions (Table Schema) and licence (Frictionless Data Package v2).",
            "application/json",
            "JSON",
            "https://datapackage.org/profiles/2.0/datapackage.json",
        )
    )
    return files


def _described(path: str, data: bytes, title: str, resource: dict) -> ReleaseFile:
    title_ja, title_en = split_bilingual(title)
    desc_ja, desc_en = split_bilingual(resource.get("description", "") or title)
    media_type, fmt = _kind(path)
    conforms = standard.SCHEMA_IRI if media_type == "application/ld+json" else None
    return ReleaseFile(path, data, title_ja, title_en, desc_ja, desc_en, media_type, fmt, conforms)


def _flat_copy(resource: dict, path: str, data: bytes, kind: tuple[str, ...]) -> ReleaseFile:
    """Another form of the flat table: its title with a suffix, and its own description."""
    suffix_ja, suffix_en, desc_ja, desc_en, media_type, fmt = kind
    title_ja, title_en = split_bilingual(resource.get("title", FLAT_TABLE))
    return ReleaseFile(
        path, data, title_ja + suffix_ja, title_en + suffix_en, desc_ja, desc_en, media_type, fmt
    )


_EXCEL_CSV = (
    "（Excel 用）",
    " (for Excel)",
    "フラット表の Excel 向けの写し：UTF-8（BOM 付き）、改行 CRLF、日本語の見出し。",
    "Copy of the flat table for Excel: UTF-8 with BOM, CRLF line ends, Japanese headers.",
    "text/csv",
    "CSV",
)
_WORKBOOK = (
    "（Excel ブック）",
    " (Excel workbook)",
    "フラット表の Excel ブック：日本語の見出し、コードは文字列（先頭の 0 を保持）。",
    "The flat table as an Excel workbook: Japanese headers, codes kept as text (leading zeros kept).",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "XLSX",
)


_CONTRACT = (
    (
        standard.schema_path,
        "schema/" + standard.SCHEMA_FILE,
        (
            "JSON Schema（進捗報告 JSON-LD 文書）",
            "JSON Schema of the progress report JSON-LD document",
        ),
        (
            "JSON-LD 文書の構造を定める JSON Schema 2020-12。",
            "JSON Schema 2020-12 for the JSON-LD document.",
        ),
    ),
    (
        standard.profile_schema_path,
        "schema/" + standard.PROFILE_SCHEMA_FILE,
        ("JSON Schema（拡張プロファイル）", "JSON Schema of extension profiles"),
        (
            "自治体が独自の列を宣言するプロファイルの形式。",
            "Format of a profile declaring a municipality's own columns.",
        ),
    ),
    (
        lambda: standard.standard_dir() / "schema" / "resources.json",
        "schema/resources.json",
        ("標準のリソース一覧", "Standard list of resources"),
        (
            "パッケージが持つ表とファイルの一覧（順序つき）。",
            "The tables and files a package holds, in order.",
        ),
    ),
    (
        standard.vocab_path,
        "vocab/" + standard.VOCAB_FILE,
        ("語彙（plan-progress）", "Vocabulary (plan-progress)"),
        (
            "クラスとプロパティの定義（RDF/OWL、日英ラベル付き）。",
            "Classes and properties (RDF/OWL, ja and en labels).",
        ),
    ),
    (
        standard.context_path,
        "vocab/" + standard.CONTEXT_FILE,
        ("JSON-LD コンテキスト", "JSON-LD context"),
        ("JSON のキーを語彙の IRI に対応づける。", "Maps the JSON keys to vocabulary IRIs."),
    ),
    (
        standard.shapes_path,
        "vocab/" + standard.SHAPES_FILE,
        ("SHACL 形状", "SHACL shapes"),
        ("RDF データが満たすべき制約。", "Constraints the RDF data must meet."),
    ),
)


def _profile_files(package: PlanPackage) -> list[ReleaseFile]:
    """The package's own extension profiles, which its datapackage.json refers to."""
    return [
        ReleaseFile(
            relpath,
            (package.root / relpath).read_bytes(),
            "拡張プロファイル",
            "Extension profile",
            "このパッケージが標準の表に加えた列の宣言。",
            "Declaration of the columns this package adds to the standard's tables.",
            "application/json",
            "JSON",
            standard.PROFILE_SCHEMA_IRI,
        )
        for relpath in package.descriptor.get("planProgress", {}).get("profiles", [])
    ]


def _contract_files() -> list[ReleaseFile]:
    files = []
    for locate, path, (title_ja, title_en), (desc_ja, desc_en) in _CONTRACT:
        media_type, fmt = _kind(path)
        files.append(
            ReleaseFile(
                path, locate().read_bytes(), title_ja, title_en, desc_ja, desc_en, media_type, fmt
            )
        )
    for table in sorted((standard.standard_dir() / "schema" / "tables").glob("*.json")):
        files.append(
            ReleaseFile(
                f"schema/tables/{table.name}",
                table.read_bytes(),
                f"Table Schema {table.stem}",
                f"Table Schema {table.stem}",
                "標準の表の定義（列、型、制約、キー、日英の名称）。",
                "The standard's definition of the table (columns, types, constraints, keys, ja/en titles).",
                "application/json",
                "JSON",
                "https://datapackage.org/profiles/2.0/tableschema.json",
            )
        )
    for codelist in sorted(standard.codelist_dir().glob("*.csv")):
        files.append(
            ReleaseFile(
                f"schema/codelists/{codelist.name}",
                codelist.read_bytes(),
                f"コード表 {codelist.stem}",
                f"Codelist {codelist.stem}",
                "表で使うコードとその日英の名称・定義。",
                "Codes used in the tables, with ja and en titles and definitions.",
                "text/csv",
                "CSV",
            )
        )
    return files
