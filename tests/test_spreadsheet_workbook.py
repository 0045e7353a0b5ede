"""The workbook reader (`spreadsheet.workbook`) against hostile workbooks, through the
command a person runs (`plan-progress import`), and the capped text of `validate`: what is
read is bounded by the table's columns, the shared strings and the compression of each part;
a formula's saved result is imported with a warning at its cell."""

from __future__ import annotations

import json
import time
import zipfile
from pathlib import Path

import pytest

import review_inputs as inputs
from conftest import copy_package, run_cli
from plan_progress.core.problems import MAX_LISTED, Problem, listed
from plan_progress.core.zip_limits import ZipLimits, broken_limit


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("books")


def _import(book: Path, package: Path) -> tuple[int, str, float]:
    started = time.monotonic()
    done = run_cli("import", str(book), str(package))
    return done.returncode, done.stderr, time.monotonic() - started


def test_a_value_right_of_the_table_is_refused_at_its_cell(books: Path, tmp_path: Path) -> None:
    package = copy_package(tmp_path / "pkg")
    before = (package / "data" / "progress-entries.csv").read_bytes()
    code, said, took = _import(inputs.wide_rows_workbook(books, 20_000, value=True), package)
    assert code == 1 and "[limit.columns]" in said
    assert "progress-entries:31:XFD: [limit.columns] セル XFD31 に値があります" in said
    assert took < 20  # a fresh interpreter; the reading itself stops at the first such cell
    assert (package / "data" / "progress-entries.csv").read_bytes() == before


def test_empty_cells_right_of_the_table_are_not_read(books: Path, tmp_path: Path) -> None:
    package = copy_package(tmp_path / "pkg")
    code, said, _ = _import(inputs.wide_rows_workbook(books, 20_000, value=False), package)
    assert code == 0, said


@pytest.mark.parametrize(
    ("count", "distinct", "rule"),
    [(1_000_000, False, "limit.compression"), (200_001, True, "limit.shared-strings")],
    ids=["repeated-bomb", "distinct"],
)
def test_shared_string_tables_are_bounded(
    books: Path, tmp_path: Path, count: int, distinct: bool, rule: str
) -> None:
    package = copy_package(tmp_path / "pkg")
    code, said, _ = _import(inputs.shared_strings_workbook(books, count, distinct), package)
    assert code == 1 and f"[{rule}]" in said and "xl/sharedStrings.xml" in said, said


def test_shared_strings_at_the_limit_are_read(books: Path, tmp_path: Path) -> None:
    """The limit is a limit, not a refusal of shared strings: 200,000 are fine (the sheets
    here still use inline strings, so nothing changes)."""
    package = copy_package(tmp_path / "pkg")
    code, said, _ = _import(inputs.shared_strings_workbook(books, 200_000, True), package)
    assert code == 0, said


def test_a_formulas_saved_result_is_imported_with_a_warning(books: Path, tmp_path: Path) -> None:
    package = copy_package(tmp_path / "pkg")
    code, said, _ = _import(inputs.formula_result_workbook(books), package)
    assert code == 0, said
    assert "plans:3:end_fiscal_year: [import.formula-value] セル H3 は数式です" in said, said
    english = run_cli(
        "import", str(inputs.formula_result_workbook(books)), str(package), "--lang", "en"
    )
    assert "Cell H3 is a formula; the result saved with it, 2021, was imported" in english.stderr


def test_the_zip_check_is_the_same_for_zips_and_workbooks(books: Path) -> None:
    """One check (`core.zip_limits`): the ratio of one part, the total, the members."""
    bomb = inputs.shared_strings_workbook(books, 1_000_000, distinct=False)
    limits = ZipLimits(members=1000, member_bytes=10**9, unzipped_bytes=10**9, ratio=100)
    with zipfile.ZipFile(bomb) as archive:
        broken = broken_limit(archive, limits)
        assert broken is not None and broken.what == "ratio"
        assert broken.entry == "xl/sharedStrings.xml" and broken.found > 100
        small = ZipLimits(members=5, member_bytes=10**9, unzipped_bytes=10**9, ratio=100)
        assert broken_limit(archive, small).what == "members"  # type: ignore[union-attr]
    with zipfile.ZipFile(inputs.good_workbook(books)) as archive:
        assert broken_limit(archive, limits) is None


def test_listing_keeps_the_first_of_each_rule_and_counts_the_rest() -> None:
    problems = [Problem("table.header", "a.csv", 1, str(n)) for n in range(120)]
    problems += [Problem("table.required", "a.csv", n, "x") for n in range(3)]
    shown = listed(problems, per_rule=50, total=52)
    assert [p.rule for p in shown.items] == ["table.header"] * 50 + ["table.required"] * 2
    assert shown.not_listed == {"table.header": 70, "table.required": 1}
    assert shown.not_listed_total == 71


def test_validate_lists_at_most_the_cap_and_json_keeps_everything(tmp_path: Path) -> None:
    """100,000 extra columns once printed 100,002 lines."""
    package = copy_package(tmp_path / "pkg")
    plans = package / "data" / "plans.csv"
    lines = plans.read_text(encoding="utf-8").split("\n")
    extra = 30_000
    header = lines[0] + "".join(f",extra_{n}" for n in range(extra))
    plans.write_text(
        "\n".join([header, *(line + "," * extra if line else line for line in lines[1:])]),
        encoding="utf-8",
    )
    text = run_cli("validate", str(package))
    assert text.returncode == 1
    said = text.stderr.splitlines()
    assert len(said) < MAX_LISTED, len(said)
    assert sum("[table.header]" in line for line in said) == 50 + 1  # and the "more" line
    assert "[table.header] ほかに 29950 件（一覧は --format json ですべて出力されます）" in said
    assert "  table.header: 30000件" in said  # the count per rule stays complete
    english = run_cli("validate", str(package), "--lang", "en").stderr
    assert "[table.header] 29950 more not listed (--format json lists them all)" in english
    report = json.loads(run_cli("validate", str(package), "--format", "json").stdout)
    assert len(report["problems"]) == 30_000 and report["summary"]["table.header"] == 30_000
