"""The review as a function: real uploads in, problems at the places the person typed them, or
a package that `plan-progress validate` accepts, its release and the workbook back."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

import review_inputs as inputs
from conftest import REPO, run_cli
from plan_progress.core.messages import RULES
from plan_progress.core.package import SOURCE_TABLES, PlanPackage
from plan_progress.review.limits import DEFAULT_LIMITS, Limits
from plan_progress.review.result import ReviewResult
from plan_progress.review.run import PACKAGE_ZIP, RELEASE_ZIP, WORKBOOK, run_review


@pytest.fixture(scope="module")
def uploads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("uploads")


def review(upload: Path, tmp_path: Path, limits: Limits = DEFAULT_LIMITS) -> ReviewResult:
    work = tmp_path / "work"
    work.mkdir(parents=True)
    return run_review(upload, upload.name, work, limits)


def places(result: ReviewResult) -> list[tuple[str, str, int | None, str | None]]:
    return [(f.rule, f.place.where, f.place.row, f.place.column) for f in result.findings]


def unzip(data: bytes, target: Path) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(target)  # our own zip, made by the review
        return archive.namelist()


def test_the_shimotsuke_workbook_is_valid_and_gives_a_package_that_validates(
    uploads: Path, tmp_path: Path
) -> None:
    result = review(inputs.good_workbook(uploads), tmp_path)
    assert result.kind == "workbook" and result.valid, places(result)
    assert sorted(result.downloads) == [PACKAGE_ZIP, RELEASE_ZIP, WORKBOOK]
    names = unzip(result.downloads[PACKAGE_ZIP], tmp_path / "out")
    root = tmp_path / "out" / "plan-progress-092169"
    assert f"{root.name}/datapackage.json" in names
    checked = run_cli("validate", str(root))
    assert checked.returncode == 0, checked.stderr
    # The tables are the Shimotsuke tables, byte for byte.
    for name in SOURCE_TABLES:
        relpath = PlanPackage.open(REPO).relpath(name)
        assert (root / relpath).read_bytes() == (REPO / relpath).read_bytes(), name
    release = unzip(result.downloads[RELEASE_ZIP], tmp_path / "release")
    assert "plan-progress-092169-release/SHA256SUMS" in release
    book = load_workbook(io.BytesIO(result.downloads[WORKBOOK]), read_only=True)
    assert "progress-entries" in book.sheetnames
    # The preview: 28 entries under Japanese headings; the site's report pages.
    entries = result.preview[0]
    assert entries.key == "entries" and len(entries.rows) == 28
    assert [h[0] for h in entries.headings][:3] == [
        "全国地方公共団体コード",
        "ID",
        "地方公共団体名",
    ]
    assert "進捗状況" in [h[0] for h in entries.headings]
    assert result.site_report == {
        "ja": "reports/plan-progress-092169/index.html",
        "en": "reports/plan-progress-092169/index.en.html",
    }
    assert "第２期計画 事業進捗のまとめ(確定版)" in result.site[result.site_report["ja"]].decode()


def test_the_same_workbook_gives_the_same_package_bytes(uploads: Path, tmp_path: Path) -> None:
    first = review(inputs.good_workbook(uploads), tmp_path / "a")
    second = review(inputs.good_workbook(uploads), tmp_path / "b")
    assert first.downloads[PACKAGE_ZIP] == second.downloads[PACKAGE_ZIP]


def test_a_wrong_check_digit_is_at_the_plans_sheet_row_3_column_c(
    uploads: Path, tmp_path: Path
) -> None:
    upload = inputs.edited_workbook(uploads, "digit.xlsx", inputs.wrong_check_digit)
    result = review(upload, tmp_path)
    assert places(result) == [("code.municipality-check-digit", "plans", 3, "C")]
    finding = result.findings[0]
    assert (
        finding.place.value == "092168" and finding.place.column_title == "全国地方公共団体コード"
    )
    assert "092169" in finding.message("ja") and "092169" in finding.message("en")
    assert not result.downloads and not result.site


def test_missing_text_and_a_bad_id_are_at_the_sheet_rows_after_a_blank_row(
    uploads: Path, tmp_path: Path
) -> None:
    upload = inputs.edited_workbook(uploads, "required.xlsx", inputs.missing_required_text)
    result = review(upload, tmp_path)
    found = places(result)
    assert ("table.required", "initiatives", 7, "D") in found
    bad_id = [f for f in result.findings if f.place.row == 8 and f.place.column == "D"]
    assert bad_id and bad_id[0].place.value == "<script>alert('x')</script>"
    assert all(f.place.sheet for f in result.findings)


def test_a_formula_is_reported_at_its_cell(uploads: Path, tmp_path: Path) -> None:
    upload = inputs.edited_workbook(uploads, "formula.xlsx", inputs.formula_cell)
    result = review(upload, tmp_path)
    assert places(result) == [("import.cell", "progress-entries", 6, "F")]
    assert "F6" in result.findings[0].message("ja")


def test_texts_that_look_like_markup_or_a_formula_stay_text_everywhere(
    uploads: Path, tmp_path: Path
) -> None:
    upload = inputs.edited_workbook(uploads, "hostile.xlsx", inputs.hostile_texts)
    result = review(upload, tmp_path)
    assert result.valid, places(result)
    cells = [c for row in result.preview[0].rows for c in row]
    assert "<script>alert('x')</script>" in cells
    assert "=SUM(1,2) は数式ではなく文字" in cells
    page = result.site[result.site_report["ja"]].decode()
    assert "&lt;script&gt;alert(" in page and "<script>alert(" not in page
    book = load_workbook(io.BytesIO(result.downloads[WORKBOOK]))
    values = [(c.value, c.data_type) for row in book["progress-entries"].iter_rows() for c in row]
    assert ("=SUM(1,2) は数式ではなく文字", "s") in values
    assert not [v for v, kind in values if kind == "f"]


def test_a_warning_leaves_the_data_valid_with_its_downloads(uploads: Path, tmp_path: Path) -> None:
    """0.2's warnings (an actor nothing refers to) are shown at their sheet row, in the
    reader's language, and the package, release and workbook are still given."""
    result = review(inputs.edited_workbook(uploads, "unused.xlsx", inputs.unused_actor), tmp_path)
    assert places(result) == [("model.unused", "actors", 5, "A")]
    (finding,) = result.findings
    assert finding.warning and result.valid and result.warnings == [finding]
    assert set(result.downloads) == {PACKAGE_ZIP, RELEASE_ZIP, WORKBOOK}
    assert finding.message("ja") == "主体「unused-actor」はどこからも使われていません。"
    assert finding.message("en") == "Actor unused-actor is not used anywhere."
    stored = ReviewResult.from_summary(json.loads(json.dumps(result.summary())))
    assert stored.findings[0].message("en") == finding.message("en") and stored.valid
    (row,) = json.loads(result.report_json("ja"))["problems"]
    assert row["severity"] == "警告"


