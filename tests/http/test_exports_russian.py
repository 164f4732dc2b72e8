"""Every CSV, XLSX and PDF export, as every role, speaks Russian and writes numbers one way.

Each export is asked for through its real Dash callback (forged POSTs, as a click would send
them). No file may hold an English interface word (selected, filter, Date, Share, Page not
found, True, False, None, nan), a decimal point inside a number, a hyphen-minus for a negative
number or an ISO date. CSV: `;`, UTF-8 with BOM. XLSX: numbers are real numbers (a number
kept as text fails; a year label «2021» may be text), no boolean cells, set column widths.
PDF: the page is a plotly figure printed by kaleido; the figure handed to the printer is
captured and its printed text checked (table cells must be text already formatted: plotly
would print a raw float with a point).

Identifiers (roadmap item numbers «1.2», indicator, skill and school codes) are not numbers:
the known ones, read from the database, are left out of the number checks.
"""

from __future__ import annotations

import base64
import csv
import io
import os
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, text

from dashboard.figures import experts as expert_views
from dashboard.ids import Experts, Objectivity, Procedures, Rankings, Roadmaps
from dashboard.ids import SchoolProfile as Schools
from dashboard.models import Procedure, RoadmapItem, School, SchoolResult
from data_access import database, users
from data_access.rankings import ALL
from tests.http.forge import body_for

ROLES = ("admin", "region", "district", "director", "viewer")
ENGLISH = [
    re.compile(r"\b(?:selected|filters?|page not found)\b", re.IGNORECASE),
    re.compile(r"\b(?:Date|Share|True|False|None|nan|NaN)\b"),
]
RUSSIAN_DATE = re.compile(r"\b\d{2}\.\d{2}\.\d{4}\b")
DECIMAL_POINT = re.compile(r"\d\.\d")
HYPHEN_MINUS = re.compile(r"(?<![\w)\]])-\s?\d")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
D3_FORMAT = re.compile(r"%\{[^}]*\}")  # hover templates: plotly formats them with «,»
YEAR = re.compile(r"^(?:19|20)\d{2}$")
NUMBER_AS_TEXT = re.compile(r"^[\u2212+-]?\d[\d\u2009\u00a0 ]*(?:[.,]\d+)?$")
# Figure keys whose strings are printed on the page.
PRINTED = {"text", "name", "ticktext", "values"}
AS_OF, EXPERTS_YEAR = "2024-08-15", 2024
# OKO_TEST_DUMP_EXPORTS=<folder>: keep every export there, to look at by eye.
DUMP = Path(os.environ["OKO_TEST_DUMP_EXPORTS"]) if "OKO_TEST_DUMP_EXPORTS" in os.environ else None


# ------------------------------------------------------------------ the checks


def problems(value: str, codes: set[str]) -> list[str]:
    """What is wrong with one printed text (empty: nothing)."""
    found = [f"English «{m.group(0)}»" for rx in ENGLISH for m in rx.finditer(value)]
    plain = " ".join(token for token in value.split() if token.strip(".,;:()«»") not in codes)
    plain = D3_FORMAT.sub("", RUSSIAN_DATE.sub("", plain))
    found += [f"decimal point «{m.group(0)}»" for m in DECIMAL_POINT.finditer(plain)]
    found += [f"hyphen-minus «{m.group(0)}»" for m in HYPHEN_MINUS.finditer(plain)]
    found += [f"ISO date «{m.group(0)}»" for m in ISO_DATE.finditer(value)]
    return found


def check_csv(content: bytes, codes: set[str]) -> list[str]:
    assert content.startswith(b"\xef\xbb\xbf"), "CSV without the UTF-8 BOM"
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows and len(rows[0]) > 1, "CSV not separated by «;»"
    return [f"{cell!r}: {p}" for row in rows for cell in row for p in problems(cell, codes)]


