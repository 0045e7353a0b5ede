"""Links out: the plan to its e-Stat standard area code, an actor to its corporate number."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from rdflib import Graph, Namespace, URIRef

from plan_progress.core.package import PlanPackage
from plan_progress.model import iris
from plan_progress.pipeline.build import build
from plan_progress.pipeline.validation import validate

PP = Namespace("https://w3id.org/plan-progress/ns#")


def test_estat_iri_is_the_code_without_its_check_digit() -> None:
    assert iris.estat_standard_area("092169") == "http://data.e-stat.go.jp/lod/sac/C09216"
    assert (
        iris.corporate_info("1234567890123") == "http://hojin-info.go.jp/data/basic/1234567890123"
    )


def test_shimotsuke_links_to_estat_and_to_no_corporation(root: Path) -> None:
    data = Graph().parse(root / "data/generated/report.nt", format="nt")
    assert set(data.subject_objects(PP.standardAreaCode)) == {
        (
            URIRef("https://w3id.org/plan-progress/id/092169/plan/chiiki-fukushi-2"),
            URIRef("http://data.e-stat.go.jp/lod/sac/C09216"),
        )
    }
    # Neither corporate number was confirmed from a public source, so no link is made.
    assert list(data.subject_objects(PP.corporateInfo)) == []


def test_a_filled_corporate_number_gives_a_valid_link(root: Path, tmp_path: Path) -> None:
    shutil.copy(root / "datapackage.json", tmp_path)
    shutil.copytree(root / "data", tmp_path / "data")
    actors = tmp_path / "data/actors.csv"
    with actors.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    # A made-up number in a throwaway copy: it only exercises the rule.
    rows[1]["corporate_number"] = "1234567890123"
    with actors.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    package = PlanPackage.open(tmp_path)
    build(package)
    assert validate(package) == []
    data = Graph().parse(tmp_path / "data/generated/report.nt", format="nt")
    assert set(data.subject_objects(PP.corporateInfo)) == {
        (
            URIRef("https://w3id.org/plan-progress/id/092169/actor/" + rows[1]["actor_id"]),
            URIRef("http://hojin-info.go.jp/data/basic/1234567890123"),
        )
    }
