"""Rules users may argue about, each with its reason, in one place.

Every module-level constant says where its value comes from, on a line of the comment above
it (shared by a group of constants written together) that starts with one of two markers:

* ``Source:`` the value is set by a document, which the line cites (a seed file, a law or an
  order, a published method);
* ``Choice:`` the value is OKO's choice (an assumption or a convention): no document sets it,
  and the comment gives the reason it was chosen.

tests/unit/test_rules_assumptions.py keeps it so.
"""

from __future__ import annotations

# Small-number suppression: an aggregate over fewer pupils than this is not shown, so that a
# tiny rural class cannot be re-identified and noise is not read as a result. OKO_MIN_CELL
# overrides it (read by dashboard.config.Settings.from_env, the one place that reads the
# environment).
# Choice: 5 is the minimum cell size common in statistical-disclosure control; no document of
# the seeds or of Rosobrnadzor sets a number for OKO.
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
# Choice: a default only; the seeds' region (Chelyabinsk oblast) keeps Asia/Yekaterinburg
# time, which a deployment there sets through OKO_TIMEZONE.
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
# «Низкие результаты» (ШНОР): the bottom tenth of schools by ВПР results, and only a repeated
# result counts, so one bad year does not label a school.
# Choice: 10 % and two years in a row are OKO's cut-offs, not a rule of a document: federal
# and regional ШНОР lists are drawn up by their own procedures, which OKO does not reproduce.
LOW_RESULTS_SHARE = 0.10
LOW_RESULTS_CONSECUTIVE_YEARS = 2
# A year with fewer ВПР participants than this says too little about a school to rank it.
# Choice: below 10 pupils one or two of them move a school's percentile by tens of points.
LOW_RESULTS_MIN_PARTICIPANTS = 10
# «Неблагоприятные социальные условия» (ШНСУ): the bottom 15 % of the social index (mean
# oriented z-score of social_conditions indicators).
# Choice: 15 % is OKO's cut-off, not a share set by a document or taken from regional lists;
# a region that keeps its own ШНСУ list should load it rather than rely on this share.
ADVERSE_CONDITIONS_SHARE = 0.15
# Weak skills: how many skills per subject the profile lists (furthest below the municipality).
# Choice: five fit one screen and are few enough to act on.
WEAK_SKILLS_PER_SUBJECT = 5

# ------------------------------------------------------------------ imports (issue 4)
# An upload larger than this is imported in a background job with a progress bar: parsing and
# writing a few megabytes of CSV takes long enough that a synchronous request would look hung
# (and could hit the proxy's timeout); smaller files answer at once on the synchronous path.
# Choice: 2 MB, a size picked by the reasoning above, not measured against a document.
BACKGROUND_IMPORT_BYTES = 2 * 2**20