def check_xlsx(content: bytes, codes: set[str]) -> list[str]:
    found = []
    book = load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        widths = [d.width for d in sheet.column_dimensions.values() if d.width]
        if sheet.max_column > 1 and not widths:
            found.append(f"{sheet.title}: no column widths")
        for row in sheet.iter_rows():
            for cell in row:
                where = f"{sheet.title}!{cell.coordinate}"
                if cell.data_type == "b":
                    found.append(f"{where}: boolean cell {cell.value}")
                if cell.data_type != "s" or cell.value is None:
                    continue
                value = str(cell.value)
                found += [f"{where} {value!r}: {p}" for p in problems(value, codes)]
                if value in codes or YEAR.match(value):  # identifiers and year labels
                    continue
                if NUMBER_AS_TEXT.match(value.strip()):
                    found.append(f"{where} {value!r}: a number kept as text")
    return found


def printed_texts(node, key: str = "") -> list:
    """Every value a figure prints: strings (and raw numbers of table cells) under PRINTED."""
    if isinstance(node, dict):
        return [t for k, v in node.items() for t in printed_texts(v, k)]
    if isinstance(node, list | tuple):
        return [t for v in node for t in printed_texts(v, key)]
    return [node] if key in PRINTED and node is not None else []


def check_figure(figure, codes: set[str]) -> list[str]:
    found = []
    layout = figure.layout
    separators = layout.separators or layout.template.layout.separators
    if separators != ",\u2009":
        found.append(f"separators {separators!r}")
    for trace in figure.data:
        if trace.type == "table":
            for column in [*trace.header["values"], *trace.cells["values"]]:
                for value in column if isinstance(column, list | tuple) else [column]:
                    if not isinstance(value, str):
                        found.append(f"table cell {value!r} printed as a raw number")
    for value in printed_texts(figure.to_plotly_json()):
        if isinstance(value, str):
            found += [f"{value!r}: {p}" for p in problems(value, codes)]
    return found


# ------------------------------------------------------------------ the world


@pytest.fixture(scope="module")
def world(app) -> dict:
    """Identifiers (item numbers, indicator, skill and school codes), and per role the values
    its exports are asked with."""
    from data_access import objectivity

    engine = app.server.extensions["oko_engine"]
    with database.bind(engine), engine.connect() as conn:
        codes = {str(n) for n in conn.execute(select(RoadmapItem.number)).scalars()}
        codes |= set(expert_views.CODES)
        skills = conn.execute(text("SELECT DISTINCT skill_code FROM procedure_task"))
        codes |= {str(c) for c in skills.scalars()}
        codes |= {str(c) for c in conn.execute(select(School.school_code)).scalars()}
        maths = conn.execute(
            select(Procedure.year, Procedure.grade)
            .where(Procedure.kind == "vpr", Procedure.subject == "математика")
            .order_by(Procedure.year.desc(), Procedure.grade)
        ).first()
        last_year = conn.execute(text("SELECT MAX(year) FROM context_value")).scalar_one()
        roadmaps = list(conn.execute(text("SELECT code FROM roadmap ORDER BY code")).scalars())
        per_role = {}
        for login in ROLES:
            scope = users.scope_for(users.account_by_login(login))
            schools = (
                select(School.school_code)
                .where(School.id.in_(select(SchoolResult.school_id)))
                .order_by(School.school_code)
            )
            if scope.school_id is not None:
                schools = schools.where(School.id == scope.school_id)
            elif scope.municipality_id is not None:
                schools = schools.where(School.municipality_id == scope.municipality_id)
            school = conn.execute(schools).scalars().first()
            flags = objectivity.flag_table(scope)
            flagged = (
                flags.iloc[-1] if not flags.empty else {"school_code": school, "year": maths.year}
            )
            procedure = conn.execute(
                text(
                    "SELECT r.procedure_id FROM school_result r JOIN school s "
                    "ON s.id = r.school_id WHERE s.school_code = :c ORDER BY r.procedure_id"
                ),
                {"c": str(flagged["school_code"])},
            ).scalar()
            per_role[login] = {
                "school": school,
                "flagged": str(flagged["school_code"]),
                "flag_year": int(flagged["year"]),
                "procedure": procedure,
            }
    return {
        "codes": codes,
        "maths": maths,
        "last_year": int(last_year),
        "roadmaps": roadmaps,
        "roles": per_role,
    }


