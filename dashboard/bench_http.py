"""`oko bench` HTTP mode: the main callback of every page through the real endpoint.

The real app (`create_app`, cache `simple://`) is served by werkzeug on 127.0.0.1 in a
background thread; a client with a cookie jar signs in as `region` through /login (CSRF token
and all) and POSTs /_dash-update-component bodies with `Accept-Encoding: gzip`. Each page's
controls are first filled the way the page fills them: its own set-up callbacks (pickers,
controls restored from the address) are called with the page's address, and their answers
become the main callback's inputs. The main callback is found in `app.callback_map` by one of
its output ids from `dashboard/ids.py` (never by function name: several pages have a
`write_query`).

Per probe:

* cold: the app's cache is invalidated right before one call;
* warm: `repeat` calls in a row, p50 and p95;
* bytes: the decoded JSON of the warm answer (`wire_bytes`: gzip on the wire);
* floor: the SELECT statements the cold call issued, captured from the app's engine with a
  SQLAlchemy `before_cursor_execute` listener (sign-in and session bookkeeping left out,
  duplicates once), replayed alone on a raw DB-API connection (execute + fetchall), median;
* naive: `dashboard.bench_naive` (pandas.read_sql of the raw rows, aggregated in pandas), median.

Any answer other than 200, or one carrying `X-OKO-Callback-Error`, stops the run (BenchError).
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

from sqlalchemy import Engine, event, func, select

from dashboard import ids
from dashboard.bench_server import (
    ERROR_HEADER,
    LOGIN,
    BenchError,
    Client,
    LiveServer,
    Reply,
    make_app,
)

#: Statements of the sign-in and session machinery, not of the page's data.
NOT_DATA = re.compile(r"\b(app_user|user_session|audit_log|alembic_version)\b", re.IGNORECASE)
REFERENCE_REPEAT = 5  # median of this many floor and naive runs (fewer when --repeat is lower)

Slot = tuple[str, str]


# ------------------------------------------------------------------ the probes


@dataclass(frozen=True)
class Probe:
    name: str  # also the key of dashboard.bench_naive.NAIVE
    path: str
    location: str  # the page's dcc.Location id
    main: Slot  # one output of the main callback
    setup: tuple[Slot, ...] = ()  # one output of each set-up callback, called in order
    state: tuple[tuple[Slot, object], ...] = ()  # more initial values (the profile's store)


def probes(school_code: str) -> list[Probe]:
    """The main callback of every page; the profile of `school_code`."""
    ov, sc, pr, ob = ids.Overview, ids.Schools, ids.Procedures, ids.Objectivity
    rk, ex, rm, sp = ids.Rankings, ids.Experts, ids.Roadmaps, ids.SchoolProfile
    return [
        Probe("/", "/", ov.LOCATION, (ov.BY_MUNICIPALITY, "figure"), ((ov.KIND, "value"),)),
        Probe(  # the list's first page (the grid is paged on the server)
            "/schools",
            "/schools",
            sc.LOCATION,
            (sc.TABLE, "getRowsResponse"),
            ((sc.KIND, "value"),),
        ),
        Probe(
            "/procedures",
            "/procedures",
            pr.LOCATION,
            (pr.graph("marks"), "figure"),
            ((pr.KIND, "value"), (pr.UNIT, "value")),
        ),
        Probe(
            "/objectivity",
            "/objectivity",
            ob.LOCATION,
            (ob.TABLE, "rowData"),
            ((ob.YEAR, "value"),),
        ),
        Probe(
            "/rankings",
            "/rankings",
            rk.LOCATION,
            (rk.SCATTER, "figure"),
            ((rk.COVARIATES, "value"), (rk.KIND, "value")),
        ),
        Probe(
            "/experts", "/experts", ex.LOCATION, (ex.KPI_TABLE, "children"), ((ex.YEAR, "value"),)
        ),
        Probe(
            "/roadmaps", "/roadmaps", rm.LOCATION, (rm.GANTT, "figure"), ((rm.ROADMAP, "value"),)
        ),
        Probe(
            "/schools/<code>",
            f"/schools/{school_code}",
            sp.LOCATION,
            (sp.RESULTS_TREND, "figure"),
            ((sp.KIND, "value"),),
            (((sp.SCHOOL, "data"), school_code),),
        ),
    ]


def profile_school(engine: Engine, region_id: int | None) -> str:
    """A real general-education school of the region: the one with the most results."""
    from dashboard.models import Municipality, School, SchoolResult

    results = (
        select(func.count())
        .select_from(SchoolResult)
        .where(SchoolResult.school_id == School.id)
        .scalar_subquery()
    )
    stmt = (
        select(School.school_code)
        .join(Municipality, Municipality.id == School.municipality_id)
        .where(School.kind != "preschool")
        .order_by(results.desc(), School.school_code)
        .limit(1)
    )
    if region_id is not None:
        stmt = stmt.where(Municipality.region_id == region_id)
    with engine.connect() as conn:
        code = conn.execute(stmt).scalar()
    if code is None:
        raise BenchError("no school with results in the demo: nothing to profile")
    return code


# ------------------------------------------------------------------ callbacks and bodies


@dataclass(frozen=True)
class Callback:
    output: str
    outputs: list[dict] | dict
    inputs: list[dict]
    state: list[dict]


def _split(output: str) -> list[dict] | dict:
    def one(part: str) -> dict:
        ident, prop = part.rsplit(".", 1)
        return {"id": json.loads(ident) if ident.startswith("{") else ident, "property": prop}

    if output.startswith(".."):
        return [one(p) for p in output.strip(".").split("...")]
    return one(output)


def callbacks_by_output(callback_map: dict) -> dict[Slot, Callback]:
    """Every server callback by each of its (string id, property) outputs."""
    found: dict[Slot, Callback] = {}
    for output, spec in callback_map.items():
        if "callback" not in spec:
            continue
        outputs = _split(output)
        found_callback = Callback(
            output,
            outputs,
            [dict(i) for i in spec["inputs"]],
            [dict(s) for s in spec.get("state", [])],
        )
        for slot in outputs if isinstance(outputs, list) else [outputs]:
            if isinstance(slot["id"], str):
                found[(slot["id"], slot["property"])] = found_callback
    return found


def _valued(slots: list[dict], state: dict[Slot, object]) -> list[dict]:
    return [{**s, "value": state.get((s["id"], s["property"]))} for s in slots]


def body(callback: Callback, state: dict[Slot, object]) -> dict:
    """The request the renderer sends: every input and state from `state` (None when unset)."""
    inputs = _valued(callback.inputs, state)
    changed = [f"{s['id']}.{s['property']}" for s in inputs if s["value"] is not None]
    first = [f"{s['id']}.{s['property']}" for s in inputs[:1]]
    return {
        "output": callback.output,
        "outputs": callback.outputs,
        "inputs": inputs,
        "state": _valued(callback.state, state),
        "changedPropIds": changed[:1] or first,
    }


# ------------------------------------------------------------------ server and client


def _checked(reply: Reply, probe: Probe, what: str) -> Reply:
    if reply.status != 200:
        text = reply.body[:200].decode(errors="replace")
        raise BenchError(f"probe {probe.name}: {what} answered HTTP {reply.status}: {text}")
    if reply.headers.get(ERROR_HEADER):
        raise BenchError(f"probe {probe.name}: {what} crashed ({ERROR_HEADER}; see the log above)")
    return reply


# ------------------------------------------------------------------ floor: the SQL alone


@contextmanager
def captured(engine: Engine) -> Iterator[list[tuple[str, object]]]:
    """The (statement, parameters) every cursor of `engine` executes inside the block."""
    seen: list[tuple[str, object]] = []

    def listen(_conn, _cursor, statement, parameters, _context, executemany) -> None:
        if not executemany:
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", listen)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", listen)


def data_statements(seen: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """The page's SELECTs: no session bookkeeping, no writes, each distinct one once."""
    kept, keys = [], set()
    for statement, parameters in seen:
        head = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
        key = (statement, repr(parameters))
        if head in {"SELECT", "WITH"} and not NOT_DATA.search(statement) and key not in keys:
            keys.add(key)
            kept.append((statement, parameters))
    return kept


