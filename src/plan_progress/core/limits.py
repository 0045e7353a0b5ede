"""Resource limits: how much of a file the tools agree to read before refusing it.

Every limit is far above what a real package needs and low enough that a hostile or broken
file ends in one clear error instead of gigabytes of memory. The values are documented in
README.md and docs/security.md; each refusal has its own rule id (`limit.*`).
"""

from __future__ import annotations

import os
import sys

# One source CSV (or a CSV brought to `import`). The merged corpus of all 1,741 municipalities
# (48,748 entries, the largest package the project knows) has a 23 MB entries table.
MAX_TABLE_BYTES = 64 * 1024 * 1024
# Data rows of one table (or one sheet): twice the merged national corpus's entries.
MAX_TABLE_ROWS = 100_000
# The operator (never the file's author) may raise the two limits of a source table for
# their own runs, e.g. to build a national aggregate of ~200,000 entries: a whole number of
# rows, or of MiB, above the default, in these environment variables (anything else leaves
# the default). `import` and the review page keep their own limits.
TABLE_ROWS_VARIABLE = "PLAN_PROGRESS_MAX_TABLE_ROWS"
TABLE_MIB_VARIABLE = "PLAN_PROGRESS_MAX_TABLE_MIB"


def table_rows_limit() -> int:
    """Data rows a source table may have: MAX_TABLE_ROWS, or more when the operator says."""
    return _raised(TABLE_ROWS_VARIABLE, MAX_TABLE_ROWS, 1)


def table_bytes_limit() -> int:
    """Bytes a source CSV may have: MAX_TABLE_BYTES, or more when the operator says."""
    return _raised(TABLE_MIB_VARIABLE, MAX_TABLE_BYTES, 1024 * 1024)


def _raised(variable: str, default: int, unit: int) -> int:
    text = os.environ.get(variable, "").strip()
    # At most 15 digits: Python refuses to read a number of thousands of digits, and the
    # csv module's cell limit must fit a C long.
    value = int(text) * unit if text.isascii() and text.isdigit() and len(text) <= 15 else 0
    return min(max(value, default), sys.maxsize)


# Characters in one cell: Excel's own limit, so every value also fits the release workbook.
MAX_CELL_CHARS = 32_767
# datapackage.json and each extension profile.
MAX_DESCRIPTOR_BYTES = 4 * 1024 * 1024
# Nesting of JSON objects and arrays (a descriptor needs 8 levels).
MAX_JSON_DEPTH = 32
# Digits of one JSON integer: no descriptor or profile needs more than a handful, and Python
# refuses int() of text past 4,300 digits with a ValueError (sys.get_int_max_str_digits).
MAX_JSON_INTEGER_DIGITS = 100
# An .xlsx brought to `import`: its size on disk, and the sum of its parts once unzipped
# (a filled-in template of the national corpus unzips to well under 100 MB).
MAX_WORKBOOK_BYTES = 64 * 1024 * 1024
MAX_WORKBOOK_UNZIPPED_BYTES = 256 * 1024 * 1024
MAX_WORKBOOK_PARTS = 10_000
# A path a package names: bytes in all and in one name (most file systems refuse a name of
# more than 255 bytes; a longer path is no package's own layout, only a way to fill messages).
MAX_PATH_BYTES = 1024
MAX_NAME_BYTES = 255
# Characters of a value quoted in a message (longer values are cut with "…").
MAX_SHOWN_CHARS = 200


def mib(size: int) -> str:
    """A size as people read it in a message: 64 MiB."""
    return f"{size / (1024 * 1024):g} MiB"


# An .xlsx (import and the review page): the ratio one part may inflate by (the template's
# parts zip at 2-30x; a bomb of repeated XML at 1000x), for parts over 1 MiB unzipped...
MAX_WORKBOOK_RATIO = 100
# ...the texts in its shared-string table (openpyxl reads them all before any sheet: ~20 µs
# each), two distinct texts per row at the row limit...
MAX_SHARED_STRINGS = 200_000
# ...and the columns of a sheet: the template's columns of its table and this many more
# (a column someone added is read, so that the import names it); a value further right is
# refused, never read (openpyxl would pad every row up to it: XFD is 16,384 cells a row).
MAX_EXTRA_COLUMNS = 10
