"""A SHACL Core subset evaluated in one pass over the triples: pyshacl's verdict, without pyshacl.

pyshacl needs ~8 s and ~750 MB for three simple shapes over 50,000 entries. The published
shapes use a handful of constraint components on simple paths; this module evaluates exactly
those, reading them from `vocab/shapes.ttl` (so a changed shape changes the check). It gives up
(returns None) on anything else in the shapes or data that could make its answer differ from
pyshacl's: another component or target, a complex path, an `rdfs:subClassOf` triple in the
data (SHACL class targets follow it), a datatype whose lexical rules it does not know.
Then the caller runs pyshacl. tests/test_fast_paths.py proves the results equal pyshacl's
(focus, path, component, value) on the seed, generated packages and broken graphs.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import TypeVar

import pyoxigraph as ox

from plan_progress.core.standard import shapes_path

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = RDF + "type"
LANG_STRING = RDF + "langString"

# Lexical spaces of the datatypes the shapes use (XSD 1.1 Part 2); a literal outside its
# datatype's lexical space is ill-typed, which sh:datatype reports as pyshacl does.
_LEXICAL = {
    XSD + "string": None,
    LANG_STRING: None,
    XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    XSD + "decimal": re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"),
    XSD + "double": re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([Ee][+-]?[0-9]+)?|[+-]?INF|NaN"),
    XSD + "boolean": re.compile(r"true|false|1|0"),
    XSD + "date": re.compile(
        r"-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(Z|[+-][0-9]{2}:[0-9]{2})?"
    ),
}
_NUMERIC = {XSD + "integer", XSD + "decimal"}
_KIND_CLASSES = {
    SH + "IRI": ox.NamedNode,
    SH + "Literal": ox.Literal,
    SH + "BlankNode": ox.BlankNode,
}
_NODE_KINDS = {SH + "IRI", SH + "Literal", SH + "BlankNode"}
_PROPERTY_KEYS = {
    SH + "path", SH + "minCount", SH + "maxCount", SH + "datatype", SH + "minLength",
    SH + "in", SH + "pattern", SH + "class", SH + "minInclusive", SH + "nodeKind",
    SH + "uniqueLang",
}  # fmt: skip
_NODE_KEYS = {RDF_TYPE, SH + "targetClass", SH + "nodeKind", SH + "property"}

Result = tuple[str, str | None, str, str | None]  # focus, path, component, value
T = TypeVar("T", ox.Triple, ox.Quad)
_RDF_TYPE = ox.NamedNode(RDF_TYPE)
_SUB_CLASS_OF = ox.NamedNode(RDFS + "subClassOf")


class Unsupported(Exception):
    """The shapes or the data use something this subset does not evaluate."""


@dataclass
class PropertyShape:
    path: str
    constraints: dict[str, ox.Term] = field(default_factory=dict)
    allowed: frozenset[ox.Term] | None = None

    def compile(self) -> None:
        """Constraint values in Python form, read once rather than per value checked."""
        c = self.constraints
        self.min_count = int(c[SH + "minCount"].value) if SH + "minCount" in c else None
        self.max_count = int(c[SH + "maxCount"].value) if SH + "maxCount" in c else None
        self.min_length = int(c[SH + "minLength"].value) if SH + "minLength" in c else None
        self.datatype = c[SH + "datatype"].value if SH + "datatype" in c else None
        self.node_kind = c[SH + "nodeKind"].value if SH + "nodeKind" in c else None
        self.cls = c[SH + "class"].value if SH + "class" in c else None
        self.pattern = re.compile(c[SH + "pattern"].value) if SH + "pattern" in c else None
        unique = c.get(SH + "uniqueLang")
        self.unique_lang = unique is not None and unique.value in ("true", "1")
        bound = c.get(SH + "minInclusive")
        if bound is not None and (
            not isinstance(bound, ox.Literal) or bound.datatype.value not in _NUMERIC
        ):
            # Only numbers are compared here; other kinds of bound leave the subset.
            raise Unsupported("minInclusive on a non-numeric bound")
        self.min_inclusive = Decimal(bound.value) if bound is not None else None
        self.node = ox.NamedNode(self.path)

    def value_tests(self) -> tuple[tuple[str, Callable[[ox.Term], bool]], ...]:
        """Each constraint on a single value as (component, test passed by a good value),
        only those the shape states: evaluated per value, so nothing is decided twice."""
        tests: list[tuple[str, Callable[[ox.Term], bool]]] = []
        if self.node_kind is not None:
            kind = _KIND_CLASSES[self.node_kind]
            tests.append(("NodeKindConstraintComponent", lambda v: isinstance(v, kind)))
        if self.datatype is not None:
            datatype = self.datatype
            tests.append(("DatatypeConstraintComponent", lambda v: _datatype_ok(v, datatype)))
        if self.min_length is not None:
            least = self.min_length
            tests.append(
                (
                    "MinLengthConstraintComponent",
                    lambda v: not isinstance(v, ox.BlankNode) and len(v.value) >= least,
                )
            )
        if self.allowed is not None:
            allowed = self.allowed
            tests.append(("InConstraintComponent", lambda v: v in allowed))
        if self.pattern is not None:
            search = self.pattern.search
            tests.append(
                (
                    "PatternConstraintComponent",
                    lambda v: not isinstance(v, ox.BlankNode) and search(v.value) is not None,
                )
            )
        if self.min_inclusive is not None:
            bound = self.min_inclusive
            tests.append(("MinInclusiveConstraintComponent", lambda v: _at_least(v, bound)))
        return tuple(tests)


@dataclass
class NodeShape:
    name: str
    target_classes: list[str]
    node_kind: str | None
    properties: list[PropertyShape]


@cache
def node_shapes() -> tuple[NodeShape, ...] | None:
    """The published shapes in the subset's terms, or None when they leave the subset."""
    quads = list(ox.parse(path=str(shapes_path())))
    try:
        shapes = _read_shapes(quads)
    except Unsupported:
        return None
    # Blank node labels differ between parses, so lists are read from the same parse.
    _resolve_lists(shapes, quads)
    for shape in shapes:
        for prop in shape.properties:
            prop.tests = prop.value_tests()  # the shape complete, its lists' values in it
    return tuple(shapes)


