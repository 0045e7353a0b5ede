"""`plan-progress release`: the dist/ bundle, its checksums and its DCAT 3 catalog."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from frictionless import Package
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, RDF, XSD

from conftest import copy_package, edit_descriptor
from plan_progress.cli.main import main
from plan_progress.core import standard
from plan_progress.core.package import SOURCE_TABLES
from plan_progress.core.version import __version__
from plan_progress.release import bundle
from plan_progress.release.catalog import DCAT_VERSION, SPDX
from plan_progress.release.opendata_list import COLUMNS

# What a release must hold: fixed files, every source table, every contract file.
EXPECTED_FILES = {
    "SHA256SUMS",
    "catalog.ttl",
    "catalog.jsonld",
    "opendata-list.csv",
    "datapackage.json",
    "data/generated/progress-flat.csv",
    "data/generated/progress-flat-excel.csv",
    "data/generated/progress-flat.xlsx",
    "data/generated/report.jsonld",
    "data/generated/report.ttl",
    "data/generated/report.nt",
    "data/generated/void.ttl",
    "schema/progress-report.schema.json",
    "schema/profile.schema.json",
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
DATASET = URIRef("https://w3id.org/plan-progress/id/092169/chiiki-fukushi-2")


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
    root = Path(__file__).resolve().parents[1]
    for path in EXPECTED_FILES - {
        "SHA256SUMS",
        "catalog.ttl",
        "catalog.jsonld",
        "opendata-list.csv",
        "data/generated/progress-flat-excel.csv",
        "data/generated/progress-flat.xlsx",
    }:
        source = root / path if (root / path).exists() else standard.standard_dir() / path
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


def test_catalog_turtle_and_jsonld_say_the_same(released: Path, catalog: Graph) -> None:
    from_jsonld = Graph().parse(released / "catalog.jsonld", format="json-ld")
    assert len(catalog) > 100
    assert isomorphic(catalog, from_jsonld)


def test_catalog_describes_the_dataset(catalog: Graph) -> None:
    assert (DATASET, RDF.type, DCAT.Dataset) in catalog
    titles = {t.language: str(t) for t in catalog.objects(DATASET, DCTERMS.title)}
    assert titles["ja"].startswith("下野市 第２期地域福祉計画")
    assert titles["en"].startswith("Shimotsuke City")
    assert {d.language for d in catalog.objects(DATASET, DCTERMS.description)} == {"ja", "en"}
    assert catalog.value(DATASET, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert catalog.value(DATASET, DCTERMS.conformsTo) == URIRef(standard.SCHEMA_IRI)
    assert str(catalog.value(DATASET, DCAT_VERSION)) == __version__
    publisher = catalog.value(DATASET, DCTERMS.publisher)
    assert str(catalog.value(publisher, URIRef("http://xmlns.com/foaf/0.1/name"))) == "下野市"
    place = catalog.value(DATASET, DCTERMS.spatial)
    assert str(catalog.value(place, DCTERMS.identifier)) == "092169"
    assert Literal("地域福祉計画", lang="ja") in set(catalog.objects(DATASET, DCAT.keyword))


def test_temporal_coverage_states_only_the_known_end(catalog: Graph) -> None:
    period = catalog.value(DATASET, DCTERMS.temporal)
    # FY2021 (令和3年度) ends on 31 March 2022; the start of the 2nd plan is not known.
    assert catalog.value(period, DCAT.endDate) == Literal("2022-03-31", datatype=XSD.date)
    assert catalog.value(period, DCAT.startDate) is None
    assert catalog.value(DATASET, DCTERMS.modified) is None  # no clock in a release


def test_every_distribution_matches_its_file(released: Path, catalog: Graph) -> None:
    distributions = list(catalog.objects(DATASET, DCAT.distribution))
    described = EXPECTED_FILES - {
        "SHA256SUMS",
        "catalog.ttl",
        "catalog.jsonld",
        "opendata-list.csv",
    }
    assert {str(catalog.value(d, DCTERMS.identifier)) for d in distributions} == described
    for dist in distributions:
        data = (released / str(catalog.value(dist, DCTERMS.identifier))).read_bytes()
        checksum = catalog.value(dist, SPDX.checksum)
        assert catalog.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        assert str(catalog.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()
        assert int(catalog.value(dist, DCAT.byteSize)) == len(data)
        assert str(catalog.value(dist, DCAT.mediaType)).startswith(
            "https://www.iana.org/assignments/media-types/"
        )
        assert {t.language for t in catalog.objects(dist, DCTERMS.title)} == {"ja", "en"}
        assert catalog.value(dist, DCTERMS.license) is not None
    jsonld = URIRef(f"{DATASET}/distribution/data/generated/report.jsonld")
    assert catalog.value(jsonld, DCAT.mediaType) == URIRef(
        "https://www.iana.org/assignments/media-types/application/ld+json"
    )
    assert catalog.value(jsonld, DCTERMS.conformsTo) == URIRef(standard.SCHEMA_IRI)


def test_excel_copy_has_bom_crlf_and_japanese_headers(released: Path) -> None:
    raw = (released / "data/generated/progress-flat-excel.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw[3:].decode("utf-8")
    assert text.endswith("\r\n")
    excel_rows = list(csv.reader(io.StringIO(text, newline="")))
    flat_rows = list(
        csv.reader(
            io.StringIO(
                (released / "data/generated/progress-flat.csv").read_text("utf-8"), newline=""
            )
        )
    )
    descriptor = json.loads((released / "datapackage.json").read_text(encoding="utf-8"))
    fields = next(r for r in descriptor["resources"] if r["name"] == "progress-flat")["schema"][
        "fields"
    ]
    assert excel_rows[0] == [f["title"].split(" / ")[0] for f in fields]
    assert excel_rows[0][:2] == ["進捗項目ID", "全国地方公共団体コード"]
    assert excel_rows[1:] == flat_rows[1:]
    # every record ends in CRLF: a bare LF appears only inside quoted cells
    assert text.count("\r\n") == len(excel_rows)


def test_opendata_list_row(released: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((released / "opendata-list.csv").read_text("utf-8"))))
    assert len(rows) == 1
    (row,) = rows
    assert tuple(row) == COLUMNS
    assert row["全国地方公共団体コード"] == "092169"
    assert row["地方公共団体名"] == "下野市"
    assert row["データセット_ID"] == "shimotsuke-chiiki-fukushi-2-progress"
    assert row["ファイル_ライセンス"] == "CC BY 4.0"
    assert row["データセット_対象期間"] == "../2022-03-31"
    assert row["データセット_準拠する標準"] == standard.SCHEMA_IRI
    assert row["ファイル_ダウンロードURL"] == ""  # not known before the portal has it
    assert row["データセット_公開日"] == ""


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
