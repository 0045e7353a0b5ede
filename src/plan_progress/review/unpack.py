"""What was uploaded, and its parts copied into the review's private folder under names this
module chooses.

The kind is read from the zip's contents, never from the file name the browser sent: an
.xlsx is a zip with `xl/workbook.xml`; a zip with a `datapackage.json` is a package; a zip
with `.csv` files is a set of tables saved from Excel. A name inside a zip is only ever
shown (escaped) or compared: CSV files are written as `csv/001.csv`…, a package's files only
at the paths its descriptor names, after each is checked to be a plain relative path.
Anything that climbs out (`..`, `/etc/…`, `C:\\…`), a link, or an encrypted entry refuses the
whole upload before anything is extracted."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Literal

from plan_progress.core.package import DESCRIPTOR
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.review.limits import Limits, mib, zip_problems

Kind = Literal["workbook", "csv-zip", "package"]
WORKBOOK_PART = "xl/workbook.xml"
# A path inside a package: ASCII words joined by "/", as every path the standard names.
_PACKAGE_PATH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*")
_MAX_DESCRIPTOR_BYTES = 4 * 1024 * 1024
# Folders and files that zip tools add and nobody means as data.
_IGNORED = ("__MACOSX/", ".DS_Store", "Thumbs.db", "desktop.ini")


@dataclass
class Unpacked:
    kind: Kind
    workbook: Path | None = None
    # (our copy, the name as written in the zip, the table it is for)
    csv_files: list[tuple[Path, str, str]] = field(default_factory=list)
    package_dir: Path | None = None
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


def unsafe(info: zipfile.ZipInfo) -> str | None:
    """Why this entry's name or kind must not be followed, or None."""
    name = info.filename
    if stat.S_ISLNK(info.external_attr >> 16):
        return "a symbolic link / シンボリックリンク"
    if "\x00" in name or "\\" in name:
        return "a backslash or NUL in the name / 名前に \\ や NUL"
    if name.startswith("/") or re.match(r"[A-Za-z]:", name):
        return "an absolute path / 絶対パス"
    if ".." in PurePosixPath(name).parts:
        return "climbs out with .. / .. でフォルダーの外を指す"
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
    problems = zip_problems(archive, shown, limits)
    if problems:
        raise InvalidPackage(problems)
    entries = [e for e in archive.infolist() if not e.is_dir()]
    names = {e.filename for e in entries}
    if WORKBOOK_PART in names:
        # openpyxl reads the workbook's parts itself; nothing is extracted by name.
        target = work / "upload.xlsx"
        shutil.copyfile(upload, target)
        return Unpacked("workbook", workbook=target)
    refused = [
        Problem("review.zip-path", shown, params={"value": shown_name(e), "detail": reason})
        for e in archive.infolist()
        if (reason := unsafe(e))
    ]
    if refused:
        raise InvalidPackage(refused)
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
    if descriptor_entry.file_size > _MAX_DESCRIPTOR_BYTES:
        raise InvalidPackage(
            [_zip_limit(shown, f"datapackage.json > {mib(_MAX_DESCRIPTOR_BYTES)}")]
        )
    raw = archive.read(descriptor_entry)
    try:
        descriptor = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InvalidPackage(
            [Problem("package.descriptor", DESCRIPTOR, params={"detail": str(err)})]
        ) from err
    paths = _named_paths(descriptor)
    problems = [
        Problem(
            "review.zip-path",
            DESCRIPTOR,
            params={
                "value": p,
                "detail": "not a plain path inside the package / パッケージ内の単純なパスではありません",
            },
        )
        for p in paths
        if not _PACKAGE_PATH.fullmatch(p) or ".." in p.split("/")
    ]
    if problems:
        raise InvalidPackage(problems)
    root = work / "package"
    root.mkdir(mode=0o700)
    by_name = {e.filename: e for e in archive.infolist() if not e.is_dir()}
    (root / DESCRIPTOR).write_bytes(raw)
    unpacked = Unpacked("package", package_dir=root)
    for relpath in sorted(paths):
        entry = by_name.get(prefix + relpath)
        if entry is None:
            continue  # a missing file is the validation's to report, at its resource
        target = root.joinpath(*relpath.split("/"))
        if not target.resolve().is_relative_to(root.resolve()):
            raise InvalidPackage(
                [Problem("review.zip-path", DESCRIPTOR, params={"value": relpath})]
            )
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
