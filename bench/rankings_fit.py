"""Time the /rankings school-effects fit at 1k, 10k and 40k schools (synthetic, 25 pupils each).

    .venv/bin/python bench/rankings_fit.py

Prints the median of 3 REML fits with 3 covariates, without and with the rank-interval
simulation (rules.RANKINGS_N_SIM draws). `oko bench` prints the same lines after the demo.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.bench import echo_rankings_fit  # noqa: E402

if __name__ == "__main__":
    echo_rankings_fit(print)
