"""Rules users may argue about, each with its reason, in one place.

Thresholds for bias signs, rankings categories and the like join this module as the
issues that need them land.
"""

from __future__ import annotations

# Small-number suppression: an aggregate over fewer pupils than this is not shown, so that a
# tiny rural class cannot be re-identified and noise is not read as a result. 5 follows the
# usual statistical-disclosure practice; OKO_MIN_CELL overrides it (read by
# dashboard.config.Settings.from_env, the one place that reads the environment).
DEFAULT_MIN_CELL = 5


def min_cell() -> int:
    """The suppression threshold in force: the running app's `Settings.min_cell`.

    Outside an app (the CLI, data_access used directly) it is what the environment describes,
    parsed by the same `Settings.from_env`, so both paths agree on one configured value.
    """
    from flask import current_app, has_app_context

    from dashboard.config import Settings

    if has_app_context():
        settings = current_app.config.get("OKO_SETTINGS")
        if settings is not None:
            return settings.min_cell
    return Settings.from_env(validate=False).min_cell


# The region's time zone: times of day (audit, imports, history) are stored in UTC and shown
# in it. OKO_TIMEZONE overrides it (an IANA name such as Asia/Yekaterinburg).
DEFAULT_TIMEZONE = "Europe/Moscow"


def timezone() -> str:
    """The IANA time zone in force: the running app's `Settings.timezone`, else what the
    environment describes (read by the same `Settings.from_env`), as min_cell() does."""
    from flask import current_app, has_app_context

    from dashboard.config import Settings

    if has_app_context():
        settings = current_app.config.get("OKO_SETTINGS")
        if settings is not None:
            return settings.timezone
    return Settings.from_env(validate=False).timezone


# ------------------------------------------------------------------ school profile flags (issue 5)
# «Низкие результаты» (ШНОР): the regional practice flags the bottom tenth of schools by ВПР
# results, and only a repeated result counts, so one bad year does not label a school.
LOW_RESULTS_SHARE = 0.10
LOW_RESULTS_CONSECUTIVE_YEARS = 2
# A year with fewer ВПР participants than this says too little about a school to rank it.
LOW_RESULTS_MIN_PARTICIPANTS = 10
# «Неблагоприятные социальные условия» (ШНСУ): the bottom 15 % of the social index (mean
# oriented z-score of social_conditions indicators), the share used by regional ШНСУ lists.
ADVERSE_CONDITIONS_SHARE = 0.15
# Weak skills: how many skills per subject the profile lists (furthest below the municipality).
WEAK_SKILLS_PER_SUBJECT = 5

# ------------------------------------------------------------------ imports (issue 4)
# An upload larger than this is imported in a background job with a progress bar: parsing and
# writing a few megabytes of CSV takes long enough that a synchronous request would look hung
# (and could hit the proxy's timeout); smaller files answer at once on the synchronous path.
BACKGROUND_IMPORT_BYTES = 2 * 2**20

