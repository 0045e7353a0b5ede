"""`plan-progress release DIR...` of a plan's yearly reports: the DCAT 3 series in each
catalogue and the yearly table (one row per initiative × actor × fiscal year), checked on the
real Sasebo pair against hand-written expectations, and on the fictional example's two years."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from frictionless import Package
from openpyxl import load_workbook
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, RDF

from conftest import REPO, copy_package, edit, edit_descriptor, run_cli
from plan_progress.cli.main import main
from plan_progress.release.series import (
    DATASET_SERIES,
    FIRST,
    IN_SERIES,
    LAST,
    PREV,
    SERIES_MEMBER,
)
from series_packages import NEXT_GRADE, NEXT_PROGRESS, rewrite_csv

BASE = "https://w3id.org/plan-progress/id/422029/plan/chiiki-fukushi-2"
SERIES = URIRef(f"{BASE}/series")
H26, H27 = (URIRef(f"{BASE}/report/toshin-{y}/dataset") for y in ("h26", "h27"))
H26_TITLE = "平成26年度 佐世保市地域福祉計画・地域福祉活動計画に基づく活動内容に対する答申書"
H27_TITLE = "平成27年度 佐世保市地域福祉計画・地域福祉活動計画に基づく活動内容に対する答申書"
YEARLY = "main/422029_chiiki-fukushi-2_yearly.csv"


@pytest.fixture(scope="module")
def sasebo(series_packages: dict[str, list[Path]], tmp_path_factory) -> list[Path]:
    """The pair, given newest first (the release orders them by fiscal year)."""
    folder = tmp_path_factory.mktemp("sasebo-release")
    roots = [copy_package(folder / p.name, p) for p in series_packages["sasebo"]]
    assert main(["release", str(roots[1]), str(roots[0])]) == 0
    return roots


@pytest.fixture(scope="module")
def kakuu(series_packages: dict[str, list[Path]], tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("kakuu-release")
    roots = [copy_package(folder / p.name, p) for p in series_packages["kakuu"]]
    assert main(["release", *map(str, roots)]) == 0
    return roots


def catalog(root: Path) -> Graph:
    return Graph().parse(root / "dist/catalog.ttl", format="turtle")


def rows(root: Path, path: str = YEARLY) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((root / "dist" / path).read_text("utf-8"))))


def test_each_report_is_a_dataset_in_the_plans_series(sasebo: list[Path]) -> None:
    for root, ds in zip(sasebo, (H26, H27), strict=True):
        g = catalog(root)
        assert set(g.subjects(RDF.type, DCAT.Dataset)) == {ds}  # the other year is not typed
        assert g.value(ds, IN_SERIES) == SERIES
        assert (SERIES, RDF.type, DATASET_SERIES) in g
        assert set(g.objects(SERIES, DCTERMS.title)) == {
            Literal("第2期佐世保市地域福祉計画・地域福祉活動計画（年度ごとの報告）", lang="ja")
        }
        assert g.value(SERIES, DCTERMS.subject) == URIRef(BASE)
        assert g.value(SERIES, FIRST) == H26 and g.value(SERIES, LAST) == H27
        assert set(g.objects(SERIES, SERIES_MEMBER)) == {H26, H27}
        jsonld = Graph().parse(root / "dist/catalog.jsonld", format="json-ld")
        assert isomorphic(g, jsonld)
    later, earlier = catalog(sasebo[1]), catalog(sasebo[0])
    assert later.value(H27, PREV) == H26
    assert earlier.value(H26, PREV) is None  # the first report has none
    # the other year is named for a portal: its dataset name and its title
    assert str(later.value(H26, DCTERMS.identifier)) == "record-sasebo-chiiki-fukushi-toshin-h26"
    assert str(earlier.value(H27, DCTERMS.identifier)) == "record-sasebo-chiiki-fukushi-toshin-h27"


def test_the_yearly_table_of_the_sasebo_pair(sasebo: list[Path]) -> None:
    """Hand-written from the two answers: four goals × two years; FY2014 from the FY2014
    answer (the FY2015 answer restates it as 前年度), goal 3 spelled as each year prints it."""
    assert not (sasebo[0] / "dist" / YEARLY).exists()  # the first year alone: one year
    found = rows(sasebo[1])
    assert [
        (r["ID"], r["年度"], r["年度（資料の表記）"], r["評価：全体的な評価結果"]) for r in found
    ] == [
        ("goal-area1_2014", "2014", "平成26年度", "B評価"),
        ("goal-area1_2015", "2015", "平成27年度", "B評価"),
        ("goal-area2_2014", "2014", "平成26年度", "C評価"),
        ("goal-area2_2015", "2015", "平成27年度", "B評価"),
        ("goal-area3_2014", "2014", "平成26年度", "B評価"),
        ("goal-area3_2015", "2015", "平成27年度", "B評価"),
        ("goal-area4_2014", "2014", "平成26年度", "C評価"),
        ("goal-area4_2015", "2015", "平成27年度", "B評価"),
    ]
    assert {r["報告"] for r in found if r["年度"] == "2014"} == {H26_TITLE}
    assert {r["報告"] for r in found if r["年度"] == "2015"} == {H27_TITLE}
    goal3 = [r["基本目標"] for r in found if r["ID"].startswith("goal-area3")]
    assert goal3 == [
        "地域の主体系活動を実践する取組み(地域福祉活動)",
        "地域の主体的活動を実践する取組み(地域福祉活動)",
    ]
    assert {r["全国地方公共団体コード"] for r in found} == {"422029"}
    assert {r["対象"] for r in found} == {"基本目標"}
    assert all(r["進捗状況"] == r["課題"] == r["主体名"] == "" for r in found)  # none printed


def test_a_report_restating_last_year_alone_shows_it_as_printed(tmp_path: Path) -> None:
    root = copy_package(tmp_path / "h27", REPO / "tests/records/sasebo-chiiki-fukushi-toshin-h27")
    assert main(["release", str(root)]) == 0
    first = rows(root)[0]
    assert (first["ID"], first["年度（資料の表記）"], first["報告"]) == (
        "goal-area1_2014",
        "前年度",
        H27_TITLE,
    )
    g = catalog(root)
    assert g.value(SERIES, FIRST) == g.value(SERIES, LAST) == H27  # a series of one so far
    assert g.value(H27, PREV) is None


def test_the_yearly_table_is_a_main_table_for_people(kakuu: list[Path]) -> None:
    dist = kakuu[1] / "dist"
    stem = "main/990019_chiiki-fukushi-3"
    found = rows(kakuu[1], f"{stem}_yearly.csv")
    city = {r["年度"]: r for r in found if r["ID"].startswith("g1-1_city_")}
    assert sorted(city) == ["2023", "2024", "2025"]
    assert city["2025"]["進捗状況"] == NEXT_PROGRESS
    assert city["2024"]["進捗状況"] == "見守り協定を結ぶ事業者を新たに１２事業所増やしました。"
    assert city["2024"]["評価：達成度"] == "計画どおり進んでいる"
    moved = {r["年度"]: r["評価：達成度"] for r in found if r["ID"].startswith("g1-2_shakyo_")}
    assert moved == {"2024": "やや遅れている", "2025": "おおむね進んでいる"}  # C, then B
    assert NEXT_GRADE == ("gr3", "B")
    # documented: the main tables' Data Package describes every column in Japanese and English
    descriptor = json.loads((dist / "main/datapackage.json").read_text("utf-8"))
    (yearly,) = [r for r in descriptor["resources"] if r["name"] == "yearly"]
    assert yearly["path"] == "990019_chiiki-fukushi-3_yearly.csv"
    fields = {f["name"]: f for f in yearly["schema"]["fields"]}
    assert list(fields)[:3] == ["全国地方公共団体コード", "ID", "地方公共団体名"]
    assert fields["年度"]["type"] == "integer"
    assert all(" / " in f["description"] for f in fields.values())
    report = Package(str(dist / "main/datapackage.json")).validate()  # frictionless
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    # in the bundle: checksums and the catalogue's distributions
    sums = (dist / "SHA256SUMS").read_text("utf-8")
    for path in (f"{stem}_yearly.csv", f"{stem}_yearly_excel.csv"):
        digest = hashlib.sha256((dist / path).read_bytes()).hexdigest()
        assert f"{digest}  {path}\n" in sums
    g = catalog(kakuu[1])
    names = {str(g.value(d, DCTERMS.identifier)) for d in g.subjects(RDF.type, DCAT.Distribution)}
    assert {"example-kakuu-shi-chiiki-fukushi-3-r7_yearly-csv"} <= names
    assert "年度ごとの進捗と評価" in (dist / "README.md").read_text("utf-8")


def test_the_yearly_table_is_excel_safe(kakuu: list[Path], tmp_path: Path) -> None:
    """BOM and CRLF, codes as text in the workbook, and a text that starts like a formula
    stays text (the apostrophe in the Excel CSV, a text cell in the workbook)."""
    roots = [copy_package(tmp_path / p.name, p) for p in kakuu]
    formula = '=HYPERLINK("http://x","詳細")'
    rewrite_csv(
        roots[1] / "data/progress-entries.csv",
        lambda r: {**r, "progress": formula} if r["progress"] == NEXT_PROGRESS else r,
    )
    assert main(["build", str(roots[1])]) == 0
    assert main(["release", *map(str, roots)]) == 0
    main_dir = roots[1] / "dist/main"
    excel = (main_dir / "990019_chiiki-fukushi-3_yearly_excel.csv").read_bytes()
    assert excel.startswith(b"\xef\xbb\xbf") and b"\r\n" in excel
    assert "'=HYPERLINK" in excel.decode("utf-8-sig")
    plain = (main_dir / "990019_chiiki-fukushi-3_yearly.csv").read_text("utf-8")
    assert '"=HYPERLINK(""http://x"",""詳細"")"' in plain  # the canonical CSV as printed
    sheet = load_workbook(main_dir / "990019_chiiki-fukushi-3.xlsx")["年度ごとの進捗と評価"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        assert row[0].value == "990019" and row[0].number_format == "@"
        assert all(cell.data_type != "f" for cell in row)
    texts = [c.value for row in sheet.iter_rows(min_row=2) for c in row]
    assert '=HYPERLINK("http://x","詳細")' in texts
    assert isinstance(sheet.cell(row=2, column=header.index("年度") + 1).value, int)


def test_two_reports_of_one_year_or_one_dataset_are_refused(tmp_path: Path) -> None:
    h27 = REPO / "tests/records/sasebo-chiiki-fukushi-toshin-h27"
    one, two = copy_package(tmp_path / "one", h27), copy_package(tmp_path / "two", h27)
    result = run_cli("release", str(one), str(two), "--lang", "en")
    assert result.returncode == 1
    assert f"{two}/data/reports.csv:2:fiscal_year: [release.series-year]" in result.stderr
    assert (
        f"{two}/datapackage.json" in result.stderr and "[release.series-dataset]" in result.stderr
    )
    assert not (one / "dist").exists() and not (two / "dist").exists()  # nothing written
    edit_descriptor(two, {"name": "another-name", "id": "https://example.org/another-dataset"})
    edit(two / "data/reports.csv", ",2015,,平成27年度", ",2016,,平成28年度")
    assert run_cli("build", str(two)).returncode == 0
    result = run_cli("release", str(one), str(two), "--lang", "en")
    assert result.returncode == 0, result.stderr  # another year, another dataset: a series


def test_the_two_nagayo_records_are_two_plans_not_one_series(tmp_path: Path) -> None:
    """Nagayo's 事務事業評価 (plan `keikaku`, no title printed) and 施策評価 of the 第8次総合計画
    (`sogo-keikaku-8`) are reports on different plans: released together, each is the only
    member of its own plan's series, with no previous year."""
    roots = [
        copy_package(tmp_path / name, REPO / "tests/records" / name)
        for name in ("nagayo-jimujigyo-hyoka", "nagayo-sogo-keikaku-shisaku-hyoka")
    ]
    assert main(["release", *map(str, roots)]) == 0
    series = []
    for root in roots:
        g = catalog(root)
        (ds,) = g.subjects(RDF.type, DCAT.Dataset)
        series.append(g.value(ds, IN_SERIES))
        assert g.value(ds, PREV) is None
        assert set(g.objects(g.value(ds, IN_SERIES), SERIES_MEMBER)) == {ds}
    assert series == [
        URIRef("https://w3id.org/plan-progress/id/423076/plan/keikaku/series"),
        URIRef("https://w3id.org/plan-progress/id/423076/plan/sogo-keikaku-8/series"),
    ]
