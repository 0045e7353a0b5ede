"""The unique keys the Table Schemas declare, which frictionless (5.x) does not check.

As Table Schema defines them, a row with an empty cell in the key is not compared: two levels
of a nominal scale, both without a rank, do not collide on (scale_id, rank). Keys in which an
empty cell must count as a value (an entry per initiative, actor and fiscal year) are checked
by the model's rules instead.
"""

from __future__ import annotations

from typing import Any

from plan_progress.core.problems import Problem
from plan_progress.model.tables import Tables


def check_unique_keys(
    tables: Tables, schemas: dict[str, dict[str, Any]], paths: dict[str, str]
) -> list[Problem]:
    problems = []
    for table, schema in schemas.items():
        for key in schema.get("uniqueKeys", []):
            columns = [key] if isinstance(key, str) else list(key)
            seen: set[tuple] = set()
            for row in tables[table]:
                values = tuple(row[c] for c in columns)
                if any(v is None for v in values):
                    continue
                if values in seen:
                    problems.append(
                        Problem(
                            "table.unique",
                            paths[table],
                            row.number,
                            ",".join(columns),
                            {"value": ",".join(str(v) for v in values)},
                        )
                    )
                seen.add(values)
    return problems
