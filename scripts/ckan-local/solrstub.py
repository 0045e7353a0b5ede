"""Minimal in-memory stand-in for the Solr core CKAN talks to (stdlib only).

The publishing tests run a real CKAN; Solr cannot be installed on these machines, so this
is the one stand-in (adapted, reformatted, from the project's reference recipe). It only
backs CKAN's search index: datasets themselves live in PostgreSQL.

Implements just what CKAN 2.11 uses through pysolr:
  GET/POST /solr/<core>/select   q, fq (repeatable), rows, start, fl, sort, facet.field
  POST     /solr/<core>/update   JSON list of docs (add), XML <delete>/<commit>
  GET      /solr/<core>/schema?wt=schema.xml   (CKAN checks the schema version)
  GET      /solr/<core>/admin/ping
Query syntax: a small Lucene subset: field:value, field:"phrase", field:(a OR b),
+/-/NOT, AND/OR, parentheses, *:*, field:*, trailing wildcards, [a TO b] (match all),
bare words = case-insensitive substring over all values.
Usage: python solrstub.py [--host 127.0.0.1] [--port 8983] [--schema path/to/schema.xml]
"""

import argparse
import fnmatch
import json
import re
import threading
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

DOCS = {}  # index_id -> doc
LOCK = threading.Lock()
SCHEMA = b'<?xml version="1.0"?><schema name="ckan-2.11" version="1.6"/>'

TOKEN = re.compile(r'\s*(\(|\)|"(?:[^"\\]|\\.)*"|\[[^\]]*\]|\{[^}]*\}|(?:[^\s()"\\]|\\.)+)')


def tokenize(s):
    s = s.strip()
    pos, out = 0, []
    while pos < len(s):
        m = TOKEN.match(s, pos)
        if not m:
            break
        tok = m.group(1)
        pos = m.end()
        # glue field:"phrase" / field:(...) / field:[..] into one token head
        out.append(tok)
    return out


class Parser:
    def __init__(self, toks):
        self.t, self.i = toks, 0

    def peek(self):
        return self.t[self.i] if self.i < len(self.t) else None

    def next(self):
        tok = self.peek()
        self.i += 1
        return tok

    def parse_expr(self, field=None):
        """Returns ('bool', [(occur, node), ...]) with occur in must/should/not."""
        clauses, pending_and = [], False
        while self.peek() not in (None, ")"):
            tok = self.peek()
            if tok in ("AND", "&&"):
                self.next()
                pending_and = True
                if clauses and clauses[-1][0] == "should":
                    clauses[-1] = ("must", clauses[-1][1])
                continue
            if tok in ("OR", "||"):
                self.next()
                continue
            occur = "should"
            if tok == "NOT" or tok == "!":
                self.next()
                occur = "not"
            elif (tok.startswith("+") and len(tok) > 1) or tok == "+":
                self.t[self.i] = tok[1:]
                occur = "must"
                if tok == "+":
                    self.next()
            elif (tok.startswith("-") and len(tok) > 1) or tok == "-":
                self.t[self.i] = tok[1:]
                occur = "not"
                if tok == "-":
                    self.next()
            if pending_and and occur == "should":
                occur = "must"
            pending_and = False
            node = self.parse_atom(field)
            if node is not None:
                clauses.append((occur, node))
        return ("bool", clauses)

    def parse_atom(self, field):
        tok = self.next()
        if tok is None:
            return None
        if tok == "(":
            node = self.parse_expr(field)
            if self.peek() == ")":
                self.next()
            return node
        if tok.startswith("{!"):  # local params: ignore
            return ("all",)
        m = re.match(r"^((?:[^:\\]|\\.)+):(.*)$", tok) if not tok.startswith('"') else None
        if (m and m.group(1) != "*") or (m and m.group(2) not in ("*", "")):
            f, rest = m.group(1), m.group(2)
            if f == "*" and rest == "*":
                return ("all",)
            if rest == "":
                nxt = self.peek()
                if nxt == "(":
                    self.next()
                    node = self.parse_expr(f)
                    if self.peek() == ")":
                        self.next()
                    return node
                if nxt is not None:
                    return ("term", f, self.next())
                return ("all",)
            return ("term", f, rest)
        if m and m.group(1) == "*":
            return ("all",)
        return ("term", field, tok)


