"""What the endpoint says about itself: a SPARQL 1.1 Service Description (at the endpoint)
and the loaded packages' VoID descriptions naming the endpoint (at /.well-known/void)."""

from __future__ import annotations

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, parse, serialize

from plan_progress.sparql.results import TURTLE_PREFIXES
from plan_progress.sparql.store import VOCAB_GRAPH

RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
FORMATS = "http://www.w3.org/ns/formats/"
XSD_INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")
# What the engine answers in (SPARQL results and RDF serializations).
RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "RDF_XML",
    "JSON-LD",
)
PREFIXES = {**TURTLE_PREFIXES, "sd": SD, "formats": FORMATS}


def with_endpoint(void_turtle: bytes, endpoint_url: str) -> bytes:
    """The VoID descriptions with `void:sparqlEndpoint` on every dataset."""
    triples = [q.triple for q in parse(void_turtle, format=RdfFormat.TURTLE)]
    datasets = {
        t.subject for t in triples if t.predicate == RDF_TYPE and t.object == _void("Dataset")
    }
    for dataset in sorted(datasets, key=str):
        triples.append(Triple(dataset, _void("sparqlEndpoint"), NamedNode(endpoint_url)))
    return serialize(triples, format=RdfFormat.TURTLE, prefixes=PREFIXES)


def service_description(
    endpoint_url: str,
    void_turtle: bytes,
    default_graph_triples: int,
    vocabulary_triples: int,
    *,
    allow_service: bool,
) -> bytes:
    """SPARQL 1.1 Service Description: languages, result formats, features and the dataset
    (its default graph, the vocabulary's named graph, the packages' VoID datasets)."""
    service = NamedNode(endpoint_url)
    dataset, default_graph = BlankNode("dataset"), BlankNode("defaultGraph")
    vocabulary, vocabulary_graph = BlankNode("vocabularyGraph"), BlankNode("vocabulary")
    triples = [
        Triple(service, RDF_TYPE, _sd("Service")),
        Triple(service, _sd("endpoint"), service),
        Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        Triple(service, _sd("defaultDataset"), dataset),
        Triple(dataset, RDF_TYPE, _sd("Dataset")),
        Triple(dataset, _sd("defaultGraph"), default_graph),
        Triple(default_graph, RDF_TYPE, _sd("Graph")),
        Triple(default_graph, _void("triples"), _integer(default_graph_triples)),
        Triple(dataset, _sd("namedGraph"), vocabulary),
        Triple(vocabulary, RDF_TYPE, _sd("NamedGraph")),
        Triple(vocabulary, _sd("name"), NamedNode(VOCAB_GRAPH)),
        Triple(vocabulary, _sd("graph"), vocabulary_graph),
        Triple(vocabulary_graph, _void("triples"), _integer(vocabulary_triples)),
    ]
    triples += [
        Triple(service, _sd("resultFormat"), NamedNode(FORMATS + f)) for f in RESULT_FORMATS
    ]
    if allow_service:
        triples.append(Triple(service, _sd("feature"), _sd("BasicFederatedQuery")))
    described = {
        t.subject
        for t in (q.triple for q in parse(void_turtle, format=RdfFormat.TURTLE))
        if t.predicate == RDF_TYPE and t.object == _void("Dataset")
    }
    triples += [Triple(dataset, _void("subset"), d) for d in sorted(described, key=str)]
    return serialize(triples, format=RdfFormat.TURTLE, prefixes=PREFIXES)


def _sd(name: str) -> NamedNode:
    return NamedNode(SD + name)


def _void(name: str) -> NamedNode:
    return NamedNode(VOID + name)


def _integer(n: int) -> Literal:
    return Literal(str(n), datatype=XSD_INTEGER)
