"""The package's CSV form, written in one place: RFC 4180, UTF-8, LF, minimal quoting."""

from __future__ import annotations

import csv
import io


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    """A header row and data rows as the package's source tables keep them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")