def replay(engine: Engine, statements: list[tuple[str, object]], repeat: int) -> float:
    """Median seconds to execute and fetch all `statements` on one raw DB-API connection."""
    raw = engine.raw_connection()
    try:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            for statement, parameters in statements:
                cursor = raw.cursor()
                cursor.execute(statement, parameters)
                cursor.fetchall()
                cursor.close()
            times.append(time.perf_counter() - started)
        raw.rollback()
    finally:
        raw.close()
    return statistics.median(times)


# ------------------------------------------------------------------ measuring


@dataclass
class Result:
    name: str
    cold_ms: float
    warm_p50_ms: float
    warm_p95_ms: float
    bytes: int
    floor_ms: float
    naive_ms: float
    wire_bytes: int
    floor_statements: int
    warm_calls: int
    inputs: dict = field(default_factory=dict)  # the main callback's inputs and state

    def record(self) -> dict:
        return {k: round(v, 2) if isinstance(v, float) else v for k, v in asdict(self).items()}


def percentile(values: list[float], share: float) -> float:
    """Linear interpolation between the closest ranks (numpy's default)."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _median_seconds(func: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def probe_state(client: Client, by_output: dict, probe: Probe) -> dict[Slot, object]:
    """The page's values once its set-up callbacks have answered (the main call's inputs)."""
    state: dict[Slot, object] = {(probe.location, "pathname"): probe.path}
    state[(probe.location, "search")] = ""
    state.update(dict(probe.state))
    for slot in probe.setup:
        if slot not in by_output:
            raise BenchError(f"probe {probe.name}: no callback outputs {slot[0]}.{slot[1]}")
        reply = _checked(client.callback(body(by_output[slot], state)), probe, f"set-up {slot[0]}")
        for component, props in reply.json().get("response", {}).items():
            state.update({(component, prop): value for prop, value in props.items()})
    return state


def measure(
    app, client: Client, probe: Probe, repeat: int, naive: Callable[[dict], object]
) -> Result:
    """Cold, warm, floor and naive figures of one probe (see the module docstring)."""
    from data_access import database
    from data_access.cache import invalidate

    by_output = callbacks_by_output(app.callback_map)
    state = probe_state(client, by_output, probe)
    if probe.main not in by_output:
        raise BenchError(f"probe {probe.name}: no callback outputs {probe.main[0]}.{probe.main[1]}")
    payload = body(by_output[probe.main], state)
    engine = app.server.extensions["oko_engine"]
    with database.bind(engine):  # the data version lives in the database
        invalidate()
    with captured(engine) as seen:
        cold = _checked(client.callback(payload), probe, "cold call")
    warm = [_checked(client.callback(payload), probe, "warm call") for _ in range(repeat)]
    times = [w.seconds * 1000 for w in warm]
    sent = payload["inputs"] + payload["state"]
    statements = data_statements(seen)
    references = max(1, min(REFERENCE_REPEAT, repeat))
    return Result(
        name=probe.name,
        cold_ms=cold.seconds * 1000,
        warm_p50_ms=statistics.median(times),
        warm_p95_ms=percentile(times, 0.95),
        bytes=len(warm[-1].body),
        floor_ms=replay(engine, statements, references) * 1000,
        naive_ms=_median_seconds(lambda: naive(state), references) * 1000,
        wire_bytes=warm[-1].wire_bytes,
        floor_statements=len(statements),
        warm_calls=repeat,
        inputs={f"{s['id']}.{s['property']}": s["value"] for s in sent},
    )


def run_probes(database_url: str, repeat: int, echo: Callable[[str], None]) -> list[Result]:
    """Serve the app, sign in as `region`, measure every page's main callback."""
    from dashboard import bench_naive
    from dashboard.cli import DEMO_PASSWORD
    from dashboard.models import PupilResult
    from data_access import database, users

    app = make_app(database_url)
    engine = app.server.extensions["oko_engine"]
    with database.bind(engine):
        account = users.account_by_login(LOGIN)
        if account is None:
            raise BenchError(f"no demo user {LOGIN!r} in the bench database")
        region_id = users.scope_for(account).region_id
    with engine.connect() as conn:
        pupil_level = conn.execute(select(PupilResult.id).limit(1)).first() is not None
    context = bench_naive.NaiveContext(
        region_id=region_id, pupil_level=pupil_level, school_code=profile_school(engine, region_id)
    )
    results = []
    with LiveServer(app.server) as server:
        client = Client(server.url)
        client.sign_in(LOGIN, DEMO_PASSWORD)
        for probe in probes(context.school_code):

            def naive(state, reference=bench_naive.NAIVE[probe.name]):
                with engine.connect() as conn:
                    return reference(conn, context, state)

            result = measure(app, client, probe, repeat, naive)
            echo(f"  {probe.name:<18} cold {result.cold_ms:9.1f} ms (measured)")
            results.append(result)
    return results
