"""The committed Turtle read ahead (checks/turtle_reading): the agreement check's verdicts
are unchanged with it, and a hostile committed file is never read out of the package, never
hangs, never fills the disk, and never stands for a file that changed since."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest

from plan_progress.checks import turtle_reading
from plan_progress.checks.agreement import jsonld_agrees_with_turtle
from plan_progress.checks.generated import check_jsonld_matches_turtle_in_memory
from plan_progress.checks.turtle_reading import TurtleReading
from plan_progress.core import parallel
from plan_progress.core.package import NTRIPLES, TURTLE, PlanPackage
from plan_progress.pipeline.validation import validate


def _ntriples_of(turtle: Path) -> bytes:
    return ox.serialize(
        ox.parse(path=str(turtle), format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES
    )


def test_the_reading_is_the_committed_turtle_as_ntriples(package_copy: Path, tmp_path) -> None:
    package = PlanPackage.open(package_copy)
    reading = TurtleReading.start(package, tmp_path)
    assert reading is not None
    try:
        read = reading.ntriples()
        assert read is not None
        assert read.read_bytes() == _ntriples_of(package.path(TURTLE))
        # It stands for the Turtle in the agreement check: same verdict both ways.
        fresh = package.path(NTRIPLES)
        assert jsonld_agrees_with_turtle(package, fresh, read) is True
        assert jsonld_agrees_with_turtle(package, fresh) is True
    finally:
        reading.stop()


def test_a_changed_turtle_read_ahead_still_disagrees(package_copy: Path, tmp_path) -> None:
    package = PlanPackage.open(package_copy)
    turtle = package.path(TURTLE)
    turtle.write_text(turtle.read_text("utf-8").replace("下野市", "上野市", 1), encoding="utf-8")
    reading = TurtleReading.start(package, tmp_path)
    assert reading is not None
    read = reading.ntriples()
    reading.stop()
    assert read is not None
    assert jsonld_agrees_with_turtle(package, package.path(NTRIPLES), read) is False
    assert check_jsonld_matches_turtle_in_memory(package)[0].rule == "generated.rdf-mismatch"


def test_a_file_changed_after_it_was_read_is_not_used(package_copy: Path, tmp_path) -> None:
    package = PlanPackage.open(package_copy)
    reading = TurtleReading.start(package, tmp_path)
    assert reading is not None
    reading._process.join()
    turtle = package.path(TURTLE)
    turtle.write_bytes(turtle.read_bytes() + b"\n")  # another size: another file
    assert reading.ntriples() is None
    reading.stop()


def test_a_link_out_of_the_package_is_not_followed(package_copy: Path, tmp_path) -> None:
    package = PlanPackage.open(package_copy)
    outside = tmp_path / "outside.ttl"
    outside.write_bytes(package.path(TURTLE).read_bytes())
    package.path(TURTLE).unlink()
    os.symlink(outside, Path(package_copy) / package.relpath(TURTLE))
    assert TurtleReading.start(package, tmp_path / "work") is None
    assert not (tmp_path / "work").exists()


def test_a_fifo_is_not_opened(package_copy: Path, tmp_path) -> None:
    package = PlanPackage.open(package_copy)
    package.path(TURTLE).unlink()
    os.mkfifo(package.path(TURTLE))
    assert TurtleReading.start(package, tmp_path) is None  # returns: nothing waits on it


def test_a_turtle_far_bigger_than_its_sources_is_not_read_ahead(
    package_copy: Path, tmp_path, monkeypatch
) -> None:
    package = PlanPackage.open(package_copy)
    monkeypatch.setattr(turtle_reading, "TURTLE_PER_SOURCE_BYTE", 0.001)
    assert TurtleReading.start(package, tmp_path) is None


def test_ntriples_past_the_cap_are_cut_short(package_copy: Path, tmp_path) -> None:
    """A long prefix used by many short names: the N-Triples would be ~300 times the
    Turtle; the operating system stops the writing at the cap."""
    package = PlanPackage.open(package_copy)
    prefix = "https://example.org/" + "x" * 2000 + "/"
    names = "\n".join(f"p:s{i} p:p p:o{i} ." for i in range(2000))
    package.path(TURTLE).write_text(f"@prefix p: <{prefix}> .\n{names}\n", encoding="utf-8")
    size = package.path(TURTLE).stat().st_size
    reading = TurtleReading.start(package, tmp_path)
    assert reading is not None
    assert reading.ntriples() is None
    reading.stop()
    cap = turtle_reading.NTRIPLES_PER_TURTLE_BYTE * size
    assert reading.target.stat().st_size <= cap < 3 * len(prefix) * 2000


def test_stop_ends_a_running_reading(package_copy: Path, tmp_path, monkeypatch) -> None:
    package = PlanPackage.open(package_copy)
    monkeypatch.setattr(turtle_reading, "_read", _sleep_forever)
    reading = TurtleReading.start(package, tmp_path)
    assert reading is not None
    assert reading._process.is_alive()
    reading.stop()
    assert not reading._process.is_alive()


def _sleep_forever(*_: object) -> None:
    import time

    time.sleep(600)


@pytest.fixture
def parallel_worth_it(monkeypatch) -> None:
    monkeypatch.setattr(parallel, "MIN_PARALLEL_BYTES", 0)
    monkeypatch.setattr(parallel, "jobs", lambda: 2)


def test_validate_reads_ahead_and_finds_what_it_found_before(
    package_copy: Path, parallel_worth_it, monkeypatch
) -> None:
    started: list[TurtleReading] = []
    original = TurtleReading.start

    def spy(package: PlanPackage, work: Path) -> TurtleReading | None:
        reading = original(package, work)
        started.append(reading)
        return reading

    monkeypatch.setattr(TurtleReading, "start", staticmethod(spy))
    package = PlanPackage.open(package_copy)
    assert validate(package) == []
    assert started and started[0] is not None
    turtle = package.path(TURTLE)
    turtle.write_text(turtle.read_text("utf-8").replace("下野市", "上野市", 1), encoding="utf-8")
    assert [p.rule for p in validate(package)] == ["generated.stale"]
    assert len(started) == 2
    assert not any(r._process.is_alive() for r in started if r is not None)
