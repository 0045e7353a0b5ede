"""Text rules of the standard: NFC only, and no PDF wrap artifacts left in a cell."""

from __future__ import annotations

import re
import unicodedata

from plan_progress.core.problems import Problem
from plan_progress.model.tables import Tables

# Spaces at either end, or around a line break, are what PDF wrapping leaves behind.
_EDGE_SPACE = re.compile(r"^\s|\s$|[ \t\u3000]\n|\n[ \t\u3000]|\n\n")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")


def check_text(tables: Tables, paths: dict[str, str]) -> list[Problem]:
    problems = []
    for name, rows in tables.items():
        for row in rows:
            for column, value in row.cells.items():
                if not isinstance(value, str):
                    continue
                where = (paths[name], row.number, column)
                # is_normalized answers without building the normalized copy.
                if not unicodedata.is_normalized("NFC", value):
                    problems.append(Problem("text.not-nfc", *where))
                if _CONTROL.search(value):
                    problems.append(Problem("text.control-character", *where))
                elif _EDGE_SPACE.search(value):
                    problems.append(Problem("text.whitespace", *where))
    return problems