def _read_shapes(quads: list[ox.Quad]) -> list[NodeShape]:
    by_subject: dict[ox.Term, list[tuple[str, ox.Term]]] = defaultdict(list)
    for q in quads:
        by_subject[q.subject].append((q.predicate.value, q.object))
    property_shapes = {q.object for q in quads if q.predicate.value == SH + "property"}
    shapes = []
    for subject, pairs in by_subject.items():
        types = {o.value for p, o in pairs if p == RDF_TYPE}
        if SH + "NodeShape" not in types:
            # Property shapes are read from their node shape; any other shape is unknown.
            if subject not in property_shapes and any(p.startswith(SH) for p, _ in pairs):
                raise Unsupported(f"shape {subject}")
            continue
        for p, _ in pairs:
            if p.startswith(SH) and p not in _NODE_KEYS:
                raise Unsupported(p)
        node_kind = next((o.value for p, o in pairs if p == SH + "nodeKind"), None)
        if node_kind is not None and node_kind not in _NODE_KINDS:
            raise Unsupported(node_kind)
        properties = [_read_property(by_subject[o]) for p, o in pairs if p == SH + "property"]
        shapes.append(
            NodeShape(
                str(subject.value),
                sorted(o.value for p, o in pairs if p == SH + "targetClass"),
                node_kind,
                properties,
            )
        )
    return shapes


def _read_property(pairs: list[tuple[str, ox.Term]]) -> PropertyShape:
    shape: PropertyShape | None = None
    for p, o in pairs:
        if p.startswith(SH) and p not in _PROPERTY_KEYS:
            raise Unsupported(p)
        if p == SH + "path":
            if not isinstance(o, ox.NamedNode):
                raise Unsupported("complex path")
            shape = PropertyShape(o.value)
    if shape is None:
        raise Unsupported("property shape without a path")
    for p, o in pairs:
        if p in _PROPERTY_KEYS and p != SH + "path":
            if p in shape.constraints:
                raise Unsupported(f"repeated {p}")
            shape.constraints[p] = o
    datatype = shape.constraints.get(SH + "datatype")
    if datatype is not None and datatype.value not in _LEXICAL:
        raise Unsupported(f"datatype {datatype.value}")
    kind = shape.constraints.get(SH + "nodeKind")
    if kind is not None and kind.value not in _NODE_KINDS:
        raise Unsupported(kind.value)
    shape.compile()
    return shape


def _resolve_lists(shapes: list[NodeShape], quads: list[ox.Quad]) -> None:
    first = {q.subject: q.object for q in quads if q.predicate.value == RDF + "first"}
    rest = {q.subject: q.object for q in quads if q.predicate.value == RDF + "rest"}
    for shape in shapes:
        for prop in shape.properties:
            head = prop.constraints.get(SH + "in")
            if head is None:
                continue
            items = []
            while head != ox.NamedNode(RDF + "nil"):
                items.append(first[head])
                head = rest[head]
            prop.allowed = frozenset(items)


def validate(found: Iterable[ox.Triple | ox.Quad]) -> list[Result] | None:
    """Violations as (focus, path, component, value) or None when pyshacl must decide."""
    check = StreamCheck()
    for _ in check.watch(found):
        pass
    return check.results()


