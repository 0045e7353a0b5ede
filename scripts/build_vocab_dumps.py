"""Write the vocabulary's and the shapes' N-Triples and JSON-LD into vocab/generated/.

    python scripts/build_vocab_dumps.py

Run it after editing vocab/*.ttl (make build does); tests/test_vocab_dumps.py fails,
naming this command, when the committed dumps differ from the Turtle.
"""

from __future__ import annotations

from pathlib import Path

from plan_progress.rdf.vocab_dumps import write_dumps

ROOT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    written = write_dumps(ROOT)
    for path in written:
        print(f"wrote {path.relative_to(ROOT)}")
    if not written:
        print("語彙のダンプは最新です / vocabulary dumps are up to date")
