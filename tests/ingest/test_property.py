"""Whatever bytes arrive, parsing ends in a report or a clean table, never another exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from dashboard.ingest import KINDS, parse
from tests.ingest.helpers import xlsx_bytes

NAMES = st.sampled_from(["f.csv", "f.txt", "f.xlsx", "f.tsv"])
KIND = st.sampled_from(sorted(KINDS))
CELL = st.one_of(
    st.text(max_size=12),
    st.integers(-5, 10**6).map(str),
    st.sampled_from(["", "1,5", "12.03.2025", "урбан", "vpr", ";", '"', "\r", "=1+1"]),
)


def _check(parsed) -> None:
    assert parsed.ok == (parsed.error_count == 0 and parsed.refused is None)
    if parsed.ok:
        assert len(parsed.rows) == len(parsed.lines)
        assert all(len(row) == len(parsed.fields) for row in parsed.rows)
    else:
        assert parsed.errors and all(e.message for e in parsed.errors)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=KIND, data=st.binary(max_size=2000), name=NAMES)
def test_random_bytes_give_a_report(kind, data, name):
    _check(parse(kind, data, name))


@settings(max_examples=150, deadline=None)
@given(
    kind=KIND,
    cells=st.lists(st.lists(CELL, max_size=12), max_size=15),
    delimiter=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "cp1251", "utf-8-sig"]),
)
def test_mangled_csv_gives_a_report_or_a_table(kind, cells, delimiter, encoding):
    header = [f.name for f in KINDS[kind].fields]
    text = "\n".join(delimiter.join(row) for row in [header, *cells])
    _check(parse(kind, text.encode(encoding, errors="replace"), "m.csv"))


@settings(max_examples=30, deadline=None)
@given(kind=KIND, cells=st.lists(st.lists(CELL, max_size=8), max_size=6))
def test_mangled_xlsx_gives_a_report_or_a_table(kind, cells):
    header = [f.name for f in KINDS[kind].fields]
    cleaned = [[ILLEGAL_CHARACTERS_RE.sub("", c) for c in row] for row in cells]
    _check(parse(kind, xlsx_bytes([header, *cleaned]), "m.xlsx"))
