"""`oko demo`: generate the synthetic region and load it, in one transaction.

One transaction for the whole build (reset included): a failed build leaves the database as
it was, and user accounts never see a half-built region.  Each random stream is seeded with
``[seed, stream]`` so that changing, say, the expert registry leaves the results unchanged.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, Table, exists, func, select, text

from dashboard.demo import (
    accounts,
    decisions,
    experts,
    load,
    measures,
    plans,
    results,
    roadmaps,
    targets,
    training,
    truth,
    voluntary,
    world,
)
from dashboard.demo import catalogue as cat
from dashboard.demo.instruments import make_instruments, procedure_frames
from dashboard.demo.scales import Scale, resolve
from dashboard.demo.skills import procedure_specs
from dashboard.models import Base
from data_access import database, precompute, summaries

# Independent random streams (never renumber: it would change every demo). PLANS draws the
# management decisions; IMPORTS when each procedure's results were loaded; TRAINING teachers
# per subject, PD requests and completions.
WORLD, PLANT, INSTRUMENTS, RESULTS, CONTEXT, EXPERTS, ROADMAPS, PLANS, IMPORTS = range(1, 10)
TRAINING = 10
VOLUNTARY = 11  # voluntary diagnostic works: catalogue, registrations, results, feedback
# Results arrive this many days after the procedure (uniform, inclusive-exclusive).
LOAD_DELAY_DAYS = (10, 46)
# Tables whose rows mean "a demo (or real data) is already here".
_PRESENCE_TABLES = ("region", "school", "procedure", "expert", "roadmap")


class DemoExists(RuntimeError):
    """The database already holds data; pass ``reset=True`` to replace it."""


@dataclass
class BuildSummary:
    scale: str
    seed: int
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)  # seconds per phase
    users_left_disabled: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        rows = ", ".join(f"{t}={n}" for t, n in self.counts.items())
        return f"demo {self.scale} (seed {self.seed}) in {self.seconds:.1f} s: {rows}"


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _has_data(conn: Connection) -> bool:
    return any(
        conn.execute(select(exists().select_from(_table(t)))).scalar() for t in _PRESENCE_TABLES
    )


class _Loader:
    """Loads frames and keeps the counts and the time spent."""

    def __init__(self, conn: Connection, summary: BuildSummary):
        self.conn, self.summary = conn, summary
        self.seconds = 0.0

    def __call__(self, name: str, frame: pd.DataFrame | None) -> None:
        started = time.perf_counter()
        n = load.load_frame(self.conn, _table(name), frame)
        self.summary.counts[name] = self.summary.counts.get(name, 0) + n
        self.seconds += time.perf_counter() - started


def _indicator_frame() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "code": i.code,
                "name": i.name,
                "unit": i.unit,
                "direction": i.direction,
                "group_name": i.group,
                "norm": i.norm,
            }
            for i in cat.INDICATORS
        ]
    )


def _loaded_at(rng: np.random.Generator, procedures: pd.DataFrame) -> pd.DataFrame:
    """``results_loaded_at`` = held_on + a few weeks, in office hours (every demo procedure
    has results): what the timeliness criterion of /decisions/effectiveness measures."""
    days = rng.integers(*LOAD_DELAY_DAYS, len(procedures))
    minutes = rng.integers(6 * 60, 14 * 60, len(procedures))  # 06:00–14:00 UTC
    held = pd.to_datetime(procedures["held_on"]).dt.tz_localize("UTC")
    loaded = held + pd.to_timedelta(days, unit="D") + pd.to_timedelta(minutes, unit="min")
    return procedures.assign(results_loaded_at=list(loaded.dt.to_pydatetime()))


def _results(
    conn_load: _Loader, seed: int, w: world.World, instruments
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Generate and load every procedure's results; return the school-level and the skill-level
    frames."""
    rng = np.random.default_rng([seed, RESULTS])
    school_frames, skill_frames = [], []
    next_pupil = 1
    for ins in instruments:
        if ins.spec.pupil_level and ins.tasks is not None:
            out = results.pupil_level(rng, w, ins, next_pupil)
            next_pupil += len(out.pupil_results)
        else:
            out = results.school_level(rng, w, ins)
        conn_load("school_result", out.school_results)
        conn_load("pupil_result", out.pupil_results)
        conn_load("skill_result", out.skill_results)
        school_frames.append(out.school_results)
        if out.skill_results is not None:
            skill_frames.append(out.skill_results)
    skills = (
        pd.concat(skill_frames, ignore_index=True)
        if skill_frames
        else pd.DataFrame(columns=["procedure_id", "school_id", "task_number", "mean_percent"])
    )
    return pd.concat(school_frames, ignore_index=True), skills


def _roadmap_municipalities(munis: pd.DataFrame) -> tuple[int, dict[str, int | None]]:
    """Karabash owns the expert roadmap; the pilot programme goes to another municipality."""
    karabash = int(munis.loc[munis["name"] == cat.KARABASH, "id"].iloc[0])
    others = munis.loc[munis["id"] != karabash, "id"]
    pilot = int(others.iloc[-1]) if len(others) else karabash
    return karabash, {"region-2018": None, "expert-community-2022": karabash, "pilot-2019": pilot}


