"""The `diff` benchmark's two years of one synthetic plan (scale/series_corpus.py): valid,
deterministic, and differing exactly by the stated rule."""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

import pytest

from conftest import REPO
from plan_progress.cli.main import main
from plan_progress.scale.series_corpus import write_series


def test_two_years_of_one_plan_differ_by_the_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = write_series(REPO, tmp_path / "a", 4)  # 4 × 28 = 112 entries
    again_old, again_new = write_series(REPO, tmp_path / "b", 4)
    for one, other in ((old, again_old), (new, again_new)):
        names = sorted(p.name for p in (one / "data").glob("*.csv"))
        assert filecmp.cmpfiles(one / "data", other / "data", names, shallow=False)[0] == names
    assert main(["diff", str(old), str(new), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    summary = result["summary"]
    # entry 99 of 112 is dropped; the rest are kept
    assert summary["entries"] == {"kept": 111, "added": 0, "dropped": 1}
    # progress texts 5, 15, ..., 105 get a clause in front: 11 changed; each issue 0, 10, ...,
    # 110 is drawn again from the pool (the same sentence may come back: at most 12 more)
    progress = [a["progress"] for i in result["initiatives"] for a in i["actors"]]
    changed = [p for p in progress if p["status"] == "changed"]
    assert len(changed) == 11
    assert all(p["new"] == "前年度に引き続き、" + p["old"] for p in changed)
    assert 11 <= summary["texts"]["changed"] <= 23
    assert (result["old"]["fiscal_year"], result["new"]["fiscal_year"]) == (2024, 2025)