def test_an_import_problem_after_a_blank_row_shows_its_typed_cell(
    uploads: Path, tmp_path: Path
) -> None:
    """The import's own problems come at the typed row; the review adds the column's letter,
    its heading and what is typed there (here: the cell it could not read) from the import's way back (`Imported.sources`)."""

    def formula_below_a_blank_row(book: object) -> None:
        inputs.formula_cell(book)
        book[inputs.ENTRIES_SHEET].insert_rows(4)  # type: ignore[index]

    upload = inputs.edited_workbook(uploads, "blank-formula.xlsx", formula_below_a_blank_row)
    result = review(upload, tmp_path)
    assert places(result) == [("import.cell", "progress-entries", 7, "F")]
    place = result.findings[0].place
    assert place.sheet and place.column_title == "課題"
    assert place.value is not None and "計算結果が保存されていない数式" in place.value


def test_a_cp932_csv_zip_is_read_and_its_problems_are_at_the_file_rows(
    uploads: Path, tmp_path: Path
) -> None:
    upload = inputs.csv_zip(
        uploads,
        "cp932.zip",
        "cp932",
        {"plans": lambda text: text.replace("092169", "092168")},
    )
    result = review(upload, tmp_path)
    assert result.kind == "csv-zip"
    assert places(result) == [("code.municipality-check-digit", "excel-csv/plans.csv", 2, "3")]
    assert result.findings[0].place.column_title == "municipality_code"
    assert any("CP932" in note for note in result.notes)


