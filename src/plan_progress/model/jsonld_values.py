"""Table cells as JSON-LD values, and the one rule for optional lists."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from plan_progress.model.mapping import ClassMap
from plan_progress.model.tables import Row

Node = dict[str, Any]


def literals(mapping: ClassMap, row: Row, columns: dict[str, str] | None = None) -> Node:
    """The literal keys of `mapping` that have a value in `row` (empty cells are left out)."""
    node: Node = {}
    for key, column in (columns or mapping.literals).items():
        value = row[column]
        if value is None:
            continue
        node[key] = json_value(value)
    return node


def decimal_text(value: Decimal) -> str:
    """A `number` cell as the xsd:decimal lexical form of the digits as printed: 45.0 stays
    45.0 (a JSON float would lose the trailing zero); an exponent is written out."""
    return format(value, "f")


def json_value(value: Any) -> Any:
    """Table Schema types -> JSON: dates as ISO text, `number` cells as decimal text (the
    context types them xsd:decimal)."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return decimal_text(value)
    return value


def put(node: Node, key: str, values: list[Any]) -> None:
    """Optional lists are left out when empty, so a report without them reads as before."""
    if values:
        node[key] = values