def build(
    engine: Engine, scale: str | Scale = "region", seed: int = 42, reset: bool = False
) -> BuildSummary:
    """Generate the demo region and load it into an already migrated database."""
    sc = resolve(scale)
    summary = BuildSummary(scale=sc.name, seed=seed)
    started = time.perf_counter()
    with engine.begin() as conn:
        scoped: list[accounts.ScopedUser] = []
        if _has_data(conn):
            if not reset:
                raise DemoExists("the database already holds data; use reset=True to replace it")
        if reset:
            t = time.perf_counter()
            scoped = accounts.detach_users(conn)
            load.empty_data_tables(conn)
            summary.phases["reset"] = time.perf_counter() - t
        loader = _Loader(conn, summary)

        t = time.perf_counter()
        w = world.make_world(np.random.default_rng([seed, WORLD]), sc)
        truth.plant(np.random.default_rng([seed, PLANT]), w, sc.pupil_level)
        context = world.context_values(np.random.default_rng([seed, CONTEXT]), w.schools, sc.years)
        instruments = make_instruments(
            np.random.default_rng([seed, INSTRUMENTS]), procedure_specs(sc.years, sc.pupil_level)
        )
        procedures, tasks = procedure_frames(instruments)
        summary.phases["generate world"] = time.perf_counter() - t
        for name, frame in (
            ("region", w.regions),
            ("municipality", w.municipalities),
            ("school", w.schools),
            ("indicator", _indicator_frame()),
            ("context_value", context),
            ("procedure", _loaded_at(np.random.default_rng([seed, IMPORTS]), procedures)),
            ("procedure_task", tasks),
        ):
            loader(name, frame)

        t, load_before = time.perf_counter(), loader.seconds
        school_results, skill_results = _results(loader, seed, w, instruments)
        summary.phases["results (generate + load)"] = time.perf_counter() - t
        summary.phases["results load only"] = loader.seconds - load_before
        # Voluntary works: procedures after the others' ids, pupils after theirs; loaded before
        # the pupil summaries so that these cover them, as after an import.
        t = time.perf_counter()
        last_pupil = conn.execute(select(func.max(_table("pupil_result").c.id))).scalar()
        for name, frame in voluntary.voluntary_frames(
            np.random.default_rng([seed, VOLUNTARY]),
            w,
            procedures,
            tasks,
            sc.pupil_level,
            (last_pupil or 0) + 1,
        ).items():
            loader(name, frame)
        summary.phases["voluntary works"] = time.perf_counter() - t
        t = time.perf_counter()
        summaries.refresh(conn)
        if conn.dialect.name == "postgresql":
            conn.execute(text("ANALYZE"))  # planner statistics for the freshly loaded tables
        summary.phases["pupil summaries"] = time.perf_counter() - t

        t = time.perf_counter()
        karabash, owners = _roadmap_municipalities(w.municipalities)
        truth_rows = truth.truth_frame(w, school_results, procedures, context)
        frames = experts.expert_frames(
            np.random.default_rng([seed, EXPERTS]),
            sc.experts,
            w.municipalities,
            w.schools,
            procedures,
            karabash,
        )
        frames.update(roadmaps.roadmap_frames(np.random.default_rng([seed, ROADMAPS]), owners))
        plan_rng = np.random.default_rng([seed, PLANS])
        frames["pd_programme"] = plans.pd_programmes(tasks, procedures)
        last_year = int(procedures["year"].max())
        matrix = measures.matrix_frame(last_year)
        frames["decision_matrix"] = matrix
        frames.update(
            decisions.decision_frames(
                plan_rng,
                w.schools,
                w.municipalities,
                school_results,
                procedures,
                context,
                truth_rows,
                matrix,
            )
        )
        frames["effectiveness_target"] = targets.target_frame(w.municipalities, last_year)
        frames.update(
            training.training_frames(
                np.random.default_rng([seed, TRAINING]),
                {
                    "schools": w.schools,
                    "municipalities": w.municipalities,
                    "procedures": procedures,
                    "tasks": tasks,
                    "school_results": school_results,
                    "skill_results": skill_results,
                },
                frames["pd_programme"],
                sc.years,
            )
        )
        frames["demo_truth"] = truth_rows
        summary.phases["generate registry, plans, truth"] = time.perf_counter() - t
        for name, frame in frames.items():
            loader(name, frame)

        load.reset_sequences(conn, [_table(name) for name in summary.counts])
        summary.users_left_disabled = accounts.reattach_users(conn, scoped)
        summary.phases["load (all tables)"] = loader.seconds
    t = time.perf_counter()
    with database.bind(engine):  # the pages' region-wide results, as after an import
        precompute.refresh()
    summary.phases["derived results"] = time.perf_counter() - t
    summary.seconds = time.perf_counter() - started
    return summary
