"""The review as one function: an uploaded file in, what is wrong (at the places the person
typed) or the package and its release out. It uses the project's own import and validation
(`spreadsheet.importer`, `pipeline.validation`); it has no rules of its own beyond the upload.

A workbook or a zip of CSV files carries the tables but not the package's descriptor, so the
review makes the descriptor `plan-progress new` would make for the municipality code and name
typed on the plans sheet (its title and description are placeholders that say so), imports
the tables into it, and builds it. A zipped package brings its own descriptor."""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from plan_progress.core.csv_text import csv_bytes
from plan_progress.core.package import FLAT_TABLE, SOURCE_TABLES, PlanPackage
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.model.scaffold import package_files
from plan_progress.pipeline.validation import check_and_generate
from plan_progress.release.bundle import assemble
from plan_progress.review.limits import DEFAULT_LIMITS, Limits
from plan_progress.review.pdf import DRAFT_RESOURCE, draft_package
from plan_progress.review.preview import preview_tables
from plan_progress.review.result import Finding, ReviewResult
from plan_progress.review.unpack import Unpacked, unpack
from plan_progress.site.build import build_site
from plan_progress.spreadsheet.importer import convert, source_table
from plan_progress.spreadsheet.layout import standard_tables, tables_from_resources
from plan_progress.spreadsheet.locations import Place, SourceTable, package_table
from plan_progress.spreadsheet.sources import Grid, read_csv, read_workbook
from plan_progress.spreadsheet.template import workbook

log = logging.getLogger(__name__)

PACKAGE_ZIP, RELEASE_ZIP, WORKBOOK = "package.zip", "release.zip", "workbook.xlsx"
# A PDF's draft (and a corrected one sent back by the page): handed back whatever its
# findings, since what the PDF does not print stays empty for staff to fill in.
DRAFT_ZIP, DRAFT_WORKBOOK = "draft.zip", "draft.xlsx"
_SIX_DIGITS = re.compile(r"[0-9]{6}")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same package gives the same zip


def run_review(
    upload: Path, shown_name: str, work: Path, limits: Limits = DEFAULT_LIMITS
) -> ReviewResult:
    """Review `upload` (named `shown_name` by its sender) using the empty private folder
    `work` for scratch files. Never raises for bad input: every problem is in the result."""
    result = ReviewResult(upload_name=shown_name, kind=None)
    try:
        _review(upload, shown_name, work, limits, result)
    except InvalidPackage as invalid:
        result.findings = [_unplaced(p, work, shown_name) for p in invalid.problems]
    except Exception as err:  # the last net: one line for the person, the trace for the log
        log.exception("review of %r failed", shown_name)
        problem = Problem("review.internal", shown_name, params={"detail": type(err).__name__})
        result.findings = [_unplaced(problem, work, shown_name)]
        result.downloads, result.site, result.preview, result.cells = {}, {}, [], []
    return result