# ------------------------------------------------------------------ objectivity (issue 6)
# Every bias sign is a one-sided test of one school-year against the region: the school's
# statistic minus the region's expectation, divided by its sampling error plus the
# between-school spread that honest schools show (estimated robustly from the median
# absolute deviation, so a few biased schools do not widen the reference).  z is read as a
# normal tail and each sign's p-values over all school-years of the region are corrected
# for multiple testing by Benjamini–Hochberg: a sign fires when its q-value is at most
# OBJECTIVITY_FDR, i.e. at most ~10 % of the flagged school-years are expected to be chance.
# 0.10 is a usual false discovery rate for screening (not for proof): a flag starts a review,
# it is not a verdict, and the review workflow exists to dismiss the rest.
OBJECTIVITY_FDR = 0.10
# A school-year with fewer ВПР results than this is not tested: with ~20 pupils the
# normal approximation of a share is still reasonable, below it one class decides.
OBJECTIVITY_MIN_PUPILS = 20
# «Почти максимальный балл»: the maximal primary score or one point below it.
OBJECTIVITY_NEAR_MAX_POINTS = 1
# Threshold window: scores from `threshold − BELOW` to `threshold − 1` are "just below", from
# the threshold to `threshold + AT − 1` "at" it. Two points each side: a raised pupil lands on
# the threshold or one point above; two points below is where the raised ones come from.
OBJECTIVITY_WINDOW_BELOW = 2
OBJECTIVITY_WINDOW_AT = 2
# Pupil SD of percent completed assumed when no pupil-level rows exist for a procedure
# (school-level imports); 20 p.p. is the typical pupil SD of ВПР/ОГЭ percent in the region.
OBJECTIVITY_DEFAULT_PUPIL_SD = 20.0
# A sign is listed as a reason («сработал») when its own one-sided p-value is at most this;
# it is a description of the flag, not a flag: one school-year is tested on up to seven
# signs, and 1 % keeps the chance that an honest school shows a listed reason low.
OBJECTIVITY_SIGN_ALPHA = 0.01
# The flag is decided by one combined score of the primary signs of items 1–3 of the
# methodology: agreement with the journal, heaping at thresholds, the cohort's external
# result and the jump against the municipality, over this year and the year before. The
# other signs (near-maximal scores, low spread, raised marks) are listed as reasons but do
# not enter the score: on the demo region their honest-school tails are heavy (1 % nominal
# level reached by 4–7 % of honest school-years), so adding them would add noise, not signal.
OBJECTIVITY_SCORE_SIGNS = ("journal_lowered", "threshold_bunching", "cohort_gap", "year_jump")
# A combined score needs at least this many sign values (two years × up to four signs).
OBJECTIVITY_MIN_SIGNS = 2
# Risk of a flagged school-year: «высокий» with this many listed reasons, else «повышенный».
OBJECTIVITY_HIGH_RISK_SIGNS = 2

# ------------------------------------------------------------------ rankings (issue 7)
# Categories of /rankings (dashboard/analytics/school_categories.py). «Низкие результаты» and
# «неблагоприятные социальные условия» reuse the profile thresholds above (LOW_RESULTS_*,
# ADVERSE_CONDITIONS_SHARE), so a school carries the same label on both pages.
# «Резильентная»: disadvantaged (below) and yet either above the regional median of the
# chosen result, or with an adjusted effect whose whole interval lies above zero — the first
# reads "good results in absolute terms", the second "much better than its conditions predict"
# (the OECD's resilience notion: disadvantaged yet performing well).
RESILIENT_RAW_QUANTILE = 0.5
# "Disadvantaged" for resilience is the lower third of the social index, wider than the ШНСУ
# list's 15 %: the index averages five noisy shares, so a school whose true conditions are in
# the bottom fifth lands anywhere up to about the 30th percentile of the observed index (demo,
# seed 7: planted resilient schools at percentiles 2–29; with the 15 % cut only 6 of 13 count,
# with the OECD's bottom quarter 10 of 13). The lower tertile is the usual coarse "low" group.
# Chosen after looking at seed 7; seed 8 is the held-out check (tests/test_rankings_recall.py).
RESILIENT_SOCIAL_SHARE = 1 / 3
# «Не отличается от среднего»: the adjusted effect's 95 % interval (fixed in school_effects)
# covers zero — the conventional level; a narrower one would label noise.
# Funnel plot limits (Spiegelhalter 2005): ≈95 % and ≈99.8 % of honest schools fall inside.
FUNNEL_Z = (1.959964, 3.090232)
# Rank intervals come from this many simulated rankings (2.5 %/97.5 % quantiles); 1000 draws
# keep the interval ends within ±1 rank of their limit on regional sizes and stay fast.
RANKINGS_N_SIM = 1000
# The model «collapses» when the between-school variance is estimated as (practically) zero:
# tau2 / sigma2 at or below this ratio. Then a school of 100 pupils keeps at most 1 % of its
# raw deviation (reliability = ratio·n / (1 + ratio·n)), every adjusted effect is ≈ 0 and any
# ranking of them is noise, so /rankings shows no ranks. REML often lands exactly on 0
# (region demo: ВПР математика 8, school level, social index + prior year); the smallest
# non-zero ratio seen there is 0.0016, sixteen times above this line.
RANKINGS_COLLAPSED_TAU2_RATIO = 1e-4
# The model /rankings opens with, and the one behind the «ВПР с учётом контекста» column of
# /schools: adjusted for the social index only (the one covariate every school has), fitted on
# pupils (uses every result, and the school-level model is the fallback a user can pick).
RANKINGS_DEFAULT_COVARIATES = ("social_index",)
RANKINGS_DEFAULT_LEVEL = "pupil"
# The procedure kind every picker opens with (and the default rankings view, stored at import).
DEFAULT_PROCEDURE_KIND = "vpr"

