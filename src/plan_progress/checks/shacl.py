"""The RDF graph against the published SHACL shapes, with the vocabulary as ontology.

A violation is reported at the source CSV row of its focus node (see locate.py), with the
property and the broken constraint in the message's language: pyshacl's English message
stays out of a Japanese line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from plan_progress.checks.locate import Locator, json_key_of
from plan_progress.core.problems import Problem
from plan_progress.core.standard import shapes_path

SH = "http://www.w3.org/ns/shacl#"

# SHACL constraint components, said in words.
_REASONS = {
    "MinCountConstraintComponent": ("値がありません", "a value is missing"),
    "MaxCountConstraintComponent": ("値が多すぎます", "too many values"),
    "DatatypeConstraintComponent": ("型が違います", "the datatype is wrong"),
    "ClassConstraintComponent": ("参照先の種類が違います", "it refers to the wrong kind of node"),
    "InConstraintComponent": ("コード表にない値です", "not a code of the codelist"),
    "PatternConstraintComponent": ("書式が違います", "the form is wrong"),
    "MinLengthConstraintComponent": ("空です", "it is empty"),
    "MinInclusiveConstraintComponent": ("小さすぎます", "too small"),
    "NodeKindConstraintComponent": ("IRI ではありません", "not an IRI"),
    "UniqueLangConstraintComponent": ("同じ言語の値が二つあります", "two values in one language"),
}


@cache
def _shapes_graph():
    from rdflib import Graph

    return Graph().parse(shapes_path(), format="turtle")


def check_shacl(
    triples: Iterable[Any],
    graph: Callable[[], Any],
    relpath: str,
    locator: Locator | None = None,
) -> list[Problem]:
    """The fast SHACL subset decides when it can and finds nothing (the usual case); pyshacl,
    the reference, runs on `graph()` (an rdflib Graph) when the subset cannot decide and to
    report any violation in its words. `triples`: pyoxigraph triples of the same graph."""
    from plan_progress.checks import shacl_fast

    if shacl_fast.validate(triples) == []:
        return []
    return check_shacl_reference(graph(), relpath, locator)


def check_shacl_reference(
    graph: Any, relpath: str, locator: Locator | None = None
) -> list[Problem]:
    from pyshacl import validate
    from rdflib import Namespace

    conforms, results, _ = validate(
        graph, shacl_graph=_shapes_graph(), inference="none", allow_warnings=False
    )
    if conforms:
        return []
    sh = Namespace(SH)
    problems = []
    for result in results.subjects(sh.resultSeverity, sh.Violation):
        path = results.value(result, sh.resultPath)
        shape = results.value(result, sh.sourceShape)
        focus = str(results.value(result, sh.focusNode))
        component = _short(results.value(result, sh.sourceConstraintComponent))
        ja, en = _REASONS.get(component, ("形状に合いません", f"fails {component}"))
        params = {
            "focus": focus,
            "shape": _node_shape(shape) or _short(shape),
            "property": _short(path),
            "reason": {"ja": ja, "en": en},
            "detail": str(results.value(result, sh.resultMessage)),
        }
        key = json_key_of(str(path)) if path is not None else None
        found = locator.find(focus, key) if locator is not None else None
        if found is not None:
            file, row, column = found
            problems.append(Problem("rdf.shacl", file, row, column or _short(path), params))
        else:
            problems.append(Problem("rdf.shacl", relpath, None, _short(path), params))
    return sorted(problems, key=lambda p: (p.params["focus"], p.column or "", p.file))


def _node_shape(property_shape) -> str | None:
    from rdflib import Namespace

    sh = Namespace(SH)
    for node_shape in _shapes_graph().subjects(sh.property, property_shape):
        return _short(node_shape)
    return None


def _short(term) -> str:
    text = str(term) if term is not None else ""
    return text.rsplit("#", 1)[-1] if "#" in text else text
