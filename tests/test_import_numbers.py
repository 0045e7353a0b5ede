"""`import` and numbers: percent-formatted cells, thousands separators, and text that is
not a number (an error, never a guess)."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli
from import_books import MIHON, excel_csv, package_and_book, problem_lines, rows, type_into
from test_spreadsheet_import import digests


def test_percent_cells_become_percent_units(tmp_path: Path) -> None:
    package, book = package_and_book(tmp_path, MIHON)
    # What Excel stores for 41.5% and 60%, shown with percent formats.
    type_into(book, "indicators", 3, {"current_value": 0.415}, {"current_value": "0.0%"})
    type_into(book, "indicators", 3, {"target_value": 0.6}, {"target_value": "0%"})
    # k3 has no unit yet: a percentage gives it one.
    type_into(book, "indicators", 5, {"baseline_value": 0.184}, {"baseline_value": "0.0%"})
    # indicator-values of k1 (unit %): the unit is the indicator's.
    type_into(book, "indicator-values", 3, {"actual_value": 0.351}, {"actual_value": "0.0%"})
    # A literal % in a format is no percentage: 45 stays 45.
    type_into(book, "indicator-values", 3, {"planned_value": 45}, {"planned_value": '0"%"'})
    result = run_cli("import", str(book), str(package))
    assert result.returncode == 0, result.stderr
    indicators = {r["indicator_id"]: r for r in rows(package / "data" / "indicators.csv")}
    assert (indicators["k1"]["current_value"], indicators["k1"]["target_value"]) == ("41.5", "60")
    assert (indicators["k3"]["baseline_value"], indicators["k3"]["unit"]) == ("18.4", "%")
    assert indicators["k1"]["unit"] == "%" and indicators["k2"]["unit"] == "g"
    values = rows(package / "data" / "indicator-values.csv")
    assert (values[0]["planned_value"], values[0]["actual_value"]) == ("45", "35.1")
    # Everything else exactly as in the example.
    expected = (MIHON / "data" / "indicators.csv").read_text(encoding="utf-8")
    expected = expected.replace(
        "k3,chukan-hyoka,3,自殺死亡率（人口10万対）,,",
        "k3,chukan-hyoka,3,自殺死亡率（人口10万対）,%,",
    )
    assert (package / "data" / "indicators.csv").read_text(encoding="utf-8") == expected
    for name in ("indicator-values.csv", "grades.csv", "reports.csv"):
        assert (package / "data" / name).read_bytes() == (MIHON / "data" / name).read_bytes()


def test_percent_with_another_unit_is_an_error(tmp_path: Path) -> None:
    package, book = package_and_book(tmp_path, MIHON)
    type_into(book, "indicators", 4, {"baseline_value": 0.108}, {"baseline_value": "0.0%"})
    type_into(book, "indicators", 6, {"current_value": 0.42}, {"current_value": "0%"})  # 人
    before = digests(package)
    ja = run_cli("import", str(book), str(package))
    en = run_cli("import", str(book), str(package), "--lang", "en")
    assert ja.returncode == en.returncode == 1
    lines = problem_lines(ja.stderr, "import.percent")
    assert len(lines) == 2
    assert lines[0].startswith("[book.xlsx]indicators:4:baseline_value: [import.percent] セル J4")
    assert "パーセント表示（10.8%）ですが、単位（unit）が「g」です" in lines[0]
    assert "[book.xlsx]indicators:6:current_value: [import.percent]" in lines[1]
    assert 'is a percentage (42%) but its unit (unit) is "人"' in en.stderr
    assert digests(package) == before


def test_percent_in_values_needs_the_indicator_unit(tmp_path: Path) -> None:
    package, book = package_and_book(tmp_path, MIHON)
    type_into(book, "indicator-values", 4, {"indicator_id": "k2", "actual_value": 0.398})
    type_into(book, "indicator-values", 4, {"actual_value": 0.398}, {"actual_value": "0.0%"})
    result = run_cli("import", str(book), str(package), "--lang", "en")
    assert result.returncode == 1
    (line,) = problem_lines(result.stderr, "import.percent")
    assert line.startswith("[book.xlsx]indicator-values:4:actual_value: [import.percent]")
    assert 'its unit (indicators.unit (indicator_id k2)) is "g"' in line


def test_thousands_separators_and_full_width_digits(tmp_path: Path) -> None:
    package, book = package_and_book(tmp_path, MIHON)
    type_into(book, "indicators", 6, {"target_value": "1,258", "current_value": "４２"})
    type_into(book, "indicators", 3, {"number": "1"})  # an integer typed as text
    result = run_cli("import", str(book), str(package))
    assert result.returncode == 0, result.stderr
    k4 = next(r for r in rows(package / "data" / "indicators.csv") if r["indicator_id"] == "k4")
    assert (k4["target_value"], k4["current_value"]) == ("1258", "42")


def test_text_that_is_not_a_number_is_an_error(tmp_path: Path) -> None:
    package, book = package_and_book(tmp_path, MIHON)
    type_into(book, "indicators", 3, {"baseline_value": "約38"})
    type_into(book, "indicators", 4, {"target_value": "1,25"})  # not a thousands group
    type_into(book, "indicators", 5, {"current_value": "△5"})  # a minus only in accounts
    type_into(book, "indicators", 6, {"number": 4.5})  # not an integer
    before = digests(package)
    ja = run_cli("import", str(book), str(package))
    assert ja.returncode == 1
    lines = problem_lines(ja.stderr, "import.number")
    assert [line.split(": [")[0] for line in lines] == [
        "[book.xlsx]indicators:3:baseline_value",
        "[book.xlsx]indicators:4:target_value",
        "[book.xlsx]indicators:5:current_value",
        "[book.xlsx]indicators:6:number",
    ]
    assert (
        "「約38」を「初期値」の値として読めません：数値ではありません（桁区切りは 1,258 の形だけ読みます）"
        in lines[0]
    )
    assert "「4.5」を「番号」の値として読めません：整数ではありません" in lines[3]
    assert digests(package) == before


def test_excel_csv_with_percent_and_separators(tmp_path: Path) -> None:
    """Excel saves what it shows: 41.5% and 1,258 as text in a CP932 CSV."""
    package, _ = package_and_book(tmp_path, MIHON)
    with (package / "data" / "indicators.csv").open(encoding="utf-8", newline="") as f:
        import csv

        table = list(csv.reader(f))
    header = table[0]
    table[1][header.index("current_value")] = "41.5%"
    table[4][header.index("target_value")] = "1,258"
    source = tmp_path / "indicators.csv"
    source.write_bytes(excel_csv(table, "cp932"))
    result = run_cli("import", str(source), str(package))
    assert result.returncode == 0, result.stderr
    indicators = {r["indicator_id"]: r for r in rows(package / "data" / "indicators.csv")}
    assert indicators["k1"]["current_value"] == "41.5" and indicators["k1"]["unit"] == "%"
    assert indicators["k4"]["target_value"] == "1258"