class StreamCheck:
    """The subset evaluated on triples as they pass by: `watch` yields each triple it is
    given, unchanged, so another consumer (the Turtle writer) reads the same parse; then
    `results` is what `validate` returns for them."""

    def __init__(self) -> None:
        self.shapes = node_shapes()
        self._results: list[Result] | None = None
        self._gave_up = self.shapes is None

    def watch(self, found: Iterable[T]) -> Iterator[T]:
        """One pass over triples grouped by subject (as sorted N-Triples are): each
        subject's own triples decide every constraint but sh:class, whose values' types are
        checked at the end. A subject's triples are kept by predicate term (no text is made
        for a triple that no constraint reads), each value once."""
        shapes = self.shapes
        if shapes is None:
            yield from found
            return
        by_class: dict[str, list[NodeShape]] = defaultdict(list)
        for shape in shapes:
            for cls in shape.target_classes:
                by_class[cls].append(shape)
        types: dict[ox.Term, set[str]] = defaultdict(set)
        results: set[Result] = set()
        pending: list[tuple[str, str, ox.Term, str]] = []  # focus, path, value, required class
        done: set[ox.Term] = set()
        subject: ox.Term | None = None
        group: dict[ox.NamedNode, list[ox.Term]] = {}

        def finish() -> None:
            classes = {o.value for o in group.get(_RDF_TYPE, ()) if isinstance(o, ox.NamedNode)}
            if not classes:
                return
            types[subject].update(classes)
            matched = {id(sh): sh for cls in classes for sh in by_class.get(cls, ())}
            for shape in matched.values():
                _check_node(subject, shape, group, results, pending)

        iterator = iter(found)
        for t in iterator:
            yield t
            s = t.subject
            if s != subject:
                if subject is not None:
                    finish()
                    done.add(subject)
                subject = s
                if s in done:
                    break  # not grouped by subject: let pyshacl decide
                group = {}
            p, o = t.predicate, t.object
            if p == _SUB_CLASS_OF:
                break
            values = group.get(p)
            if values is None:
                group[p] = [o]
            elif o not in values:
                values.append(o)
        else:
            if subject is not None:
                finish()
            for focus, path, value, cls in pending:
                if cls not in types.get(value, ()):
                    results.add((focus, path, SH + "ClassConstraintComponent", _s(value)))
            self._results = sorted(results, key=lambda r: tuple(x or "" for x in r))
            return
        self._gave_up = True
        yield from iterator

    def results(self) -> list[Result] | None:
        """The violations once every triple has been watched; None when pyshacl decides."""
        return None if self._gave_up else self._results


def _check_node(
    focus: ox.Term,
    shape: NodeShape,
    group: dict[ox.NamedNode, list[ox.Term]],
    results: set[Result],
    pending: list[tuple[str, str, ox.Term, str]],
) -> None:
    focus_s = _s(focus)
    if shape.node_kind and not _has_kind(focus, shape.node_kind):
        results.add((focus_s, None, SH + "NodeKindConstraintComponent", focus_s))
    for prop in shape.properties:
        objects = group.get(prop.node, ())
        count = len(objects)
        if prop.min_count is not None and count < prop.min_count:
            results.add((focus_s, prop.path, SH + "MinCountConstraintComponent", None))
        if not count:
            continue
        if prop.max_count is not None and count > prop.max_count:
            results.add((focus_s, prop.path, SH + "MaxCountConstraintComponent", None))
        if prop.unique_lang:
            languages = [o.language for o in objects if isinstance(o, ox.Literal) and o.language]
            if len(languages) != len(set(languages)):
                results.add((focus_s, prop.path, SH + "UniqueLangConstraintComponent", None))
        for component, passes in prop.tests:
            for value in objects:
                if not passes(value):
                    results.add((focus_s, prop.path, SH + component, _s(value)))
        if prop.cls is not None:
            for value in objects:
                if isinstance(value, ox.Literal):
                    results.add((focus_s, prop.path, SH + "ClassConstraintComponent", _s(value)))
                else:
                    pending.append((focus_s, prop.path, value, prop.cls))


def _has_kind(term: ox.Term, kind: str) -> bool:
    return isinstance(term, _KIND_CLASSES[kind])


def _datatype_ok(value: ox.Term, datatype: str) -> bool:
    if not isinstance(value, ox.Literal):
        return False
    if datatype == LANG_STRING:
        return value.language is not None
    if value.datatype.value != datatype:
        return False
    lexical = _LEXICAL[datatype]
    return lexical is None or lexical.fullmatch(value.value) is not None


def _at_least(value: ox.Term, bound: Decimal) -> bool:
    if not isinstance(value, ox.Literal) or value.datatype.value not in _NUMERIC:
        return False
    try:
        return Decimal(value.value) >= bound
    except InvalidOperation:
        return False


def _s(term: ox.Term) -> str:
    return str(term.value) if not isinstance(term, ox.Literal) else str(term)
