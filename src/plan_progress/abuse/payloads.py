"""The attacks' payloads, made in memory: queries that nest or grow past any sane query,
and workbooks or zips small on the wire that cost a careless reader minutes and gigabytes."""

from __future__ import annotations

import csv
import io
import re
import zipfile

# -- queries (issue 24, classes 1-5) ----------------------------------------------------
SIMPLE = "ASK { }"


def bangs(count: int = 20_000) -> str:
    """A FILTER of `count` negations (~20 KB): overflowed the engine's stack (class 1)."""
    return "SELECT * WHERE { ?s ?p ?o FILTER(" + "!" * count + "true) } LIMIT 1"


def parentheses(depth: int = 5_000) -> str:
    return "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * depth + "true" + ")" * depth + ") } LIMIT 1"


def braces(depth: int = 2_000) -> str:
    """Nested group patterns around a SERVICE: the front's SERVICE check recursed into
    them and crashed (class 4)."""
    inner = "SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o }"
    return "SELECT * WHERE " + "{ " * depth + inner + " }" * depth + " LIMIT 1"


def many_groups(count: int = 12_000) -> str:
    """A ~200 KB query of `count` groups: 14.6 s of parsing outside the limit (class 4)."""
    groups = " UNION ".join("{ ?s ?p ?o }" for _ in range(count))
    return "SELECT * WHERE { " + groups + " } LIMIT 1"


def nested_service(depth: int = 1_000) -> str:
    inner = "?s ?p ?o"
    for _ in range(depth):
        inner = "SERVICE <http://127.0.0.1:9/sparql> { " + inner + " }"
    return "SELECT * WHERE { " + inner + " } LIMIT 1"


# Four copies of every triple, joined: far past any time limit (class 2).
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
DESCRIBE_ALL = "DESCRIBE ?s WHERE { ?s ?p ?o }"


# -- workbooks and zips for the review page (classes 6, 7, 9) ----------------------------
def _template() -> bytes:
    """The blank template the page hands out (what a stranger would start from)."""
    from plan_progress.spreadsheet.template import workbook

    buffer = io.BytesIO()
    workbook().save(buffer)
    return buffer.getvalue()


def wide_rows(rows: int = 2_000) -> bytes:
    """The template with `rows` rows each holding one cell in column XFD (the last):
    a careless reader pads every row to 16,384 cells (class 6)."""
    with zipfile.ZipFile(io.BytesIO(_template())) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = "xl/worksheets/sheet2.xml"  # the first data sheet, after the instructions
    text = parts[sheet].decode("utf-8")
    cells = "".join(
        f'<row r="{r}"><c r="XFD{r}" t="inlineStr"><is><t>x</t></is></c></row>'
        for r in range(3, 3 + rows)
    )
    text = re.sub(r"<dimension ref=\"[^\"]*\"/>", f'<dimension ref="A1:XFD{2 + rows}"/>', text)
    text = re.sub(
        r"(<sheetData>.*?)(</sheetData>)",
        lambda m: _keep_two(m.group(1)) + cells + m.group(2),
        text,
        flags=re.S,
    )
    parts[sheet] = text.encode("utf-8")
    return _zip(parts)


def _keep_two(sheet_data: str) -> str:
    """The sheetData's opening and its first two rows (the labels and the column keys)."""
    rows = re.findall(r"<row [^>]*>.*?</row>|<row [^>]*/>", sheet_data, flags=re.S)
    return "<sheetData>" + "".join(rows[:2])


def shared_string_bomb(count: int = 1_000_000) -> bytes:
    """The template with `count` shared strings: ~120 KiB on the wire (class 7)."""
    with zipfile.ZipFile(io.BytesIO(_template())) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    strings = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{count}"'
        f' uniqueCount="{count}">' + "<si><t>a</t></si>" * count + "</sst>"
    )
    parts["xl/sharedStrings.xml"] = strings.encode("utf-8")
    types = parts["[Content_Types].xml"].decode("utf-8")
    if "sharedStrings" not in types:
        types = types.replace(
            "</Types>",
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
        parts["[Content_Types].xml"] = types.encode("utf-8")
    return _zip(parts)


def findings_flood(columns: int = 30_000) -> bytes:
    """A zip of one CSV table with `columns` unknown columns: one finding each (class 9)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header = ["actor_id", "short_name", "name", "legal_form", "actor_type", "corporate_number"]
    writer.writerow(header + [f"x{i}" for i in range(columns)])
    writer.writerow(["city", "市", "市", "", "municipality", ""] + [""] * columns)
    return _zip({"actors.csv": out.getvalue().encode("utf-8")})


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return buffer.getvalue()
