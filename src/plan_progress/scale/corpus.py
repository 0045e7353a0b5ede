"""A synthetic national corpus: N made-up municipality packages, and the same merged into one.

Everything here is SYNTHETIC test data for benchmarks and scale tests, never a real plan:
municipality names are 「合成市NNNN」, titles start with 【合成データ】, descriptors say so in
`title`, `description` and `planProgress.synthetic`, and the base IRIs live under
`https://example.org/` (reserved for examples) so that no IRI can be mistaken for a real
municipality's. Codes are six digits with a valid check digit, so the code rules are exercised.

Texts are built from the clauses of the seed package's own texts (split at 、 and 。), so their
vocabulary, character classes and lengths are those of a real report. The output depends only
on `seed` and `count`.

Ids carry the municipality code (`012025-g1`), so that the separate packages' tables can be
concatenated into one merged package without key collisions, and so that both give the same
IRIs: the merged package's graph is the union of the separate packages' graphs.
"""

from __future__ import annotations

import copy
import csv
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plan_progress.core import municipality_code
from plan_progress.core.package import DESCRIPTOR, GENERATED, SOURCE_TABLES, PlanPackage

SYNTHETIC_ROOT = "https://example.org/plan-progress-synthetic/id/"
MARK = "【合成データ】"
# The real Shimotsuke code is never handed to a synthetic municipality.
_RESERVED_CODES = {"092169"}
_CLAUSE = re.compile(r"[^、。]+[、。]?")

Row = dict[str, Any]


@dataclass(frozen=True)
class Municipality:
    number: int  # 1-based position in the corpus
    code: str

    @property
    def name(self) -> str:
        return f"合成市{self.number:04d}"


def municipality_codes(count: int) -> list[str]:
    """`count` distinct six-digit codes with valid check digits: prefectures 01-47 in turn,
    city parts from 201 up (the range cities use), skipping codes reserved above."""
    codes: list[str] = []
    city = 201
    while len(codes) < count:
        for prefecture in range(1, 48):
            five = f"{prefecture:02d}{city:03d}"
            code = f"{five}{municipality_code.check_digit(five)}"
            if code not in _RESERVED_CODES:
                codes.append(code)
            if len(codes) == count:
                break
        city += 1
    return codes


class TextSource:
    """Clause pools from the seed package; sentences are recombined clauses."""

    def __init__(self, seed_tables: dict[str, list[Row]]) -> None:
        entries = seed_tables["progress-entries"]
        self.progress = _clauses(e["progress"] for e in entries)
        self.issue = _clauses(e["issue"] for e in entries)
        self.goal_titles = [g["title"] for g in seed_tables["basic-goals"]]
        self.initiative_titles = [i["title"] for i in seed_tables["initiatives"]]
        # How many clauses a real cell has: keeps lengths realistic.
        self.progress_sizes = [len(_CLAUSE.findall(e["progress"])) for e in entries]
        self.issue_sizes = [len(_CLAUSE.findall(e["issue"])) for e in entries]

    def sentence(self, rng: random.Random, pool: list[str], sizes: list[int]) -> str:
        clauses = [rng.choice(pool) for _ in range(rng.choice(sizes))]
        text = "".join(clauses).rstrip("、")
        return text if text.endswith("。") else text + "。"


def _clauses(texts: Iterator[str]) -> list[str]:
    pool: list[str] = []
    for text in texts:
        # A paragraph break is content in the seed; clauses are taken within paragraphs.
        for paragraph in text.split("\n"):
            pool.extend(c for c in _CLAUSE.findall(paragraph) if c.strip())
    return sorted(set(pool))


def municipality_tables(
    place: Municipality, seed_tables: dict[str, list[Row]], texts: TextSource, seed: int
) -> dict[str, list[Row]]:
    """The source tables of one synthetic package, shaped like the seed (goals, initiatives,
    two actors), with every id prefixed by the municipality code."""
    rng = random.Random(f"{seed}:{place.code}")
    code, name = place.code, place.name
    plan_id, report_id, body_id = f"{code}-plan-2", f"{code}-progress", f"{code}-committee"
    city, council = f"{code}-city", f"{code}-shakyo"
    tables: dict[str, list[Row]] = {table: [] for table in SOURCE_TABLES}
    tables["reports"].append(
        {
            "report_id": report_id,
            "plan_id": plan_id,
            "title": f"{MARK}{name} 第２期計画 事業進捗のまとめ",
            "status": rng.choice(("final", "draft")),
            "confirmed_by": body_id,
            "footnote": f"※{MARK}この内容は架空の自治体の合成データであり、実在の計画ではありません。",
            "source_media_type": "application/pdf",
        }
    )
    end_year = rng.randint(2020, 2026)
    tables["plans"].append(
        {
            "plan_id": plan_id,
            "title": f"{MARK}第2期{name}地域福祉計画",
            "municipality_code": code,
            "municipality_name": name,
            "period_number": 2,
            "end_fiscal_year": end_year,
            "end_fiscal_year_label": f"令和{end_year - 2018}年度",
        }
    )
    tables["actors"] += [
        {"actor_id": city, "short_name": "市", "name": name, "actor_type": "municipality"},
        {
            "actor_id": council,
            "short_name": "社協",
            "name": f"{name}社会福祉協議会",
            "legal_form": "社会福祉法人",
            "actor_type": "social-welfare-council",
        },
    ]
    tables["plan-authors"] += [
        {"plan_id": plan_id, "actor_id": city},
        {"plan_id": plan_id, "actor_id": council},
    ]
    tables["confirmation-bodies"].append({"body_id": body_id, "name": f"{MARK}計画推進委員会"})
    # Same numbers of goals and initiatives as the seed: 28 entries a package, so that
    # 1,741 packages hold 48,748 entries.
    for goal in seed_tables["basic-goals"]:
        goal_id = f"{code}-{goal['goal_id']}"
        tables["basic-goals"].append(
            {
                "goal_id": goal_id,
                "plan_id": plan_id,
                "number": goal["number"],
                "title": rng.choice(texts.goal_titles),
            }
        )
        for initiative in seed_tables["initiatives"]:
            if initiative["goal_id"] != goal["goal_id"]:
                continue
            initiative_id = f"{code}-{initiative['initiative_id']}"
            tables["initiatives"].append(
                {
                    "initiative_id": initiative_id,
                    "goal_id": goal_id,
                    "number": initiative["number"],
                    "title": rng.choice(texts.initiative_titles),
                }
            )
            for actor_id, suffix in ((city, "city"), (council, "shakyo")):
                tables["progress-entries"].append(
                    {
                        "entry_id": f"{initiative_id}-{suffix}",
                        "report_id": report_id,
                        "initiative_id": initiative_id,
                        "actor_id": actor_id,
                        "progress": texts.sentence(rng, texts.progress, texts.progress_sizes),
                        "issue": texts.sentence(rng, texts.issue, texts.issue_sizes),
                    }
                )
    return tables


