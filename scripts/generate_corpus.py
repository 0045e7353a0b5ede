"""Write a SYNTHETIC national corpus: N made-up municipality packages and their merge.

    .venv/bin/python scripts/generate_corpus.py --count 1741 --out build/corpus
    .venv/bin/plan-progress build build/corpus/packages/*   # generated files of every package
    .venv/bin/plan-progress build build/corpus/merged       # one package of ~50,000 entries

The texts are recombined from the seed package's own sentences; every title, name and
descriptor says the data is synthetic. Same --seed and --count, same bytes.
The logic is in src/plan_progress/corpus.py.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from plan_progress.scale.corpus import generate_from_template

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1741, help="municipalities (default 1741)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "corpus")
    parser.add_argument("--template", type=Path, default=ROOT, help="seed package (default: repo)")
    args = parser.parse_args()
    packages, merged = generate_from_template(args.template, args.out, args.count, args.seed)
    print(f"wrote {len(packages)} packages under {args.out / 'packages'} and {merged}")


if __name__ == "__main__":
    main()