# ------------------------------------------------------------------ objectivity (issue 6)
# Every bias sign is a one-sided test of one school-year against the region: the school's
# statistic minus the region's expectation, divided by its sampling error plus the
# between-school spread that honest schools show (estimated robustly from the median
# absolute deviation, so a few biased schools do not widen the reference).  z is read as a
# normal tail, giving each sign a raw p-value; the signs are NOT corrected one by one
# (dashboard/analytics/objectivity.py, detect). Benjamini–Hochberg is applied once, to the
# combined score (school_risk): the squared positive parts of the score signs' z of this year
# and the year before, read as a one-sided chi-bar-square, standardised again against the
# region, read as a normal tail, and corrected over all school-years screened together. A
# school-year is flagged when that q-value is at most OBJECTIVITY_FDR, i.e. at most ~20 % of
# the flagged school-years are expected to be chance.
# Choice: a flag starts a review, it is not a verdict, and the review workflow exists to
# dismiss the rest, so a screening rate above the usual 0.10 is acceptable. 0.20 was chosen on
# demo seeds 7 and 8 (issue 17 §3, tests/test_objectivity_recall.py): on the generator of the
# time, at 0.10 a small school (5–11 pupils per grade) raising its ВПР by ~6 p.p. was found in
# 3 of 6 cases on seed 8, at 0.20 in 5 of 6, while clean schools flagged in any year rose from
# 1.2 % to 2.0–2.5 %. On the current generator both levels reach the target on seeds 7 and 8
# (0.10: uplift 3/3 and 7/8, small schools 7/7 and 6/7, clean flagged 0–0.4 %; 0.20: uplift
# 3/3 and 8/8, small 7/7 and 6/7, clean 0.4–2.9 %); 0.20 is kept for the recall margin of the
# mechanisms nearest the limit, the clean rate staying under the 5 % target.
OBJECTIVITY_FDR = 0.20
# A school-year with fewer ВПР results than this is not tested.
# Choice: with ~20 pupils the normal approximation of a share is still reasonable, below it
# one class decides.
OBJECTIVITY_MIN_PUPILS = 20
# «Почти максимальный балл»: the maximal primary score or one point below it.
# Choice: one point, so a single slip on an otherwise full paper still counts.
OBJECTIVITY_NEAR_MAX_POINTS = 1
# Threshold window: scores from `threshold − BELOW` to `threshold − 1` are "just below", from
# the threshold to `threshold + AT − 1` "at" it.
# Choice: two points each side: a raised pupil lands on the threshold or one point above; two
# points below is where the raised ones come from. (The thresholds themselves come from the
# procedure's own marking scale, imported with it.)
OBJECTIVITY_WINDOW_BELOW = 2
OBJECTIVITY_WINDOW_AT = 2
# Pupil SD of percent completed assumed when no pupil-level rows exist for a procedure
# (school-level imports).
# Choice: an assumption of 20 p.p. as a typical pupil SD of ВПР/ОГЭ percent completed; used
# only where the data has no pupil rows to measure it.
OBJECTIVITY_DEFAULT_PUPIL_SD = 20.0
# A sign is listed as a reason (shown as «заметный» or «сильный») when its own one-sided
# RAW p-value is at most this (no multiplicity correction: see above); it describes a flag, it
# is not a flag. One school-year is tested on up to ten signs (seven before issue 17 §3), and
# on the demo 3–6 % of clean school-years showed at least one listed sign with seven (issue
# 17), so a listed sign alone is not a verdict. The municipality screen is listed only at the
# stricter OBJECTIVITY_MUNICIPALITY_ALPHA (so it always shows as «сильный»).
# Choice: 1 %, the conventional "strong evidence" level for one test.
OBJECTIVITY_SIGN_ALPHA = 0.01
# Strength of one sign in the drill-down, read from its own one-sided RAW p-value (not corrected
# for multiple comparisons; only the combined flag is, see OBJECTIVITY_FDR): «сильный» at
# p ≤ OBJECTIVITY_STRENGTH_STRONG_P, «заметный» at p ≤ OBJECTIVITY_STRENGTH_NOTABLE_P, «слабый»
# at p ≤ OBJECTIVITY_STRENGTH_WEAK_P, else «нет». A strength describes a sign, it is no verdict.
# Choice: 0.1 %, the conventional "very strong evidence" level for one test.
OBJECTIVITY_STRENGTH_STRONG_P = 0.001
# Choice: the same 1 % as OBJECTIVITY_SIGN_ALPHA, so the signs listed as reasons of a flag are
# exactly those shown as «заметный» or «сильный».
OBJECTIVITY_STRENGTH_NOTABLE_P = OBJECTIVITY_SIGN_ALPHA
# Choice: 5 %, the conventional "some evidence" level for one test. With ten signs per
# school-year an honest school shows at least one «слабый» or stronger sign about two times in
# five (1 − 0.95¹⁰ ≈ 0.40 were the signs independent and exact), hence no verdict.
OBJECTIVITY_STRENGTH_WEAK_P = 0.05
# The flag is decided by one combined score of the primary signs: agreement with the journal
# (few lowered, many raised marks, and the net share raised against the school's own first
# year), heaping at thresholds, the cohort's external result, the jump against the
# municipality and the task profile, over this year and the year before. The other signs
# (near-maximal scores, low spread) are listed as reasons but do not enter the score: on the
# demo region their honest-school tails are heavy (near-maximal scores: 99th percentile of
# honest z ≈ 3.9, seed 7), so adding them would add noise, not signal.
# Choice: which signs enter the score is OKO's selection, made on demo seeds 7 and 8 (issue 17
# §3: journal_raised, journal_shift and task_profile were added when uplift, generous marking
# and copying joined the planted mechanisms).
OBJECTIVITY_SCORE_SIGNS = (
    "journal_lowered",
    "journal_raised",
    "journal_shift",
    "threshold_bunching",
    "cohort_gap",
    "year_jump",
    "task_profile",
)
# «Задания решены намного выше их трудности» (task_profile): a task of a school × procedure is
# used when at least this many pupils wrote it.
# Choice: five pupils, the smallest class the demo's small schools have; below it one pupil
# moves a task's solve rate by more than 20 p.p.
OBJECTIVITY_TASK_MIN_N = 5
# Solve rates are clipped to [clip, 1 − clip] before the logit (0 % and 100 % are common in a
# small class).
# Choice: 1 %, which keeps the logit finite and moves no rate a class can show by more than a
# rounding.
OBJECTIVITY_TASK_RATE_CLIP = 0.01
# Municipality screen (municipality_gap): a municipality-year is flagged, and with it every
# tested school-year of the municipality, when its own one-sided p is at most this.
# Choice: 0.1 %, stricter than a school's sign: one false municipality flags dozens of honest
# schools at once; with ~10 municipalities × 5 years about one region in twenty would see one
# false municipality-year were the z exact.
OBJECTIVITY_MUNICIPALITY_ALPHA = 0.001
# A municipality-year is screened when at least this many of its schools have a cohort value.
# Choice: five, so that the median is of a group, not of one or two schools.
OBJECTIVITY_MUNICIPALITY_MIN_SCHOOLS = 5
# A combined score needs at least this many sign values (two years × up to four signs).
# Choice: one sign alone is not a combination.
OBJECTIVITY_MIN_SIGNS = 2
# Risk of a flagged school-year: «высокий» with this many listed reasons, else «повышенный».
# Choice: two independent-looking reasons make a stronger case than one.
OBJECTIVITY_HIGH_RISK_SIGNS = 2

