"""The detector finds the demo's planted inflated schools on three seeds with fixed thresholds.

What counts (decided before looking at any result of a seed, and the same for every seed):
* an inflated school (``demo_truth`` pattern "inflated", start year in its detail) is found
  when it is flagged in at least one year from its start year on — a flag before the start
  would be a false alarm about an honest year, so it does not count as finding it;
* a clean school is a general-education school (not preschool) with no "inflated" row;
  it is a false positive when it is flagged in any year.
Acceptance: recall ≥ 0.8 and at most 10 % of clean schools flagged, on seeds 7, 8 and 9.
The thresholds were chosen while looking at seeds 7 and 8; seed 9 was added afterwards
as a held-out check nobody tuned against (recall 18/19, 1 of 301 clean schools flagged).
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from dashboard.models import DemoTruth, Municipality, School
from data_access import cache, database
from data_access import objectivity as data
from data_access.scope import Scope


def _measure(engine) -> dict:
    with database.bind(engine), engine.connect() as conn:
        truth = conn.execute(
            select(DemoTruth.school_id, DemoTruth.detail).where(DemoTruth.pattern == "inflated")
        ).all()
        general = set(conn.execute(select(School.id).where(School.kind != "preschool")).scalars())
        region_id = conn.execute(select(Municipality.region_id)).scalars().first()
        cache.set_cache(None)
        scope = Scope(login="recall-test", role="region", region_id=region_id)
        risk = data._detection(scope)["risk"]
    start = {int(sid): int(re.search(r"from (\d{4})", detail).group(1)) for sid, detail in truth}
    flagged = risk[risk["flagged"]]
    found = {
        int(s)
        for s, y in zip(flagged["school_id"], flagged["year"], strict=True)
        if int(s) in start and int(y) >= start[int(s)]
    }
    clean = general - set(start)
    false = {int(s) for s in flagged["school_id"]} & clean
    return {
        "recall": len(found) / len(start),
        "false_share": len(false) / len(clean),
        "planted": len(start),
        "clean": len(clean),
        "missed": sorted(set(start) - found),
    }


@pytest.mark.parametrize("seed", [7, 8, 9])
def test_detector_recall_and_false_positives(region_demo, seed):
    figures = _measure(region_demo(seed))
    print(f"seed {seed}: {figures}")
    assert figures["planted"] >= 10
    assert figures["recall"] >= 0.8, figures
    assert figures["false_share"] <= 0.10, figures