def synthetic_descriptor(
    template: dict[str, Any], name: str, title: str, base_iri: str, *, multi_plan: bool
) -> dict[str, Any]:
    """The seed's descriptor (so the Table Schemas are the standard's own), relabelled."""
    descriptor = copy.deepcopy(template)
    descriptor["name"] = name
    descriptor.pop("id", None)
    descriptor["title"] = f"{MARK}{title} / SYNTHETIC test data: {title}"
    descriptor["description"] = (
        "plan-progress のベンチマーク・規模試験用に機械生成した架空のデータです。実在の自治体・計画・"
        "報告とは関係ありません。 / Machine-generated SYNTHETIC data for plan-progress benchmarks and"
        " scale tests. It describes no real municipality, plan or report."
    )
    descriptor["keywords"] = ["synthetic", "合成データ", "benchmark"]
    descriptor["sources"] = [
        {
            "title": "plan-progress corpus generator (synthetic)",
            "path": "scripts/generate_corpus.py",
        }
    ]
    settings = dict(descriptor.get("planProgress", {}))
    settings["baseIri"] = base_iri
    settings["synthetic"] = True
    settings["attribution"] = "合成データ（plan-progress） / synthetic data (plan-progress)"
    if multi_plan:
        settings["multiPlan"] = True
    else:
        settings.pop("multiPlan", None)
    descriptor["planProgress"] = settings
    return descriptor


def write_tables(root: Path, package: PlanPackage, tables: dict[str, list[Row]]) -> None:
    """Write source tables in the descriptor's column order (RFC 4180, UTF-8, LF)."""
    for table in SOURCE_TABLES:
        path = root / package.relpath(table)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, package.field_names(table), lineterminator="\n")
            writer.writeheader()
            writer.writerows(tables[table])


def write_descriptor(root: Path, descriptor: dict[str, Any]) -> PlanPackage:
    root.mkdir(parents=True, exist_ok=True)
    text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    (root / DESCRIPTOR).write_text(text, encoding="utf-8")
    return PlanPackage(root)


def generate_corpus(
    template: PlanPackage,
    seed_tables: dict[str, list[Row]],
    out: Path,
    count: int,
    seed: int,
    packages: bool = True,
) -> tuple[list[Path], Path]:
    """Write `count` packages under `out/packages/` (unless `packages` is false) and their
    merge under `out/merged/`.

    Returns the package directories and the merged package's directory. Generated files
    (JSON-LD, RDF, flat CSV) are not written: `plan-progress build` makes them.
    """
    texts = TextSource(seed_tables)
    merged: dict[str, list[Row]] = {table: [] for table in SOURCE_TABLES}
    directories = []
    for number, code in enumerate(municipality_codes(count), start=1):
        place = Municipality(number, code)
        tables = municipality_tables(place, seed_tables, texts, seed)
        for table, rows in tables.items():
            merged[table].extend(rows)
        if not packages:
            continue
        root = out / "packages" / code
        descriptor = synthetic_descriptor(
            template.descriptor,
            f"synthetic-{code}-progress",
            f"{place.name} 第２期計画 事業進捗のまとめ",
            f"{SYNTHETIC_ROOT}{code}/",
            multi_plan=False,
        )
        package = write_descriptor(root, descriptor)
        _clear_generated(package)
        write_tables(root, package, tables)
        directories.append(root)
    merged_root = out / "merged"
    descriptor = synthetic_descriptor(
        template.descriptor,
        "synthetic-national-corpus",
        f"全国合成コーパス（{count}団体） / national corpus of {count} municipalities",
        SYNTHETIC_ROOT,
        multi_plan=True,
    )
    package = write_descriptor(merged_root, descriptor)
    _clear_generated(package)
    write_tables(merged_root, package, merged)
    return directories, merged_root


def _clear_generated(package: PlanPackage) -> None:
    """A regenerated corpus must not keep stale outputs of a previous one."""
    for name in GENERATED:
        package.path(name).unlink(missing_ok=True)


def generate_from_template(
    template_dir: Path, out: Path, count: int, seed: int, packages: bool = True
) -> tuple[list[Path], Path]:
    """`generate_corpus` with the seed package at `template_dir` (its tables must be valid)."""
    from plan_progress.checks.tables import read_tables

    template = PlanPackage.open(template_dir)
    seed_tables = {
        name: [row.cells for row in rows] for name, rows in read_tables(template).items()
    }
    return generate_corpus(template, seed_tables, out, count, seed, packages)
