"""The JSON-LD text is written by orjson (pipeline/generate.py `json_bytes`): the same bytes
as `json.dumps(..., ensure_ascii=False, indent=2)`, on every committed document and on the
characters JSON escapes; an integer beyond 64 bits goes the slow way, same bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from plan_progress.pipeline.generate import json_bytes, json_text

REPO = Path(__file__).resolve().parents[1]
DOCUMENTS = sorted(
    p for p in REPO.rglob("*.jsonld") if ".venv" not in p.parts and "build" not in p.parts
)


def reference(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8")


def test_every_committed_document_is_written_as_json_dumps_writes_it() -> None:
    assert len(DOCUMENTS) >= 10
    for path in DOCUMENTS:
        document = json.loads(path.read_text("utf-8"))
        assert json_bytes(document) == reference(document), path
        assert json_text(document).encode("utf-8") == path.read_bytes(), path


@pytest.mark.parametrize(
    "value",
    [
        {"text": "".join(map(chr, range(0, 0x80))) + "\u2028\u2029\u3000全角　😀\ufeff"},
        {"nested": [[], {}, [{}], {"a": []}], "empty": "", "n": [0, -1, 2**63 - 1, True, None]},
        [{"@id": "x", "値": '改行\nタブ\t引用"逆斜線\\'}],
        {"big": 2**64, "small": -(2**64)},
    ],
)
def test_edge_values_are_written_as_json_dumps_writes_them(value: object) -> None:
    assert json_bytes(value) == reference(value)
