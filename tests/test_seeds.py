"""Shape and cleanliness checks of the seed data transcribed from 002-004."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

import pytest

from dashboard import seeds
from dashboard.seeds import (
    EXPERT_ROADMAP_2022,
    EXPERTISE_DIRECTIONS,
    FINAL_PRODUCTS,
    KPI_CRITERIA,
    KPI_INDICATORS,
    PILOT_PROGRAMME_2019,
    ROADMAP_2018,
    ROADMAPS,
)


def _strings(value: Any) -> Iterator[str]:
    """Every string inside the seed objects, however deeply nested."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _strings(getattr(value, field.name))
    elif isinstance(value, tuple):
        for element in value:
            yield from _strings(element)


ALL_STRINGS = list(
    _strings((ROADMAPS, FINAL_PRODUCTS, EXPERTISE_DIRECTIONS, KPI_CRITERIA, KPI_INDICATORS))
)


def test_roadmap_counts() -> None:
    assert len(ROADMAP_2018.items) == 19
    assert len(EXPERT_ROADMAP_2022.items) == 8
    assert len(PILOT_PROGRAMME_2019.items) == 13
    assert ROADMAPS == (ROADMAP_2018, EXPERT_ROADMAP_2022, PILOT_PROGRAMME_2019)


def test_roadmap_metadata() -> None:
    assert [(r.code, r.kind, r.source, r.year_start, r.year_end) for r in ROADMAPS] == [
        ("region-2018", "roadmap", "003", 2018, 2018),
        ("expert-community-2022", "roadmap", "004", 2022, 2024),
        ("pilot-2019", "pilot_programme", "002", 2019, 2021),
    ]


def test_roadmap_numbers() -> None:
    assert [i.number for i in ROADMAP_2018.items] == [str(n) for n in range(1, 20)]
    assert [i.number for i in EXPERT_ROADMAP_2022.items] == [
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "2.1",
        "2.2",
        "2.3",
        "2.4",
    ]
    assert [i.number for i in PILOT_PROGRAMME_2019.items] == [
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "1.5",
        "2.1",
        "2.2",
        "2.3",
        "2.4",
        "2.5",
        "2.6",
        "3.1",
        "3.2",
    ]


def test_sections() -> None:
    def sizes(roadmap: seeds.SeedRoadmap) -> list[int]:
        order: dict[str, int] = {}
        for item in roadmap.items:
            order[item.section] = order.get(item.section, 0) + 1
        return list(order.values())

    assert sizes(ROADMAP_2018) == [9, 7, 3]
    assert sizes(EXPERT_ROADMAP_2022) == [4, 4]
    assert sizes(PILOT_PROGRAMME_2019) == [5, 6, 2]
    stages = list(dict.fromkeys(i.section for i in PILOT_PROGRAMME_2019.items))
    assert stages == ["Подготовительный этап", "Моделирующий этап", "Обобщающий этап"]


def test_pilot_stage_deadline_is_shared_by_its_tasks() -> None:
    by_stage: dict[str, set[str]] = {}
    for item in PILOT_PROGRAMME_2019.items:
        by_stage.setdefault(item.section, set()).add(item.period_text)
    assert by_stage == {
        "Подготовительный этап": {"Январь 2019 года-декабрь 2019 года"},
        "Моделирующий этап": {"Январь 2020 года - декабрь 2020 года"},
        "Обобщающий этап": {"Января 2021 года – декабрь 20221 года"},
    }


def test_page_break_continuations_were_merged() -> None:
    items = {i.number: i for i in PILOT_PROGRAMME_2019.items}
    assert items["1.3"].content.endswith(
        "на повышение квалификации административных и педагогических работников"
    )
    assert items["1.3"].control_means.endswith("оценки качества образования Московского района")
    assert items["1.4"].control_means == "Отзывы образовательных организаций"
    assert items["2.6"].title.endswith("района на основе интеграции результатов оценочных процедур")
    assert "Доработка вариативной модели" in items["3.2"].title
    for item in PILOT_PROGRAMME_2019.items:
        assert item.title[0].isupper()
        assert item.expected_result
        assert item.confirming_materials


def test_required_fields_are_filled() -> None:
    for roadmap in ROADMAPS:
        for item in roadmap.items:
            assert item.title and item.section and item.period_text and item.expected_result
    assert all(i.participants and i.executors for i in ROADMAP_2018.items)
    # 004 item 2.3 has no executor in the source; every other item has one.
    assert [i.number for i in EXPERT_ROADMAP_2022.items if not i.executors] == ["2.3"]


def test_final_products() -> None:
    assert [n for n, _ in FINAL_PRODUCTS] == ["1", "1a", "1b", "1c", "1d", "2", "3"]
    assert all(title for _, title in FINAL_PRODUCTS)


def test_expertise_directions() -> None:
    assert len(EXPERTISE_DIRECTIONS) == 13
    codes = [c for c, _, _ in EXPERTISE_DIRECTIONS]
    assert codes == [f"R{n:02d}" for n in range(1, 11)] + ["M01", "M02", "M03"]
    levels = [level for _, _, level in EXPERTISE_DIRECTIONS]
    assert levels.count("regional") == 10 and levels.count("municipal") == 3
    assert all(name.startswith("экспертная деятельность") for _, name, _ in EXPERTISE_DIRECTIONS)


def test_kpi() -> None:
    assert len(KPI_CRITERIA) == 3
    assert len(KPI_INDICATORS) == 9
    assert [c.code for c in KPI_CRITERIA] == ["1", "2", "3"]
    assert [i.code for i in KPI_INDICATORS] == [
        "1.1",
        "1.2",
        "2.1",
        "2.2",
        "2.3",
        "3.1",
        "3.2",
        "3.3",
        "3.4",
    ]
    assert all(i.code.split(".")[0] == i.criterion_code for i in KPI_INDICATORS)
    assert len({i.indicator for i in KPI_INDICATORS}) == 7
    assert {i.unit for i in KPI_INDICATORS} == {"ед.", "%"}
    assert [i.code for i in KPI_INDICATORS if i.unit == "ед."] == ["1.1", "3.4"]
    for indicator in KPI_INDICATORS:
        assert ("единиц" in indicator.measure) == (indicator.unit == "ед.")


def test_constants() -> None:
    assert seeds.QUALIFICATION_PASS_PERCENT == 60
    assert seeds.MONITORING_SCHOOLS_DUE == (8, 5)
    assert seeds.MONITORING_ANALYSIS_DUE == (8, 15)
    assert any("более 60% выполнения" in i.measure for i in KPI_INDICATORS)


def test_seed_objects_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        ROADMAP_2018.items[0].title = "x"  # type: ignore[misc]


@pytest.mark.parametrize("marker", ["<", ">", "**", "*", "\t", "\n", "  "])
def test_strings_are_clean(marker: str) -> None:
    offending = [s for s in ALL_STRINGS if marker in s]
    assert not offending, offending[:3]


def test_strings_are_stripped() -> None:
    assert ALL_STRINGS
    assert all(s == s.strip() for s in ALL_STRINGS)
    assert not [s for s in ALL_STRINGS if re.search(r"</?\w+>", s)]
