"""`oko bench` (issue 15): the HTTP probes and the page timings produce complete records.

These run the benchmark on the `district` demo with tiny repeat counts and check the shape of
what it reports, never how fast anything is.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from dashboard import bench, bench_http, bench_server
from dashboard.cli import main
from tests.conftest import CHROMIUM, need

PAGES = [
    "/",
    "/schools",
    "/procedures",
    "/objectivity",
    "/rankings",
    "/experts",
    "/roadmaps",
    "/schools/<code>",
]
HTTP_KEYS = {"name", "cold_ms", "warm_p50_ms", "warm_p95_ms", "bytes", "floor_ms", "naive_ms"}


def _bench(*args: str):
    return CliRunner().invoke(main, ["bench", "--scale", "district", *args])


@pytest.fixture(scope="module")
def http_run(tmp_path_factory):
    """One HTTP-mode run on district, 2 warm calls per probe; the demo is kept for reuse."""
    folder = tmp_path_factory.mktemp("bench")
    path = folder / "bench.json"
    result = _bench("--repeat", "2", "--no-fit", "--data-dir", str(folder), "--json", str(path))
    assert result.exit_code == 0, result.output + repr(result.exception)
    return SimpleNamespace(folder=folder, path=path, output=result.output)


def test_http_mode_writes_a_complete_record_for_every_page(http_run):
    report = json.loads(http_run.path.read_text())
    header = report["header"]
    assert {"cpu_count", "platform", "python", "dialect", "scale", "date"} <= set(header)
    assert header["scale"] == "district" and header["dialect"] == "sqlite"
    assert header["cpu_count"] >= 1 and header["http"]["repeat"] == 2
    records = report["records"]
    assert [r["name"] for r in records] == PAGES
    for record in records:
        assert HTTP_KEYS <= set(record), record
        for key in HTTP_KEYS - {"name"}:
            assert isinstance(record[key], int | float) and record[key] > 0, (key, record)
        assert record["warm_p95_ms"] >= record["warm_p50_ms"]
        assert record["wire_bytes"] > 0 and record["floor_statements"] > 0
        assert record["warm_calls"] == 2


def test_http_mode_prints_the_table_and_the_earlier_figures(http_run):
    output = http_run.output
    assert "demo build (district, sqlite)" in output
    assert "results_by_municipality" in output and "rankings_pupil" in output
    assert "warm p50" in output and "naive ms" in output
    for page in PAGES:
        assert f"\n{page} " in output


def test_the_demo_is_reused_while_its_schema_is_current(http_run):
    url = bench.database_url_for("sqlite", "district", http_run.folder)
    again = bench.prepare("district", url)
    assert not again.built and again.schools > 0 and again.pupil_results > 0


def test_a_database_holding_another_demo_is_refused_not_reset(http_run):
    url = bench.database_url_for("sqlite", "district", http_run.folder)
    with pytest.raises(bench.BenchSetupError, match="--rebuild"):
        bench.prepare("region", url, managed=False)  # as for PostgreSQL or --database-url
    assert not bench.prepare("district", url, managed=False).built


def test_a_crashing_callback_stops_the_run_naming_the_probe(http_run, monkeypatch):
    from dashboard.figures import overview as views

    def broken(*_args, **_kwargs):
        raise RuntimeError("planted by the test")

    monkeypatch.setattr(views, "by_municipality", broken)
    result = _bench("--repeat", "1", "--no-fit", "--data-dir", str(http_run.folder))
    assert result.exit_code == 1
    assert "demo reused" in result.output
    assert "probe /:" in result.output and bench_server.ERROR_HEADER in result.output


def test_pages_mode_times_every_page_in_chromium(http_run):
    need(CHROMIUM is not None, "Debian's chromium is not installed: --pages not run")
    pytest.importorskip("playwright")
    result = _bench(
        "--pages", "--visits", "1", "--data-dir", str(http_run.folder), "--json", str(http_run.path)
    )
    import traceback

    assert result.exit_code == 0, result.output + "".join(
        traceback.format_exception(*result.exc_info) if result.exc_info else []
    )
    report = json.loads(http_run.path.read_text())
    assert report["header"]["pages"]["visits"] == 1 and report["header"]["http"]["repeat"] == 2
    records = {r["name"]: r for r in report["records"]}
    for page in PAGES:
        assert page in records  # the HTTP records of the same scale are kept
        shown = records[f"page:{page}"]
        assert shown["cold_ms"] > 0 and shown["warm_ms"] is None
        assert 0 < shown["nav_ms"] < 300_000  # arrived by an in-app navigation too
        assert shown["bytes"] > 0 and shown["callbacks"] > 0
    assert "cold s" in result.output and "nav s" in result.output
    assert "page:/rankings" in result.output


# ------------------------------------------------------------------ helpers, no server


def test_percentile_interpolates_between_ranks():
    assert bench_http.percentile([1.0], 0.95) == 1.0
    assert bench_http.percentile([1.0, 2.0, 3.0, 4.0, 5.0], 0.5) == 3.0
    assert bench_http.percentile(list(map(float, range(1, 101))), 0.95) == pytest.approx(95.05)


def test_the_floor_keeps_distinct_data_selects_only():
    seen = [
        ("SELECT app_user.id FROM app_user WHERE app_user.id = ?", (1,)),
        ("UPDATE user_session SET last_seen_at=? WHERE user_session.sid = ?", ("t", "s")),
        ("SELECT school.id FROM school", ()),
        ("SELECT school.id FROM school", ()),
        ("WITH x AS (SELECT 1) SELECT * FROM x", ()),
    ]
    assert bench_http.data_statements(seen) == [seen[2], seen[4]]


def test_a_body_takes_inputs_and_state_from_the_page_state():
    callback = bench_http.Callback(
        output="..a.figure...b.children..",
        outputs=[{"id": "a", "property": "figure"}, {"id": "b", "property": "children"}],
        inputs=[{"id": "k", "property": "value"}, {"id": "y", "property": "value"}],
        state=[{"id": "loc", "property": "search"}],
    )
    payload = bench_http.body(callback, {("y", "value"): 2024, ("loc", "search"): ""})
    assert [s["value"] for s in payload["inputs"]] == [None, 2024]
    assert payload["state"][0]["value"] == ""
    assert payload["changedPropIds"] == ["y.value"]
    found = bench_http.callbacks_by_output(
        {
            callback.output: {
                "callback": print,
                "inputs": callback.inputs,
                "state": callback.state,
            }
        }
    )
    assert found[("a", "figure")] == found[("b", "children")] == callback


@pytest.mark.parametrize(
    ("status", "headers", "message"),
    [(204, {}, "HTTP 204"), (500, {}, "HTTP 500"), (200, {"X-OKO-Callback-Error": "1"}, "crash")],
)
def test_any_answer_but_a_clean_200_fails_naming_the_probe(status, headers, message):
    probe = bench_http.Probe("/rankings", "/rankings", "loc", ("x", "figure"))
    reply = bench_server.Reply(status, headers, 0, b"", "http://x", 0.0)
    with pytest.raises(bench_server.BenchError, match=message) as raised:
        bench_http._checked(reply, probe, "cold call")
    assert "probe /rankings" in str(raised.value)


def test_json_from_another_scale_is_replaced_not_merged(tmp_path):
    path = tmp_path / "b.json"
    header = {"scale": "district", "dialect": "sqlite"}
    bench.write_json(path, header, [{"name": "/"}])
    bench.write_json(path, header, [{"name": "page:/"}])
    assert [r["name"] for r in json.loads(path.read_text())["records"]] == ["/", "page:/"]
    bench.write_json(path, {**header, "scale": "region"}, [{"name": "/schools"}])
    assert [r["name"] for r in json.loads(path.read_text())["records"]] == ["/schools"]


def test_postgres_needs_a_postgresql_url(monkeypatch, tmp_path):
    monkeypatch.delenv("OKO_BENCH_DATABASE_URL", raising=False)
    monkeypatch.setenv("OKO_DATABASE_URL", "sqlite:///x.sqlite3")
    with pytest.raises(bench.BenchSetupError, match="OKO_BENCH_DATABASE_URL"):
        bench.database_url_for("postgres", "region", tmp_path)
    monkeypatch.setenv("OKO_BENCH_DATABASE_URL", "postgresql+psycopg://u:p@h/db")
    assert bench.database_url_for("postgres", "region", tmp_path).startswith("postgresql")
