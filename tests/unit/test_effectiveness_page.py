"""/decisions/effectiveness callbacks called directly on the district demo: what the page shows
(values, counts, formulas, targets, statuses, effects) is what data_access computed, for each
role."""

from __future__ import annotations

import pandas as pd
import pytest
from dash.development.base_component import Component
from dash.exceptions import PreventUpdate

from callbacks import decisions_effectiveness as page
from callbacks import decisions_effectiveness_effects as effects_page
from dashboard import strings
from dashboard.figures import effectiveness as views
from data_access import decision_effects, effectiveness
from data_access.home import home

PATH = "/decisions/effectiveness"


def _signed_in(login: str):
    from flask_login import login_user

    from dashboard.auth import current_scope
    from dashboard.auth.session import SessionUser
    from data_access import users

    login_user(SessionUser(users.account_by_login(login)))
    return current_scope()


def _walk(component):
    if isinstance(component, Component):
        yield component
        yield from _walk(getattr(component, "children", None))
    elif isinstance(component, list | tuple):
        for child in component:
            yield from _walk(child)


def cells(component, css: str) -> list[str]:
    """The text of every table cell whose class list holds `css`, in order."""
    return [
        str(c.children)
        for c in _walk(component)
        if type(c).__name__ == "Td" and css in (getattr(c, "className", "") or "").split()
    ]


def _expected(frame: pd.DataFrame, year: int, place: int | None) -> dict[str, dict]:
    """data_access's rows of one year and place, by criterion code."""
    chosen = frame[frame["year"] == year]
    chosen = chosen[
        chosen["municipality_id"].isna()
        if place is None
        else chosen["municipality_id"].eq(place).fillna(False)
    ]
    return {r["criterion_code"]: r for r in chosen.to_dict("records")}


def _status_text(row: dict | None) -> str:
    if row is None or pd.isna(row["value"]):
        return strings.EFFECTIVENESS_STATUS["no_data"]
    if pd.isna(row["target"]):
        return strings.EFFECTIVENESS_STATUS["no_target"]
    return strings.EFFECTIVENESS_STATUS[row["status"]]


@pytest.mark.parametrize("login", ["region", "district", "director", "viewer"])
def test_the_table_equals_data_access(app, login):
    with app.server.test_request_context():
        scope = _signed_in(login)
        frame = effectiveness.criteria(scope)
        years = sorted(set(frame["year"]))
        assert years, "the demo has no criteria"
        controls = page.effectiveness_controls(PATH, "")
        assert [o["value"] for o in controls[0]] == years
        with_results = frame.loc[
            (frame["criterion_code"] == "coverage") & frame["value"].notna(), "year"
        ]
        assert controls[1] == max(with_results)  # opens on the latest year with results
        asked = page.effectiveness_controls(PATH, f"?year={years[0]}&criterion=bias_share")
        assert asked[1] == years[0] and asked[5] == "bias_share"
        own = home(scope).municipality_id
        assert controls[3] == (own if own is not None else views.REGION)
        assert controls[-1] is (login not in {"region"})  # the target form: region/admin only
        for place in {None, own}:
            for year in years:
                table, note = page.criteria_block(year, place or views.REGION, 0)
                want = _expected(frame, year, place)
                codes = list(views.CODES)
                assert cells(table, "criterion-title") == [
                    strings.EFFECTIVENESS_CRITERIA[c] for c in codes
                ]
                assert cells(table, "criterion-formula") == [views.formula(c) for c in codes]
                assert cells(table, "criterion-value") == [
                    views.value_text(want[c]["value"] if c in want else None, c) for c in codes
                ]
                assert cells(table, "criterion-denominator") == [
                    views.count_text(want[c]["denominator"] if c in want else None) for c in codes
                ]
                assert cells(table, "criterion-status") == [
                    _status_text(want.get(c)) for c in codes
                ]
                assert str(year) in note