# ------------------------------------------------------------------ rankings (issue 7)
# Categories of /rankings (dashboard/analytics/school_categories.py). «Низкие результаты» and
# «неблагоприятные социальные условия» reuse the profile thresholds above (LOW_RESULTS_*,
# ADVERSE_CONDITIONS_SHARE), so a school carries the same label on both pages.
# «Резильентная»: disadvantaged (below) and yet either with a result whose interval lies wholly
# above the regional median of the chosen result, or with an adjusted effect whose whole
# interval lies above zero — the first reads "good results in absolute terms", the second
# "much better than its conditions predict" (after the OECD's resilience notion:
# disadvantaged yet performing well). A single year's result whose interval reaches down to
# the median is not enough: one lucky class would make a school resilient (issue 17).
# Choice: the median is OKO's bar for "good results" (PISA uses the top quarter of all
# students; OKO compares school means, whose spread is narrower).
RESILIENT_RAW_QUANTILE = 0.5
# Level of the interval of a school's result that must clear the median.
# Choice: 95 %, the level of every other interval on /rankings.
RESILIENT_RESULT_LEVEL = 0.95
# Pupil SD (p.p. of percent completed) behind that interval when the caller gives no sampling
# SE of the school's result: SE = SD / √n.
# Choice: the same 20 p.p. assumption as OBJECTIVITY_DEFAULT_PUPIL_SD; a caller with pupil
# rows passes the measured SE instead.
RESILIENT_DEFAULT_PUPIL_SD = OBJECTIVITY_DEFAULT_PUPIL_SD
# "Disadvantaged" for resilience is the lower third of the social index, wider than the ШНСУ
# list's 15 %: the index averages five noisy shares, so a school whose true conditions are in
# the bottom fifth lands anywhere up to about the 30th percentile of the observed index (demo,
# seed 7: planted resilient schools at percentiles 2–29; with the 15 % cut only 6 of 13 count,
# with the OECD's bottom quarter 10 of 13). The lower tertile is the usual coarse "low" group.
# Chosen after looking at seed 7; seed 8 is the held-out check (tests/test_rankings_recall.py).
# Choice: the lower third is OKO's cut-off, tuned on the demo as described.
RESILIENT_SOCIAL_SHARE = 1 / 3
# «Не отличается от среднего»: the adjusted effect's 95 % interval (fixed in school_effects)
# covers zero — the conventional level; a narrower one would label noise.
# Funnel plot limits: ≈95 % and ≈99.8 % of honest schools fall inside.
# Source: Spiegelhalter D. J. (2005) Funnel plots for comparing institutional performance,
# Statistics in Medicine 24:1185–1202 (the 95 % and 99.8 % limits; z are normal quantiles).
FUNNEL_Z = (1.959964, 3.090232)
# Rank intervals come from this many simulated rankings (2.5 %/97.5 % quantiles).
# Choice: 1000 draws keep the interval ends within ±1 rank of their limit on regional sizes
# and stay fast.
RANKINGS_N_SIM = 1000
# The model «collapses» when the between-school variance is estimated as (practically) zero:
# tau2 / sigma2 at or below this ratio. Then a school of 100 pupils keeps at most 1 % of its
# raw deviation (reliability = ratio·n / (1 + ratio·n)), every adjusted effect is ≈ 0 and any
# ranking of them is noise, so /rankings shows no ranks. Before the school-level model took
# the pupils' sampling variance as known, REML landed exactly on 0 on the region demo (ВПР
# математика 8, school level, social index + prior year); with it, no demo selection
# collapses, and the smallest non-zero ratio seen on the demo fits was 0.0016.
# Choice: the line was set by looking at the demo fits described.
RANKINGS_COLLAPSED_TAU2_RATIO = 1e-4
# Pupil SD (p.p. of percent completed) behind the school-level model's known sampling variance
# sd²/n when no school of the region has pupil results (only school means were imported);
# with pupil results the SD pooled over the region's schools is used instead.
# Choice: the same 20 p.p. assumption as OBJECTIVITY_DEFAULT_PUPIL_SD.
RANKINGS_REGIONAL_PUPIL_SD = OBJECTIVITY_DEFAULT_PUPIL_SD
# The model /rankings opens with, and the one behind the «ВПР с учётом контекста» column of
# /schools: adjusted for the social index only (the one covariate every school has), fitted on
# pupils (uses every result, and the school-level model is the fallback a user can pick).
# Choice: defaults of the page; a user picks others.
RANKINGS_DEFAULT_COVARIATES = ("social_index",)
RANKINGS_DEFAULT_LEVEL = "pupil"
# A reader who sees aggregates only (a viewer) downloads /rankings per municipality; a
# municipality with fewer ranked schools than this is pooled with the others of its kind
# (data_access.rankings.municipality_summary), since one or two schools' mean effect and
# categories name those schools to anyone who knows the municipality.
# Choice: three, so that no shown mean or category count is of one or two schools.
RANKINGS_MUNICIPALITY_MIN_SCHOOLS = 3
# The procedure kind every picker opens with (and the default rankings view, stored at import).
# Choice: ВПР is the procedure every school of the region writes every year.
DEFAULT_PROCEDURE_KIND = "vpr"