def unq(v):
    if len(v) >= 2 and v[0] == '"' and v[-1] == '"':
        v = v[1:-1]
    return re.sub(r"\\(.)", r"\1", v)


def values(doc, field):
    v = doc.get(field)
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def all_text(doc):
    parts = []
    for k, v in doc.items():
        if k in ("data_dict", "validated_data_dict"):
            continue
        for x in v if isinstance(v, list) else [v]:
            parts.append(str(x))
    return " ".join(parts).lower()


def match_term(doc, field, raw):
    if raw.startswith("[") or raw.startswith("{"):
        return field is None or bool(values(doc, field))
    quoted = raw.startswith('"')
    val = unq(raw)
    if field in (None, "text", "_text_"):
        if val == "*":
            return True
        words = [val] if quoted else val.split()
        hay = all_text(doc)
        return all(w.lower().strip("*") in hay for w in words)
    vals = values(doc, field)
    if val == "*":
        return bool(vals)
    for x in vals:
        sx = (
            str(x).lower()
            if isinstance(x, str)
            else json.dumps(x)
            if isinstance(x, bool)
            else str(x)
        )
        lv = val.lower()
        if not quoted and ("*" in val or "?" in val):
            if fnmatch.fnmatchcase(sx, lv):
                return True
        elif sx == lv or (quoted is False and isinstance(x, str) and lv in sx.split()):
            return True
        elif quoted and isinstance(x, str) and len(x) > 50 and lv in sx:
            return True  # phrase inside a long text field
    return False


def evaluate(node, doc):
    kind = node[0]
    if kind == "all":
        return True
    if kind == "term":
        return match_term(doc, node[1], node[2])
    clauses = node[1]
    if not clauses:
        return True
    must = [n for o, n in clauses if o == "must"]
    should = [n for o, n in clauses if o == "should"]
    nots = [n for o, n in clauses if o == "not"]
    if any(evaluate(n, doc) for n in nots):
        return False
    if not all(evaluate(n, doc) for n in must):
        return False
    if should and not must:
        return any(evaluate(n, doc) for n in should)
    return True  # every must held and no not matched


def compile_q(q, default_and=False):
    toks = tokenize(q or "*:*")
    if default_and:  # edismax free text: all words required
        toks = (
            [
                ("+" + t)
                if t not in ("AND", "OR", "NOT", "(", ")") and not t.startswith(("+", "-"))
                else t
                for t in toks
            ]
            if all(":" not in t for t in toks)
            else toks
        )
    return Parser(toks).parse_expr()


def do_select(params):
    q = params.get("q", ["*:*"])[0]
    deftype = params.get("defType", [""])[0]
    fqs = params.get("fq", [])
    rows = int(params.get("rows", ["10"])[0] or 10)
    start = int(params.get("start", ["0"])[0] or 0)
    fl = params.get("fl", ["*"])[0]
    sort = params.get("sort", [""])[0]
    qnode = compile_q(q, default_and=(deftype in ("edismax", "dismax")))
    fnodes = [compile_q(f) for f in fqs]
    with LOCK:
        docs = list(DOCS.values())
    hits = [d for d in docs if evaluate(qnode, d) and all(evaluate(f, d) for f in fnodes)]
    for spec in reversed([s.strip() for s in sort.split(",") if s.strip()]):
        parts = spec.split()
        fname, direction = parts[0], (parts[1] if len(parts) > 1 else "asc")
        if fname == "score":
            continue
        hits.sort(
            key=lambda d: str(values(d, fname)[0]) if values(d, fname) else "",
            reverse=(direction.lower() == "desc"),
        )
    facet_fields = {}
    if params.get("facet", ["false"])[0] == "true":
        for ff in params.get("facet.field", []):
            counts = {}
            for d in hits:
                for v in values(d, ff):
                    counts[str(v)] = counts.get(str(v), 0) + 1
            mincount = int(params.get("facet.mincount", ["1"])[0] or 1)
            flat = []
            for k, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
                if c >= mincount:
                    flat += [k, c]
            facet_fields[ff] = flat
    fields = [f for f in re.split(r"[\s,]+", fl) if f and f != "score"]
    page = hits[start : start + rows]
    if "*" not in fields:
        page = [{k: v for k, v in d.items() if k in fields} for d in page]
    return {
        "responseHeader": {
            "status": 0,
            "QTime": 0,
            "params": {k: v[-1] for k, v in params.items()},
        },
        "response": {"numFound": len(hits), "start": start, "docs": page},
        "facet_counts": {
            "facet_queries": {},
            "facet_fields": facet_fields,
            "facet_ranges": {},
            "facet_intervals": {},
            "facet_heatmaps": {},
        },
    }


