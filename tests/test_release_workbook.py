"""The flat table's Excel workbook: Japanese headers, codes as text, the same bytes every time."""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook

from conftest import REPO
from plan_progress.core.package import FLAT_TABLE, PlanPackage
from plan_progress.release.workbook import flat_workbook


def workbook_bytes() -> bytes:
    package = PlanPackage.open(REPO)
    return flat_workbook(
        package.path(FLAT_TABLE).read_bytes(), package.resource(FLAT_TABLE)["schema"]["fields"]
    )


def test_codes_stay_text_with_their_leading_zero() -> None:
    sheet = load_workbook(io.BytesIO(workbook_bytes())).active
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["進捗項目ID", "全国地方公共団体コード", "地方公共団体名"]
    code = sheet.cell(row=2, column=2)
    assert code.value == "092169" and code.number_format == "@"
    assert sheet.max_row == 29  # the header and 28 entries
    assert isinstance(sheet.cell(row=2, column=header.index("基本目標番号") + 1).value, int)
    progress = sheet.cell(row=4, column=header.index("進捗状況") + 1).value
    assert "\nまた、公共施設においては" in progress  # paragraph breaks survive


def test_nothing_in_the_file_depends_on_when_it_was_made() -> None:
    archive = zipfile.ZipFile(io.BytesIO(workbook_bytes()))
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    core = archive.read("docProps/core.xml").decode()
    assert core.count("1980-01-01T00:00:00Z") == 2  # created and modified
