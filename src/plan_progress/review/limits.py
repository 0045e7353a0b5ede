"""How much of an upload the review agrees to read before refusing it.

An upload comes from anyone who can reach the page, so each limit is far above what a real
municipality's workbook needs (the Shimotsuke workbook is 40 KB and unzips to 300 KB) and
low enough that a hostile file ends in one message instead of filling memory or disk. A
zip's sizes are the sizes its directory declares: Python's zipfile never inflates a member
past its declared size (and checks its CRC), so checking the directory bounds the work."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from plan_progress.core.limits import (
    MAX_TABLE_BYTES,
    MAX_WORKBOOK_PARTS,
    MAX_WORKBOOK_UNZIPPED_BYTES,
    mib,
)
from plan_progress.core.problems import Problem

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The upload's own size is the page's; inside a zip, the project's limits apply (a
    workbook's are checked again by the importer, with its own rule ids)."""

    upload_bytes: int = 20 * MIB  # the uploaded file itself
    members: int = MAX_WORKBOOK_PARTS  # entries in the zip
    member_bytes: int = MAX_TABLE_BYTES  # one entry once unzipped
    unzipped_bytes: int = MAX_WORKBOOK_UNZIPPED_BYTES  # all entries once unzipped
    ratio: int = 200  # unzipped / zipped size of one entry (text zips at 5-20x)


def zip_problems(archive: zipfile.ZipFile, shown_name: str, limits: Limits) -> list[Problem]:
    """The limits this zip breaks (empty when it may be read)."""
    entries = archive.infolist()
    if len(entries) > limits.members:
        return [_limit(shown_name, f"{len(entries)} entries > {limits.members} / 項目数")]
    total = 0
    for entry in entries:
        total += entry.file_size
        if entry.file_size > limits.member_bytes:
            detail = f"{entry.file_size} bytes > {mib(limits.member_bytes)} / 展開後の大きさ"
            return [_limit(shown_name, detail)]
        if entry.file_size > limits.ratio * max(entry.compress_size, 1) and entry.file_size > MIB:
            detail = f"compression ratio > {limits.ratio} / 圧縮率が高すぎます"
            return [_limit(shown_name, detail)]
        if entry.flag_bits & 0x1:
            return [
                Problem(
                    "review.unsupported",
                    shown_name,
                    params={"detail": "encrypted zip / パスワード付きの zip"},
                )
            ]
    if total > limits.unzipped_bytes:
        detail = f"{mib(total)} > {mib(limits.unzipped_bytes)} / 展開後の合計"
        return [_limit(shown_name, detail)]
    return []


def _limit(shown_name: str, detail: str) -> Problem:
    return Problem("review.zip-limit", shown_name, params={"detail": detail})


DEFAULT_LIMITS = Limits()
