"""The same table read from every supported dialect gives identical typed rows."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.ingest import KINDS, parse
from tests.ingest.helpers import csv_bytes, xlsx_bytes

HEADER = ["Код ОО", "Год", "Показатель", "Значение"]
ROWS = [[f"7401{i:02d}", 2024, "low_income_share", round(10 + i * 0.25, 2)] for i in range(1, 41)]


def _variants() -> dict[str, tuple[bytes, str]]:
    table = [HEADER, *ROWS]
    return {
        "cp1251-semicolon-decimal-comma": (
            csv_bytes(table, delimiter=";", encoding="cp1251", decimal_comma=True),
            "a.csv",
        ),
        "utf8-bom": (
            csv_bytes(table, delimiter=";", encoding="utf-8-sig", decimal_comma=True),
            "b.csv",
        ),
        "utf8-comma": (csv_bytes(table, delimiter=","), "c.csv"),
        "tab": (csv_bytes(table, delimiter="\t", encoding="utf-8"), "d.txt"),
        "xlsx": (xlsx_bytes(table), "e.xlsx"),
        "xlsx-title-rows-named-sheet": (xlsx_bytes(table, title_rows=3, sheet="Данные"), "f.xlsx"),
    }


def test_every_dialect_reads_to_identical_rows():
    expected = [(r[0], r[1], r[2], r[3]) for r in ROWS]
    for name, (data, file_name) in _variants().items():
        sheet = "Данные" if "named-sheet" in name else None
        parsed = parse("context", data, file_name, sheet=sheet)
        assert parsed.ok, (name, [str(e) for e in parsed.errors])
        assert parsed.rows == expected, name


def test_row_numbers_are_those_the_user_sees_with_blank_and_title_rows():
    data = (
        "Отчёт за 2024 год\n"
        "\n"
        "school_code;year;indicator;value\n"
        "740101;2024;pupils;12\n"
        "\n"
        ";;;\n"
        "740102;2024;pupils;x\n"
    )
    parsed = parse("context", data.encode("utf-8"), "r.csv")
    assert [(e.line, e.column) for e in parsed.errors] == [(7, "value")]


def test_missing_required_column_is_named():
    parsed = parse("context", b"school_code,year,value\n740101,2024,1\n", "m.csv")
    assert not parsed.ok
    assert any(e.column == "indicator" and "нет обязательного" in e.message for e in parsed.errors)


def test_choices_aliases_dates_and_task_columns():
    schools = (
        "Код ОО;Наименование;Код муниципалитета;Муниципалитет;Тип;Местность\n"
        "1;Школа;7401;МО;гимназия;Сельская\n"
    )
    parsed = parse("schools", schools.encode(), "s.csv")
    assert parsed.ok and parsed.records()[0]["kind"] == "gymnasium"
    assert parsed.records()[0]["locality"] == "rural"
    pupils = (
        "procedure_code,school_code,participant_code,primary_score,task_1,task_2,Задание 3\n"
        "p,s,c1,4,1,2,1\n"
    )
    assert parse("pupil-results", pupils.encode(), "p.csv").records()[0]["task_points"] == "1;2;1"
    procs = (
        "procedure_code;kind;subject;grade;year;held_on;max_score\n"
        "d1;ВПР;математика;4;2025;15.04.2025;30\n"
    )
    record = parse("procedures", procs.encode(), "p.csv").records()[0]
    assert record["held_on"] == dt.date(2025, 4, 15) and record["kind"] == "vpr"


def test_duplicate_keys_and_cross_column_rules_are_errors():
    data = (
        "procedure_code;school_code;participants;marks_2;marks_3\n"
        "p;s;10;5;6\n"
        "p;t;10;1;1\n"
        "p;t;10;1;1\n"
    )
    parsed = parse("results", data.encode(), "r.csv")
    lines = sorted(e.line for e in parsed.errors)
    assert lines == [2, 4]


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_documents_its_columns(kind):
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "data-formats.md").read_text(
        encoding="utf-8"
    )
    assert f"`{kind}`" in doc
    for field in KINDS[kind].fields:
        assert f"`{field.name}`" in doc, field.name


def test_bad_row_500_of_1000_is_reported_with_row_and_column():
    lines = ["school_code;year;indicator;value"]
    lines += [f"7401{i % 40 + 1:02d};{2000 + i // 40};pupils;{i},5" for i in range(1000)]
    lines[500] = lines[500].rsplit(";", 1)[0] + ";двенадцать"
    parsed = parse("context", "\n".join(lines).encode("cp1251"), "big.csv")
    assert parsed.error_count == 1
    assert (parsed.errors[0].line, parsed.errors[0].column) == (501, "value")


def _documented_names() -> dict[str, dict[str, str]]:
    """{kind: {column: Russian name}} as the tables of docs/data-formats.md give them."""
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "data-formats.md").read_text(
        encoding="utf-8"
    )
    found: dict[str, dict[str, str]] = {}
    kind = None
    for line in doc.splitlines():
        if heading := re.match(r"^## `([a-z-]+)` — ", line):
            kind = heading[1]
            found[kind] = {}
        elif kind and (row := re.match(r"^\| `([a-z_0-9]+)` \| ([^|`]+?) \|", line)):
            found[kind][row[1]] = row[2]
    return found


def test_the_russian_column_names_are_those_documented_and_accepted_as_headers():
    from dashboard import strings
    from dashboard.ingest.schemas import column_title

    assert _documented_names() == strings.INGEST_COLUMNS
    for kind, schema in KINDS.items():
        assert list(strings.INGEST_COLUMNS[kind]) == schema.names, kind
        for field in schema.fields:
            # the preview's header names a column the way a user may write it in the file
            assert column_title(kind, field.name).lower() in field.aliases, (kind, field.name)


def test_every_choice_value_has_a_russian_name():
    from dashboard.ingest.schemas import CHOICE_NAMES, choice_name

    for kind, schema in KINDS.items():
        for field in schema.fields:
            if field.type == "choice":
                for value in field.choices:
                    name = choice_name(kind, field.name, value)
                    assert name != value and name == CHOICE_NAMES[kind, field.name][value]


def test_a_file_read_with_russian_headers_previews_under_the_same_names():
    from dashboard import strings
    from dashboard.figures.admin import preview_frame

    names = strings.INGEST_COLUMNS["procedures"]
    data = ";".join(names.values()) + "\nd1;ВПР;математика;4;2025;15.04.2025;30,5;8;15;23\n"
    parsed = parse("procedures", data.encode(), "p.csv")
    assert parsed.ok, [str(e) for e in parsed.errors]
    preview = preview_frame("procedures", parsed.fields, parsed.records())
    assert list(preview.columns) == list(names.values())
    assert preview.iloc[0].tolist() == [
        "d1", "ВПР", "математика", "4", "2025", "15.04.2025", "30,5", "8", "15", "23"
    ]  # fmt: skip


def test_errors_name_keys_and_choices_in_the_users_words():
    data = "school_code;year;indicator;value\n740101;2024;pupils;1\n740101;2024;pupils;2\n"
    (duplicate,) = parse("context", data.encode(), "d.csv").errors
    assert duplicate.message == "повтор ключа «740101, 2024, pupils» (уже в строке 2)"
    schools = (
        "Код ОО;Наименование;Код муниципалитета;Муниципалитет;Тип;Местность\n"
        "1;Ш;7401;МО;вуз;город\n"
    )
    (wrong,) = parse("schools", schools.encode(), "s.csv").errors
    assert wrong.column == "kind" and "допустимо: школа, сош, гимназия" in wrong.message