def _review(upload: Path, shown: str, work: Path, limits: Limits, result: ReviewResult) -> None:
    inputs = work / "in"
    inputs.mkdir(mode=0o700)
    unpacked = unpack(upload, shown, inputs, limits)
    result.kind = unpacked.kind
    if unpacked.kind in ("package", "pdf"):
        if unpacked.kind == "pdf":
            assert unpacked.pdf is not None
            root = work / "package"
            result.cells, result.cell_total, _ = draft_package(unpacked.pdf, shown, root)
        else:
            assert unpacked.package_dir is not None
            root = unpacked.package_dir
        package = PlanPackage.open(root)
        if any(r.get("name") == DRAFT_RESOURCE for r in package.descriptor.get("resources", [])):
            if unpacked.kind == "package":
                result.kind = "draft"  # a PDF's draft sent back corrected (or zipped by hand)
            _draft_downloads(package, result)
        read_warnings: list[Finding] = []
        sources = {
            package.relpath(name): package_table(name, package.relpath(name), _read(package, name))
            for name in SOURCE_TABLES
        }
    else:
        root = work / "package"
        try:
            grids = _grids(unpacked, result)
        except InvalidPackage as invalid:
            # A sheet the reader refused is named as the person named it, at its cell.
            result.findings = [_read_problem(p, unpacked, work, shown) for p in invalid.problems]
            return
        imported = _import(grids, root)
        if isinstance(imported, list):
            result.findings = imported
            return
        package, sources, read_warnings = imported
    outputs, problems = check_and_generate(package)
    # Warnings come with the outputs (the data is publishable); errors come without.
    result.findings = read_warnings + [_place(p, sources) for p in problems]
    if outputs is None:
        return
    for name, data in outputs.files.items():
        target = package.path(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    _products(package, outputs.files[FLAT_TABLE], result)


def _read(package: PlanPackage, name: str) -> bytes:
    path = package.path(name)
    return path.read_bytes() if path.is_file() and not path.is_symlink() else b""


def _grids(unpacked: Unpacked, result: ReviewResult) -> list[Grid]:
    """The sheets (or CSV files) as grids, each named as its author named it."""
    if unpacked.kind == "workbook":
        assert unpacked.workbook is not None
        return [replace(g, where=g.table) for g in read_workbook(unpacked.workbook)]
    grids, problems = [], []
    for path, name, table in unpacked.csv_files:
        try:
            grid = read_csv(path, None, table)
        except InvalidPackage as invalid:
            problems.extend(replace(p, file=name) for p in invalid.problems)
            continue
        if grid.notes:
            result.notes.append(f"{name}: CP932（Shift_JIS）として読み込みました / read as CP932")
        grids.append(replace(grid, where=name, notes=[]))
    if problems:
        raise InvalidPackage(problems)
    return grids


def _import(
    grids: list[Grid], root: Path
) -> list[Finding] | tuple[PlanPackage, dict[str, SourceTable], list[Finding]]:
    """Import the grids into a new package at `root`: the package, the way back from its
    CSV files to the grids (`Imported.sources`) and the import's warnings (placed), or the
    import's problems and warnings (placed) when it cannot import."""
    code, name = _municipality(grids)
    root.mkdir(mode=0o700)
    for relpath, data in package_files(code, name, dir_name=root.name).items():
        target = root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    package = PlanPackage.open(root)
    tables = tables_from_resources(package.descriptor["resources"])
    outcome = convert(grids, package)
    # The import's own problems are at the typed rows already (`file` is the sheet).
    typed = {source.where: source for source in outcome.sources.values()}
    sheets = {grid.where: grid.sheet for grid in grids}
    warnings = [_place_import(p, typed, sheets) for p in outcome.warnings]
    if outcome.problems:
        return [_place_import(p, typed, sheets) for p in outcome.problems] + warnings
    for table in tables.values():
        # A table the upload does not have is empty (a sheet may be left out on purpose).
        data = outcome.files.get(table.path, csv_bytes([c.name for c in table.columns], []))
        (root / table.path).write_bytes(data)
    return package, outcome.sources, warnings


def _municipality(grids: list[Grid]) -> tuple[str, str]:
    """The municipality code and name typed on the plans sheet, for the descriptor; a
    placeholder where they are missing or malformed (validation then reports that cell)."""
    plans = standard_tables()["plans"]
    code, name = "000000", "（未入力）"
    for grid in grids:
        if grid.table != "plans":
            continue
        typed = source_table(grid, plans)
        if typed is None or not typed.values:
            continue
        first = typed.values[0]

        def cell(column: str, row: list = first, where: SourceTable = typed) -> str:
            position = where.columns.get(column, (None,))[0]
            value = row[position] if position is not None and position < len(row) else None
            return "" if value is None else str(value).strip()

        if _SIX_DIGITS.fullmatch(cell("municipality_code")):
            code = cell("municipality_code")
        typed_name = cell("municipality_name")
        if typed_name and typed_name.isprintable():
            name = typed_name
    return code, name


def _place_import(
    problem: Problem, typed: dict[str, SourceTable], sheets: dict[str, bool]
) -> Finding:
    """An import problem is already at the typed row; add the column's letter, heading and
    the value typed there, when the import could read the table's header."""
    source = typed.get(problem.file)
    if source is not None and problem.column in source.columns:
        place = source.place(source.csv_row(problem.row), problem.column)
        return Finding.of(problem, replace(place, row=problem.row))
    sheet = sheets.get(problem.file, False)
    return Finding.of(problem, Place(problem.file, sheet, problem.row, problem.column))


def _place(problem: Problem, sources: dict[str, SourceTable]) -> Finding:
    source = sources.get(problem.file)
    if source is None:
        return Finding.of(problem, Place(problem.file, False, problem.row, problem.column))
    return Finding.of(problem, source.place(problem.row, problem.column))


def _read_problem(problem: Problem, unpacked: Unpacked, work: Path, shown: str) -> Finding:
    """A problem of reading the upload: at its sheet's cell when it is about a sheet (the
    reader names it `[our copy's name]sheet`), else about the upload itself."""
    prefix = f"[{unpacked.workbook.name}]" if unpacked.workbook is not None else None
    if prefix and problem.file.startswith(prefix):
        sheet = problem.file[len(prefix) :]
        problem = replace(problem, file=sheet)
        return Finding.of(problem, Place(sheet, True, problem.row, problem.column))
    return _unplaced(problem, work, shown)


def _unplaced(problem: Problem, work: Path, shown: str) -> Finding:
    """A problem about the upload itself; never names a path of this machine."""
    file = shown if str(work) in problem.file or not problem.file else problem.file
    params = {k: str(v).replace(str(work), "…") for k, v in problem.params.items()}
    problem = replace(problem, file=file, params=params)
    return Finding.of(problem, Place(file, False, problem.row, problem.column))


def _products(package: PlanPackage, flat_csv: bytes, result: ReviewResult) -> None:
    """What a valid package gives: downloads, the preview tables, the site's report pages."""
    name = str(package.descriptor.get("name", "package"))
    release = assemble(package)
    result.downloads.update(
        {
            PACKAGE_ZIP: zip_bytes(_package_files(package), name),
            RELEASE_ZIP: zip_bytes(sorted(release.items()), f"{name}-release"),
            WORKBOOK: _workbook_bytes(package),
        }
    )
    result.preview = preview_tables(package, flat_csv)
    site = build_site([str(package.root)])
    result.site = site.files
    for lang, page in (("ja", "index.html"), ("en", "index.en.html")):
        found = [p for p in site.files if p.startswith("reports/") and p.endswith("/" + page)]
        if found:
            result.site_report[lang] = found[0]


def _draft_downloads(package: PlanPackage, result: ReviewResult) -> None:
    result.downloads[DRAFT_ZIP] = zip_bytes(_package_files(package), "draft")
    result.downloads[DRAFT_WORKBOOK] = _workbook_bytes(package)


def _package_files(package: PlanPackage) -> list[tuple[str, bytes]]:
    """Every regular file of the package (links not followed), by path."""
    return sorted(
        (p.relative_to(package.root).as_posix(), p.read_bytes())
        for p in package.root.rglob("*")
        if p.is_file() and not p.is_symlink()
    )


def _workbook_bytes(package: PlanPackage) -> bytes:
    book = io.BytesIO()
    workbook(package).save(book)
    return book.getvalue()


def zip_bytes(files: Iterable[tuple[str, bytes]], folder: str) -> bytes:
    """A zip of `files` inside one folder, byte-identical for the same files."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for relpath, data in files:
            info = zipfile.ZipInfo(f"{folder}/{relpath}", _ZIP_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return out.getvalue()
