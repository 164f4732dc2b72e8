"""Rules users may argue about, each with its reason, in one place.

Thresholds for bias signs, rankings categories and the like join this module as the
issues that need them land.
"""

from __future__ import annotations

import os

# Small-number suppression: an aggregate over fewer pupils than this is not shown, so that a
# tiny rural class cannot be re-identified and noise is not read as a result. 5 follows the
# usual statistical-disclosure practice; OKO_MIN_CELL overrides it.
DEFAULT_MIN_CELL = 5


def min_cell() -> int:
    return int(os.environ.get("OKO_MIN_CELL", DEFAULT_MIN_CELL))

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

# ------------------------------------------------------------------ rankings (issue 7)

# ------------------------------------------------------------------ expert KPIs (issue 8)

# ------------------------------------------------------------------ roadmaps (issue 9)
