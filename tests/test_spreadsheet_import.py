"""`plan-progress import`: workbooks and Excel's CSV files back to the canonical CSV."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import unicodedata
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import REPO, run_cli
from plan_progress.core import standard
from plan_progress.core.package import SOURCE_TABLES, PlanPackage

TABLE_PATHS = {name: PlanPackage.open(REPO).relpath(name) for name in SOURCE_TABLES}


def originals() -> dict[str, bytes]:
    return {name: (REPO / path).read_bytes() for name, path in TABLE_PATHS.items()}


def digests(root: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in root.glob("data/*.csv")}


def empty_tables(root: Path) -> None:
    """Leave only header rows, so an import that wrote nothing cannot pass for a round trip."""
    for path in TABLE_PATHS.values():
        header = (root / path).read_bytes().split(b"\n", 1)[0]
        (root / path).write_bytes(header + b"\n")


def test_workbook_round_trip_is_byte_identical(tmp_path: Path, package_copy: Path) -> None:
    book = tmp_path / "shimotsuke.xlsx"
    assert run_cli("template", str(book), "--from", str(REPO)).returncode == 0
    empty_tables(package_copy)
    result = run_cli("import", str(book), str(package_copy))
    assert result.returncode == 0, result.stderr
    for name, data in originals().items():
        assert (package_copy / TABLE_PATHS[name]).read_bytes() == data, name
    assert run_cli("validate", str(package_copy)).returncode == 0


EXAMPLES = sorted(p.parent for p in (REPO / "examples").glob("*/datapackage.json"))


def test_there_are_example_packages_to_round_trip() -> None:
    assert len(EXAMPLES) >= 2


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_example_packages_round_trip_through_a_workbook(tmp_path: Path, example: Path) -> None:
    """The examples use every optional part: numbers, booleans, codes, statuses."""
    copy = tmp_path / example.name
    shutil.copytree(example, copy)
    book = tmp_path / "example.xlsx"
    assert run_cli("template", str(book), "--from", str(copy)).returncode == 0
    tables = sorted(copy.glob("data/*.csv"))
    empty_tables_at(copy, tables)
    result = run_cli("import", str(book), str(copy))
    assert result.returncode == 0, result.stderr
    for path in tables:
        assert path.read_bytes() == (example / "data" / path.name).read_bytes(), path.name


def empty_tables_at(root: Path, tables: list[Path]) -> None:
    for path in tables:
        path.write_bytes(path.read_bytes().split(b"\n", 1)[0] + b"\n")


def excel_csv_folder(tmp_path: Path, encoding: str) -> Path:
    """Every table as Excel saves it: CRLF line ends, in the given encoding."""
    folder = tmp_path / f"csv-{encoding}"
    folder.mkdir()
    for name, data in originals().items():
        text = data.decode("utf-8").replace("\n", "\r\n")
        (folder / f"{name}.csv").write_bytes(text.encode(encoding))
    return folder


@pytest.mark.parametrize(
    ("encoding", "stated"), [("utf-8-sig", None), ("cp932", None), ("cp932", "cp932")]
)
def test_excel_csv_round_trip_is_byte_identical(
    tmp_path: Path, package_copy: Path, encoding: str, stated: str | None
) -> None:
    folder = excel_csv_folder(tmp_path, encoding)
    raw = (folder / "progress-entries.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    if encoding == "cp932":
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")  # the file really is not UTF-8
    empty_tables(package_copy)
    args = ["import", str(folder), str(package_copy)] + (["--encoding", stated] if stated else [])
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    for name, data in originals().items():
        assert (package_copy / TABLE_PATHS[name]).read_bytes() == data, name
    detected_note = "read as CP932" in result.stderr
    assert detected_note == (encoding == "cp932" and stated is None)


def test_undecodable_csv_is_an_error_naming_the_file(tmp_path: Path, package_copy: Path) -> None:
    source = tmp_path / "actors.csv"
    # 0x80 and 0xFF are invalid UTF-8; Python's CP932 decodes them only to U+0080 and a
    # private-use character, which no real Shift_JIS text contains.
    source.write_bytes(b"actor_id,short_name,name,actor_type\ncity,\x80\xff,x,municipality\n")
    before = digests(package_copy)
    ja = run_cli("import", str(source), str(package_copy))
    en = run_cli("import", str(source), str(package_copy), "--lang", "en")
    assert ja.returncode == en.returncode == 1
    assert f"{source}::: [import.encoding] 文字コードを判別できません" in ja.stderr
    assert "--encoding cp932" in ja.stderr
    assert f"{source}::: [import.encoding] The character encoding cannot be determined" in en.stderr
    assert digests(package_copy) == before


def test_stated_encoding_is_not_overridden(tmp_path: Path, package_copy: Path) -> None:
    source = tmp_path / "actors.csv"
    source.write_bytes((REPO / "data/actors.csv").read_bytes().decode().encode("cp932"))
    result = run_cli(
        "import", str(source), str(package_copy), "--encoding", "utf-8", "--lang", "en"
    )
    assert result.returncode == 1
    assert "[import.encoding]" in result.stderr and "not valid utf-8" in result.stderr


def test_template_csv_with_both_header_rows_and_japanese_only_headers(
    tmp_path: Path, package_copy: Path
) -> None:
    lines = (REPO / "data/basic-goals.csv").read_text(encoding="utf-8").splitlines()
    fields = standard.table_schema("basic-goals")["fields"]
    titles = [f["title"].split(" / ")[0] for f in fields]  # the template's Japanese row
    marked = [
        title + (" *" if f.get("constraints", {}).get("required") else "")
        for title, f in zip(titles, fields, strict=True)
    ]
    two_rows = tmp_path / "two" / "basic-goals.csv"
    two_rows.parent.mkdir()
    two_rows.write_text(
        ",".join(marked) + "\r\n" + "\r\n".join(lines) + "\r\n",
        encoding="utf-8-sig",
    )
    ja_only = tmp_path / "ja" / "basic-goals.csv"
    ja_only.parent.mkdir()
    ja_only.write_text(",".join(titles) + "\n" + "\n".join(lines[1:]) + "\n", encoding="cp932")
    for source in (two_rows, ja_only):
        (package_copy / "data/basic-goals.csv").write_text(lines[0] + "\n", encoding="utf-8")
        result = run_cli("import", str(source), str(package_copy))
        assert result.returncode == 0, result.stderr
        assert (package_copy / "data/basic-goals.csv").read_bytes() == (
            REPO / "data/basic-goals.csv"
        ).read_bytes()


def test_lost_leading_zeros_are_reported_not_guessed(tmp_path: Path, package_copy: Path) -> None:
    source = tmp_path / "plans.csv"
    text = (REPO / "data/plans.csv").read_text(encoding="utf-8").replace(",092169,", ",92169,")
    source.write_text(text, encoding="utf-8")
    before = digests(package_copy)
    ja = run_cli("import", str(source), str(package_copy))
    en = run_cli("import", str(source), str(package_copy), "--lang", "en")
    assert ja.returncode == 1
    assert f"{source}:2:municipality_code: [import.leading-zeros]" in ja.stderr
    assert "6 桁のはずです。092169 ではありませんか" in ja.stderr
    assert "(6 digits expected: 092169?)" in en.stderr
    assert digests(package_copy) == before


def test_code_in_exponent_form_is_reported(tmp_path: Path, package_copy: Path) -> None:
    source = tmp_path / "actors.csv"
    text = (REPO / "data/actors.csv").read_text(encoding="utf-8")
    source.write_text(
        text.replace("municipality,\n", "municipality,1.23457E+12\n"), encoding="utf-8"
    )
    result = run_cli("import", str(source), str(package_copy))
    assert result.returncode == 1
    assert f"{source}:2:corporate_number: [import.code-as-number]" in result.stderr


def fill_blank_template(book_path: Path) -> None:
    """Type a minimal report into the blank template as a person would (example content)."""
    book = load_workbook(book_path)

    def put(sheet: str, values: dict[str, object], row: int = 3) -> None:
        ws = book[sheet]
        names = [c.value for c in ws[2]]
        for name, value in values.items():
            ws.cell(row, names.index(name) + 1, value)

    put(
        "plans",
        {
            "plan_id": "example-plan",
            "title": "（例）地域福祉計画",
            "municipality_code": "092011",
            "municipality_name": "宇都宮市",
            "start_fiscal_year": 2024,
            "end_fiscal_year": 2028,
        },
    )
    put(
        "reports",
        {
            "report_id": "example-report",
            "plan_id": "example-plan",
            "title": "（例）事業進捗報告",
            "status": "final",
            "confirmed_by": "committee",
            "confirmation_date": dt.datetime(2025, 3, 31),
        },
    )
    put("confirmation-bodies", {"body_id": "committee", "name": "（例）推進委員会"})
    put(
        "actors",
        {"actor_id": "city", "short_name": "市", "name": "宇都宮市", "actor_type": "municipality"},
    )
    put("plan-authors", {"plan_id": "example-plan", "actor_id": "city"})
    put(
        "basic-goals",
        {"goal_id": "g1", "plan_id": "example-plan", "number": 1, "title": "（例）基本目標"},
    )
    put(
        "initiatives",
        {
            "initiative_id": "g1-1",
            "goal_id": "g1",
            "number": 1.0,
            "title": "（例）取組",
            "item_type": "new",
        },
    )
    # NFD text, and a line break typed in the cell (Excel may store CRLF).
    put(
        "progress-entries",
        {
            "entry_id": "g1-1-city",
            "report_id": "example-report",
            "initiative_id": "g1-1",
            "actor_id": "city",
            "progress": unicodedata.normalize("NFD", "（例）取り組みました。\r\nまた、続けます。"),
            "issue": "（例）課題があります。",
        },
    )
    book["progress-entries"].cell(5, 1, None)  # a stray blank row below the data is ignored
    book.save(book_path)


def test_blank_template_filled_in_imports_into_a_new_package(tmp_path: Path) -> None:
    target = tmp_path / "pkg"
    assert run_cli("new", str(target), "--code", "092011", "--name", "宇都宮市").returncode == 0
    book = tmp_path / "book.xlsx"
    assert run_cli("template", str(book)).returncode == 0
    fill_blank_template(book)
    result = run_cli("import", str(book), str(target))
    assert result.returncode == 0, result.stderr
    plans = (target / "data/plans.csv").read_text(encoding="utf-8").splitlines()
    assert plans[1] == "example-plan,（例）地域福祉計画,092011,宇都宮市,,2024,,2028,,,,"
    reports = (target / "data/reports.csv").read_text(encoding="utf-8")
    assert ",final,committee,2025-03-31," in reports
    initiatives = (target / "data/initiatives.csv").read_text(encoding="utf-8")
    assert "g1-1,g1,1,（例）取組,new,,,,,,\n" in initiatives
    entries = (target / "data/progress-entries.csv").read_bytes().decode("utf-8")
    assert '"（例）取り組みました。\nまた、続けます。"' in entries
    assert unicodedata.is_normalized("NFC", entries) and "\r" not in entries
    assert run_cli("build", str(target)).returncode == 0
    validated = run_cli("validate", str(target))
    assert validated.returncode == 0, validated.stderr


def test_sheet_errors_name_the_sheet_row_and_column(tmp_path: Path, package_copy: Path) -> None:
    book_path = tmp_path / "book.xlsx"
    assert run_cli("template", str(book_path), "--from", str(REPO)).returncode == 0
    book = load_workbook(book_path)
    book["plans"]["C3"] = 92169  # typed into a cell whose text format was removed
    book["actors"]["A3"] = "#REF!"
    book.create_sheet("memo")
    book.save(book_path)
    before = digests(package_copy)
    ja = run_cli("import", str(book_path), str(package_copy))
    en = run_cli("import", str(book_path), str(package_copy), "--lang", "en")
    assert ja.returncode == en.returncode == 1
    assert "[book.xlsx]plans:3:municipality_code: [import.leading-zeros]" in ja.stderr
    assert (
        "[book.xlsx]actors:3:actor_id: [import.cell] セル A3 の値を読み取れません：#REF!"
        in ja.stderr
    )
    assert "[book.xlsx]memo::: [import.unknown-table]" in ja.stderr
    assert "[book.xlsx]actors:3:actor_id: [import.cell] Cell A3 cannot be read: #REF!" in en.stderr
    assert digests(package_copy) == before


def test_unknown_column_is_a_header_error(tmp_path: Path, package_copy: Path) -> None:
    source = tmp_path / "actors.csv"
    text = (REPO / "data/actors.csv").read_text(encoding="utf-8")
    source.write_text(text.replace("actor_type", "actor_kind", 1), encoding="utf-8")
    result = run_cli("import", str(source), str(package_copy), "--lang", "en")
    assert result.returncode == 1
    assert f"{source}:1:: [import.header]" in result.stderr and "actor_kind" in result.stderr


def test_single_csv_with_another_name_needs_table(tmp_path: Path, package_copy: Path) -> None:
    source = tmp_path / "goals (2).csv"
    source.write_bytes((REPO / "data/basic-goals.csv").read_bytes())
    unnamed = run_cli("import", str(source), str(package_copy))
    assert unnamed.returncode == 1 and "[import.unknown-table]" in unnamed.stderr
    named = run_cli("import", str(source), str(package_copy), "--table", "basic-goals")
    assert named.returncode == 0, named.stderr


def test_excel_dates_become_iso(tmp_path: Path, package_copy: Path) -> None:
    source = tmp_path / "reports.csv"
    text = (REPO / "data/reports.csv").read_text(encoding="utf-8")
    source.write_text(
        text.replace(",promotion-committee,,", ",promotion-committee,2022/3/9,"), encoding="utf-8"
    )
    assert run_cli("import", str(source), str(package_copy)).returncode == 0
    assert ",promotion-committee,2022-03-09," in (package_copy / "data/reports.csv").read_text(
        encoding="utf-8"
    )


def test_import_needs_a_package(tmp_path: Path) -> None:
    source = tmp_path / "actors.csv"
    source.write_bytes((REPO / "data/actors.csv").read_bytes())
    result = run_cli("import", str(source), str(tmp_path / "nowhere"))
    assert result.returncode == 1 and "[package.not-found]" in result.stderr


def test_utf16_from_excel_unicode_text_is_refused(tmp_path: Path, package_copy: Path) -> None:
    source = tmp_path / "actors.csv"
    source.write_bytes((REPO / "data/actors.csv").read_text(encoding="utf-8").encode("utf-16"))
    result = run_cli("import", str(source), str(package_copy), "--lang", "en")
    assert result.returncode == 1
    assert "[import.encoding]" in result.stderr and "UTF-16" in result.stderr


def test_formula_without_a_saved_result_is_not_read_as_empty(
    tmp_path: Path, package_copy: Path
) -> None:
    book_path = tmp_path / "book.xlsx"
    assert run_cli("template", str(book_path), "--from", str(REPO)).returncode == 0
    book = load_workbook(book_path)
    book["basic-goals"]["D4"] = '=D3&"（続き）"'  # openpyxl saves no computed value
    book.save(book_path)
    result = run_cli("import", str(book_path), str(package_copy), "--lang", "en")
    assert result.returncode == 1
    assert "[book.xlsx]basic-goals:4:title: [import.cell] Cell D4 cannot be read" in result.stderr
    assert "formula without a saved result" in result.stderr


def test_emptying_a_table_is_said_not_silent(tmp_path: Path) -> None:
    target = tmp_path / "pkg"
    assert run_cli("new", str(target), "--code", "092011", "--name", "宇都宮市").returncode == 0
    blank = tmp_path / "blank.xlsx"
    assert run_cli("template", str(blank)).returncode == 0
    result = run_cli("import", str(blank), str(target))
    assert result.returncode == 0, result.stderr
    plans = target / "data" / "plans.csv"
    assert f"{plans}: 行がなくなりました" in result.stderr
    assert "reports.csv: 行がなくなりました" not in result.stderr  # it had no rows to lose
    assert plans.read_text(encoding="utf-8").count("\n") == 1


def test_from_a_new_package_keeps_its_prefilled_row(tmp_path: Path) -> None:
    target = tmp_path / "pkg"
    assert run_cli("new", str(target), "--code", "092011", "--name", "宇都宮市").returncode == 0
    before = (target / "data" / "plans.csv").read_bytes()
    book = tmp_path / "book.xlsx"
    assert run_cli("template", str(book), "--from", str(target)).returncode == 0
    result = run_cli("import", str(book), str(target))
    assert result.returncode == 0, result.stderr
    assert "行がなくなりました" not in result.stderr
    assert (target / "data" / "plans.csv").read_bytes() == before


def test_renamed_column_in_a_sheet_is_named_at_its_row(tmp_path: Path, package_copy: Path) -> None:
    book_path = tmp_path / "book.xlsx"
    assert run_cli("template", str(book_path), "--from", str(REPO)).returncode == 0
    book = load_workbook(book_path)
    book["actors"]["B2"] = "shortname"
    for row in book["confirmation-bodies"].iter_rows():
        for cell in row:
            cell.value = None
    book.save(book_path)
    result = run_cli("import", str(book_path), str(package_copy), "--lang", "en")
    assert result.returncode == 1
    assert "[book.xlsx]actors:2:: [import.header]" in result.stderr
    assert "unknown column(s) shortname" in result.stderr
    assert "[book.xlsx]confirmation-bodies:1:: [import.header]" in result.stderr
    assert "no header" in result.stderr