def test_a_utf8_bom_csv_zip_of_the_shimotsuke_tables_is_valid(
    uploads: Path, tmp_path: Path
) -> None:
    result = review(inputs.csv_zip(uploads, "bom.zip", "utf-8-sig", {}), tmp_path)
    assert result.valid, places(result)
    assert not result.notes


def test_a_zipped_package_is_rebuilt_and_its_problems_are_at_its_csv_rows(
    uploads: Path, tmp_path: Path, package_copy: Path
) -> None:
    result = review(inputs.package_zip(uploads), tmp_path / "good")
    assert result.kind == "package" and result.valid, places(result)
    plans = package_copy / "data" / "plans.csv"
    plans.write_text(plans.read_text(encoding="utf-8").replace("092169", "092168"), "utf-8")
    broken = inputs.package_zip(uploads, package_copy, "broken-package.zip")
    result = review(broken, tmp_path / "bad")
    assert places(result) == [("code.municipality-check-digit", "data/plans.csv", 2, "3")]


def test_the_example_with_every_optional_part_previews_the_main_tables(
    uploads: Path, tmp_path: Path
) -> None:
    example = REPO / "examples" / "kakuu-shi-chiiki-fukushi"
    result = review(inputs.package_zip(uploads, example, "kakuu.zip"), tmp_path)
    assert result.valid, places(result)
    assert [t.key for t in result.preview] == ["entries", "grades", "indicators", "counts"]
    assert all(t.headings[0][0] == "全国地方公共団体コード" and t.rows for t in result.preview)


def example_workbook(uploads: Path, name: str) -> tuple[Path, Path]:
    example = REPO / "examples" / name
    book = uploads / f"{name}.xlsx"
    made = run_cli("template", str(book), "--from", str(example))
    assert made.returncode == 0, made.stderr
    return example, book


def test_the_sub_plan_example_workbook_is_valid_with_all_its_tables(
    uploads: Path, tmp_path: Path
) -> None:
    """0.2's parts (sub-plans, grade counts, goal lists, ...) come through the review: the
    workbook made from the example gives back every table the example has, byte for byte."""
    example, book = example_workbook(uploads, "mihon-machi-kenko")
    result = review(book, tmp_path)
    assert result.valid and not result.findings, places(result)
    with zipfile.ZipFile(io.BytesIO(result.downloads[PACKAGE_ZIP])) as archive:
        tables = {Path(n).name: archive.read(n) for n in archive.namelist() if "/data/" in n}
    compared = 0
    for table in sorted((example / "data").glob("*.csv")):
        if table.name in tables:
            assert tables[table.name] == table.read_bytes(), table.name
            compared += 1
    assert compared >= 19 and tables["grade-counts.csv"].count(b"\n") > 1
    assert tables["plans.csv"].count(b"\n") == 3  # the plan and its sub-plan


def test_a_workbook_with_a_profiles_extension_columns_names_them(
    uploads: Path, tmp_path: Path
) -> None:
    """A workbook carries no descriptor, so a profile's extra columns are unknown to the
    review: each is named at the sheet's header row (a zipped package brings its profile)."""
    _, book = example_workbook(uploads, "kakuu-shi-chiiki-fukushi")
    result = review(book, tmp_path)
    assert places(result) == [
        ("import.header", "initiatives", 2, None),
        ("import.header", "progress-entries", 2, None),
    ]
    assert "kakuu_budget_thousand_yen" in result.findings[0].message("ja")


@pytest.mark.parametrize(
    "entry", ["../../escaped.csv", "/tmp/absolute.csv", "C:/windows.csv", "a\\..\\b.csv"]
)
def test_a_zip_entry_that_climbs_out_refuses_the_upload_and_writes_nothing_outside(
    tmp_path: Path, entry: str
) -> None:
    upload = inputs.traversal_zip(tmp_path, entry)
    result = review(upload, tmp_path)
    assert [f.rule for f in result.findings] == ["path.outside-package"]
    assert not list(tmp_path.rglob("escaped.csv")) and not Path("/tmp/absolute.csv").exists()


