"""The demo's geography and the hidden school traits that drive every generated number.

Pure numpy/pandas: :func:`make_world` returns frames keyed by the ids the loader will write.
Hidden traits per school (columns starting with ``_`` never reach the database):

* ``_social``: latent social index, standard normal, higher = better; correlated with urban
  locality (r ≈ 0.4) and with the school kind (gymnasiums and lyceums higher).
* ``_conditions``: latent index of staffing/buildings/equipment, correlated with ``_social``.
* ``_effect``: school effect on pupil ability (pupil SD = 1):
  ``0.26·social + 0.08·conditions + kind bonus + municipality effect + u``, ``u ~ N(0, 0.30²)``.
  Planted patterns overwrite ``u`` (see :mod:`dashboard.demo.truth`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dashboard.demo import catalogue as cat
from dashboard.demo import skills as sk
from dashboard.demo.scales import Scale

SOCIAL_WEIGHT = 0.26
CONDITIONS_WEIGHT = 0.08
SCHOOL_NOISE_SD = 0.30
FIRST_COHORT = 2009  # grade 11 in 2020
LAST_COHORT = 2020  # grade 4 in 2024


@dataclass
class World:
    regions: pd.DataFrame
    municipalities: pd.DataFrame
    schools: pd.DataFrame  # table columns + hidden traits prefixed with "_"
    cohort_size: np.ndarray  # (schools, cohorts) pupils per grade of that entry year
    cohort_effect: np.ndarray  # (schools, cohorts) ability shift of that cohort
    cohort_drift: np.ndarray  # (schools, cohorts, years) pupils moving in and out, as a factor
    subject_effect: dict[str, np.ndarray]  # per subject: the school's strength in it
    years: tuple[int, ...]
    #: pupils of one campaign (kind, year, grade), shared by its subjects: filled on first use
    #: by dashboard.demo.results (participant codes and the pupils' shared ability)
    rosters: dict = field(default_factory=dict)


def _allocate(total: int, weights: np.ndarray) -> np.ndarray:
    """Split ``total`` in proportion to ``weights`` (largest remainder, so sums are exact)."""
    raw = total * weights / weights.sum()
    counts = np.floor(raw).astype(int)
    order = np.argsort(-(raw - counts), kind="stable")
    counts[order[: total - counts.sum()]] += 1
    return counts


def _kinds(rng: np.random.Generator, urban: np.ndarray) -> np.ndarray:
    kinds = np.empty(urban.size, dtype=object)
    for is_urban, probs in ((True, cat.URBAN_KIND_P), (False, cat.RURAL_KIND_P)):
        mask = urban == is_urban
        kinds[mask] = rng.choice(list(probs), size=int(mask.sum()), p=list(probs.values()))
    return kinds


def _municipality_schools(
    rng: np.random.Generator,
    plan: cat.MunicipalityPlan,
    n_general: int,
    n_pre: int,
    region_name: str,
    centre: tuple[float, float],
) -> pd.DataFrame:
    urban = rng.random(n_general) < plan.urban_share
    if plan.urban_share >= 1:
        urban[:] = True
    elif plan.urban_share > 0 and n_general >= 3:
        urban[: max(1, round(n_general * plan.urban_share * 0.5))] = True  # the centre has schools
    kinds = _kinds(rng, urban)
    kinds = np.concatenate([kinds, np.array(["preschool"] * n_pre, dtype=object)])
    urban = np.concatenate([urban, np.ones(n_pre, dtype=bool)])
    villages = rng.permutation(len(cat.VILLAGES))
    names, addresses, lat, lon = [], [], [], []
    number = preschool_number = village_i = 0
    for kind, is_urban in zip(kinds, urban, strict=True):
        spec = cat.SCHOOL_KIND_SPEC[kind]
        street = cat.STREETS[rng.integers(len(cat.STREETS))]
        house = int(rng.integers(1, 90))
        if is_urban:
            if kind == "preschool":
                preschool_number += 1
                n = preschool_number * 3 + int(rng.integers(0, 3))
            else:
                number += 1
                n = number
            names.append(spec["urban"].format(n=n))
            place = plan.centre
            lat.append(centre[0] + rng.normal(0, 0.03))
            lon.append(centre[1] + rng.normal(0, 0.05))
        else:
            village, adj = cat.VILLAGES[villages[village_i % len(villages)]]
            suffix = "" if village_i < len(villages) else f" № {village_i // len(villages) + 1}"
            village_i += 1
            names.append(spec["rural"].format(adj=adj).replace("»", suffix + "»"))
            place = f"с. {village}"
            lat.append(centre[0] + rng.normal(0, 0.22))
            lon.append(centre[1] + rng.normal(0, 0.35))
        postcode = 456000 + int(rng.integers(0, 999))
        addresses.append(f"{postcode}, {region_name}, {plan.name}, {place}, {street}, д. {house}")
    return pd.DataFrame(
        {
            "name": names,
            "kind": kinds,
            "locality": np.where(urban, "urban", "rural"),
            "address": addresses,
            "latitude": np.round(lat, 5),
            "longitude": np.round(lon, 5),
        }
    )


def _geography(rng: np.random.Generator, scale: Scale) -> tuple[pd.DataFrame, ...]:
    regions = pd.DataFrame(cat.region_names(scale.regions), columns=["code", "name"])
    regions.insert(0, "id", np.arange(1, len(regions) + 1))
    munis, schools = [], []
    for r in regions.itertuples():
        plans = cat.municipality_plans(scale.municipalities, r.Index)
        counts = _allocate(scale.schools, np.array([p.weight for p in plans]))
        # Municipality centres scattered over a plausible box of the Southern Urals.
        base = (53.6 + rng.random() * 1.5, 58.8 + rng.random() * 2.5)
        for m, (plan, n) in enumerate(zip(plans, counts, strict=True)):
            centre = (base[0] + rng.uniform(-0.9, 0.9), base[1] + rng.uniform(-1.4, 1.4))
            muni_id = len(munis) + 1
            munis.append(
                {
                    "id": muni_id,
                    "code": f"{r.code}{m + 1:02d}",
                    "name": plan.name,
                    "region_id": r.id,
                    "_urban_share": plan.urban_share,
                }
            )
            frame = _municipality_schools(
                rng, plan, int(n), scale.preschools_per_municipality, r.name, centre
            )
            if len(frame) > 99:
                raise ValueError(f"{plan.name}: {len(frame)} schools do not fit 2-digit codes")
            frame["municipality_id"] = muni_id
            frame["school_code"] = [f"{r.code}{m + 1:02d}{k + 1:02d}" for k in range(len(frame))]
            schools.append(frame)
    schools_df = pd.concat(schools, ignore_index=True)
    schools_df.insert(0, "id", np.arange(1, len(schools_df) + 1))
    return regions, pd.DataFrame(munis), schools_df


def _traits(rng: np.random.Generator, schools: pd.DataFrame, munis: pd.DataFrame, years) -> None:
    """Add the hidden columns: latent indices, size, open years, effect (in place)."""
    n = len(schools)
    urban = (schools["locality"] == "urban").to_numpy()
    kind = schools["kind"].to_numpy()
    selective = np.isin(kind, ["gymnasium", "lyceum"])
    social = 0.8 * (urban - urban.mean()) + 0.5 * selective - 0.6 * (kind == "boarding")
    social = social + rng.normal(0, 0.85, n)
    social = (social - social.mean()) / social.std()
    conditions = 0.35 * social + 0.3 * (urban - urban.mean()) + rng.normal(0, 0.85, n)
    conditions = (conditions - conditions.mean()) / conditions.std()
    muni_effect = rng.normal(0, 0.08, len(munis))[schools["municipality_id"].to_numpy() - 1]
    schools["_social"] = social
    schools["_conditions"] = conditions
    schools["_u"] = rng.normal(0, SCHOOL_NOISE_SD, n)
    schools["_base_effect"] = (
        SOCIAL_WEIGHT * social + CONDITIONS_WEIGHT * conditions + 0.12 * selective + muni_effect
    )
    schools["_trend"] = rng.normal(0, 0.03, n)
    # Pupils per grade: big urban schools, tiny rural ones (some below 5, for suppression).
    size = np.where(urban, rng.lognormal(np.log(55), 0.45, n), rng.lognormal(np.log(9), 0.65, n))
    size = (
        size
        * np.where(selective, 1.25, 1.0)
        * np.where(np.isin(kind, ["basic", "primary"]), 0.7, 1.0)
    )
    schools["_size"] = np.clip(np.round(size), 1, 120).astype(int)
    grades = [cat.SCHOOL_KIND_SPEC[k]["grades"] or (0, 0) for k in kind]
    schools["_grade_lo"] = [g[0] for g in grades]
    schools["_grade_hi"] = [g[1] for g in grades]
    schools["_leniency"] = rng.normal(0.15, 0.12, n)  # how generous journal marks are
    # A few schools close (rural, small) or open (urban) during the period.
    first, last = years[0], years[-1]
    opens = np.full(n, first)
    closes = np.full(n, last)
    general = kind != "preschool"
    closing = general & ~urban & (rng.random(n) < 0.035)
    closes[closing] = rng.integers(first + 1, last, int(closing.sum()))
    opening = general & urban & ~closing & (rng.random(n) < 0.025)
    opens[opening] = rng.integers(first + 1, last, int(opening.sum()))
    schools["_opens"] = opens
    schools["_closes"] = closes
    # Some schools report school-level results only (no pupil or task data).
    schools["_pupil_level"] = general & (rng.random(n) >= 0.03)
    schools["_pattern"] = ""
    schools["_inflated_from"] = 0
    schools["_inflation"] = 0.0


def _cohorts(rng: np.random.Generator, schools: pd.DataFrame, n_years: int):
    n_cohorts = LAST_COHORT - FIRST_COHORT + 1
    size = schools["_size"].to_numpy()[:, None]
    cohort_size = np.maximum(1, np.round(size * rng.lognormal(0, 0.15, (len(schools), n_cohorts))))
    cohort_effect = rng.normal(0, 0.12, (len(schools), n_cohorts))
    drift = rng.lognormal(0, 0.04, (len(schools), n_cohorts, n_years))
    return cohort_size.astype(int), cohort_effect, drift


def make_world(rng: np.random.Generator, scale: Scale) -> World:
    """Regions, municipalities and schools with their hidden traits (patterns not planted yet)."""
    regions, munis, schools = _geography(rng, scale)
    _traits(rng, schools, munis, scale.years)
    cohort_size, cohort_effect, drift = _cohorts(rng, schools, len(scale.years))
    subjects = (
        sk.MATH,
        sk.RUSSIAN,
        sk.WORLD,
        sk.HISTORY,
        sk.BIOLOGY,
        sk.MATH_PROFILE,
        sk.LITERATURE,
        sk.READING,
    )
    subject_effect = {s: rng.normal(0, 0.1, len(schools)) for s in subjects}
    return World(
        regions, munis, schools, cohort_size, cohort_effect, drift, subject_effect, scale.years
    )


def school_effect(schools: pd.DataFrame, year: int) -> np.ndarray:
    """Ability shift of each school in ``year`` (slow drift around the base)."""
    return (schools["_base_effect"] + schools["_u"] + schools["_trend"] * (year - 2022)).to_numpy()


def context_values(rng: np.random.Generator, schools: pd.DataFrame, years) -> pd.DataFrame:
    """Long frame (school_id, year, indicator_code, value) for the years each school is open."""
    n = len(schools)
    social = schools["_social"].to_numpy()
    conditions = schools["_conditions"].to_numpy()
    boarding = (schools["kind"] == "boarding").to_numpy()
    n_grades = (schools["_grade_hi"] - schools["_grade_lo"] + 1).to_numpy()
    n_grades = np.where(schools["kind"].to_numpy() == "preschool", 5, n_grades)
    # Latent indices wander slowly from year to year.
    walk_s = np.cumsum(rng.normal(0, 0.05, (len(years), n)), axis=0)
    walk_c = np.cumsum(rng.normal(0, 0.05, (len(years), n)), axis=0)
    frames = []
    for spec in cat.INDICATORS:
        school_noise = rng.normal(0, spec.noise * 0.8, n)
        flip = rng.random((len(years), n)) < 0.04  # a binary post is filled or vacated
        for y, year in enumerate(years):
            latent = (
                social + walk_s[y] if spec.group == "social_conditions" else conditions + walk_c[y]
            )
            if spec.code == "pupils":
                value = schools["_size"].to_numpy() * n_grades * (1 + 0.01 * (year - years[0]))
                value = np.round(value)
            elif spec.binary:
                if y == 0:
                    p = np.clip(spec.base + spec.slope * latent, 0.05, 0.98)
                    state = (rng.random(n) < p).astype(float)
                else:
                    state = np.where(flip[y], 1 - state, state)
                value = state
            else:
                value = (
                    spec.base
                    + spec.slope * latent
                    + school_noise
                    + rng.normal(0, spec.noise * 0.3, n)
                    + spec.drift * (year - years[0])
                )
                if spec.code == "disabled_share":
                    value = value + 25 * boarding
                value = np.clip(value, spec.low, spec.high)
                value = np.round(value) if spec.unit in ("ед.", "чел.") else np.round(value, 1)
            frames.append(
                pd.DataFrame(
                    {
                        "school_id": schools["id"].to_numpy(),
                        "year": year,
                        "indicator_code": spec.code,
                        "value": value.astype(float),
                    }
                )
            )
    values = pd.concat(frames, ignore_index=True)
    opens = schools.set_index("id")["_opens"]
    closes = schools.set_index("id")["_closes"]
    sid = values["school_id"]
    keep = (values["year"] >= opens.loc[sid].to_numpy()) & (
        values["year"] <= closes.loc[sid].to_numpy()
    )
    return values[keep.to_numpy()].reset_index(drop=True)
