"""Files a municipality's staff (or an attacker) might upload to the review page, made the way
they would be made: the workbook by `plan-progress template --from .` on the Shimotsuke package,
then edited with openpyxl as a person edits cells; CSV files in CP932 as Excel saves them."""

from __future__ import annotations

import io
import re
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import load_workbook

from conftest import REPO, run_cli

# The Shimotsuke workbook's rows: data starts on row 3 of each sheet (two header rows).
ENTRIES_SHEET, PLANS_SHEET = "progress-entries", "plans"
INITIATIVES_SHEET, ACTORS_SHEET = "initiatives", "actors"


def good_workbook(folder: Path) -> Path:
    path = folder / "shimotsuke.xlsx"
    if not path.exists():
        result = run_cli("template", str(path), "--from", str(REPO))
        assert result.returncode == 0, result.stderr
    return path


def edited_workbook(folder: Path, name: str, edit: Callable[[object], None]) -> Path:
    book = load_workbook(good_workbook(folder))
    edit(book)
    path = folder / name
    book.save(path)
    return path


def wrong_check_digit(book: object) -> None:
    """092169 is Shimotsuke's code; 092168 has a wrong check digit."""
    book[PLANS_SHEET]["C3"] = "092168"  # type: ignore[index]


def hostile_texts(book: object) -> None:
    """Valid data whose texts look like markup and like a formula (typed as text, as Excel
    does for a cell typed with a leading apostrophe). A blank row is inserted above."""
    sheet = book[ENTRIES_SHEET]  # type: ignore[index]
    sheet.insert_rows(4)
    sheet["F9"] = "<script>alert('x')</script>"
    cell = sheet["E10"]
    cell.value = "=SUM(1,2) は数式ではなく文字"
    cell.data_type = "s"


def missing_required_text(book: object) -> None:
    """On the initiatives sheet a blank row 5 is inserted, then the initiative title on
    sheet row 7 is emptied; on the progress sheet a blank row 5 is inserted, then the actor
    id on row 8 is markup (an id must be lower-case letters, digits and hyphens)."""
    initiatives = book[INITIATIVES_SHEET]  # type: ignore[index]
    initiatives.insert_rows(5)
    initiatives["D7"] = None
    sheet = book[ENTRIES_SHEET]  # type: ignore[index]
    sheet.insert_rows(5)
    sheet["D8"] = "<script>alert('x')</script>"


def unused_actor(book: object) -> None:
    """An actor on sheet row 5 that no row refers to: a warning, the data stays valid."""
    actors = book[ACTORS_SHEET]  # type: ignore[index]
    typed = ("unused-actor", None, "使われていない主体", None, "municipality")
    for column, value in zip("ABCDE", typed, strict=True):
        actors[f"{column}5"] = value


def formula_cell(book: object) -> None:
    """A real formula in the issue column (row 6): Excel would save its result, a script
    does not, so the import cannot know the value."""
    book[ENTRIES_SHEET]["F6"] = '=HYPERLINK("http://example.org","x")'  # type: ignore[index]


def csv_zip(
    folder: Path, name: str, encoding: str, change: dict[str, Callable[[str], str]]
) -> Path:
    """Every table of the Shimotsuke package as Excel saves CSV (CRLF; UTF-8 with BOM or
    CP932), in a folder inside a zip; `change` edits a table's text before it is encoded."""
    path = folder / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in sorted((REPO / "data").glob("*.csv")):
            text = table.read_text(encoding="utf-8")
            text = change.get(table.stem, lambda t: t)(text).replace("\n", "\r\n")
            data = text.encode(encoding)
            archive.writestr(f"excel-csv/{table.name}", data)
    return path


def package_zip(folder: Path, source: Path = REPO, name: str = "package.zip") -> Path:
    """The package folder as a zip: descriptor, tables, generated files, profiles."""
    path = folder / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(source / "datapackage.json", "shimotsuke/datapackage.json")
        for sub in ("data", "profiles"):
            for file in sorted((source / sub).rglob("*")) if (source / sub).is_dir() else []:
                if file.is_file():
                    archive.write(file, f"shimotsuke/{file.relative_to(source).as_posix()}")
    return path


def traversal_zip(folder: Path, entry: str) -> Path:
    path = folder / "traversal.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("plans.csv", (REPO / "data" / "plans.csv").read_bytes())
        archive.writestr(zipfile.ZipInfo(entry), b"owned\n")
    return path


def symlink_zip(folder: Path) -> Path:
    path = folder / "link.zip"
    with zipfile.ZipFile(path, "w") as archive:
        info = zipfile.ZipInfo("plans.csv")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, "/etc/passwd")
    return path


