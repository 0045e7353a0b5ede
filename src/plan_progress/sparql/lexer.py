"""Just enough of SPARQL's lexical grammar to find where a query's prologue (BASE and
PREFIX declarations) ends and what its first keyword is: comments, IRIs and words."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_TOKENS = re.compile(
    r"""(?P<space>\s+)
      | (?P<comment>\#[^\r\n]*)
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<punct>[{}()])
      | (?P<word>(?:[^\s<>{}()#\\"']|\\.)+)
      | (?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    end: int


def tokens(text: str, offset: int = 0) -> Iterator[Token]:
    """The tokens of `text` (positions counted from `offset`), without spaces and comments."""
    for match in _TOKENS.finditer(text):
        kind = match.lastgroup or "other"
        if kind not in ("space", "comment"):
            yield Token(kind, match.group(), offset + match.start(), offset + match.end())


def prologue_end(query: str) -> int:
    """Where the prologue ends: the start of the first token after the declarations."""
    stream = tokens(query)
    token = next(stream, None)
    while token is not None and token.text.upper() in ("BASE", "PREFIX"):
        for _ in range(1 if token.text.upper() == "BASE" else 2):
            next(stream, None)
        token = next(stream, None)
    return token.start if token is not None else len(query)
