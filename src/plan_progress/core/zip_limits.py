"""One check of a zip's directory against limits, for every zip the tools open: an uploaded
zip of CSV files or of a package (`review.limits`) and an .xlsx workbook (`spreadsheet.workbook`).

A zip's sizes are the sizes its directory declares: Python's zipfile never inflates a member
past its declared size (and checks its CRC), so checking the directory bounds the work. The
compression ratio bounds the work per byte sent: a part that inflates a thousandfold (a
zip bomb, a million repeated shared strings) is refused before anything parses it."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import Literal

MIB = 1024 * 1024

What = Literal["members", "member-bytes", "unzipped-bytes", "ratio", "encrypted"]


@dataclass(frozen=True)
class ZipLimits:
    members: int  # entries in the zip
    member_bytes: int  # one entry once unzipped
    unzipped_bytes: int  # all entries once unzipped
    ratio: int  # unzipped / zipped size of one entry...
    ratio_from: int = MIB  # ...once it unzips to more than this (tiny parts zip oddly)


@dataclass(frozen=True)
class Broken:
    """The first limit a zip breaks: which, the entry (when one entry breaks it), the size
    found and the limit, as numbers a message quotes."""

    what: What
    entry: str | None
    found: int
    limit: int


def broken_limit(archive: zipfile.ZipFile, limits: ZipLimits) -> Broken | None:
    """The first limit `archive` breaks (None when it may be read). The totals come first,
    so that a zip too large overall is said to be too large, whatever else it does."""
    entries = archive.infolist()
    if len(entries) > limits.members:
        return Broken("members", None, len(entries), limits.members)
    total = sum(entry.file_size for entry in entries)
    if total > limits.unzipped_bytes:
        return Broken("unzipped-bytes", None, total, limits.unzipped_bytes)
    for entry in entries:
        if entry.file_size > limits.member_bytes:
            return Broken("member-bytes", entry.filename, entry.file_size, limits.member_bytes)
        ratio = entry.file_size // max(entry.compress_size, 1)
        if entry.file_size > limits.ratio_from and ratio > limits.ratio:
            return Broken("ratio", entry.filename, ratio, limits.ratio)
        if entry.flag_bits & 0x1:
            return Broken("encrypted", entry.filename, 0, 0)
    return None