def bomb_zip(folder: Path, megabytes: int = 80) -> Path:
    """One CSV that inflates from about 80 KB to `megabytes` MB of zeros."""
    path = folder / "bomb.zip"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("plans.csv", "w", force_zip64=True) as member,
    ):
        block = b"0" * (1024 * 1024)
        for _ in range(megabytes):
            member.write(block)
    return path


def many_entries_zip(folder: Path, count: int) -> Path:
    path = folder / "many.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(count):
            archive.writestr(f"t{number}.csv", b"a\n")
    path.write_bytes(buffer.getvalue())
    return path


# ---- Hostile workbooks and zips (issue 24): written by openpyxl (the template), then edited
# at the zip level as an attacker would, small on disk. ----


def rezip(
    source: Path,
    target: Path,
    change: Callable[[str, bytes], bytes] = lambda name, data: data,
    extra: dict[str, bytes] | None = None,
) -> Path:
    """`source`'s parts, each through `change`, plus `extra` parts, as a new zip."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, change(info.filename, old.read(info)))
        for name, data in (extra or {}).items():
            new.writestr(name, data)
    return target


def sheet_part(book: Path, sheet: str) -> str:
    """The part of a sheet in a workbook openpyxl wrote (its sheets are numbered in order)."""
    with zipfile.ZipFile(book) as archive:
        names = re.findall(r'<sheet [^>]*name="([^"]+)"', archive.read("xl/workbook.xml").decode())
    return f"xl/worksheets/sheet{names.index(sheet) + 1}.xml"


def wide_rows_workbook(folder: Path, rows: int, value: bool) -> Path:
    """The good workbook with `rows` more rows on the progress sheet, each holding one cell in
    column XFD (16,384): with a value (refused) or empty but styled (read, not padded)."""
    good = good_workbook(folder)
    part = sheet_part(good, ENTRIES_SHEET)

    def change(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        last = max(int(n) for n in re.findall(rb'<row r="([0-9]+)"', data))
        cell = '<c r="XFD{0}" t="n"><v>1</v></c>' if value else '<c r="XFD{0}" s="4"/>'
        added = "".join(
            f'<row r="{n}">{cell.format(n)}</row>' for n in range(last + 1, last + 1 + rows)
        )
        return data.replace(b"</sheetData>", added.encode() + b"</sheetData>")

    kind = "value" if value else "styled"
    return rezip(good, folder / f"wide-{kind}-{rows}.xlsx", change)


_SST = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def shared_strings_workbook(folder: Path, count: int, distinct: bool) -> Path:
    """The good workbook with a shared-string table of `count` strings: all the same (a
    bomb: it zips a thousandfold) or all different (zips like real text)."""
    good = good_workbook(folder)
    texts = (f"<si><t>{n:x}</t></si>" if distinct else "<si><t>a</t></si>" for n in range(count))
    table = (
        f'<sst xmlns="{_SST}" count="{count}" uniqueCount="{count}">' + "".join(texts) + "</sst>"
    ).encode()

    def change(name: str, data: bytes) -> bytes:
        if name == "[Content_Types].xml":
            override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SST_TYPE}"/>'
            return data.replace(b"</Types>", override.encode() + b"</Types>")
        return data

    kind = "distinct" if distinct else "same"
    return rezip(
        good, folder / f"strings-{kind}-{count}.xlsx", change, {"xl/sharedStrings.xml": table}
    )


def formula_result_workbook(folder: Path) -> Path:
    """The good workbook whose plan end year (plans H3, 2021) is a formula with its
    result saved, as Excel saves every formula."""
    good = good_workbook(folder)
    part = sheet_part(good, PLANS_SHEET)

    def change(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        old = re.search(rb'<c r="H3"[^>]*><v>2021</v></c>', data)
        assert old, "plans H3 is not 2021"
        return data.replace(old.group(), b'<c r="H3" s="6"><f>2020+1</f><v>2021</v></c>')

    return rezip(good, folder / "formula-result.xlsx", change)


def extra_columns_package_zip(folder: Path, columns: int) -> Path:
    """The package zip whose plans.csv has `columns` more columns (named, empty)."""
    base = package_zip(folder, name="base-package.zip")
    plans = "shimotsuke/data/plans.csv"

    def change(name: str, data: bytes) -> bytes:
        if name != plans:
            return data
        lines = data.decode("utf-8").split("\n")
        header = lines[0] + "".join(f",extra_{n}" for n in range(columns))
        body = [line + "," * columns if line else line for line in lines[1:]]
        return "\n".join([header, *body]).encode("utf-8")

    return rezip(base, folder / f"extra-columns-{columns}.zip", change)


def file_and_folder_zip(folder: Path) -> Path:
    """A package zip naming both data/plans.csv and data/plans.csv/inner.csv."""
    base = package_zip(folder, name="base-package.zip")
    inner = {"shimotsuke/data/plans.csv/inner.csv": b"a\n"}
    return rezip(base, folder / "file-and-folder.zip", extra=inner)
