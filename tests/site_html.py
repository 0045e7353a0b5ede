"""Reading the site's HTML as text in the tests (stdlib html.parser): every text with the
language it is marked in, ids, links, and embedded JSON-LD."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

_VOID = {"meta", "link", "br", "img", "input", "col", "hr", "circle", "line", "path"}
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef\u3000-\u303f①-⑳]")


@dataclass
class Page:
    texts: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)  # text, lang, tags
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    scripts: list[tuple[str, str]] = field(default_factory=list)  # type, content

    def text(self) -> str:
        return " ".join(t for t, _, _ in self.texts)

    def jsonld(self) -> list[Any]:
        return [json.loads(c) for kind, c in self.scripts if kind == "application/ld+json"]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[tuple[str, str]] = []
        self.script: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.page.ids.add(a["id"] or "")
        for key in ("href", "src"):
            if a.get(key) is not None:
                self.page.links.append(a[key] or "")
        if tag == "script":
            self.script = (a.get("type") or "", [])
        if tag in _VOID:
            return
        lang = a.get("lang") or (self.stack[-1][1] if self.stack else "")
        self.stack.append((tag, lang))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            self.page.scripts.append((self.script[0], "".join(self.script[1])))
            self.script = None
        if tag in _VOID:
            return
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script[1].append(data)
            return
        if data.strip():
            lang = self.stack[-1][1] if self.stack else ""
            self.page.texts.append((data.strip(), lang, tuple(t for t, _ in self.stack)))


def read(path: Path) -> Page:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    collector.close()
    return collector.page
