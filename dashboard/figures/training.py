"""`/training` views: frames in (already scoped by data_access.training and data_access.pd_order)
→ Russian table frames and the forest plot of what followed the training. The plan-order's
lines are dashboard.reports.pd_order.lines_frame, so the page and its files read the same."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import strings
from dashboard.figures import template as figures
from dashboard.formatting import NO_VALUE, format_date, format_number, format_signed

STAMP = "%d.%m.%Y %H:%M"
LABEL = 60  # characters of a programme's title on the forest plot's axis


def _missing(value: object) -> bool:
    if isinstance(value, list | dict | tuple):
        return False
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _text(value: object) -> str:
    return "" if _missing(value) else str(value)


def _col(frame: pd.DataFrame, *names: str, default: object = None) -> list:
    """The first of `names` the frame has, as a list (data_access may name a column either way)."""
    for name in names:
        if name in frame.columns:
            return frame[name].tolist()
    return [default] * len(frame)


def _int(value: object) -> int | None:
    return None if _missing(value) else int(value)


def _float(value: object) -> float | None:
    return None if _missing(value) else float(value)


def interval_text(low: object, high: object) -> str:
    if _missing(low) or _missing(high):
        return strings.TRAINING_NO_INTERVAL
    return strings.TRAINING_INTERVAL.format(low=format_signed(low, 1), high=format_signed(high, 1))


def skill_text(code: object, name: object) -> str:
    """An assessed skill as people read it: its name, with the code for those who look it up."""
    code, name = _text(code), _text(name)
    return f"{code} {name}".strip() if name and name != code else code


def trend_text(slope: object, years: object) -> str:
    if _missing(slope) or (_int(years) or 0) < 2:
        return strings.TRAINING_TREND_NONE
    return strings.TRAINING_TREND.format(slope=format_signed(slope, 1), years=int(years))


# ------------------------------------------------------------------ need from results
def needs_table(needs: pd.DataFrame) -> pd.DataFrame:
    """The need rows: the school, the skill, its percent against the region, the difference
    with its interval, the teachers concerned and the trend of the difference."""
    cols = strings.TRAINING_NEEDS_COLUMNS
    return pd.DataFrame(
        {
            cols["municipality"]: _col(needs, "municipality", default=""),
            cols["school"]: _col(needs, "school", "school_name", "school_code", default=""),
            cols["subject"]: _col(needs, "subject"),
            cols["grade"]: [_int(g) for g in _col(needs, "grade")],
            cols["skill"]: [
                skill_text(c, n)
                for c, n in zip(_col(needs, "skill_code"), _col(needs, "skill_name"), strict=True)
            ],
            cols["school_percent"]: [_float(v) for v in _col(needs, "school_percent")],
            cols["region_percent"]: [_float(v) for v in _col(needs, "region_percent")],
            cols["gap"]: [_float(v) for v in _col(needs, "gap")],
            cols["interval"]: [
                interval_text(lo, hi)
                for lo, hi in zip(_col(needs, "low"), _col(needs, "high"), strict=True)
            ],
            cols["participants"]: [_int(v) for v in _col(needs, "participants")],
            cols["teachers"]: [_int(v) for v in _col(needs, "teachers")],
            cols["trend"]: [
                trend_text(s, y)
                for s, y in zip(_col(needs, "slope"), _col(needs, "years"), strict=True)
            ],
        }
    )


def gaps_table(gaps: pd.DataFrame) -> pd.DataFrame:
    """Needed skills no programme covers, the most schools first."""
    cols = strings.TRAINING_GAPS_COLUMNS
    if not gaps.empty and "schools" in gaps.columns:
        gaps = gaps.sort_values(["schools", "subject"], ascending=[False, True])
    return pd.DataFrame(
        {
            cols["subject"]: _col(gaps, "subject"),
            cols["skill"]: [
                skill_text(c, n)
                for c, n in zip(_col(gaps, "skill_code"), _col(gaps, "skill_name"), strict=True)
            ],
            cols["schools"]: [_int(v) for v in _col(gaps, "schools")],
        }
    )


def plan_summary(plan: pd.DataFrame) -> pd.DataFrame:
    """The plan-order per municipality and subject (schools, teachers, hours): an aggregate
    every role may read (a school counted once per line)."""
    cols = strings.TRAINING_SUMMARY_COLUMNS
    if plan.empty:
        return pd.DataFrame(columns=list(cols.values()))
    frame = pd.DataFrame(
        {
            "municipality": [_text(m) or NO_VALUE for m in _col(plan, "municipality")],
            "subject": [_text(s) or NO_VALUE for s in _col(plan, "subject")],
            "schools": [_int(v) or 0 for v in _col(plan, "schools")],
            "teachers": [_int(v) or 0 for v in _col(plan, "teachers")],
            "hours": [_int(v) or 0 for v in _col(plan, "hours")],
        }
    )
    summed = frame.groupby(["municipality", "subject"], as_index=False, sort=True).sum()
    return summed.rename(columns=cols)


# ------------------------------------------------------------------ programme catalogue
def programmes_table(programmes: pd.DataFrame) -> pd.DataFrame:
    cols = strings.TRAINING_PROGRAMME_COLUMNS
    dates = [
        NO_VALUE
        if _missing(s) and _missing(e)
        else strings.TRAINING_DATES.format(start=format_date(s), end=format_date(e))
        for s, e in zip(_col(programmes, "starts_on"), _col(programmes, "ends_on"), strict=True)
    ]
    updated = [
        NO_VALUE
        if _missing(by)
        else strings.TRAINING_UPDATED.format(at=format_date(at, STAMP), by=by)
        for at, by in zip(
            _col(programmes, "updated_at"), _col(programmes, "updated_by"), strict=True
        )
    ]
    return pd.DataFrame(
        {
            cols["code"]: _col(programmes, "programme_code"),
            cols["title"]: _col(programmes, "title"),
            cols["provider"]: _col(programmes, "provider"),
            cols["hours"]: [_int(v) for v in _col(programmes, "hours")],
            cols["format"]: [
                strings.TRAINING_FORMAT_NAMES.get(f, NO_VALUE) for f in _col(programmes, "format")
            ],
            cols["subject"]: _col(programmes, "subject"),
            cols["skills"]: [
                "; ".join(skill_codes(v)) for v in _col(programmes, "skill_codes", default="")
            ],
            cols["dates"]: dates,
            cols["updated"]: updated,
        }
    )


def skill_codes(value: object) -> list[str]:
    """A programme's skill codes, from a list or the stored «;»-joined text."""
    if isinstance(value, list | tuple):
        parts = value
    else:
        parts = _text(value).split(";")
    return [str(p).strip() for p in parts if str(p).strip()]


