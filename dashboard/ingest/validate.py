"""Turn raw rows into typed tuples by a kind's schema, collecting every error with its place.

Pure: no database. References to existing objects (schools, procedures…) are checked by
data_access.imports inside the import transaction.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable

from dashboard import strings
from dashboard.analytics.periods import PeriodParseError, parse_period
from dashboard.ingest.report import Parsed
from dashboard.ingest.schemas import Field, Kind

HEADER_SCAN_ROWS = 20
# Year lent to a year-less period text when only its grammar is checked; a leap year, so that
# «29 февраля» passes here and is judged against the roadmap's own year when written.
PERIOD_GRAMMAR_YEAR = 2024
TASK_COLUMN = re.compile(r"^(?:task|задание|зад\.?)[ _№#-]*(\d{1,3})$")
DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%y")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_PLAIN_POINTS = re.compile(r"[0-9]{1,2}(?:;[0-9]{1,2})*")
_LEADING_ZERO = re.compile(r"(?:^|;)0[0-9]")


class BadValue(ValueError):
    """A cell that does not fit its column; the message is Russian and shown to the user."""


def normalise_header(cell: object) -> str:
    text = "" if cell is None else str(cell)
    return _SPACES.sub(" ", text).strip().lower().replace("ё", "е")


def _names(spec: Field) -> set[str]:
    return {spec.name, spec.name.replace("_", " ")} | {normalise_header(a) for a in spec.aliases}


# ------------------------------------------------------------------ cell converters


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _to_text(cell: object, spec: Field) -> str:
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = str(cell).strip()
    if "  " in text or not text.isprintable():  # tabs, line breaks, no-break spaces
        text = _SPACES.sub(" ", text).strip()
    if len(text) > spec.max_length:
        raise BadValue(strings.INGEST_TOO_LONG.format(n=spec.max_length))
    return text


def _number(cell: object) -> float:
    if isinstance(cell, bool):
        raise BadValue(strings.INGEST_NUMBER_EXPECTED)
    if isinstance(cell, int | float):
        value = float(cell)
    else:
        text = str(cell)
        try:
            value = float(text)  # the common case, fast; "1_000" is also read as 1000
        except ValueError:
            try:
                value = float(_SPACES.sub("", text).replace(",", "."))
            except ValueError:
                raise BadValue(strings.INGEST_NOT_A_NUMBER.format(text=text[:40])) from None
    if math.isnan(value) or math.isinf(value):
        raise BadValue(strings.INGEST_NOT_FINITE)
    return value


def _range(value: float, spec: Field) -> None:
    if spec.low is not None and value < spec.low:
        raise BadValue(strings.INGEST_BELOW_LOW.format(value=value, low=spec.low))
    if spec.high is not None and value > spec.high:
        raise BadValue(strings.INGEST_ABOVE_HIGH.format(value=value, high=spec.high))


def _to_float(cell: object, spec: Field) -> float:
    value = _number(cell)
    _range(value, spec)
    return value


def _to_int(cell: object, spec: Field) -> int:
    if isinstance(cell, str) and cell.isdigit() and cell.isascii():  # fast path
        number = int(cell)
        if (spec.low is None or number >= spec.low) and (spec.high is None or number <= spec.high):
            return number
    value = _number(cell)
    if not value.is_integer():
        raise BadValue(strings.INGEST_NOT_AN_INTEGER.format(value=value))
    _range(value, spec)
    return int(value)


def _to_date(cell: object, _spec: Field) -> dt.date:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = str(cell).strip()
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise BadValue(strings.INGEST_NOT_A_DATE.format(text=text[:40]))


def _to_choice(cell: object, spec: Field) -> str:
    text = normalise_header(cell)
    if text in spec.choices:
        return text
    if text in spec.choice_aliases:
        return spec.choice_aliases[text]
    # the Russian words are offered first: a user types those, the codes are for scripts
    offered = [*dict.fromkeys(spec.choice_aliases), *spec.choices]
    raise BadValue(
        strings.INGEST_NOT_A_CHOICE.format(text=str(cell)[:40], choices=", ".join(offered))
    )


def _to_codes(cell: object, spec: Field) -> str:
    codes = [part.strip() for part in re.split(r"[;,]", _to_text(cell, spec)) if part.strip()]
    if spec.required and not codes:
        raise BadValue(strings.INGEST_NO_CODES)
    return ";".join(codes)


def _to_points(cell: object, spec: Field) -> str:
    text = _to_text(cell, spec).replace(" ", "")
    if _PLAIN_POINTS.fullmatch(text) and not _LEADING_ZERO.search(text):  # fast path: "1;0;2"
        return text
    values = []
    for part in text.split(";"):
        value = _number(part)
        if value < 0 or value > 100:
            raise BadValue(strings.INGEST_TASK_POINTS_RANGE.format(value=value))
        values.append(f"{value:g}")
    return ";".join(values)


CONVERTERS: dict[str, Callable[[object, Field], object]] = {
    "text": _to_text,
    "int": _to_int,
    "float": _to_float,
    "date": _to_date,
    "choice": _to_choice,
    "codes": _to_codes,
    "points": _to_points,
}


# ------------------------------------------------------------------ header and rows


def _find_header(
    kind: Kind, rows: list[tuple[int, list]]
) -> tuple[int, dict[str, int], dict[int, int]] | None:
    """(index in rows, field name -> column index, task number -> column index) of the row
    naming the most known columns among the first ones (title rows above it are skipped)."""
    lookup = {name: spec.name for spec in kind.fields for name in _names(spec)}
    best = None
    for index, (_line, cells) in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns: dict[str, int] = {}
        tasks: dict[int, int] = {}
        for position, cell in enumerate(cells):
            name = normalise_header(cell)
            if name in lookup and lookup[name] not in columns:
                columns[lookup[name]] = position
            elif (match := TASK_COLUMN.match(name)) and "task_points" in kind.names:
                tasks[int(match.group(1))] = position
        if columns and (best is None or len(columns) > len(best[1])):
            best = (index, columns, tasks)
    return best


RULED_KINDS = frozenset({"results", "procedures", "roadmap-items"})


def _row_rules(kind: Kind, record: dict) -> Iterable[tuple[str, str]]:
    """Checks across the columns of one row: (column, reason)."""
    if kind.name == "results":
        marks = [record[f"marks_{m}"] for m in (2, 3, 4, 5) if record[f"marks_{m}"] is not None]
        if sum(marks) > record["participants"]:
            yield "marks_2", strings.INGEST_MARKS_OVER_PARTICIPANTS
    elif kind.name == "procedures":
        limits = [
            record[k]
            for k in ("threshold_3", "threshold_4", "threshold_5")
            if record[k] is not None
        ]
        if limits != sorted(limits) or any(x > record["max_score"] for x in limits):
            yield "threshold_3", strings.INGEST_THRESHOLDS
    elif kind.name == "roadmap-items":
        if record["starts_on"] and record["due_on"] and record["starts_on"] > record["due_on"]:
            yield "due_on", strings.INGEST_DUE_BEFORE_START
        if record["period_text"]:
            # The grammar only: a year-less text gets its year from the roadmap when written.
            try:
                parse_period(record["period_text"], default_year=PERIOD_GRAMMAR_YEAR)
            except PeriodParseError:
                yield "period_text", strings.INGEST_PERIOD_UNREADABLE
        if record["completed_on"] and record["status"] not in (None, "done"):
            yield "completed_on", strings.INGEST_COMPLETED_NOT_DONE


def validate(kind: Kind, raw: Iterable[tuple[int, list]], parsed: Parsed) -> None:
    """Fill parsed.rows / parsed.lines with typed tuples, or parsed errors."""
    iterator = iter(raw)
    head = []
    for item in iterator:
        head.append(item)
        if len(head) >= HEADER_SCAN_ROWS:
            break
    found = _find_header(kind, head)
    if found is None:
        parsed.refuse(strings.INGEST_NO_HEADER)
        return
    index, columns, tasks = found
    header_line = head[index][0]
    for spec in kind.fields:
        missing = spec.name not in columns and not (spec.name == "task_points" and tasks)
        if spec.required and missing:
            parsed.error(header_line, spec.name, strings.INGEST_MISSING_COLUMN)
    if parsed.errors:
        return
    plan = [(spec, columns.get(spec.name), CONVERTERS[spec.type]) for spec in kind.fields]
    task_positions = [tasks[number] for number in sorted(tasks)]
    names = kind.names
    key_at = [names.index(k) for k in kind.key]
    seen: dict[tuple, int] = {}
    parsed.fields = names

    def rows() -> Iterable[tuple[int, list]]:
        yield from head[index + 1 :]
        yield from iterator

    joined = [
        position is None and spec.name == "task_points" and bool(task_positions)
        for spec, position, _convert in plan
    ]
    ruled = kind.name in RULED_KINDS
    for line, cells in rows():
        width = len(cells)
        values = []
        ok = True
        for (spec, position, convert), join in zip(plan, joined, strict=True):
            if join:
                cell = ";".join(
                    "" if p >= width or _blank(cells[p]) else str(cells[p]) for p in task_positions
                )
                cell = None if not cell.strip(";") else cell
            else:
                cell = cells[position] if position is not None and position < width else None
            if cell is None or (cell.__class__ is str and (not cell or cell.isspace())):
                if spec.required:
                    parsed.error(line, spec.name, strings.INGEST_EMPTY_REQUIRED)
                    ok = False
                values.append(None)
                continue
            try:
                values.append(convert(cell, spec))
            except (BadValue, ValueError, TypeError, OverflowError) as bad:
                reason = str(bad) if isinstance(bad, BadValue) else strings.INGEST_UNREADABLE_VALUE
                parsed.error(line, spec.name, reason)
                ok = False
                values.append(None)
        if not ok:
            continue
        if ruled:
            for column, reason in _row_rules(kind, dict(zip(names, values, strict=True))):
                parsed.error(line, column, reason)
                ok = False
        key = tuple(values[i] for i in key_at)
        if key in seen:
            shown = ", ".join("" if value is None else str(value) for value in key)
            duplicate = strings.INGEST_DUPLICATE_KEY.format(key=shown, line=seen[key])
            parsed.error(line, kind.key[-1], duplicate)
            ok = False
        else:
            seen[key] = line
        if ok:
            parsed.rows.append(tuple(values))
            parsed.lines.append(line)