# ------------------------------------------------------------------ expert KPIs (issue 8)
# Which procedures are «внутри региональные процедуры оценки качества образования» for
# indicators 1.2, 2.1 and 2.3: every procedure the region conducts in its own schools. The 13
# directions of expert activity in seed 004 name exactly these (НИКО, ГИА, ВсОШ, ВПР, РИКО,
# regional diagnostics); international studies (`intl`) are run by the federal operator's staff.
# Source: seed 004, its list of the directions of expert activity (leaving `intl` out is a
# reading of «внутри региональные», not a rule written there).
KPI_PROCEDURE_KINDS = ("vpr", "oge", "ege", "niko", "riko", "diagnostic", "olympiad")
# Indicator 1.1 counts normative documents on this topic (orders on the expert community);
# orders on other subjects (VPR logistics, objectivity) do not make the community's base.
# Choice: OKO's reading of seed 004 indicator 1.1 («комплект нормативных документов»), which
# does not list the topics.
KPI_DOCUMENT_TOPICS = ("expert_community",)
# Indicator 3.2: seed 004 states no validity window for a training, so by default every
# course in the expert's direction completed by the reference date counts. A region that
# wants one may set a number of years here (e.g. 3, after 273-ФЗ ст. 47 ч. 5 п. 2: the right
# to professional development at least once in three years).
# Choice: no window (None), as the seed words the indicator.
KPI_TRAINING_VALID_YEARS: int | None = None
# Status colour of an indicator against its target: «близко» when the value falls short of the
# target by at most this share of the target (10 %): one or two experts or procedures more
# would reach it in a small municipality, so it asks for attention rather than alarm.
# Choice: seed 004 sets targets, not a tolerance around them.
KPI_CLOSE_SHARE = 0.10