# ------------------------------------------------------------------ requests
def request_what(skill_code: object, skill_name: object, topic: object) -> str:
    skill = skill_text(skill_code, skill_name)
    topic = _text(topic)
    return "; ".join(p for p in (skill, topic) if p) or NO_VALUE


def requests_table(requests: pd.DataFrame) -> pd.DataFrame:
    cols = strings.TRAINING_REQUEST_COLUMNS
    return pd.DataFrame(
        {
            cols["number"]: [_int(v) for v in _col(requests, "id")],
            cols["municipality"]: _col(requests, "municipality", default=""),
            cols["school"]: _col(requests, "school", "school_name", "school_code", default=""),
            cols["year"]: [_text(_int(v)) for v in _col(requests, "year")],
            cols["subject"]: _col(requests, "subject"),
            cols["what"]: [
                request_what(c, n, t)
                for c, n, t in zip(
                    _col(requests, "skill_code"),
                    _col(requests, "skill_name"),
                    _col(requests, "topic"),
                    strict=True,
                )
            ],
            cols["teachers"]: [_int(v) for v in _col(requests, "teachers")],
            cols["status"]: [
                strings.TRAINING_REQUEST_STATUS_NAMES.get(s, _text(s))
                for s in _col(requests, "status")
            ],
            cols["created"]: [format_date(v) for v in _col(requests, "created_at")],
            cols["comment"]: [_text(v) for v in _col(requests, "comment")],
        }
    )


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    cols = strings.TRAINING_HISTORY_COLUMNS
    names = strings.TRAINING_REQUEST_STATUS_NAMES
    return pd.DataFrame(
        {
            cols["at"]: [format_date(v, STAMP) for v in _col(history, "at")],
            cols["by"]: _col(history, "by"),
            cols["from"]: [names.get(s, NO_VALUE) for s in _col(history, "from_status")],
            cols["to"]: [names.get(s, NO_VALUE) for s in _col(history, "to_status")],
            cols["comment"]: [_text(v) for v in _col(history, "comment")],
        }
    )


