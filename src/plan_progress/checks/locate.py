"""From a node of the generated JSON-LD or RDF back to the source CSV row it was made from.

The JSON Schema and SHACL checks find problems in generated files, which a person never
edits; this turns each into a problem at the CSV file, row and column to mend.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from plan_progress.core.standard import context_document
from plan_progress.model.mapping import CLASS_MAPS, INDICATOR_POINTS, point_columns
from plan_progress.model.scope import Scope
from plan_progress.model.tables import Tables

Place = tuple[str, int, str]  # table, row number, JSON type of the node


@dataclass
class Locator:
    """Absolute node IRI -> the source row that describes it."""

    paths: dict[str, str]
    places: dict[str, Place] = field(default_factory=dict)
    bases: list[str] = field(default_factory=list)  # each document's base IRI, in order

    @classmethod
    def of(cls, parts: list[tuple[Tables, str]], paths: dict[str, str]) -> Locator:
        """`parts`: each report's tables with its base IRI (one part unless multi-plan)."""
        locator = cls(paths, bases=[base for _, base in parts])
        for tables, base in parts:
            scope = Scope(tables)
            for mapping in CLASS_MAPS:
                if mapping.json_type in ("Confirmation", "PlanPeriod", "Measurement"):
                    continue  # nodes made from another table's row: see below
                for row in tables[mapping.table]:
                    iri = base + scope.node_iri(mapping.table, row)
                    locator.places[iri] = (mapping.table, row.number, mapping.json_type)
            for row in tables["indicator-values"]:
                iri = base + scope.node_iri("indicator-values", row)
                locator.places[iri] = ("indicator-values", row.number, "Measurement")
            for row in tables["indicators"]:
                for point in INDICATOR_POINTS:
                    iri = base + scope.node_iri("indicators", row) + "/" + point
                    locator.places[iri] = ("indicators", row.number, f"Measurement:{point}")
            for row in tables["reports"]:
                report = base + scope.node_iri("reports", row)
                locator.places[report + "/confirmation"] = ("reports", row.number, "Confirmation")
            for row in tables["plans"]:
                period = base + scope.node_iri("plans", row) + "/period"
                locator.places[period] = ("plans", row.number, "PlanPeriod")
        return locator

    def find(self, iri: str, key: str | None) -> tuple[str, int, str | None] | None:
        """(CSV path, row, column) of the node `iri` and its JSON key, when the node is known."""
        place = self.places.get(iri)
        if place is None:
            return None
        table, row, json_type = place
        return self.paths[table], row, _column(json_type, key)


def _column(json_type: str, key: str | None) -> str | None:
    if key is None:
        return None
    if json_type.startswith("Measurement:"):
        return point_columns(json_type.split(":", 1)[1]).get(key)
    mapping = next(m for m in CLASS_MAPS if m.json_type == json_type)
    return {**mapping.literals, **mapping.references, **mapping.links}.get(key)


def json_key_of(property_iri: str) -> str | None:
    """The JSON key the context maps to a property IRI (its first, as the document uses it)."""
    context = context_document()["@context"]
    prefixes = {k: v for k, v in context.items() if isinstance(v, str) and v.endswith(("#", "/"))}
    for key, value in context.items():
        curie = value.get("@id") if isinstance(value, dict) else None
        if curie is None:
            continue
        prefix, _, local = curie.partition(":")
        if prefixes.get(prefix, "") + local == property_iri:
            return key
    return None


def enclosing_node(document: Any, pointer: list[Any]) -> tuple[str | None, str | None]:
    """The id of the innermost node object on the JSON pointer and the key under it."""
    node_id, key, value = None, None, document
    for step in pointer:
        if isinstance(value, dict) and "id" in value and isinstance(value["id"], str):
            node_id, key = value["id"], step
        try:
            value = value[step]
        except (KeyError, IndexError, TypeError):
            break
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        node_id, key = value["id"], None
    return node_id, key if isinstance(key, str) else None
