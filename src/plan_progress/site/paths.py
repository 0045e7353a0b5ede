"""Where each IRI lives in the site, and relative links between pages.

Data IRIs under `https://w3id.org/plan-progress/id/` map to `id/…` in the site, so the w3id
redirect rules only append an extension; data IRIs under another base (a municipality's own
domain) map to `ext/{host}/…`. A fragment (`…/dataset#class-Plan`) is an anchor on the page of
the IRI before it. Vocabulary terms (`ns#Initiative`) land on the vocabulary page's anchors.

The site is written to disk from these paths, so a path segment made from data must not climb
out of the site (`..`), hide a slash (`%2F`) or be too long for a file name: such an IRI is
refused (`site.iri-path`) rather than mapped.
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote, unquote, urlsplit

from plan_progress.core.standard import DATA_IRI_ROOT, ONTOLOGY_IRI, VOCAB_NS

VOCABULARY_PAGE = "standard/vocabulary.html"
# Longest file name most file systems allow is 255 bytes; leave room for ".jsonld".
_MAX_SEGMENT_BYTES = 200


class UnmappableIri(ValueError):
    """An IRI whose path cannot safely become a file path in the site."""


def document_iri(iri: str) -> str:
    """The IRI without its fragment: the page that describes it."""
    return iri.split("#", 1)[0]


def page_stem(iri: str) -> str | None:
    """Site path (POSIX, no extension) of the page for a data IRI, or None when the IRI is not
    data (another site's IRI, or not http(s)). Raises UnmappableIri for an unsafe path."""
    doc = document_iri(iri)
    if doc.startswith(DATA_IRI_ROOT):
        rest = doc[len(DATA_IRI_ROOT) :]
        return "id/" + _safe_path(rest, iri)
    parts = urlsplit(doc)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if parts.query:
        raise UnmappableIri(iri)
    host = parts.hostname
    if parts.port:
        host = f"{host}_{parts.port}"
    return f"ext/{_safe_segment(host, iri)}/" + _safe_path(parts.path.lstrip("/"), iri)


def _safe_path(path: str, iri: str) -> str:
    if "?" in path:
        raise UnmappableIri(iri)
    segments = path.split("/")
    if segments[-1] == "":
        segments[-1] = "index"  # `…/x/` is a directory-like IRI: its page is x/index.html
    return "/".join(_safe_segment(unquote(s), iri) for s in segments)


def _safe_segment(segment: str, iri: str) -> str:
    if (
        segment in ("", ".", "..")
        or "/" in segment
        or "\\" in segment
        or any(ord(c) < 0x20 or c == "\x7f" for c in segment)
        or len(segment.encode("utf-8")) > _MAX_SEGMENT_BYTES
    ):
        raise UnmappableIri(iri)
    return segment


def fragment(iri: str) -> str | None:
    return iri.split("#", 1)[1] if "#" in iri else None


def vocabulary_target(iri: str) -> tuple[str, str | None] | None:
    """(page, anchor) of a vocabulary IRI (the ontology or one of its terms), else None."""
    if iri.startswith(VOCAB_NS):
        return VOCABULARY_PAGE, iri[len(VOCAB_NS) :] or None
    if iri == ONTOLOGY_IRI or iri.startswith(ONTOLOGY_IRI + "/"):
        return VOCABULARY_PAGE, None
    return None


def href(from_page: str, to_page: str, anchor: str | None = None) -> str:
    """A relative link from one site file to another (both POSIX paths from the site root),
    percent-encoded, so that it works from disk (file://) and under any web server path."""
    relative = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    link = quote(relative, safe="/.-_~")
    if anchor:
        link += "#" + quote(anchor, safe="-_.~")
    return link