# ------------------------------------------------------------------ plan-order
def programme_text(code: object, title: object) -> str:
    if _missing(code) and _missing(title):
        return strings.TRAINING_NO_PROGRAMME
    return f"{_text(code)} {_text(title)}".strip()


def plan_totals(plan: pd.DataFrame) -> dict[str, int]:
    """Teachers and hours of the whole plan shown (what the export's totals must equal)."""
    return {
        "teachers": int(sum(_int(v) or 0 for v in _col(plan, "teachers"))),
        "hours": int(sum(_int(v) or 0 for v in _col(plan, "hours"))),
    }


def totals_text(plan: pd.DataFrame) -> str:
    totals = plan_totals(plan)
    return strings.TRAINING_TOTALS.format(
        teachers=format_number(totals["teachers"]), hours=format_number(totals["hours"])
    )


def confirmations_table(confirmations: pd.DataFrame) -> pd.DataFrame:
    cols = strings.TRAINING_CONFIRMATION_COLUMNS
    return pd.DataFrame(
        {
            cols["municipality"]: _col(confirmations, "municipality", default=""),
            cols["year"]: [_text(_int(v)) for v in _col(confirmations, "year")],
            cols["by"]: _col(confirmations, "confirmed_by"),
            cols["at"]: [format_date(v, STAMP) for v in _col(confirmations, "confirmed_at")],
        }
    )


# ------------------------------------------------------------------ after training
def effect_frame(found: dict) -> pd.DataFrame:
    """The per-programme estimates of data_access.pd_order.training_effect."""
    for key in ("by_programme", "by_measure"):
        frame = found.get(key) if isinstance(found, dict) else None
        if isinstance(frame, pd.DataFrame):
            return frame
    return pd.DataFrame()


def _effect_label(frame: pd.DataFrame) -> list[str]:
    return [
        programme_text(c, t)
        for c, t in zip(
            _col(frame, "programme_code", "measure_code"),
            _col(frame, "title", "programme", "measure"),
            strict=True,
        )
    ]


def effect_rows(frame: pd.DataFrame) -> pd.DataFrame:
    cols = strings.TRAINING_EFFECT_COLUMNS
    return pd.DataFrame(
        {
            cols["programme"]: _effect_label(frame),
            cols["year"]: [_text(_int(v)) for v in _col(frame, "year", "finding_year")],
            cols["treated"]: [_int(v) or 0 for v in _col(frame, "n_treated")],
            cols["controls"]: [_int(v) or 0 for v in _col(frame, "n_controls")],
            cols["estimate"]: [
                NO_VALUE if _missing(e) else format_signed(e, 1) for e in _col(frame, "estimate")
            ],
            cols["interval"]: [
                interval_text(lo, hi)
                for lo, hi in zip(_col(frame, "low"), _col(frame, "high"), strict=True)
            ],
        }
    )


def forest_view(frame: pd.DataFrame) -> go.Figure:
    """Each programme's difference of changes with its interval; the zero line is «no
    difference». A programme with one trained school has a point but no interval."""
    if frame.empty or "estimate" not in frame.columns or frame["estimate"].isna().all():
        return figures.empty_figure(strings.TRAINING_NO_EFFECTS)
    shown = frame[frame["estimate"].notna()].head(figures.MAX_CATEGORIES).iloc[::-1]
    labels = [
        figures.safe_label(f"{t[: LABEL - 1]}…" if len(t) > LABEL else t)
        for t in _effect_label(shown)
    ]
    estimate = shown["estimate"].astype("float64")
    low = pd.to_numeric(pd.Series(_col(shown, "low")), errors="coerce").astype("float64")
    high = pd.to_numeric(pd.Series(_col(shown, "high")), errors="coerce").astype("float64")
    low.index = high.index = estimate.index
    hover = [
        strings.TRAINING_FOREST_HOVER.format(
            programme=figures.safe_label(p),
            estimate=format_signed(e, 1),
            interval=interval_text(lo, hi),
            treated=_int(t) or 0,
            controls=_int(c) or 0,
        )
        for p, e, lo, hi, t, c in zip(
            _effect_label(shown),
            estimate,
            low,
            high,
            _col(shown, "n_treated"),
            _col(shown, "n_controls"),
            strict=True,
        )
    ]
    return figures.forest(labels, estimate, low, high, hover, strings.TRAINING_FOREST_X)