def post(client, callback, values: dict, trigger: str) -> dict:
    """POST `callback` with {'id.property': value} (others None), `trigger` the changed input."""
    body = body_for(callback, None)
    for slot in body["inputs"] + body["state"]:
        slot["value"] = values.get(f"{slot['id']}.{slot['property']}")
    body["changedPropIds"] = [trigger]
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code in {200, 204}, response.get_data(as_text=True)[:300]
    return response.get_json()["response"] if response.status_code == 200 else {}


def requests_of(login: str, world: dict) -> list[tuple[str, str, dict, str]]:
    """(export name, callback, values, trigger) for every export of every page."""
    role, maths = world["roles"][login], world["maths"]
    asked = []
    for fmt, button in (("csv", Rankings.DOWNLOAD_CSV), ("xlsx", Rankings.DOWNLOAD_XLSX)):
        values = {
            f"{button}.n_clicks": 1,
            f"{Rankings.KIND}.value": "vpr",
            f"{Rankings.SUBJECT}.value": ALL,
            f"{Rankings.GRADE}.value": 0,
            f"{Rankings.YEAR}.value": maths.year,
            f"{Rankings.COVARIATES}.value": ["social_index"],
            f"{Rankings.LEVEL}.value": "pupil",
        }
        asked.append((f"rankings.{fmt}", "rankings_download", values, f"{button}.n_clicks"))
    for chart in Procedures.CHARTS:
        for fmt in ("csv", "xlsx"):
            button = Procedures.button(chart, fmt)
            values = {
                f"{button}.n_clicks": 1,
                f"{Procedures.KIND}.value": "vpr",
                f"{Procedures.SUBJECT}.value": "математика",
                f"{Procedures.GRADE}.value": maths.grade,
                f"{Procedures.YEARS}.value": [maths.year],
                f"{Procedures.UNIT}.value": "schools",
                f"{Procedures.SORT}.value": "name",
            }
            asked.append(
                (f"procedures.{chart}.{fmt}", "download_table", values, f"{button}.n_clicks")
            )
    for fmt in ("csv", "xlsx"):
        table = Objectivity.TABLE_CSV if fmt == "csv" else Objectivity.TABLE_XLSX
        asked.append(
            (
                f"objectivity.table.{fmt}",
                "objectivity_table_download",
                {f"{table}.n_clicks": 1, f"{Objectivity.YEAR}.value": role["flag_year"]},
                f"{table}.n_clicks",
            )
        )
        spread = Objectivity.DISTRIBUTION_CSV if fmt == "csv" else Objectivity.DISTRIBUTION_XLSX
        asked.append(
            (
                f"objectivity.distribution.{fmt}",
                "objectivity_distribution_download",
                {
                    f"{spread}.n_clicks": 1,
                    f"{Objectivity.SCHOOL}.value": role["flagged"],
                    f"{Objectivity.PROCEDURE}.value": role["procedure"],
                },
                f"{spread}.n_clicks",
            )
        )
        agree = Objectivity.AGREEMENT_CSV if fmt == "csv" else Objectivity.AGREEMENT_XLSX
        asked.append(
            (
                f"objectivity.agreement.{fmt}",
                "objectivity_agreement_download",
                {
                    f"{agree}.n_clicks": 1,
                    f"{Objectivity.SCHOOL}.value": role["flagged"],
                    f"{Objectivity.YEAR}.value": role["flag_year"],
                },
                f"{agree}.n_clicks",
            )
        )
    for fmt, button in (("xlsx", Experts.XLSX_BUTTON), ("pdf", Experts.PDF_BUTTON)):
        values = {
            f"{button}.n_clicks": 1,
            f"{Experts.AS_OF}.date": AS_OF,
            f"{Experts.YEAR}.value": EXPERTS_YEAR,
            f"{Experts.MUNICIPALITY}.value": 0,
        }
        asked.append((f"experts.{fmt}", "report_download", values, f"{button}.n_clicks"))
    for code in world["roadmaps"]:
        for fmt, button in (("xlsx", Roadmaps.XLSX_BUTTON), ("pdf", Roadmaps.PDF_BUTTON)):
            values = {
                f"{button}.n_clicks": 1,
                f"{Roadmaps.ROADMAP}.value": code,
                f"{Roadmaps.AS_OF}.date": "2019-12-31",
            }
            asked.append((f"roadmaps.{code}.{fmt}", "roadmap_export", values, f"{button}.n_clicks"))
    values = {
        f"{Schools.PDF_BUTTON}.n_clicks": 1,
        f"{Schools.SCHOOL}.data": role["school"],
        f"{Schools.YEAR}.value": world["last_year"],
        f"{Schools.KIND}.value": "vpr",
        f"{Schools.SUBJECT}.value": "математика",
        f"{Schools.GRADE}.value": maths.grade,
    }
    asked.append(("profile.pdf", "profile_pdf", values, f"{Schools.PDF_BUTTON}.n_clicks"))
    return asked


