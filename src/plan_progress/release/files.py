"""Which files a release holds, and which of them a portal publishes, in what order, with
what plain-language title and description.

`dist/` holds the package as it is (its tables, generated files, the standard's contract
files) for anyone who links to a single file, plus the files made for people:

    main/{code}_{plan}.xlsx              the workbook: one sheet per main table
    main/{code}_{plan}_{table}.csv       each main table (UTF-8, Japanese headers)
    main/{code}_{plan}_{table}_excel.csv the same for Excel (UTF-8 with BOM, CRLF)
                                         (tables: entries, grades, indicators, counts, and
                                         yearly: the plan's reports year by year)
    main/datapackage.json                the main tables' own Table Schemas
    archives/{code}_{plan}_datapackage.zip   every table for machines, with its descriptor
    archives/plan-progress-standard-{version}.zip   the standard (schemas, vocabulary)

A file with a `key` is a distribution: it is described in the catalogue and the
オープンデータ一覧, and published to portals in the order of `release_files`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from plan_progress.core import standard
from plan_progress.core.package import DESCRIPTOR, GENERATED, SOURCE_TABLES, PlanPackage
from plan_progress.core.version import __version__
from plan_progress.model.main_tables import MainTable
from plan_progress.pipeline.generate import Outputs

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAIN_DIR = "main"
ARCHIVE_DIR = "archives"
MAIN_DESCRIPTOR = f"{MAIN_DIR}/datapackage.json"
# Keys of the distributions, in the order a citizen needs them (ファイル_ID ends with one).
PORTAL_ORDER = (
    "workbook",
    "entries-csv",
    "grades-csv",
    "indicators-csv",
    "counts-csv",
    "yearly-csv",
    "entries-excel-csv",
    "grades-excel-csv",
    "indicators-excel-csv",
    "counts-excel-csv",
    "yearly-excel-csv",
    "rdf-turtle",
    "rdf-jsonld",
    "rdf-ntriples",
    "datapackage-zip",
    "standard-zip",
)
# Main tables whose CSV a portal can preview (its datastore): key -> main table key.
PREVIEW_KEYS = {
    "entries-csv": "entries",
    "grades-csv": "grades",
    "indicators-csv": "indicators",
    "counts-csv": "counts",
    "yearly-csv": "yearly",
}


@dataclass(frozen=True)
class ReleaseFile:
    """One file of `dist/`: its path (POSIX), bytes and, for distributions, its description."""

    path: str
    data: bytes
    title_ja: str = ""
    title_en: str = ""
    description_ja: str = ""
    description_en: str = ""
    media_type: str = ""
    format: str = ""  # short name portals show (CKAN's `format`)
    conforms_to: str | None = None
    key: str = ""  # a distribution's stable key (PORTAL_ORDER); empty for the other files

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


def file_stem(code: str, plan_id: str) -> str:
    """Names start with the municipality code, as 自治体標準オープンデータセット files do."""
    return f"{code}_{plan_id}"


def main_paths(stem: str, table_key: str) -> tuple[str, str]:
    return (
        f"{MAIN_DIR}/{stem}_{table_key}.csv",
        f"{MAIN_DIR}/{stem}_{table_key}_excel.csv",
    )


def workbook_path(stem: str) -> str:
    return f"{MAIN_DIR}/{stem}.xlsx"


def datapackage_zip_path(stem: str) -> str:
    return f"{ARCHIVE_DIR}/{stem}_datapackage.zip"


def standard_zip_path() -> str:
    return f"{ARCHIVE_DIR}/plan-progress-standard-{__version__}.zip"


# -- the files people open --------------------------------------------------------------
def workbook_file(stem: str, data: bytes, tables: list[MainTable]) -> ReleaseFile:
    sheets = "・".join(t.title_ja for t in tables)
    sheets_en = ", ".join(t.title_en.lower() for t in tables)
    if len(tables) > 1:
        sheets, sheets_en = f"{sheets}のシートに分かれた表", f"one sheet each for {sheets_en}"
    else:
        sheets, sheets_en = f"{sheets}の表", f"the {sheets_en} table"
    return ReleaseFile(
        workbook_path(stem),
        data,
        # Named after its first sheet: a report of counts only is not a progress list.
        f"{tables[0].title_ja}の一覧（Excel ファイル）",
        f"{tables[0].title_en} tables (Excel file)",
        f"まず開くファイルです。{sheets}で、文字は折り返して全部見えます。"
        "印刷すると横向きで用紙の幅に収まります。全国地方公共団体コードの先頭の 0 も消えません。",
        f"The file to open first: {sheets_en}, long texts wrapped so"
        " they show in full, printed in landscape across the page. Codes keep their"
        " leading zero.",
        XLSX,
        "XLSX",
        key="workbook",
    )


def main_csv_files(stem: str, table: MainTable, excel: bytes) -> list[ReleaseFile]:
    path, excel_path = main_paths(stem, table.key)
    return [
        ReleaseFile(
            path,
            table.to_csv(),
            f"{table.title_ja}の一覧（CSV）",
            f"{table.title_en} (CSV)",
            f"{table.row_ja}見出しは日本語。表計算ソフトやプログラムで使う形式（文字コード UTF-8）です。",
            f"{table.row_en} Japanese headers; for spreadsheets and programs (UTF-8).",
            "text/csv",
            "CSV",
            key=f"{table.key}-csv",
        ),
        ReleaseFile(
            excel_path,
            excel,
            f"{table.title_ja}の一覧（Excel で開く CSV）",
            f"{table.title_en} (CSV for Excel)",
            f"上の「{table.title_ja}の一覧（CSV）」と同じ内容で、Excel でそのまま開いても"
            "文字化けしない CSV です。",
            f"The same as the {table.title_en} CSV above, in a form Excel opens without"
            " garbled characters.",
            "text/csv",
            "CSV",
            key=f"{table.key}-excel-csv",
        ),
    ]


# Researchers' files: the same data as Linked Data.
_RDF = {
    "report-turtle": (
        "rdf-turtle",
        "Linked Data（Turtle 形式）",
        "Linked Data (Turtle)",
        "研究者・システム向け：同じ内容を RDF（Linked Data）で表したもの。"
        "SPARQL で他の自治体の計画と比べられます。",
        "For researchers and systems: the same data as RDF (Linked Data), ready for"
        " SPARQL queries across municipalities.",
    ),
    "report-jsonld": (
        "rdf-jsonld",
        "Linked Data（JSON-LD 形式）",
        "Linked Data (JSON-LD)",
        "研究者・システム向け：同じ内容を JSON-LD で表したもの（ウェブのプログラムで読みやすい形式）。",
        "For researchers and systems: the same data as JSON-LD, easy to read in web programs.",
    ),
    "report-ntriples": (
        "rdf-ntriples",
        "Linked Data（N-Triples 形式）",
        "Linked Data (N-Triples)",
        "研究者・システム向け：同じ内容を1行1件の RDF で表したもの（大量の読み込み向け）。",
        "For researchers and systems: the same data as RDF, one statement per line (for bulk loading).",
    ),
}
_FORMATS = {
    ".csv": ("text/csv", "CSV"),
    ".jsonld": ("application/ld+json", "JSON-LD"),
    ".ttl": ("text/turtle", "Turtle"),
    ".nt": ("application/n-triples", "N-Triples"),
    ".json": ("application/json", "JSON"),
}


def package_files(package: PlanPackage, outputs: Outputs) -> list[ReleaseFile]:
    """The package as it is: tables, generated files, profiles, descriptor. The RDF files
    are also distributions for researchers."""
    files: list[ReleaseFile] = []
    for name in (*SOURCE_TABLES, *GENERATED):
        path = package.relpath(name)
        data = outputs.files[name] if name in GENERATED else package.path(name).read_bytes()
        if name in _RDF:
            key, title_ja, title_en, desc_ja, desc_en = _RDF[name]
            media_type, fmt = _FORMATS[Path(path).suffix]
            conforms = standard.SCHEMA_IRI if media_type == "application/ld+json" else None
            files.append(
                ReleaseFile(
                    path, data, title_ja, title_en, desc_ja, desc_en, media_type, fmt, conforms, key
                )
            )
        else:
            files.append(ReleaseFile(path, data))
    for relpath in package.descriptor.get("planProgress", {}).get("profiles", []):
        files.append(ReleaseFile(relpath, (package.root / relpath).read_bytes()))
    files.append(ReleaseFile(DESCRIPTOR, package.descriptor_path.read_bytes()))
    return files


def contract_files() -> list[ReleaseFile]:
    """The standard's files (schema/, vocab/) the package conforms to."""
    root = standard.standard_dir()
    paths = [
        *sorted((root / "schema").rglob("*.json")),
        *sorted((root / "schema" / "codelists").glob("*.csv")),
        *(
            root / "vocab" / name
            for name in (standard.VOCAB_FILE, standard.CONTEXT_FILE, standard.SHAPES_FILE)
        ),
    ]
    return [ReleaseFile(p.relative_to(root).as_posix(), p.read_bytes()) for p in paths]