# ------------------------------------------------------------------ roadmaps (issue 9)
# «Что к сроку»: a month ahead is the planning horizon of a monthly МОУО meeting, so every
# deadline that the next meeting can still act on is listed.
# Choice: 30 days.
ROADMAP_DUE_SOON_DAYS = 30
# A cancelled event is a decision, not a failure: it is left out of the denominator of the
# progress shares so that cancelling neither raises nor lowers "share done on time".
# Choice: the seeds say nothing about cancelled events.
ROADMAP_SHARES_EXCLUDE_CANCELLED = True
# Cancelling must say why: the status report is read by the region, which asks for reasons.
# Choice: a comment is required, and kept to a length a status report can print.
ROADMAP_CANCEL_NEEDS_COMMENT = True
ROADMAP_COMMENT_MAX = 1000
# «В течение учебного года» in a roadmap deadline (dashboard/analytics/periods.py): the school
# year as (month, day) of its first and last day.
# Source: the start, 1 September: Порядок организации и осуществления образовательной
# деятельности по основным общеобразовательным программам (приказ Минпросвещения России от
# 22.03.2021 № 115), п. 22.
SCHOOL_YEAR_STARTS = (9, 1)
# Choice: the end, 31 May: the same п. 22 leaves the end to each school's curriculum; lessons
# of most grades end in late May, so an event «в течение учебного года» is due by 31 May.
SCHOOL_YEAR_ENDS = (5, 31)
# Confirming materials: 10 MB fits a scanned multi-page order or a presentation exported to
# PDF, and keeps the var/ directory of a municipality small (no videos: link them instead).
# Choice: 10 MB.
EVIDENCE_MAX_BYTES = 10 * 2**20
# Types accepted as confirming materials: documents and scans a МОУО actually produces. Each is
# checked by its leading bytes, not only by its extension, so a renamed script is refused.
# Choice: the formats a МОУО produces.
EVIDENCE_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}
# Links must be web addresses; other schemes (javascript:, file:, data:) are refused.
# Choice: a safety rule.
EVIDENCE_URL_SCHEMES = ("http", "https")


# procedures (issue 6)
# Cross-procedure consistency (/procedures): a school is named as far from the diagonal when
# |z| exceeds 2, z = (d − shift) / sqrt(τ² + se²), d = result in the external procedure −
# result in the school-marked one, se = the school's own sampling error of d (its pupils' SDs
# and counts in both procedures), τ² = the between-school variance of d (DerSimonian–Laird
# moment estimator; dashboard.analytics.cohorts.pair_residuals). Standardising by each school's
# own error makes small and large schools equally likely to be named by chance: about 5 %
# (normal |z| > 2), so a named school is worth a look, not a verdict.
# Choice: 2 standard deviations.
PROCEDURE_FAR_RESIDUAL = 2.0
# Confidence level of the intervals around school and municipality means.
# Choice: 95 %, the conventional level.
PROCEDURE_CI_LEVEL = 0.95

