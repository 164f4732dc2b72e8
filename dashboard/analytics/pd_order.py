"""The plan-order for teachers' professional development (seed 002 «план-заказ на повышение
квалификации педагогов на основе интеграции результатов оценочных процедур»). Pure pandas.

The chain: :func:`skill_needs` (which schools need PD on which skill, by the weak-skill rule of
findings.weak_skill_findings: a margin and a gap beyond chance, Holm over the school's skills)
→ :func:`match_programmes` (which programme of the base answers each need) → :func:`plan_order`
(needs and schools' requests merged per municipality and programme: schools, teachers, hours,
and the reasons of each line). :func:`gaps` lists the needed skills no programme covers, and
:func:`skill_trend` the direction of a skill's gap over the years.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm

from dashboard import rules
from dashboard.analytics.findings import holm, percent_variance

NEED_COLUMNS = [
    "school_id",
    "municipality_id",
    "subject",
    "grade",
    "skill_code",
    "skill_name",
    "school_percent",
    "region_percent",
    "gap",
    "low",
    "high",
    "participants",
]
TREND_COLUMNS = ["school_id", "subject", "skill_code", "slope", "years"]
GAP_COLUMNS = ["subject", "skill_code", "skill_name", "schools"]
PLAN_COLUMNS = [
    "municipality_id",
    "programme_id",
    "subject",
    "hours_per_teacher",
    "schools",
    "teachers",
    "hours",
    "unknown_teachers",
    "reasons",
]
#: Stands for a missing grade or municipality inside groupings (pandas drops missing keys).
_MISSING = -1


def _key(subject: object) -> str:
    """Subjects of results and of the programme base compared without case and spaces."""
    return str(subject).strip().casefold()


def _codes(value: object) -> list[str]:
    """A programme's skill codes: a list, or the import's «;»-joined text."""
    if isinstance(value, list | tuple | set | np.ndarray | pd.Series):
        items = list(value)
    elif value is None or (not isinstance(value, str) and pd.isna(value)):
        items = []
    else:
        items = str(value).split(";")
    return [c for c in (str(i).strip() for i in items) if c]


def _int_or_none(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def skill_needs(
    skills: pd.DataFrame,
    margin: float = rules.PD_NEED_MARGIN,
    level: float = rules.WEAK_SKILL_LEVEL,
) -> pd.DataFrame:
    """The (school, subject, grade, skill) rows whose percent is ≥ `margin` points below the
    region's and below it beyond chance: one-sided p of "no gap" at (1 − `level`)/2, Holm over
    the school's skills of that subject and grade (and year, when given) — the weak-skill rule.

    `skills`: school_id, subject, skill_code, school_percent, region_percent, participants;
    optional municipality_id, grade, skill_name, region_participants (then the region's
    binomial SE is added) and year (kept as a column). gap = school − region; low/high = the
    gap's `level` interval of that one skill, unadjusted (Holm decides which skills count).
    """
    frame = skills.dropna(subset=["school_percent", "region_percent", "participants"])
    frame = frame[frame["participants"] > 0]
    extra = ["year"] if "year" in frame else []
    if frame.empty:
        return pd.DataFrame(columns=[*NEED_COLUMNS, *extra])
    frame = frame.assign(
        municipality_id=frame["municipality_id"] if "municipality_id" in frame else None,
        grade=frame["grade"] if "grade" in frame else None,
        skill_name=frame["skill_name"] if "skill_name" in frame else None,
    )
    gap = frame["school_percent"].astype(float) - frame["region_percent"].astype(float)
    variance = percent_variance(frame["school_percent"], frame["participants"])
    if "region_participants" in frame:
        n = frame["region_participants"].where(frame["region_participants"] > 0)
        variance = variance + percent_variance(frame["region_percent"], n).fillna(0.0)
    se = np.sqrt(variance)
    p = pd.Series(norm.cdf(gap / se), index=frame.index).fillna(1.0)
    groups = pd.DataFrame(
        {
            "school_id": frame["school_id"],
            "subject": frame["subject"].map(_key),
            "grade": pd.to_numeric(frame["grade"], errors="coerce").fillna(_MISSING),
        },
        index=frame.index,
    )
    if extra:
        groups["year"] = frame["year"]
    significant = holm(p, groups, (1 - level) / 2)
    z = float(norm.ppf(1 - (1 - level) / 2))
    out = frame.assign(gap=gap, low=gap - z * se, high=gap + z * se)
    out = out[(gap <= -margin) & significant]
    out = out.sort_values(["school_id", "subject", "grade", "gap", "skill_code"], kind="stable")
    out = out[[*NEED_COLUMNS, *extra]].reset_index(drop=True)
    out["municipality_id"] = pd.array([_int_or_none(v) for v in out["municipality_id"]], "Int64")
    out["grade"] = pd.array([_int_or_none(v) for v in out["grade"]], "Int64")
    out["participants"] = out["participants"].astype("int64")
    return out


def skill_trend(history: pd.DataFrame, min_years: int = rules.PD_TREND_MIN_YEARS) -> pd.DataFrame:
    """Least-squares slope of a skill's gap per year (points per year; negative: falling
    behind the region), per school, subject and skill (and grade, when given). `history`:
    school_id, subject, skill_code, year, gap. With fewer than `min_years` years the slope
    is NaN."""
    keys = ["school_id", "subject", "skill_code"]
    keys += ["grade"] if "grade" in history else []
    frame = history.dropna(subset=["gap", "year"])
    # one point per year (the year's mean gap), then slope = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)²
    # from group sums: vectorised, as a region has tens of thousands of (school, skill) pairs
    points = frame.groupby([*keys, "year"], sort=True)["gap"].mean().reset_index()
    points["year"] = points["year"].astype(float)
    by = points.groupby(keys, sort=True)
    n = by["year"].transform("size")
    dx = points["year"] - by["year"].transform("mean")
    dy = points["gap"] - by["gap"].transform("mean")
    sums = (
        points.assign(_xy=dx * dy, _xx=dx**2, _n=n)
        .groupby(keys, sort=True)
        .agg(_xy=("_xy", "sum"), _xx=("_xx", "sum"), years=("_n", "first"))
        .reset_index()
    )
    enough = (sums["years"] >= max(min_years, 2)) & (sums["_xx"] > 0)
    sums["slope"] = (sums["_xy"] / sums["_xx"]).where(enough)
    out = sums[[*keys, "slope", "years"]].copy()
    out["years"] = out["years"].astype("int64")
    return out.reset_index(drop=True)


def _programme_skills(programmes: pd.DataFrame) -> pd.DataFrame:
    """One row per programme and skill it covers: programme_id, programme_code, subject key,
    skill_code, hours."""
    rows = [
        (int(p["id"]), str(p["programme_code"]), _key(p["subject"]), code, p.get("hours"))
        for p in programmes.to_dict("records")
        for code in dict.fromkeys(_codes(p["skill_codes"]))
    ]
    return pd.DataFrame(
        rows, columns=["programme_id", "programme_code", "subject_key", "skill_code", "hours"]
    )


def match_programmes(needs: pd.DataFrame, programmes: pd.DataFrame) -> pd.DataFrame:
    """`needs` (or requests: any rows with school_id, subject, skill_code) with the programme
    that answers each: a programme of the same subject listing the skill; of several, the one
    covering most of that school's needed skills in the subject, ties by the lower programme
    code, so a school is sent to as few programmes as possible. Adds programme_id,
    programme_code (missing when none covers the skill) and hours_per_teacher."""
    out = needs.reset_index(drop=True).copy()
    covers = _programme_skills(programmes)
    chosen: list[tuple[object, object, object]] = [(None, None, None)] * len(out)
    if not out.empty and not covers.empty:
        subject_keys = out["subject"].map(_key)
        skills = out["skill_code"].map(lambda c: None if pd.isna(c) else str(c).strip())
        wanted: dict[tuple, set[str]] = {}
        for sid, subject, code in zip(out["school_id"], subject_keys, skills, strict=True):
            if code is not None:
                wanted.setdefault((sid, subject), set()).add(code)
        by_skill = {  # built once: a group lookup per need costs seconds on a region
            key: group.to_dict("records")
            for key, group in covers.groupby(["subject_key", "skill_code"])
        }
        own = covers.groupby("programme_id")["skill_code"].agg(set)
        for k, (sid, subject, code) in enumerate(
            zip(out["school_id"], subject_keys, skills, strict=True)
        ):
            if code is None or (subject, code) not in by_skill:
                continue
            best = min(
                by_skill[(subject, code)],
                key=lambda c: (
                    -len(own[c["programme_id"]] & wanted[(sid, subject)]),
                    c["programme_code"],
                ),
            )
            chosen[k] = (best["programme_id"], best["programme_code"], best["hours"])
    out["programme_id"] = pd.array([_int_or_none(c[0]) for c in chosen], dtype="Int64")
    out["programme_code"] = pd.Series([c[1] for c in chosen], dtype=object)
    out["hours_per_teacher"] = pd.array([_int_or_none(c[2]) for c in chosen], dtype="Int64")
    return out


def gaps(needs: pd.DataFrame, programmes: pd.DataFrame) -> pd.DataFrame:
    """Needed skills that no programme of the base covers (same subject, skill listed):
    subject, skill_code, skill_name, schools (distinct schools that need it); most schools
    first."""
    covers = _programme_skills(programmes)
    covered = set(zip(covers["subject_key"], covers["skill_code"], strict=True))
    if needs.empty:
        return pd.DataFrame(columns=GAP_COLUMNS)
    frame = needs.assign(
        skill_name=needs["skill_name"] if "skill_name" in needs else None,
        _covered=[
            (_key(s), str(c).strip()) in covered
            for s, c in zip(needs["subject"], needs["skill_code"], strict=True)
        ],
    )
    frame = frame[~frame["_covered"]]
    if frame.empty:
        return pd.DataFrame(columns=GAP_COLUMNS)
    out = frame.groupby(["subject", "skill_code"], as_index=False, sort=True).agg(
        skill_name=("skill_name", lambda s: next((v for v in s if pd.notna(v)), None)),
        schools=("school_id", "nunique"),
    )
    out["schools"] = out["schools"].astype("int64")
    out = out.sort_values(["schools", "subject", "skill_code"], ascending=[False, True, True])
    return out[GAP_COLUMNS].reset_index(drop=True)


def _contributions(
    needs_matched: pd.DataFrame, teachers: pd.DataFrame, requests: pd.DataFrame
) -> pd.DataFrame:
    """One row per reason: municipality_id, programme_id, subject, school_id, the teachers it
    concerns (a need: the school's teachers of the subject, missing if unknown; a request:
    the teachers requested) and the reason (a dict)."""
    count = {
        (sid, _key(subject)): n
        for (sid, subject), n in teachers.assign(_s=teachers["subject"].map(_key))
        .groupby(["school_id", "_s"])["teachers"]
        .max()
        .items()
    }
    rows = []
    for r in needs_matched.to_dict("records"):
        if pd.isna(r.get("programme_id")):
            continue  # a gap: no programme answers it (see gaps)
        rows.append(
            {
                "municipality_id": _int_or_none(r.get("municipality_id")),
                "programme_id": int(r["programme_id"]),
                "subject": r["subject"],
                "school_id": int(r["school_id"]),
                "teachers": count.get((r["school_id"], _key(r["subject"]))),
                "reason": {
                    "kind": "need",
                    "school_id": int(r["school_id"]),
                    "subject": r["subject"],
                    "grade": _int_or_none(r.get("grade")),
                    "skill_code": str(r["skill_code"]),
                    "gap": float(r["gap"]),
                },
            }
        )
    for r in requests.to_dict("records"):
        skill = r.get("skill_code")
        rows.append(
            {
                "municipality_id": _int_or_none(r.get("municipality_id")),
                "programme_id": _int_or_none(r.get("programme_id")),
                "subject": r["subject"],
                "school_id": int(r["school_id"]),
                "teachers": _int_or_none(r.get("teachers")),
                "reason": {
                    "kind": "request",
                    "request_id": int(r["id"]),
                    "school_id": int(r["school_id"]),
                    "subject": r["subject"],
                    "skill_code": None if skill is None or pd.isna(skill) else str(skill),
                },
            }
        )
    return pd.DataFrame(
        rows,
        columns=["municipality_id", "programme_id", "subject", "school_id", "teachers", "reason"],
    )


def _hours_of(
    needs_matched: pd.DataFrame, requests: pd.DataFrame, programmes: pd.DataFrame | None
) -> dict[int, int]:
    """Hours per teacher of each programme: the base's when given, else as the rows carry."""
    hours: dict[int, int] = {}
    for frame in (requests, needs_matched):
        if {"programme_id", "hours_per_teacher"} <= set(frame.columns):
            for pid, h in zip(frame["programme_id"], frame["hours_per_teacher"], strict=True):
                if pd.notna(pid) and pd.notna(h):
                    hours[int(pid)] = int(h)
    if programmes is not None:
        hours.update(
            {int(i): int(h) for i, h in zip(programmes["id"], programmes["hours"], strict=True)}
        )
    return hours


