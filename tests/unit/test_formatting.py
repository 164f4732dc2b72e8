"""The one Russian format: numbers, percentages, truth values, dates and local times."""

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from dashboard.figures import template as figures
from dashboard.formatting import (
    format_bool,
    format_date,
    format_datetime,
    format_number,
    format_percent,
    format_signed,
)

THIN = "\u2009"
MINUS = "\u2212"


def test_thin_space_thousands_and_decimal_comma():
    assert format_number(1234567.891, 2) == f"1{THIN}234{THIN}567,89"
    assert format_percent(56.25) == f"56,2{THIN}%" or format_percent(56.25) == f"56,3{THIN}%"
    assert format_number(1234567.891, 2, grouping=False) == "1234567,89"


def test_negative_numbers_get_a_true_minus_and_no_negative_zero():
    assert format_number(-34.7, 1) == f"{MINUS}34,7"
    assert format_number(-1234.5, 1) == f"{MINUS}1{THIN}234,5"
    assert format_number(np.int64(-5)) == f"{MINUS}5"
    assert format_number(-0.04, 1) == "0,0"  # rounds to zero: no sign
    assert "-" not in format_number(-2.8, 1)


def test_percent_and_signed_differences():
    assert format_percent(60.08) == f"60,1{THIN}%"
    assert format_percent(-2.84) == f"{MINUS}2,8{THIN}%"
    assert format_signed(2.84, 1) == "+2,8"
    assert format_signed(-2.84, 1) == f"{MINUS}2,8"
    assert format_signed(0.01, 1) == "0,0"


def test_missing_values_show_a_dash():
    assert format_number(None) == "—"
    assert format_percent(math.nan) == "—"
    assert format_number(pd.NA) == "—" and format_number(math.inf) == "—"


def test_truth_values_are_russian_words():
    assert format_bool(True) == "Да" and format_bool(np.bool_(False)) == "Нет"
    assert format_bool(None) == "—" and format_bool(math.nan, missing="") == ""


def test_dates_are_day_month_year_and_never_shifted():
    assert format_date(dt.date(2026, 11, 23)) == "23.11.2026"
    assert format_date(pd.Timestamp("2026-11-23")) == "23.11.2026"
    assert format_date(None) == "—" and format_date(pd.NaT, missing="") == ""


@pytest.fixture
def moscow(monkeypatch):
    monkeypatch.delenv("OKO_TIMEZONE", raising=False)


def test_stored_times_are_shown_in_the_regions_time_zone(moscow):
    """The database keeps UTC (naive from SQLite, aware from PostgreSQL); Moscow is UTC+3."""
    naive = dt.datetime(2024, 2, 1, 10, 30)
    aware = dt.datetime(2024, 2, 1, 10, 30, tzinfo=dt.UTC)
    assert format_datetime(naive) == "01.02.2024 13:30"
    assert format_datetime(aware) == "01.02.2024 13:30"
    assert format_date(pd.Timestamp(aware), "%d.%m.%Y %H:%M") == "01.02.2024 13:30"
    # late evening in UTC is already the next day in Moscow, even shown as a date only
    assert format_date(dt.datetime(2024, 2, 1, 22, 30)) == "02.02.2024"
    # a naive midnight shown as a date is a calendar day; with a time it is a UTC instant
    assert format_date(pd.Timestamp("2024-02-01 00:00")) == "01.02.2024"
    assert format_datetime(pd.Timestamp("2024-02-01 00:00")) == "01.02.2024 03:00"


def test_oko_timezone_moves_the_shown_time(monkeypatch):
    monkeypatch.setenv("OKO_TIMEZONE", "Asia/Yekaterinburg")  # UTC+5
    assert format_datetime(dt.datetime(2024, 2, 1, 10, 30)) == "01.02.2024 15:30"


def test_template_is_russian_and_colour_blind_safe():
    assert figures.TEMPLATE.layout.separators == ",\u2009"
    assert figures.GRAPH_CONFIG["locale"] == "ru"
    assert figures.PALETTE[:3] == ["#0072B2", "#E69F00", "#009E73"]  # Okabe-Ito