# ------------------------------------------------------------------ decisions (issue 19)
# Findings (dashboard/analytics/findings.py) reuse the profile's ШНОР and ШНСУ rules above and
# the /rankings resilience rule, so a school carries the same finding as the label it shows.
# A weak skill: the school's percent on a skill is below the region's by at least this many
# percentage points AND the difference's interval (binomial SE √(p(1−p)/n) of the school's
# percent, plus the region's when its pupils are counted) lies wholly below zero. The interval
# alone would name tiny differences at large schools, the margin alone noise at small ones.
# Choice: 10 p.p., a gap a subject teacher sees in one lesson's results; no document sets it.
WEAK_SKILL_MARGIN = 10.0
# Level of that interval.
# Choice: 95 %, the level of every other interval of OKO.
WEAK_SKILL_LEVEL = 0.95
# A falling trend: the school's ВПР gap to the region fell in each of this many consecutive
# year-on-year steps ending at the results year, by at least FALLING_TREND_MIN_DROP points in
# all. Three falls need four years of results; pure noise orders four years strictly
# downwards one time in 24 (≈ 4 %), two falls one time in 6, too often to act on.
# Choice: three falls and 5 p.p., OKO's cut-offs by the reasoning above.
FALLING_TREND_YEARS = 3
FALLING_TREND_MIN_DROP = 5.0
# A municipality finding: the share of its schools with a finding of a kind is at least this
# multiple of the region's share, and at least MUNICIPALITY_FINDING_MIN_SCHOOLS of its schools
# carry it, so that one or two schools of a small municipality do not make a municipal problem.
# Choice: one and a half times the region's share and three schools (the same three as
# RANKINGS_MUNICIPALITY_MIN_SCHOOLS), OKO's cut-offs.
MUNICIPALITY_FINDING_RATIO = 1.5
MUNICIPALITY_FINDING_MIN_SCHOOLS = 3
# Effect next cycle (dashboard/analytics/decision_effect.py): each school with a decision is
# compared with this many nearest schools without it (last year's value and social index,
# standardised; with replacement). More controls lower the variance and raise the bias of a
# match; a handful is the usual compromise.
# Choice: 4, after Abadie & Imbens (Econometrica 74(1), 2006), whose simulations found four
# matches a good trade-off; no document sets it for OKO.
EFFECT_MATCHES = 4
# Level of the interval of an effect (t-interval of the mean per-school difference).
# Choice: 95 %, the conventional level.
EFFECT_LEVEL = 0.95
# Effectiveness criteria (dashboard/analytics/effectiveness.py): «близко» when the value misses
# the target by at most this share of the target, as for the expert KPIs.
# Choice: the same 10 % as KPI_CLOSE_SHARE, so both target tables read alike.
EFFECTIVENESS_CLOSE = KPI_CLOSE_SHARE
# «Share of low-result schools leaving the category within two years»: a school in ШНОР at a
# year leaves it when it is not low in one of the next this-many years.
# Choice: two years, as issue 19 words the criterion (a support programme's usual span).
LOW_RESULTS_EXIT_YEARS = 2

# ------------------------------------------------------------------ PD plan-order (issue 20)
# Need from results (dashboard/analytics/pd_order.py): a school needs PD on a skill when its
# percent is below the region's by at least this many percentage points and beyond chance,
# by the weak-skill rule above (binomial SE, Holm over the school's skills of the subject and
# grade at WEAK_SKILL_LEVEL).
# Choice: the same 10 p.p. as WEAK_SKILL_MARGIN, so a need and a weak-skill finding agree.
PD_NEED_MARGIN = WEAK_SKILL_MARGIN
# The trend of a skill's gap is a least-squares slope per year; with fewer years than this it
# is not shown (two points give a change, not a trend).
# Choice: three years, the fewest a line is fitted to rather than drawn through.
PD_TREND_MIN_YEARS = 3
# Schools' requests counted in the plan-order, by status: a submitted request counts until the
# municipality declines it, so the plan-order shows the demand before every request is decided.
# Choice: submitted and accepted; declined and withdrawn requests never count.
PD_REQUEST_COUNTED_STATUSES = ("submitted", "accepted")

# ------------------------------------------------------------------ voluntary diagnostics (23)
# The aggregate over the participants of a voluntary work (and, in a school's report, over the
# other participants) is shown from this many schools on, and from min_cell() pupils. Below
# it, "the others" would be one or two named neighbours: with the school's own numbers and the
# all-participants aggregate, a director could work one school's result out by differencing.
# Choice: three schools, the same three as RANKINGS_MUNICIPALITY_MIN_SCHOOLS; seed 002 sets none.
VOLUNTARY_MIN_SCHOOLS = 3
# A municipality sees the summary of schools' feedback on a work from this many answers on
# (the organiser, region or admin, always sees it), so that one school's answer is not read
# as that school's.
# Choice: three answers, by the reasoning of VOLUNTARY_MIN_SCHOOLS.
VOLUNTARY_FEEDBACK_MIN = 3
