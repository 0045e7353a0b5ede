"""`import` and codelist columns: codes, their Japanese titles, and unknown values."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli
from import_books import KAKUU, excel_csv, package_and_book, problem_lines, table_rows, type_into
from test_spreadsheet_import import digests


def test_japanese_titles_become_codes(tmp_path: Path) -> None:
    package, book = package_and_book(tmp_path, KAKUU)
    type_into(book, "grade-scales", 3, {"assessor": "自己評価"})
    type_into(book, "grade-scales", 4, {"assessor": "委員会"})  # the start of 委員会評価
    type_into(book, "reports", 3, {"status": "確定版"})
    type_into(book, "actors", 4, {"actor_type": "社会福祉協議会"})
    type_into(book, "initiatives", 3, {"item_type": "継続"})
    type_into(book, "initiatives", 4, {"item_type": " 充実 "})  # stray spaces around it
    type_into(book, "responsibilities", 3, {"role": "担当課"})
    result = run_cli("import", str(book), str(package))
    assert result.returncode == 0, result.stderr
    assert "[import." not in result.stderr and "まだ" not in result.stderr
    # Exactly the example's codes: self, committee, final, social-welfare-council, ...
    for path in sorted(package.glob("data/*.csv")):
        assert path.read_bytes() == (KAKUU / "data" / path.name).read_bytes(), path.name


def test_unknown_value_lists_the_allowed_ones_in_words(tmp_path: Path) -> None:
    package, book = package_and_book(tmp_path, KAKUU)
    type_into(book, "grade-scales", 4, {"assessor": "外部評価"})
    type_into(book, "initiatives", 3, {"item_type": "新"})  # one character: too short to tell
    before = digests(package)
    ja = run_cli("import", str(book), str(package))
    en = run_cli("import", str(book), str(package), "--lang", "en")
    assert ja.returncode == en.returncode == 1
    line = next(x for x in problem_lines(ja.stderr, "import.code") if "grade-scales" in x)
    assert line.startswith("[book.xlsx]grade-scales:4:assessor: [import.code] ")
    assert "セル E4 の「外部評価」は「評価者の区分」のコードでも名称でもありません" in line
    assert "（使える値：self（自己評価）、committee（委員会評価））" in line
    assert "[book.xlsx]initiatives:3:item_type: [import.code]" in ja.stderr
    assert "new（新規）、enhanced（充実）、continued（継続）" in ja.stderr
    assert "(allowed: self (自己評価), committee (委員会評価))" in en.stderr
    assert "['" not in ja.stderr + en.stderr  # never a Python list
    assert digests(package) == before


def test_cp932_csv_with_titles(tmp_path: Path, package_copy: Path) -> None:
    original = table_rows(package_copy / "data" / "reports.csv")
    typed = [original[0], [*original[1]]]
    typed[1][original[0].index("status")] = "確定版"
    source = tmp_path / "reports.csv"
    source.write_bytes(excel_csv(typed, "cp932"))
    before = (package_copy / "data" / "reports.csv").read_bytes()
    (package_copy / "data" / "reports.csv").write_text(",".join(original[0]) + "\n")
    result = run_cli("import", str(source), str(package_copy))
    assert result.returncode == 0, result.stderr
    assert "read as CP932" in result.stderr
    assert (package_copy / "data" / "reports.csv").read_bytes() == before


def test_unknown_value_in_a_csv_is_at_its_row(tmp_path: Path, package_copy: Path) -> None:
    original = table_rows(package_copy / "data" / "actors.csv")
    column = original[0].index("actor_type")
    typed = [original[0], [], *original[1:]]  # a blank line: the row below is row 3
    typed[2][column] = "自治体"
    source = tmp_path / "actors.csv"
    source.write_bytes(excel_csv(typed, "utf-8-sig"))
    result = run_cli("import", str(source), str(package_copy), "--lang", "en")
    assert result.returncode == 1
    assert f"{source}:3:actor_type: [import.code] Cell 3:{column + 1}: 自治体" in result.stderr
    assert "municipality (地方公共団体), social-welfare-council (社会福祉協議会)" in result.stderr
