"""Planted resilient and low-results schools of the region demo land in their categories.

Three seeds so that no threshold is tuned to one draw (RESILIENT_SOCIAL_SHARE was chosen after
looking at seed 7; seeds 8 and 9 are held-out checks, see dashboard/rules.py). The outcome is the
latest year's ВПР composite, the covariate the social index — the page's default.
"""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import select, text

from data_access import cache, database, rankings
from data_access.scope import Scope

MIN_RECALL = 0.8


@pytest.mark.parametrize("level", ["pupil", "school"])
@pytest.mark.parametrize("seed", [7, 8, 9])
def test_planted_schools_fall_into_their_categories(region_demo, seed, level, capsys):
    engine = region_demo(seed)
    cache.set_cache(cache.cache_from_url("null://"))
    try:
        with database.bind(engine), engine.connect() as conn:
            from dashboard.models import Procedure, Region

            region_id = conn.execute(select(Region.id).order_by(Region.id)).scalars().first()
            year = (
                conn.execute(
                    select(Procedure.year)
                    .where(Procedure.kind == "vpr")
                    .order_by(Procedure.year.desc())
                )
                .scalars()
                .first()
            )
            truth = pd.DataFrame(
                conn.execute(
                    text(
                        "SELECT s.school_code, t.pattern FROM demo_truth t "
                        "JOIN school s ON s.id = t.school_id"
                    )
                ).all(),
                columns=["school_code", "pattern"],
            )
            view = rankings.school_rankings(
                Scope("recall", "region", region_id=region_id),
                "vpr",
                rankings.ALL,
                0,
                year,
                ["social_index"],
                level,
            )
    finally:
        cache.set_cache(None)
    table = view["table"].set_index("school_code")
    lines = []
    for pattern in ("resilient", "low_results"):
        planted = set(truth.loc[truth["pattern"] == pattern, "school_code"])
        found = planted & set(table.index[table[pattern]])
        as_category = planted & set(table.index[table["category"] == pattern])
        flagged = int(table[pattern].sum())
        recall = len(found) / len(planted)
        lines.append(
            f"seed {seed} {level:<6} {pattern:<12} "
            f"recall {len(found)}/{len(planted)} = {recall:.2f}"
            f" (as colour category {len(as_category)}), flagged {flagged}, "
            f"precision {len(found) / max(flagged, 1):.2f}"
        )
        assert recall >= MIN_RECALL, lines[-1]
    with capsys.disabled():
        print("\n" + "\n".join(lines))
