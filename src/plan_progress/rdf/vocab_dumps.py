"""The vocabulary and the shapes as N-Triples and JSON-LD, generated from their Turtle.

Deterministic: blank nodes (the shapes' property constraints) are renamed by RDF dataset
canonicalization, N-Triples lines are sorted, and the JSON-LD lists nodes by id. The
hand-written Turtle stays the source; `python scripts/build_vocab_dumps.py` rewrites
`vocab/generated/`, and tests/test_vocab_dumps.py fails when the committed files differ.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pyoxigraph import CanonicalizationAlgorithm, Dataset, RdfFormat, parse, serialize

from plan_progress.core.atomic_files import write_all
from plan_progress.core.standard import shapes_path, vocab_path
from plan_progress.rdf.jsonld_rdf import local_document_loader

GENERATED_DIR = Path("vocab") / "generated"
BUILD_COMMAND = "python scripts/build_vocab_dumps.py"

# Prefixes of the compact JSON-LD: those the Turtle files declare.
JSONLD_CONTEXT: dict[str, str] = {
    "pp": "https://w3id.org/plan-progress/ns#",
    "pps": "https://w3id.org/plan-progress/shapes#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "cv": "http://data.europa.eu/m8g/",
    "schema": "https://schema.org/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "ic": "http://imi.go.jp/ns/core/rdf#",
    "sh": "http://www.w3.org/ns/shacl#",
}


def dumps() -> dict[Path, bytes]:
    """Relative path under the repository -> exact bytes, for the vocabulary and the shapes."""
    files: dict[Path, bytes] = {}
    for source in (vocab_path(), shapes_path()):
        nt = canonical_ntriples(source)
        files[GENERATED_DIR / f"{source.stem}.nt"] = nt.encode("utf-8")
        files[GENERATED_DIR / f"{source.stem}.jsonld"] = jsonld_text(nt).encode("utf-8")
    return files


def write_dumps(repository: Path) -> list[Path]:
    """Write the dumps that differ from the committed ones; return what was written."""
    contents = {repository / rel: data for rel, data in dumps().items()}
    changed = [p for p, data in contents.items() if not p.is_file() or p.read_bytes() != data]
    write_all({p: contents[p] for p in changed})
    return changed


def canonical_ntriples(turtle: Path) -> str:
    dataset = Dataset(parse(path=turtle, format=RdfFormat.TURTLE))
    dataset.canonicalize(CanonicalizationAlgorithm.RDFC_1_0)
    text = serialize(dataset, format=RdfFormat.N_QUADS).decode("utf-8")
    return "".join(line + "\n" for line in sorted(set(text.splitlines())) if line)


def jsonld_text(ntriples: str) -> str:
    """Compact JSON-LD by pyld (the processor `build` uses), nodes sorted by @id."""
    from pyld import jsonld

    options: dict[str, Any] = {"documentLoader": local_document_loader}
    expanded = jsonld.from_rdf(ntriples, {"format": "application/n-quads", **options})
    compacted = jsonld.compact(expanded, {"@context": JSONLD_CONTEXT}, options)
    nodes = compacted.get("@graph", [])
    compacted["@graph"] = sorted(nodes, key=lambda node: node.get("@id", ""))
    return json.dumps(compacted, ensure_ascii=False, indent=2) + "\n"
