"""What was uploaded, and its parts copied into the review's private folder under names this
module chooses.

A file whose first KiB holds `%PDF-` is a report printed as PDF, read by `transcribe`
(its own safety checks run before any parser). The kind is read from the zip's contents, never from the file name the browser sent: an
.xlsx is a zip with `xl/workbook.xml`; a zip with a `datapackage.json` is a package; a zip
with `.csv` files is a set of tables saved from Excel. A name inside a zip is only ever
shown (escaped) or compared: CSV files are written as `csv/001.csv`…, a package's files only
at the paths its descriptor names, after each is checked to be a plain relative path.
Anything that climbs out (`..`, `/etc/…`, `C:\\…`), a link, or an encrypted entry refuses the
whole upload before anything is extracted (`core.paths`, the rules every package path obeys)."""

from __future__ import annotations

import os
import shutil
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Literal

from plan_progress.core.json_files import read_json
from plan_progress.core.limits import MAX_DESCRIPTOR_BYTES, mib
from plan_progress.core.package import DESCRIPTOR
from plan_progress.core.paths import PathRefused, check_relative, within
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.review.limits import Limits, zip_problems

Kind = Literal["workbook", "csv-zip", "package", "pdf"]
PDF_MAGIC = b"%PDF-"
WORKBOOK_PART = "xl/workbook.xml"
# Folders and files that zip tools add and nobody means as data.
_IGNORED = ("__MACOSX/", ".DS_Store", "Thumbs.db", "desktop.ini")


@dataclass
class Unpacked:
    kind: Kind
    workbook: Path | None = None
    # (our copy, the name as written in the zip, the table it is for)
    csv_files: list[tuple[Path, str, str]] = field(default_factory=list)
    package_dir: Path | None = None
    pdf: Path | None = None
    notes: list[str] = field(default_factory=list)


def shown_name(info: zipfile.ZipInfo) -> str:
    """The entry's name as its author typed it. Windows' zip tool writes Japanese names in
    CP932 without the UTF-8 flag, which zipfile then reads as CP437."""
    name = info.filename
    if not info.flag_bits & 0x800 and not name.isascii():
        try:
            return name.encode("cp437").decode("cp932")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return name
    return name


def refusal(info: zipfile.ZipInfo, shown: str) -> Problem | None:
    """Why this entry must not be followed (a `path.*` rule, as for a package's own paths),
    or None."""
    name = shown_name(info)
    if stat.S_ISLNK(info.external_attr >> 16):
        return Problem("path.link-outside", shown, params={"path": name})
    try:
        check_relative(info.filename)
    except PathRefused as refused:
        return Problem(refused.rule, shown, params={"path": name})
    return None


