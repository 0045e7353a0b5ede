"""The RDF graph against the published SHACL shapes, with the vocabulary as ontology."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from plan_progress.core.problems import Problem
from plan_progress.core.standard import shapes_path

SH = "http://www.w3.org/ns/shacl#"


@cache
def _shapes_graph():
    from rdflib import Graph

    return Graph().parse(shapes_path(), format="turtle")


def check_shacl(triples: Iterable[Any], graph: Callable[[], Any], relpath: str) -> list[Problem]:
    """The fast SHACL subset decides when it can and finds nothing (the usual case); pyshacl,
    the reference, runs on `graph()` (an rdflib Graph) when the subset cannot decide and to
    report any violation in its words. `triples`: pyoxigraph triples of the same graph."""
    from plan_progress.checks import shacl_fast

    if shacl_fast.validate(triples) == []:
        return []
    return check_shacl_reference(graph(), relpath)


def check_shacl_reference(graph: Any, relpath: str) -> list[Problem]:
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
        node_shape = _node_shape(shape)
        problems.append(
            Problem(
                "rdf.shacl",
                relpath,
                None,
                _short(path),
                {
                    "focus": str(results.value(result, sh.focusNode)),
                    "shape": node_shape or _short(shape),
                    "detail": str(results.value(result, sh.resultMessage)),
                },
            )
        )
    return sorted(problems, key=lambda p: (p.params["focus"], p.column or ""))


def _node_shape(property_shape) -> str | None:
    from rdflib import Namespace

    sh = Namespace(SH)
    for node_shape in _shapes_graph().subjects(sh.property, property_shape):
        return _short(node_shape)
    return None


def _short(term) -> str:
    text = str(term) if term is not None else ""
    return text.rsplit("#", 1)[-1] if "#" in text else text