def test_a_symbolic_link_in_a_zip_refuses_the_upload(tmp_path: Path) -> None:
    result = review(inputs.symlink_zip(tmp_path), tmp_path)
    assert [f.rule for f in result.findings] == ["path.link-outside"]


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    result = review(inputs.bomb_zip(tmp_path), tmp_path)
    assert [f.rule for f in result.findings] == ["review.zip-limit"]
    assert sum(p.stat().st_size for p in (tmp_path / "work").rglob("*") if p.is_file()) < 1 << 20


def test_too_many_zip_entries_and_too_large_uploads_are_refused(tmp_path: Path) -> None:
    result = review(inputs.many_entries_zip(tmp_path, 30), tmp_path / "a", Limits(members=20))
    assert [f.rule for f in result.findings] == ["review.zip-limit"]
    big = tmp_path / "big.xlsx"
    big.write_bytes(b"0" * 2048)
    result = review(big, tmp_path / "b", Limits(upload_bytes=1024))
    assert [f.rule for f in result.findings] == ["review.upload-too-large"]


@pytest.mark.parametrize(
    ("name", "data"),
    [("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), ("plans.csv", b"a,b\n")],
)
def test_files_of_other_kinds_get_one_message_naming_the_accepted_forms(
    tmp_path: Path, name: str, data: bytes
) -> None:
    upload = tmp_path / name
    upload.write_bytes(data)
    result = review(upload, tmp_path)
    assert [f.rule for f in result.findings] == ["review.unsupported"]
    assert result.findings[0].place.where == name
    assert ".xlsx" in RULES["review.unsupported"].fix_ja


def test_no_message_names_a_path_of_the_server(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    result = review(broken, tmp_path)
    assert result.findings
    text = result.report_json("ja") + result.report_json("en")
    assert str(tmp_path) not in text


def test_the_report_files_say_the_same_in_csv_and_json(uploads: Path, tmp_path: Path) -> None:
    upload = inputs.edited_workbook(uploads, "required2.xlsx", inputs.missing_required_text)
    result = review(upload, tmp_path)
    csv_text = result.report_csv("ja")
    assert csv_text.startswith("\ufeff種類,区分,規則".encode())
    assert b"\r\n" in csv_text
    report = json.loads(result.report_json("en"))
    assert report["valid"] is False
    assert {p["rule"] for p in report["problems"]} == {f.rule for f in result.findings}
    assert len(csv_text.decode("utf-8-sig").strip().split("\r\n")) == len(result.findings) + 1


def test_a_value_that_starts_like_a_formula_is_text_in_the_csv_report(tmp_path: Path) -> None:
    upload = tmp_path / "formula-text.zip"
    with zipfile.ZipFile(upload, "w") as archive:
        plans = (REPO / "data" / "plans.csv").read_text(encoding="utf-8")
        archive.writestr("plans.csv", plans.replace("092169", "=1+2"))
    result = review(upload, tmp_path)
    assert [f.place.value for f in result.findings if f.place.column == "3"] == ["=1+2"]
    rows = list(csv.reader(io.StringIO(result.report_csv("ja").decode("utf-8-sig"))))
    assert "'=1+2" in [cell for row in rows for cell in row]
    assert not [cell for row in rows for cell in row if cell.startswith(("=", "+", "@"))]


def test_a_stored_result_reads_back_the_same(uploads: Path, tmp_path: Path) -> None:
    upload = inputs.edited_workbook(uploads, "required3.xlsx", inputs.missing_required_text)
    result = review(upload, tmp_path)
    again = ReviewResult.from_summary(result.summary())
    assert again.report_json("ja") == result.report_json("ja")


def test_the_pages_stored_form_keeps_the_listed_findings_and_every_count(
    uploads: Path, tmp_path: Path
) -> None:
    """3,000 extra columns: the pages' stored form holds 50 findings, yet counts, groups
    and the verdict are those of the whole list."""
    result = review(inputs.extra_columns_package_zip(uploads, 3_000), tmp_path)
    assert len(result.findings) == 3_000
    page = ReviewResult.from_summary(json.loads(json.dumps(result.page_summary())))
    assert len(page.findings) == 50
    assert page.listed_groups() == result.listed_groups()
    assert page.listed().not_listed == result.listed().not_listed == {"table.header": 2_950}
    assert (page.error_count, page.warning_count, page.valid) == (3_000, 0, False)
    assert page.counts_by_kind() == result.counts_by_kind() == [("values", 3_000)]