def unpack(upload: Path, shown: str, work: Path, limits: Limits) -> Unpacked:
    """Copy what the review needs from `upload` into `work`; raises InvalidPackage."""
    size = upload.stat().st_size
    if size > limits.upload_bytes:
        raise InvalidPackage(
            [
                Problem(
                    "review.upload-too-large",
                    shown,
                    params={"size": mib(size), "limit": mib(limits.upload_bytes)},
                )
            ]
        )
    with upload.open("rb") as head:
        # As `transcribe` (and PDF readers) do: the header may follow up to 1 KiB of junk.
        if PDF_MAGIC in head.read(1024):
            target = work / "upload.pdf"
            shutil.copyfile(upload, target)
            return Unpacked("pdf", pdf=target)
    if not zipfile.is_zipfile(upload):
        raise _unsupported(shown, "not an .xlsx or .zip file / .xlsx でも .zip でもありません")
    try:
        with zipfile.ZipFile(upload) as archive:
            return _unpack_zip(archive, upload, shown, work, limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as err:
        raise _unsupported(shown, f"damaged zip / 壊れた zip ({type(err).__name__})") from err


def _unpack_zip(
    archive: zipfile.ZipFile, upload: Path, shown: str, work: Path, limits: Limits
) -> Unpacked:
    entries = [e for e in archive.infolist() if not e.is_dir()]
    names = {e.filename for e in entries}
    if WORKBOOK_PART in names:
        # openpyxl reads the workbook's parts itself; nothing is extracted by name. The
        # importer checks the container (parts, unzipped size, XML entities) before that.
        target = work / "upload.xlsx"
        shutil.copyfile(upload, target)
        return Unpacked("workbook", workbook=target)
    problems = zip_problems(archive, shown, limits)
    if problems:
        raise InvalidPackage(problems)
    refused = [p for e in archive.infolist() if (p := refusal(e, shown))]
    if refused:
        raise InvalidPackage(refused)
    clash = _file_and_folder(archive.infolist())
    if clash is not None:
        problem = Problem("review.zip-entry-clash", shown, params={"entry": shown_name(clash)})
        raise InvalidPackage([problem])
    wanted = [e for e in entries if not any(part in e.filename for part in _IGNORED)]
    descriptors = [e for e in wanted if PurePosixPath(e.filename).name == DESCRIPTOR]
    if descriptors:
        return _unpack_package(archive, descriptors, shown, work, limits)
    csv_entries = [e for e in wanted if e.filename.lower().endswith(".csv")]
    if not csv_entries:
        raise _unsupported(
            shown, "no .csv, workbook or datapackage.json inside / CSV も表も入っていません"
        )
    folder = work / "csv"
    folder.mkdir(mode=0o700)
    unpacked = Unpacked("csv-zip")
    for number, entry in enumerate(sorted(csv_entries, key=lambda e: e.filename), start=1):
        target = folder / f"{number:03d}.csv"
        _extract(archive, entry, target, limits)
        name = shown_name(entry)
        table = PurePosixPath(name).stem
        unpacked.csv_files.append((target, name, table))
    return unpacked


def _file_and_folder(entries: list[zipfile.ZipInfo]) -> zipfile.ZipInfo | None:
    """An entry that is a file while another entry is inside it (`data/plans.csv` and
    `data/plans.csv/inner.csv`): no folder could hold both."""
    files = {e.filename.rstrip("/"): e for e in entries if not e.is_dir()}
    for entry in entries:
        for parent in PurePosixPath(entry.filename.rstrip("/")).parents:
            if str(parent) in files:
                return files[str(parent)]
    return None


def _unpack_package(
    archive: zipfile.ZipFile,
    descriptors: list[zipfile.ZipInfo],
    shown: str,
    work: Path,
    limits: Limits,
) -> Unpacked:
    # The shallowest datapackage.json is the package (a zip of a folder has one level more).
    descriptor_entry = min(descriptors, key=lambda e: (e.filename.count("/"), e.filename))
    prefix = descriptor_entry.filename[: -len(DESCRIPTOR)]
    if descriptor_entry.file_size > MAX_DESCRIPTOR_BYTES:
        raise InvalidPackage([_zip_limit(shown, f"datapackage.json > {mib(MAX_DESCRIPTOR_BYTES)}")])
    root = work / "package"
    root.mkdir(mode=0o700)
    _extract(archive, descriptor_entry, root / DESCRIPTOR, limits)
    descriptor = read_json(root / DESCRIPTOR, DESCRIPTOR, "package.descriptor")
    by_name = {e.filename: e for e in archive.infolist() if not e.is_dir()}
    targets, problems = {}, []
    for relpath in sorted(_named_paths(descriptor)):
        try:
            targets[relpath] = within(root, relpath)
        except PathRefused as refused:
            problems.append(Problem(refused.rule, DESCRIPTOR, params={"path": relpath}))
    if problems:
        raise InvalidPackage(problems)
    unpacked = Unpacked("package", package_dir=root)
    for relpath, target in targets.items():
        entry = by_name.get(prefix + relpath)
        if entry is None or relpath == DESCRIPTOR:
            continue  # a missing file is the validation's to report, at its resource
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        _extract(archive, entry, target, limits)
    return unpacked


def _named_paths(descriptor: object) -> set[str]:
    """Every file path the descriptor names: its resources' paths and its profiles."""
    if not isinstance(descriptor, dict):
        return set()
    paths: set[str] = set()
    for resource in (
        descriptor.get("resources", []) if isinstance(descriptor.get("resources"), list) else []
    ):
        path = resource.get("path") if isinstance(resource, dict) else None
        if isinstance(path, str) and not path.startswith(("http:", "https:")):
            paths.add(path)
    extension = descriptor.get("planProgress")
    profiles = extension.get("profiles", []) if isinstance(extension, dict) else []
    for path in profiles if isinstance(profiles, list) else []:
        if isinstance(path, str):
            paths.add(path)
    return paths


def _extract(
    archive: zipfile.ZipFile, entry: zipfile.ZipInfo, target: Path, limits: Limits
) -> None:
    """Copy one entry to `target` (a new private file), never more than the member limit."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out, archive.open(entry) as source:
        written = 0
        while chunk := source.read(1024 * 1024):
            written += len(chunk)
            if written > limits.member_bytes:
                raise InvalidPackage([_zip_limit(entry.filename, "entry larger than declared")])
            out.write(chunk)


def _zip_limit(shown: str, detail: str) -> Problem:
    return Problem("review.zip-limit", shown, params={"detail": detail})


def _unsupported(shown: str, detail: str) -> InvalidPackage:
    return InvalidPackage([Problem("review.unsupported", shown, params={"detail": detail})])