# ------------------------------------------------------------------ expert KPIs (issue 8)
# Which procedures are «внутри региональные процедуры оценки качества образования» for
# indicators 1.2, 2.1 and 2.3: every procedure the region conducts in its own schools. The 13
# directions of expert activity in seed 004 name exactly these (НИКО, ГИА, ВсОШ, ВПР, РИКО,
# regional diagnostics); international studies (`intl`) are run by the federal operator's staff.
KPI_PROCEDURE_KINDS = ("vpr", "oge", "ege", "niko", "riko", "diagnostic", "olympiad")
# Indicator 1.1 counts normative documents on this topic (orders on the expert community);
# orders on other subjects (VPR logistics, objectivity) do not make the community's base.
KPI_DOCUMENT_TOPICS = ("expert_community",)
# Indicator 3.2: a training counts if completed within this many years before the reference
# date, because teachers are entitled to (and regions plan) PD at least once in three years
# (273-ФЗ, ст. 47 ч. 5 п. 2); an older course no longer shows current competence.
KPI_TRAINING_VALID_YEARS = 3
# Status colour of an indicator against its target: «близко» when the value falls short of the
# target by at most this share of the target (10 %): one or two experts or procedures more
# would reach it in a small municipality, so it asks for attention rather than alarm.
KPI_CLOSE_SHARE = 0.10

# ------------------------------------------------------------------ roadmaps (issue 9)
# «Что к сроку»: a month ahead is the planning horizon of a monthly МОУО meeting, so every
# deadline that the next meeting can still act on is listed.
ROADMAP_DUE_SOON_DAYS = 30
# A cancelled event is a decision, not a failure: it is left out of the denominator of the
# progress shares so that cancelling neither raises nor lowers "share done on time".
ROADMAP_SHARES_EXCLUDE_CANCELLED = True
# Cancelling must say why: the status report is read by the region, which asks for reasons.
ROADMAP_CANCEL_NEEDS_COMMENT = True
ROADMAP_COMMENT_MAX = 1000
# Confirming materials: 10 MB fits a scanned multi-page order or a presentation exported to
# PDF, and keeps the var/ directory of a municipality small (no videos: link them instead).
EVIDENCE_MAX_BYTES = 10 * 2**20
# Types accepted as confirming materials: documents and scans a МОУО actually produces. Each is
# checked by its leading bytes, not only by its extension, so a renamed script is refused.
EVIDENCE_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}
# Links must be web addresses; other schemes (javascript:, file:, data:) are refused.
EVIDENCE_URL_SCHEMES = ("http", "https")


# procedures (issue 6)
# Cross-procedure consistency (/procedures): a school is named as far from the diagonal when
# its standardised residual |(d − mean d) / sd d| exceeds 2, d = result in the external
# procedure − result in the school-marked one. If differences were normal, about 5 % of
# schools would pass 2 by chance, so a named school is worth a look, not a verdict.
PROCEDURE_FAR_RESIDUAL = 2.0
# Confidence level of the intervals around school and municipality means.
PROCEDURE_CI_LEVEL = 0.95