def do_update(body, ctype):
    body = body.strip()
    if not body:
        return
    if body[:1] in (b"[", b"{"):
        data = json.loads(body)
        if isinstance(data, dict):  # {"add": {...}} / {"delete": ...} / {"commit": {}}
            if "delete" in data:
                d = data["delete"]
                for item in d if isinstance(d, list) else [d]:
                    _delete(item if isinstance(item, dict) else {"id": item})
            if "add" in data:
                a = data["add"]
                for item in a if isinstance(a, list) else [a]:
                    _add(item.get("doc", item))
            return
        for doc in data:
            _add(doc)
        return
    root = ET.fromstring(body)
    if root.tag == "delete":
        for el in root:
            _delete({el.tag: el.text or ""})
    elif root.tag == "add":
        for docel in root.findall("doc"):
            doc = {}
            for f in docel.findall("field"):
                doc.setdefault(f.get("name"), []).append(f.text)
            _add({k: (v[0] if len(v) == 1 else v) for k, v in doc.items()})


def _add(doc):
    key = doc.get("index_id") or doc.get("id")
    with LOCK:
        DOCS[str(key)] = doc


def _delete(spec):
    with LOCK:
        if "id" in spec and "query" not in spec:
            DOCS.pop(str(spec["id"]), None)
        elif "query" in spec:
            node = compile_q(spec["query"])
            for k in [k for k, d in DOCS.items() if evaluate(node, d)]:
                DOCS.pop(k)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet
        pass

    def _send(self, code, payload, ctype="application/json; charset=utf-8"):
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _route(self, body=b""):
        u = urlsplit(self.path)
        params = parse_qs(u.query, keep_blank_values=True)
        ctype = self.headers.get("Content-Type", "")
        if body and "x-www-form-urlencoded" in ctype:
            for k, v in parse_qs(body.decode(), keep_blank_values=True).items():
                params.setdefault(k, []).extend(v)
            body = b""
        path = u.path.rstrip("/")
        try:
            if path.endswith("/select"):
                return self._send(200, do_select(params))
            if path.endswith("/update") or path.endswith("/update/json"):
                do_update(body, ctype)
                return self._send(200, {"responseHeader": {"status": 0, "QTime": 0}})
            if path.endswith("/schema") or path.endswith("/admin/file"):
                return self._send(200, SCHEMA, "application/xml; charset=utf-8")
            if path.endswith("/admin/ping"):
                return self._send(200, {"status": "OK", "responseHeader": {"status": 0}})
            return self._send(404, {"error": {"msg": "not found: " + u.path, "code": 404}})
        except Exception as e:  # report like Solr does
            return self._send(
                400,
                {
                    "responseHeader": {"status": 400},
                    "error": {"msg": f"{type(e).__name__}: {e}", "code": 400},
                },
            )

    def do_GET(self):
        self._route()

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        self._route(self.rfile.read(n) if n else b"")


def main():
    global SCHEMA
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8983)
    ap.add_argument("--schema")
    a = ap.parse_args()
    if a.schema:
        with open(a.schema, "rb") as f:
            SCHEMA = f.read()
    ThreadingHTTPServer((a.host, a.port), Handler).serve_forever()


if __name__ == "__main__":
    main()
