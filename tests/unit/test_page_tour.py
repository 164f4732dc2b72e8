"""The tour's reading rules: which pages a role opens, which texts count as English or as a
decimal point, and the screenshot file names."""

from __future__ import annotations

from click.testing import CliRunner

from dashboard import page_tour
from dashboard.cli import main


def test_pages_for_each_role():
    assert page_tour.pages_for("viewer", None) == [p for p in page_tour.PAGES if "<code>" not in p]
    director = page_tour.pages_for("director", "S1")
    assert "/schools/S1" in director and "/admin/users" not in director
    assert set(page_tour.ADMIN_PAGES) <= set(page_tour.pages_for("admin", "S1"))


def test_english_words_and_decimal_points_are_caught_and_dates_are_not():
    reading = page_tour.Reading(
        "/x",
        texts=["5 selected", "Start Date", "Скрыто: False", "60,1 %", "12.5 %", "−2,8"],
    )
    assert reading.english() == ["5 selected", "Start Date", "Скрыто: False"]
    assert reading.decimal_points() == ["12.5 %"]
    fine = page_tour.Reading(
        "/y", texts=["23.11.2026", "01.2025", "M4.01", "версия 0.16.0", "1.2 Доля экспертов"]
    )
    assert fine.english() == [] and fine.decimal_points() == [] and fine.iso_dates() == []
    assert page_tour.Reading("/z", texts=["проведена 2024-04-20"]).iso_dates() == [
        "проведена 2024-04-20"
    ]


def test_most_categories_and_file_names():
    reading = page_tour.Reading("/", categories=[("a", "xaxis", 12), ("b", "yaxis", 41)])
    assert reading.most_categories() == 41
    assert page_tour.file_name("district", "/", 1366, 768) == "district_overview_1366x768.png"
    assert page_tour.file_name("director", "/schools/S1", 1366, 768) == (
        "director_school_profile_1366x768.png"
    )
    assert (
        page_tour.file_name("admin", "/admin/audit", 1366, 768) == "admin_admin_audit_1366x768.png"
    )


def test_screenshots_command_rejects_a_bad_size():
    answer = CliRunner().invoke(main, ["screenshots", "--size", "big"])
    assert answer.exit_code == 2 and "WIDTHxHEIGHT" in answer.output