@pytest.fixture
def printed(monkeypatch) -> list:
    """The figures sent to the PDF printer (the printer itself is not started: the PDF bytes
    of these figures are tested in test_school_profile, test_experts and test_roadmaps)."""
    from dashboard.reports import profile_pdf

    figures = []

    def capture(figure):
        figures.append(figure)
        return b"%PDF-1.4 captured"

    monkeypatch.setattr(profile_pdf, "to_pdf", capture)
    return figures


@pytest.mark.parametrize("login", ROLES)
def test_every_export_is_russian_with_one_number_format(
    login, client_for, callbacks, world, printed
):
    client = client_for(login)
    got, found = set(), []
    for name, callback, values, trigger in requests_of(login, world):
        response = post(client, callbacks[callback], values, trigger)
        for output in response.values():
            data = output.get("data") if isinstance(output, dict) else None
            if not isinstance(data, dict) or "content" not in data:
                continue
            content = base64.b64decode(data["content"])
            suffix = data["filename"].rsplit(".", 1)[-1]
            got.add(f"{name.rsplit('.', 1)[0]}.{suffix}")
            if DUMP:
                (DUMP / f"{login}.{name}.{suffix}").write_bytes(content)
            if suffix == "csv":
                found += [f"{name}: {p}" for p in check_csv(content, world["codes"])]
            elif suffix == "xlsx":
                found += [f"{name}: {p}" for p in check_xlsx(content, world["codes"])]
            else:
                assert suffix == "pdf" and printed, name
                found += [f"{name}: {p}" for p in check_figure(printed.pop(), world["codes"])]
    assert not found, "\n".join(found[:40])
    # every kind of export was really produced for the role (none silently refused)
    wanted = {"rankings.csv", "rankings.xlsx", "experts.xlsx", "experts.pdf"}
    if login != "viewer":  # a viewer sees aggregates only: no school profile
        wanted.add("profile.pdf")
    wanted |= {f"procedures.{c}.{f}" for c in ("means",) for f in ("csv", "xlsx")}
    if login in {"admin", "region"}:
        wanted |= {f"objectivity.table.{f}" for f in ("csv", "xlsx")}
        wanted |= {f"roadmaps.{world['roadmaps'][0]}.{f}" for f in ("xlsx", "pdf")}
    assert wanted <= got, sorted(wanted - got)


# ------------------------------------------------------------------ the checks catch what they must


def test_the_checks_catch_english_points_hyphens_and_text_numbers():
    codes = {"1.2"}
    assert problems("Средний 60.1 %", codes) and problems("−34,7 и -2,8", codes)
    assert problems("False", codes) and problems("5 selected", codes)
    assert problems("на 2024-08-15", codes)
    assert not problems("пункт 1.2 на 15.08.2024: −34,7; 60,1\u2009%; 2018-2019", codes)
    assert not problems("%{y:.1f} %", codes)

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Доля", "Флаг"])
    book.active.append(["60,1", True])
    buffer = io.BytesIO()
    book.save(buffer)
    found = check_xlsx(buffer.getvalue(), codes)
    assert any("number kept as text" in p for p in found)
    assert any("boolean" in p for p in found)
    assert any("no column widths" in p for p in found)

    import plotly.graph_objects as go

    from dashboard.figures import template

    figure = go.Figure(go.Table(header={"values": ["Доля"]}, cells={"values": [[60.1]]}))
    figure.update_layout(template=template.TEMPLATE)
    assert any("raw number" in p for p in check_figure(figure, codes))
    assert check_csv("\ufeffa;b\n1.5;True\n".encode(), codes)