def test_a_target_set_by_region_is_shown_with_the_status_data_access_gives(app):
    """Region sets a target through the callback; the table shows it and data_access's status;
    the row is removed afterwards (the session's database is shared)."""
    from sqlalchemy import delete, func, select

    from dashboard.models import EffectivenessTarget
    from data_access import cache, database

    with app.server.test_request_context():
        scope = _signed_in("region")
        with database.read() as conn:
            last = conn.execute(select(func.max(EffectivenessTarget.id))).scalar() or 0
        frame = effectiveness.criteria(scope)
        region = frame[frame["municipality_id"].isna() & frame["value"].notna()]
        row = region[region["criterion_code"] == "coverage"].iloc[-1]
        year, value = int(row["year"]), float(row["value"])
        try:
            feedback, changed = page.save_effectiveness_target(
                1, "coverage", views.REGION, year, round(value - 1, 1), 4
            )
            assert changed == 5 and feedback.color == "success"
            table, _ = page.criteria_block(year, views.REGION, changed)
            status = cells(table, "criterion-status")[0]
            assert status == strings.EFFECTIVENESS_STATUS["met"]  # value ≥ target
            again = effectiveness.criteria(scope)
            shown = again[
                again["municipality_id"].isna()
                & (again["criterion_code"] == "coverage")
                & (again["year"] == year)
            ].iloc[0]
            assert shown["status"] == "met" and shown["target"] == round(value - 1, 1)
            assert cells(table, "criterion-target")[0] == views.value_text(
                shown["target"], "coverage"
            )
            # a value out of range is refused with the reason, nothing written
            bad, unchanged = page.save_effectiveness_target(1, "coverage", 0, year, 250, 5)
            assert bad.color == "danger" and unchanged is not None
        finally:
            with database.write() as conn:
                conn.execute(delete(EffectivenessTarget).where(EffectivenessTarget.id > last))
            cache.invalidate()


@pytest.mark.parametrize("login", ["district", "director", "viewer"])
def test_other_roles_cannot_set_targets(app, login):
    from sqlalchemy import func, select

    from dashboard.models import EffectivenessTarget
    from data_access import database

    with app.server.test_request_context():
        _signed_in(login)
        with database.read() as conn:
            before = conn.execute(select(func.count()).select_from(EffectivenessTarget)).scalar()
        feedback, changed = page.save_effectiveness_target(1, "coverage", 0, 2024, 50, 0)
        assert strings.ACCESS_DENIED in str(feedback) and changed is page.no_update
        with database.read() as conn:
            after = conn.execute(select(func.count()).select_from(EffectivenessTarget)).scalar()
        assert after == before


def test_unpressed_or_forged_buttons_do_nothing(app):
    with app.server.test_request_context():
        _signed_in("region")
        for clicks in (None, 0, "1", True, [1], {"n": 1}):
            with pytest.raises(PreventUpdate):
                page.save_effectiveness_target(clicks, "coverage", 0, 2024, 50, 0)
        with pytest.raises(PreventUpdate):
            page.criteria_block(None, 0, 0)
        with pytest.raises(PreventUpdate):
            page.effectiveness_controls(None, "?year=2024")


@pytest.mark.parametrize("login", ["region", "district", "director", "viewer"])
def test_effects_equal_data_access_and_per_decision_rows_only_for_who_may_see(app, login):
    with app.server.test_request_context():
        scope = _signed_in(login)
        found = decision_effects.effects(scope)
        note, forest, table, hidden, decisions = effects_page.measure_effects(PATH)
        assert note == strings.EFFECTIVENESS_AWAITING.format(n=found["awaiting"])
        by_measure = found["by_measure"]
        rows = [c for c in _walk(table) if type(c).__name__ == "Tr"][1:]
        assert len(rows) == len(by_measure)
        shown = views.shown_measures(by_measure)
        if shown.empty:
            assert forest.layout.annotations[0].text == strings.EFFECTIVENESS_NO_EFFECTS
        else:
            assert sorted(forest.data[0].x) == sorted(shown["estimate"].astype(float))
        per = found["per_decision"]
        assert hidden is per.empty
        if login == "viewer":
            assert per.empty and hidden is True
        decision_rows = [c for c in _walk(decisions) if type(c).__name__ == "Tr"][1:]
        assert len(decision_rows) == len(per)