def plan_order(
    needs_matched: pd.DataFrame,
    teachers: pd.DataFrame,
    requests: pd.DataFrame,
    *,
    programmes: pd.DataFrame | None = None,
    statuses: tuple[str, ...] = rules.PD_REQUEST_COUNTED_STATUSES,
) -> pd.DataFrame:
    """Needs (match_programmes' rows) and schools' requests merged per municipality and
    programme: one line each with its schools (distinct), teachers, hours and reasons.

    A school counts once per line, with the most teachers any of its reasons names: a need
    concerns the school's teachers of the subject (`teachers`: school_id, subject, teachers),
    a request the teachers requested; a need whose school reports no teachers of the subject
    counts the school with no teachers (``unknown_teachers`` counts such schools). hours =
    teachers × the programme's hours per teacher.

    `requests`: id, school_id, municipality_id, subject, skill_code, teachers, programme_id
    (nullable), optional status (only `statuses` count). With `programmes` (id,
    programme_code, subject, skill_codes, hours) a request with a skill and no programme gets
    one by match_programmes; one still without a programme (a topic only) goes to a line of
    its municipality and subject with programme_id missing and no hours.
    ``reasons``: dicts, needs first ({kind: "need", school_id, subject, grade, skill_code,
    gap}), then requests ({kind: "request", request_id, school_id, subject, skill_code}).
    """
    requests = requests.reset_index(drop=True)
    if "status" in requests:
        requests = requests[requests["status"].isin(statuses)].reset_index(drop=True)
    if "programme_id" not in requests:
        requests = requests.assign(programme_id=pd.array([None] * len(requests), dtype="Int64"))
    if programmes is not None and not requests.empty:
        open_ = requests["programme_id"].isna() & requests["skill_code"].notna()
        if open_.any():
            found = match_programmes(requests[open_].drop(columns=["programme_id"]), programmes)
            filled = pd.array(requests["programme_id"], dtype="Int64")
            filled[open_.to_numpy()] = found["programme_id"].to_numpy()
            requests = requests.assign(programme_id=filled)
    parts = _contributions(needs_matched, teachers, requests)
    if parts.empty:
        return pd.DataFrame(columns=PLAN_COLUMNS)
    hours = _hours_of(needs_matched, requests, programmes)
    # a line: (municipality, programme), or (municipality, subject) for requests without one
    parts["line"] = [
        ("p", int(p)) if pd.notna(p) else ("s", str(s))
        for p, s in zip(parts["programme_id"], parts["subject"], strict=True)
    ]
    lines = []
    for (mid, line), group in parts.groupby(
        [parts["municipality_id"].fillna(_MISSING), "line"], sort=False
    ):
        per_school = group.groupby("school_id")["teachers"].max()
        taught = int(per_school.fillna(0).sum())
        pid = line[1] if line[0] == "p" else None
        per_teacher = hours.get(pid) if pid is not None else None
        needs = [r for r in group["reason"] if r["kind"] == "need"]
        asked = [r for r in group["reason"] if r["kind"] == "request"]
        lines.append(
            {
                "municipality_id": None if mid == _MISSING else int(mid),
                "programme_id": pid,
                "subject": group["subject"].iloc[0],
                "hours_per_teacher": per_teacher,
                "schools": int(per_school.size),
                "teachers": taught,
                "hours": None if per_teacher is None else taught * per_teacher,
                "unknown_teachers": int(per_school.isna().sum()),
                "reasons": sorted(needs, key=lambda r: (r["school_id"], r["gap"], r["skill_code"]))
                + sorted(asked, key=lambda r: r["request_id"]),
            }
        )
    out = pd.DataFrame(lines, columns=PLAN_COLUMNS)
    for column in ("municipality_id", "programme_id", "hours_per_teacher", "hours"):
        out[column] = pd.array([_int_or_none(v) for v in out[column]], dtype="Int64")
    for column in ("schools", "teachers", "unknown_teachers"):
        out[column] = out[column].astype("int64")
    order = out.assign(
        _none=out["programme_id"].isna(), _subject=out["subject"].astype(str)
    ).sort_values(["municipality_id", "_none", "programme_id", "_subject"], kind="stable")
    return out.loc[order.index].reset_index(drop=True)
