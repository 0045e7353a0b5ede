"""`import` and 和暦: dates and fiscal years typed in Japanese eras become ISO values, the
era boundaries hold, and nothing ambiguous is guessed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import run_cli
from import_books import (
    KAKUU,
    MIHON,
    excel_csv,
    package_and_book,
    problem_lines,
    rows,
    table_rows,
    type_into,
)
from plan_progress.spreadsheet.wareki import ERAS, WarekiError, parse_date, parse_fiscal_year
from test_spreadsheet_import import digests


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("R7.3.31", dt.date(2025, 3, 31)),
        ("令和7年3月31日", dt.date(2025, 3, 31)),
        ("令和７年３月３１日", dt.date(2025, 3, 31)),
        ("Ｒ７．３．３１", dt.date(2025, 3, 31)),
        ("令7.3.31", dt.date(2025, 3, 31)),
        ("r7/3/31", dt.date(2025, 3, 31)),
        ("H27.8.6", dt.date(2015, 8, 6)),
        ("平成31年4月30日", dt.date(2019, 4, 30)),  # the last day of Heisei
        ("令和元年5月1日", dt.date(2019, 5, 1)),  # the first day of Reiwa
        ("R1.5.1", dt.date(2019, 5, 1)),
        ("S64.1.7", dt.date(1989, 1, 7)),
        ("H1.1.8", dt.date(1989, 1, 8)),
        ("大正元年7月30日", dt.date(1912, 7, 30)),
        ("明治45年7月29日", dt.date(1912, 7, 29)),
        ("M6.1.1", dt.date(1873, 1, 1)),
        ("2025/3/31", dt.date(2025, 3, 31)),
        ("2025年3月31日", dt.date(2025, 3, 31)),
        ("2025-03-31", dt.date(2025, 3, 31)),
    ],
)
def test_dates_read_for_certain(text: str, expected: dt.date) -> None:
    assert parse_date(text)[0] == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("H31.5.1", "平成は 2019-04-30 までです"),  # Heisei had ended
        ("令和元年4月30日", "令和は 2019-05-01 からです"),  # Reiwa had not begun
        ("S64.1.8", "昭和は 1989-01-07 までです"),
        ("T15.12.25", "大正は 1926-12-24 までです"),
        ("令和0年1月1日", "令和0年はありません"),
        ("令和7年2月30日", "実在しない日付"),
        ("M5.12.1", "旧暦"),  # before the Gregorian calendar
        ("7.3.31", "確実に読める日付の形ではありません"),  # which era?
        ("25/3/31", "確実に読める日付の形ではありません"),  # which century?
        ("3月31日", "確実に読める日付の形ではありません"),  # which year?
        ("令和7年度末", "確実に読める日付の形ではありません"),
        ("X7.3.31", "確実に読める日付の形ではありません"),
    ],
)
def test_ambiguous_or_impossible_dates_are_errors(text: str, why: str) -> None:
    with pytest.raises(WarekiError) as raised:
        parse_date(text)
    assert why in raised.value.ja and raised.value.en


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("令和3年度", 2021),
        ("R3", 2021),
        ("令和元年度", 2019),
        ("平成31年度", 2019),  # April 2019 was still Heisei
        ("平成32年度", 2020),  # as plans written before 2019 print it
        ("H27", 2015),
        ("2021年度", 2021),
        ("2021", 2021),
    ],
)
def test_fiscal_years(text: str, year: int) -> None:
    assert parse_fiscal_year(text)[0] == year


@pytest.mark.parametrize("text", ["3年度", "令和0年度", "R3.4", "FY21", "21"])
def test_fiscal_years_that_cannot_be_told(text: str) -> None:
    with pytest.raises(WarekiError):
        parse_fiscal_year(text)


def test_era_table_is_in_order() -> None:
    assert [e.name for e in ERAS] == ["明治", "大正", "昭和", "平成", "令和"]
    assert [e.start for e in ERAS] == sorted(e.start for e in ERAS)


def test_wareki_in_a_workbook_becomes_iso(tmp_path: Path) -> None:
    package, book = package_and_book(tmp_path, KAKUU)
    type_into(book, "reports", 3, {"confirmation_date": "令和7年3月18日"})
    result = run_cli("import", str(book), str(package))
    assert result.returncode == 0, result.stderr
    (report,) = rows(package / "data" / "reports.csv")
    assert report["confirmation_date"] == "2025-03-18"
    # Where the table keeps the date as printed beside it, the typed text goes there.
    if "confirmation_date_label" in report:
        assert report["confirmation_date_label"] in ("令和7年3月18日", "令和７年３月１８日")


def test_fiscal_years_and_their_printed_labels(tmp_path: Path) -> None:
    package, book = package_and_book(tmp_path, MIHON)
    # The year typed in 和暦 with its label left empty: the label is the text typed.
    type_into(
        book,
        "indicators",
        3,
        {"baseline_fiscal_year": "平成30年度", "baseline_fiscal_year_label": None},
    )
    # A label already there is kept as it is.
    type_into(book, "indicators", 4, {"target_fiscal_year": "R11"})
    type_into(book, "indicator-values", 4, {"fiscal_year": "令和3年度"})
    result = run_cli("import", str(book), str(package))
    assert result.returncode == 0, result.stderr
    for name in ("indicators.csv", "indicator-values.csv"):
        assert (package / "data" / name).read_bytes() == (MIHON / "data" / name).read_bytes()


def test_era_boundary_in_a_workbook(tmp_path: Path) -> None:
    package, book = package_and_book(tmp_path, KAKUU)
    type_into(book, "reports", 3, {"confirmation_date": "H31.5.1"})
    type_into(book, "indicators", 3, {"baseline_fiscal_year": "3年度"})
    before = digests(package)
    ja = run_cli("import", str(book), str(package))
    en = run_cli("import", str(book), str(package), "--lang", "en")
    assert ja.returncode == en.returncode == 1
    (date,) = problem_lines(ja.stderr, "import.date")
    assert date.startswith(
        "[book.xlsx]reports:3:confirmation_date: [import.date] セル F3 の「H31.5.1」"
    )
    assert "平成は 2019-04-30 までです（2019-05-01 は平成ではありません）" in date
    (year,) = problem_lines(ja.stderr, "import.fiscal-year")
    assert year.startswith("[book.xlsx]indicators:3:baseline_fiscal_year: [import.fiscal-year]")
    assert "平成 (H) ended on 2019-04-30, before 2019-05-01" in en.stderr
    assert digests(package) == before


def test_reiwa_first_day_in_a_cp932_csv(tmp_path: Path, package_copy: Path) -> None:
    table = table_rows(package_copy / "data" / "reports.csv")
    table[1][table[0].index("confirmation_date")] = "令和元年5月1日"
    source = tmp_path / "reports.csv"
    source.write_bytes(excel_csv(table, "cp932"))
    result = run_cli("import", str(source), str(package_copy))
    assert result.returncode == 0, result.stderr
    (report,) = rows(package_copy / "data" / "reports.csv")
    assert report["confirmation_date"] == "2019-05-01"


def test_a_date_typed_where_the_format_was_a_number_is_an_error(tmp_path: Path) -> None:
    package, book = package_and_book(tmp_path, KAKUU)
    type_into(book, "reports", 3, {"confirmation_date": 45734}, {"confirmation_date": "0"})
    result = run_cli("import", str(book), str(package), "--lang", "en")
    assert result.returncode == 1
    assert "[book.xlsx]reports:3:confirmation_date: [import.date]" in result.stderr
    assert "a number, not a date" in result.stderr