def datapackage_zip_file(stem: str, data: bytes) -> ReleaseFile:
    return ReleaseFile(
        datapackage_zip_path(stem),
        data,
        "全部の表（機械処理用のデータパッケージ）",
        "All tables (data package for machines)",
        "プログラムで処理する人向け：元の表すべて（英語の列名）と、その定義（datapackage.json）を"
        "一つにまとめた ZIP ファイル。",
        "For programmers: every source table (English column names) with its description"
        " (datapackage.json), in one ZIP file.",
        "application/zip",
        "ZIP",
        "https://datapackage.org/profiles/2.0/datapackage.json",
        "datapackage-zip",
    )


def standard_zip_file(data: bytes) -> ReleaseFile:
    return ReleaseFile(
        standard_zip_path(),
        data,
        f"データの形式の定義（plan-progress 標準 {__version__}）",
        f"Definition of the data format (plan-progress standard {__version__})",
        "このデータが従う形式の定義（表の定義、コード表、語彙、検証の規則）をまとめた ZIP ファイル。"
        "他の自治体が同じ形で公開するときにも使えます。",
        "The definitions this data follows (table definitions, codelists, vocabulary,"
        " validation rules) in one ZIP file; other municipalities can publish the same way.",
        "application/zip",
        "ZIP",
        key="standard-zip",
    )


def main_descriptor_path() -> str:
    return MAIN_DESCRIPTOR


def ordered(files: list[ReleaseFile]) -> list[ReleaseFile]:
    """Distributions first, in PORTAL_ORDER; then every other file by path."""
    rank = {key: i for i, key in enumerate(PORTAL_ORDER)}
    return sorted(files, key=lambda f: (0, rank[f.key], "") if f.key else (1, 0, f.path))
