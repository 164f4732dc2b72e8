"""Targets of the effectiveness criteria in the demo (append-only, as the page writes them)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.demo.decision_history import REGION_LOGIN

# (criterion code, region target for the latest results year, for the year after): the criteria
# of dashboard.analytics.effectiveness.CRITERIA, in percent (timeliness in days). Every
# deficit of every indicator is a finding, so the share with a decision is small by nature.
TARGETS = (
    ("coverage", 100.0, 100.0),
    ("timeliness", 30.0, 21.0),
    ("findings_with_decision", 10.0, 15.0),
    ("decisions_on_time", 80.0, 85.0),
    ("flagged_improved", 50.0, 55.0),
    ("bias_share", 5.0, 4.0),
    ("low_results_exit", 30.0, 35.0),
)
# The demo municipality's own targets for the latest year (stricter than the region's).
MUNICIPALITY_TARGETS = (("findings_with_decision", 20.0), ("decisions_on_time", 90.0))


def target_frame(municipalities: pd.DataFrame, last_year: int) -> pd.DataFrame:
    """Rows of ``effectiveness_target``, append-only: one region target is set, then raised."""
    first_set = dt.datetime(last_year, 9, 15, 7, tzinfo=dt.UTC)
    rows = [("findings_with_decision", None, last_year, 5.0, first_set)]
    later = first_set + dt.timedelta(days=20)
    for code, now, following in TARGETS:
        rows.append((code, None, last_year, now, later))
        rows.append((code, None, last_year + 1, following, later))
    demo = int(municipalities.sort_values("code")["id"].iloc[0])
    for code, value in MUNICIPALITY_TARGETS:
        rows.append((code, demo, last_year, value, later + dt.timedelta(days=3)))
    frame = pd.DataFrame(
        rows, columns=["criterion_code", "municipality_id", "year", "target", "set_at"]
    )
    frame["municipality_id"] = frame["municipality_id"].astype("Int64")
    frame.insert(0, "id", range(1, len(frame) + 1))
    return frame.assign(set_by=REGION_LOGIN)
