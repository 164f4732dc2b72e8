"""Issue 18 §2: a signed-in user cannot make the server fit a rankings model for every
covariate subset in a row; fits read from the cache or the store cost nothing."""

from __future__ import annotations

import itertools
import time

import pytest

from data_access import fit_budget
from data_access import rankings as ranking_data
from data_access.scope import Scope
from tests.http.test_rankings import VIEW_OUTPUTS, _post

COVARIATES = ("social_index", "rural", "prior")
SELECTIONS = [
    {"level": level, "covariates": list(subset)}
    for level in ("pupil", "school")
    for size in (1, 2, 3)
    for subset in itertools.combinations(COVARIATES, size)
]


@pytest.fixture
def year(app) -> int:
    from sqlalchemy import func, select

    from dashboard.models import Procedure

    with app.server.extensions["oko_engine"].connect() as conn:
        return conn.execute(select(func.max(Procedure.year)).where(Procedure.kind == "vpr")).one()[
            0
        ]


@pytest.fixture
def fits(monkeypatch):
    """Count the model fits (each answered at once: the count is what is measured)."""
    counted = []

    def fit(system, args):
        counted.append(args)
        return {"empty": "few_schools"}

    monkeypatch.setattr(ranking_data, "_fit", fit)
    return counted


def test_one_user_cannot_fit_every_covariate_subset(app, client_for, year, fits):
    limit = app.server.config["OKO_SETTINGS"].fits_per_minute
    assert len(SELECTIONS) > 2 * limit
    client = client_for("region")
    for values in SELECTIONS:
        _post(client, VIEW_OUTPUTS, values, year)  # 200 each: refused fits show a message
    assert len(fits) == limit


def test_asking_again_for_a_fitted_selection_costs_nothing(app, client_for, year, fits):
    limit = app.server.config["OKO_SETTINGS"].fits_per_minute
    client = client_for("region")
    for _ in range(3 * limit):
        _post(client, VIEW_OUTPUTS, SELECTIONS[-1], year)
    assert len(fits) == 1
    other = client_for("district")  # another user's budget is their own
    for values in SELECTIONS[-limit - 1 : -1]:
        _post(other, VIEW_OUTPUTS, values, year)
    assert len(fits) == limit + 1


def test_the_budget_is_per_minute(app):
    user = Scope(login="someone", role="region", region_id=1)
    limit = app.server.config["OKO_SETTINGS"].fits_per_minute
    now = time.time()
    with app.server.app_context():
        for _ in range(limit):
            fit_budget.charge(user, now)
        with pytest.raises(fit_budget.FitBudgetExceeded):
            fit_budget.charge(user, now)
        fit_budget.charge(user, now + fit_budget.WINDOW_SECONDS)  # the next minute
        fit_budget.charge(Scope(login="system:region", role="region", region_id=1), now)


def test_over_the_budget_the_page_says_why_and_it_is_not_kept(app, client_for, year, fits):
    """Neither a refusal (204) nor a crash: the Russian reason in the block, no error header,
    and the same selection is answered normally once the budget allows (not memoised)."""
    from callbacks.registry import ERROR_HEADER
    from dashboard import strings

    client = client_for("region")
    busy = None
    for values in SELECTIONS:
        response = _post(client, VIEW_OUTPUTS, values, year)
        if strings.CALLBACK_BUSY in response.get_data(as_text=True):
            busy = values, response
            break
    assert busy is not None, "the budget never ran out"
    values, response = busy
    assert ERROR_HEADER not in response.headers
    assert strings.CALLBACK_ERROR not in response.get_data(as_text=True)
    real_charge = fit_budget.charge
    fit_budget.charge = lambda scope, now=None: real_charge(scope, time.time() + 120)
    try:  # two minutes later
        again = _post(client, VIEW_OUTPUTS, values, year)
    finally:
        fit_budget.charge = real_charge
    assert strings.CALLBACK_BUSY not in again.get_data(as_text=True)
