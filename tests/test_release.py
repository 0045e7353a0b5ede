"""`plan-progress release`: the dist/ bundle, its checksums and its DCAT 3 catalog."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from frictionless import Package
from openpyxl import load_workbook
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from conftest import REPO, copy_package, edit, edit_descriptor
from plan_progress.cli.main import main
from plan_progress.core import standard
from plan_progress.core.package import SOURCE_TABLES
from plan_progress.core.version import __version__
from plan_progress.release import bundle
from plan_progress.release.catalog import DCAT_VERSION, SPDX, VCARD
from plan_progress.release.opendata_list import COLUMNS

STEM = "092169_chiiki-fukushi-2"
# What a release must hold: fixed files, every source table, every contract file.
EXPECTED_FILES = {
    "README.md",
    "SHA256SUMS",
    "catalog.ttl",
    "catalog.jsonld",
    "opendata-list.csv",
    "datapackage.json",
    f"main/{STEM}.xlsx",
    f"main/{STEM}_entries.csv",
    f"main/{STEM}_entries_excel.csv",
    "main/datapackage.json",
    f"archives/{STEM}_datapackage.zip",
    f"archives/plan-progress-standard-{__version__}.zip",
    "data/generated/progress-flat.csv",
    "data/generated/report.jsonld",
    "data/generated/report.ttl",
    "data/generated/report.nt",
    "data/generated/void.ttl",
    "schema/progress-report.schema.json",
    "schema/profile.schema.json",
    "schema/catalog-metadata.schema.json",
    "schema/diff.schema.json",
    "schema/resources.json",
    "vocab/plan-progress.ttl",
    "vocab/context.jsonld",
    "vocab/shapes.ttl",
    *(f"data/{name}.csv" for name in SOURCE_TABLES),
    *(f"schema/codelists/{p.name}" for p in standard.codelist_dir().glob("*.csv")),
    *(
        f"schema/tables/{p.name}"
        for p in (standard.standard_dir() / "schema" / "tables").glob("*.json")
    ),
}
# Made for the release (not copies of the package's or the standard's files).
RELEASE_MADE = {
    "README.md",
    "SHA256SUMS",
    "catalog.ttl",
    "catalog.jsonld",
    "opendata-list.csv",
    f"main/{STEM}.xlsx",
    f"main/{STEM}_entries.csv",
    f"main/{STEM}_entries_excel.csv",
    "main/datapackage.json",
    f"archives/{STEM}_datapackage.zip",
    f"archives/plan-progress-standard-{__version__}.zip",
}
# The files a portal publishes, in order (ファイル_ID = dataset ID + "_" + key).
DISTRIBUTIONS = [
    ("workbook", f"main/{STEM}.xlsx"),
    ("entries-csv", f"main/{STEM}_entries.csv"),
    ("entries-excel-csv", f"main/{STEM}_entries_excel.csv"),
    ("rdf-turtle", "data/generated/report.ttl"),
    ("rdf-jsonld", "data/generated/report.jsonld"),
    ("rdf-ntriples", "data/generated/report.nt"),
    ("datapackage-zip", f"archives/{STEM}_datapackage.zip"),
    ("standard-zip", f"archives/plan-progress-standard-{__version__}.zip"),
]
NAME = "shimotsuke-chiiki-fukushi-2-progress"
DATASET = URIRef("https://w3id.org/plan-progress/id/092169/chiiki-fukushi-2")
KAKUU = REPO / "examples" / "kakuu-shi-chiiki-fukushi"
DATASET_KAKUU = "https://w3id.org/plan-progress/id/990019/chiiki-fukushi-3"
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")


def files_in(dist: Path) -> dict[str, bytes]:
    return {p.relative_to(dist).as_posix(): p.read_bytes() for p in dist.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_package(tmp_path_factory.mktemp("release") / "pkg")
    assert main(["release", str(root)]) == 0
    return root / "dist"


@pytest.fixture(scope="module")
def catalog(released: Path) -> Graph:
    return Graph().parse(released / "catalog.ttl", format="turtle")


def test_dist_holds_every_published_file(released: Path) -> None:
    assert set(files_in(released)) == EXPECTED_FILES
    assert not [p for p in released.parent.iterdir() if p.name.startswith(".dist-")]


def test_published_files_are_the_package_files(released: Path) -> None:
    for path in EXPECTED_FILES - RELEASE_MADE:
        source = REPO / path if (REPO / path).exists() else standard.standard_dir() / path
        assert (released / path).read_bytes() == source.read_bytes(), path


def test_sha256sums_lists_every_other_file_sorted(released: Path) -> None:
    lines = (released / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    paths = [line.split("  ", 1)[1] for line in lines]
    assert paths == sorted(EXPECTED_FILES - {"SHA256SUMS"})
    for line in lines:
        digest, path = line.split("  ", 1)
        assert hashlib.sha256((released / path).read_bytes()).hexdigest() == digest, path


def test_dist_is_a_valid_data_package(released: Path) -> None:
    report = Package(str(released / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_main_tables_are_a_valid_data_package_with_japanese_headers(released: Path) -> None:
    report = Package(str(released / "main" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((released / "main/datapackage.json").read_text("utf-8"))
    (entries,) = descriptor["resources"]  # no grades or indicators in the seed
    names = [f["name"] for f in entries["schema"]["fields"]]
    assert names[:3] == ["全国地方公共団体コード", "ID", "地方公共団体名"]
    header = (released / f"main/{STEM}_entries.csv").read_text("utf-8").split("\n", 1)[0]
    assert header.split(",") == names


def test_archives_hold_the_package_and_the_standard(released: Path) -> None:
    package_zip = zipfile.ZipFile(released / f"archives/{STEM}_datapackage.zip")
    names = package_zip.namelist()
    assert names == sorted(names)
    assert f"{STEM}_datapackage/datapackage.json" in names
    assert f"{STEM}_datapackage/data/progress-entries.csv" in names
    assert (
        package_zip.read(f"{STEM}_datapackage/data/progress-entries.csv")
        == (released / "data/progress-entries.csv").read_bytes()
    )
    assert {i.date_time for i in package_zip.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    standard_zip = zipfile.ZipFile(released / f"archives/plan-progress-standard-{__version__}.zip")
    folder = f"plan-progress-standard-{__version__}/"
    assert {n.removeprefix(folder) for n in standard_zip.namelist()} == {
        p for p in EXPECTED_FILES if p.startswith(("schema/", "vocab/"))
    }


def test_readme_says_which_file_to_open_and_how_to_cite(released: Path) -> None:
    text = (released / "README.md").read_text("utf-8")
    assert text.index(f"main/{STEM}.xlsx") < text.index(f"main/{STEM}_entries.csv")
    for _key, path in DISTRIBUTIONS:
        assert f"`{path}`" in text
    assert "1行が、一つの取組についての一つの主体" in text  # what a row is
    assert "https://creativecommons.org/licenses/by/4.0/" in text
    assert "出典：下野市・社会福祉法人下野市社会福祉協議会" in text
    assert "## Which file to open" in text and "sha256sum -c SHA256SUMS" in text


def test_catalog_turtle_and_jsonld_say_the_same(released: Path, catalog: Graph) -> None:
    from_jsonld = Graph().parse(released / "catalog.jsonld", format="json-ld")
    assert len(catalog) > 100
    assert isomorphic(catalog, from_jsonld)


def test_catalog_describes_the_dataset(catalog: Graph) -> None:
    (cat,) = catalog.subjects(RDF.type, DCAT.Catalog)
    assert catalog.value(cat, DCAT.dataset) == DATASET
    assert (DATASET, RDF.type, DCAT.Dataset) in catalog
    titles = {t.language: str(t) for t in catalog.objects(DATASET, DCTERMS.title)}
    assert titles["ja"].startswith("下野市 第２期地域福祉計画")
    assert titles["en"].startswith("Shimotsuke City")
    assert {d.language for d in catalog.objects(DATASET, DCTERMS.description)} == {"ja", "en"}
    assert catalog.value(DATASET, DCTERMS.license) == CC_BY
    assert catalog.value(DATASET, DCTERMS.conformsTo) == URIRef(standard.SCHEMA_IRI)
    assert str(catalog.value(DATASET, DCAT_VERSION)) == __version__
    publisher = catalog.value(DATASET, DCTERMS.publisher)
    assert str(catalog.value(publisher, FOAF.name)) == "下野市"
    # both authors of the plan made the source document
    creators = {str(catalog.value(c, FOAF.name)) for c in catalog.objects(DATASET, DCTERMS.creator)}
    assert creators == {"下野市", "下野市社会福祉協議会"}
    place = catalog.value(DATASET, DCTERMS.spatial)
    assert place == URIRef("http://data.e-stat.go.jp/lod/sac/C09216")
    assert str(catalog.value(place, DCTERMS.identifier)) == "092169"
    assert Literal("地域福祉計画", lang="ja") in set(catalog.objects(DATASET, DCAT.keyword))
    eu = "http://publications.europa.eu/resource/authority/"
    assert catalog.value(DATASET, DCTERMS.language) == URIRef(eu + "language/JPN")
    assert catalog.value(DATASET, DCAT.theme) == URIRef(eu + "data-theme/SOCI")
    # not stated in the package, so not in the catalogue
    for unknown in (DCAT.contactPoint, DCTERMS.accrualPeriodicity, DCTERMS.issued):
        assert catalog.value(DATASET, unknown) is None


def test_stated_metadata_reaches_catalogue_and_list(tmp_path: Path) -> None:
    root = copy_package(tmp_path / "kakuu", KAKUU)
    assert main(["release", str(root)]) == 0
    graph = Graph().parse(root / "dist/catalog.ttl", format="turtle")
    (ds,) = graph.subjects(RDF.type, DCAT.Dataset)
    contact = graph.value(ds, DCAT.contactPoint)
    assert graph.value(contact, VCARD.hasEmail) == URIRef("mailto:fukushi@example.org")
    assert graph.value(contact, VCARD.hasTelephone) == URIRef("tel:0000-00-0000;ext=123")
    eu = "http://publications.europa.eu/resource/authority/"
    assert graph.value(ds, DCTERMS.accrualPeriodicity) == URIRef(eu + "frequency/ANNUAL")
    assert graph.value(ds, DCTERMS.issued) == Literal("2025-04-01", datatype=XSD.date)
    assert graph.value(ds, DCTERMS.spatial) == URIRef(f"{DATASET_KAKUU}#spatial")  # fictional code
    rows = list(csv.DictReader(io.StringIO((root / "dist/opendata-list.csv").read_text("utf-8"))))
    assert [r["ファイル_ID"].rsplit("_", 1)[1] for r in rows][:4] == [
        "workbook",
        "entries-csv",
        "grades-csv",
        "indicators-csv",
    ]
    assert rows[0]["データセット_更新頻度"] == "毎年"
    assert rows[0]["データセット_連絡先メールアドレス"] == "fukushi@example.org"
    assert rows[0]["データセット_分類"] == "人口・社会（福祉を含む）;健康・保健"
    assert rows[0]["データセット_作成者"] == "架空市（例）、架空市社会福祉協議会（例）"


def test_temporal_coverage_states_only_the_known_end(catalog: Graph) -> None:
    period = catalog.value(DATASET, DCTERMS.temporal)
    # FY2021 (令和3年度) ends on 31 March 2022; the start of the 2nd plan is not known.
    assert catalog.value(period, DCAT.endDate) == Literal("2022-03-31", datatype=XSD.date)
    assert catalog.value(period, DCAT.startDate) is None
    assert catalog.value(DATASET, DCTERMS.modified) is None  # no clock in a release


def test_every_distribution_matches_its_file(released: Path, catalog: Graph) -> None:
    distributions = list(catalog.objects(DATASET, DCAT.distribution))
    found = {
        str(catalog.value(d, DCTERMS.identifier)): str(catalog.value(d, SPDX.fileName))
        for d in distributions
    }
    assert found == {f"{NAME}_{key}": path for key, path in DISTRIBUTIONS}
    for dist in distributions:
        data = (released / str(catalog.value(dist, SPDX.fileName))).read_bytes()
        checksum = catalog.value(dist, SPDX.checksum)
        assert catalog.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        assert str(catalog.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()
        assert int(catalog.value(dist, DCAT.byteSize)) == len(data)
        assert str(catalog.value(dist, DCAT.mediaType)).startswith(
            "https://www.iana.org/assignments/media-types/"
        )
        assert {t.language for t in catalog.objects(dist, DCTERMS.title)} == {"ja", "en"}
        assert catalog.value(dist, DCTERMS.license) == CC_BY
        # a download address is known only once a portal holds the file
        assert catalog.value(dist, DCAT.downloadURL) is None
    jsonld = URIRef(f"{DATASET}/distribution/rdf-jsonld")
    assert catalog.value(jsonld, DCAT.mediaType) == URIRef(
        "https://www.iana.org/assignments/media-types/application/ld+json"
    )
    assert catalog.value(jsonld, DCTERMS.conformsTo) == URIRef(standard.SCHEMA_IRI)


def test_excel_copy_has_bom_crlf_and_japanese_headers(released: Path) -> None:
    raw = (released / f"main/{STEM}_entries_excel.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw[3:].decode("utf-8")
    assert text.endswith("\r\n")
    excel_rows = list(csv.reader(io.StringIO(text, newline="")))
    main_rows = list(
        csv.reader(
            io.StringIO((released / f"main/{STEM}_entries.csv").read_text("utf-8"), newline="")
        )
    )
    assert excel_rows == main_rows
    assert excel_rows[0][:3] == ["全国地方公共団体コード", "ID", "地方公共団体名"]
    # every record ends in CRLF: a bare LF appears only inside quoted cells
    assert text.count("\r\n") == len(excel_rows)


def test_a_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    root = copy_package(tmp_path / "pkg")
    entries = root / "data/progress-entries.csv"
    first = entries.read_text("utf-8").splitlines()[1].split(",")[4]
    edit(entries, first, '=HYPERLINK("http://example.org")&A1')
    assert main(["build", str(root)]) == 0
    assert main(["release", str(root)]) == 0
    formula = '=HYPERLINK("http://example.org")&A1'
    plain = list(
        csv.reader(io.StringIO((root / f"dist/main/{STEM}_entries.csv").read_text("utf-8")))
    )
    at = plain[0].index("進捗状況")
    assert plain[1][at] == formula  # the data as it is
    excel = (root / f"dist/main/{STEM}_entries_excel.csv").read_bytes()[3:].decode("utf-8")
    assert list(csv.reader(io.StringIO(excel, newline="")))[1][at] == "'" + formula
    book = zipfile.ZipFile(root / f"dist/main/{STEM}.xlsx")
    sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet  # no formula anywhere
    sheet = load_workbook(root / f"dist/main/{STEM}.xlsx")["進捗状況"]
    column = next(c.column_letter for c in sheet[1] if c.value == "進捗状況")
    cell = sheet[f"{column}2"]
    assert (cell.value, cell.data_type) == (formula, "s")


def test_opendata_list_has_one_row_per_published_file(released: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((released / "opendata-list.csv").read_text("utf-8"))))
    assert tuple(rows[0]) == COLUMNS
    assert [r["ファイル_ID"] for r in rows] == [f"{NAME}_{key}" for key, _ in DISTRIBUTIONS]
    assert rows[0]["ファイル_タイトル"] == "進捗状況の一覧（Excel ファイル）"
    assert rows[0]["ファイル_形式"] == "XLSX"
    for row in rows:
        assert row["全国地方公共団体コード"] == "092169"
        assert row["地方公共団体名"] == "下野市"
        assert row["データセット_ID"] == NAME
        assert row["ファイル_ライセンス"] == "CC BY 4.0"
        assert row["データセット_対象期間"] == "../2022-03-31"
        assert row["データセット_準拠する標準"] == standard.SCHEMA_IRI
        assert row["データセット_作成者"] == "下野市、下野市社会福祉協議会"
        # not known before a portal holds the files, or not stated in the package
        assert row["ファイル_ダウンロードURL"] == row["データセット_公開日"] == ""
        assert row["データセット_連絡先名称"] == row["データセット_更新頻度"] == ""


def _release_in_subprocess(root: Path, seed: str, epoch: str | None = None) -> dict[str, bytes]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONHASHSEED"] = seed
    if epoch:
        env["SOURCE_DATE_EPOCH"] = epoch
    subprocess.run(
        [sys.executable, "-m", "plan_progress", "release", str(root)],
        check=True,
        capture_output=True,
        env=env,
    )
    return files_in(root / "dist")


def test_two_releases_are_byte_identical(tmp_path: Path) -> None:
    root = copy_package(tmp_path / "pkg")
    first = _release_in_subprocess(root, "1")
    second = _release_in_subprocess(root, "2")
    assert first == second


def test_source_date_epoch_pins_the_modified_date(tmp_path: Path) -> None:
    root = copy_package(tmp_path / "pkg")
    files = _release_in_subprocess(root, "0", epoch="1764288000")  # 2025-11-28T00:00:00Z
    graph = Graph().parse(data=files["catalog.ttl"].decode(), format="turtle")
    assert graph.value(DATASET, DCTERMS.modified) == Literal("2025-11-28", datatype=XSD.date)


def test_invalid_package_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_package(tmp_path / "pkg")
    assert main(["release", str(root)]) == 0
    before = files_in(root / "dist")
    plans = root / "data" / "plans.csv"
    plans.write_text(plans.read_text(encoding="utf-8").replace(",092169,", ",092160,"), "utf-8")
    assert main(["release", str(root), "--lang", "en"]) == 1
    assert "code.municipality-check-digit" in capsys.readouterr().err
    assert files_in(root / "dist") == before


def test_stale_generated_files_are_not_released(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_package(tmp_path / "pkg")
    (root / "data/generated/report.ttl").write_text("# edited by hand\n", encoding="utf-8")
    assert main(["release", str(root)]) == 1
    assert "generated.stale" in capsys.readouterr().err
    assert not (root / "dist").exists()


def test_failed_write_leaves_the_previous_release(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_package(tmp_path / "pkg")
    assert main(["release", str(root)]) == 0
    before = files_in(root / "dist")
    edit_descriptor(root, {"homepage": "https://example.org/plan"})
    calls = {"n": 0}
    real_fsync = os.fsync

    def failing_fsync(fd: int) -> None:  # the disk fills up half-way through staging
        calls["n"] += 1
        if calls["n"] == 5:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(bundle.os, "fsync", failing_fsync)
    assert main(["release", str(root)]) == 1
    assert "release.write" in capsys.readouterr().err
    assert files_in(root / "dist") == before
    assert sorted(p.name for p in root.iterdir()) == ["data", "datapackage.json", "dist"]


def test_cli_lists_what_it_wrote(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_package(tmp_path / "pkg")
    assert main(["release", str(root)]) == 0
    out = capsys.readouterr().out
    assert f"{len(EXPECTED_FILES)} files" in out
    assert str(root / "dist" / "catalog.ttl") in out


def test_a_report_of_counts_only_names_its_workbook_after_the_counts(tmp_path: Path) -> None:
    # 長与町's project evaluation prints grade counts and nothing else: its workbook is not
    # "the progress list", and no empty progress table is published.
    root = copy_package(tmp_path / "nagayo", REPO / "tests/records/nagayo-jimujigyo-hyoka")
    assert main(["release", str(root)]) == 0
    rows = list(csv.DictReader(io.StringIO((root / "dist/opendata-list.csv").read_text("utf-8"))))
    titles = [r["ファイル_タイトル"] for r in rows]
    assert titles[:3] == [
        "評価の件数の一覧（Excel ファイル）",
        "評価の件数の一覧（CSV）",
        "評価の件数の一覧（Excel で開く CSV）",
    ]
    assert not list((root / "dist/main").glob("*_entries*.csv"))
