"""`plan-progress load STORE DIR...`: an on-disk store `serve --store` and `query --store`
read; built beside its target and swapped in whole; never over a directory it did not make."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph

from plan_progress.cli.main import main
from plan_progress.sparql import create_store, open_read_only, open_store_info
from sparql_endpoint import start, stop


def triples_of(packages: list[Path]) -> int:
    return sum(len(Graph().parse(p / "data/generated/report.nt", format="nt")) for p in packages)


def test_load_counts_every_triple_and_serve_reads_the_store(
    capsys, both_packages: list[Path], tmp_path: Path, root: Path
) -> None:
    store = tmp_path / "store"
    assert main(["load", str(store), *map(str, both_packages)]) == 0
    assert "2 package(s)" in capsys.readouterr().err
    info = open_store_info(store)
    vocabulary = len(Graph().parse(root / "vocab/plan-progress.ttl", format="turtle"))
    assert info.vocabulary_triples == vocabulary
    assert info.default_graph_triples == triples_of(both_packages) + vocabulary
    running = start([], "--store", str(store))
    try:
        reply = running.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        count = json.loads(reply.body)["results"]["bindings"][0]["n"]["value"]
        assert int(count) == info.default_graph_triples
    finally:
        stop(running)


def test_loading_again_replaces_the_store_whole(both_packages: list[Path], tmp_path: Path) -> None:
    store = tmp_path / "store"
    create_store(store, both_packages)
    first = open_store_info(store)
    create_store(store, both_packages[:1])
    second = open_store_info(store)
    assert second.default_graph_triples < first.default_graph_triples
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]  # nothing left beside it
    assert len(open_read_only(second)) == second.default_graph_triples + second.vocabulary_triples


def test_an_invalid_package_leaves_the_old_store(capsys, root: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    create_store(store, [root])
    before = (store / "plan-progress-store.json").read_bytes()
    assert main(["load", str(store), str(root), str(tmp_path / "missing")]) == 1
    assert "[package.not-found]" in capsys.readouterr().err
    assert (store / "plan-progress-store.json").read_bytes() == before


def test_a_directory_that_is_not_a_store_is_never_overwritten(
    capsys, root: Path, tmp_path: Path
) -> None:
    precious = tmp_path / "thesis"
    precious.mkdir()
    (precious / "chapter1.txt").write_text("keep me", encoding="utf-8")
    assert main(["load", str(precious), str(root)]) == 1
    assert "[store.not-a-store]" in capsys.readouterr().err
    assert sorted(p.name for p in precious.iterdir()) == ["chapter1.txt"]
    assert main(["serve", "--store", str(precious), "--port", "0"]) == 1
    assert "[store.not-a-store]" in capsys.readouterr().err
