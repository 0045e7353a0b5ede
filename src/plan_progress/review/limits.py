"""How much of an upload the review agrees to read before refusing it.

An upload comes from anyone who can reach the page, so each limit is far above what a real
municipality's workbook needs (the Shimotsuke workbook is 40 KB and unzips to 300 KB) and
low enough that a hostile file ends in one message instead of filling memory or disk. A
zip's directory is checked by `core.zip_limits`, as a workbook's is."""

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
from plan_progress.core.zip_limits import ZipLimits, broken_limit

MIB = 1024 * 1024
# A PDF's drafted cells shown for correction, each with its crop: a report of a few dozen
# pages has a few hundred; beyond this the rest stay as drafted (and the page says so), so
# a huge PDF cannot make a page of tens of megabytes of images.
FORM_CELLS = 1000
# Each corrected text arrives percent-encoded (9 bytes per Japanese character): room for
# FORM_CELLS cells of about 400 characters each.
FORM_TEXT_BYTES = 4 * MIB


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
    """The limits this zip breaks (empty when it may be read): `core.zip_limits`' check,
    worded for the page."""
    broken = broken_limit(
        archive,
        ZipLimits(limits.members, limits.member_bytes, limits.unzipped_bytes, limits.ratio),
    )
    if broken is None:
        return []
    if broken.what == "encrypted":
        detail = "encrypted zip / パスワード付きの zip"
        return [Problem("review.unsupported", shown_name, params={"detail": detail})]
    details = {
        "members": f"{broken.found} entries > {broken.limit} / 項目数",
        "unzipped-bytes": f"{mib(broken.found)} > {mib(broken.limit)} / 展開後の合計",
        "member-bytes": f"{broken.found} bytes > {mib(broken.limit)} / 展開後の大きさ",
        "ratio": f"compression ratio > {broken.limit} / 圧縮率が高すぎます",
    }
    return [_limit(shown_name, details[broken.what])]


def _limit(shown_name: str, detail: str) -> Problem:
    return Problem("review.zip-limit", shown_name, params={"detail": detail})


DEFAULT_LIMITS = Limits()
