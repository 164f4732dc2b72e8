"""/admin/users and /admin/audit through forged callback requests: an admin manages users and
reads the log; every other role gets no user data, and its attempts land in the audit log."""

from __future__ import annotations

import json
import uuid
from types import SimpleNamespace

import dash
import pytest
from sqlalchemy import func, select

from callbacks.registry import ERROR_HEADER
from dashboard import strings
from dashboard.ids import AdminAudit, AdminUsers
from dashboard.models import AuditEvent, User
from data_access import audit, database, users
from tests.conftest import login
from tests.http.forge import all_server_callbacks

PASSWORD = "Надёжный-пароль-31"
NON_ADMIN = ["region", "district", "director", "viewer"]


# ------------------------------------------------------------------ forging helpers


def _callback(app, name: str):
    """The server callback `name`; entries without a Python function (Dash's own clientside
    page-title callback, added at the first request) are skipped."""
    server_side = SimpleNamespace(
        callback_map={k: v for k, v in app.callback_map.items() if "callback" in v}
    )
    return next(c for c in all_server_callbacks(server_side) if c.name == name)


def call(
    client, app, name: str, values: dict | None = None, changed: str | tuple[str, ...] | None = None
):
    """POST the callback `name` with `values` by component id (others null); `changed` is the
    id (or ids) whose property the browser would report as the trigger (default: the first
    input). A `search` value fills the State of the page's Location."""
    spec = _callback(app, name)
    values = values or {}

    def value(slot: dict):
        return values.get("search") if slot["property"] == "search" else values.get(slot["id"])

    inputs = [{**slot, "value": value(slot)} for slot in spec.inputs]
    state = [{**slot, "value": value(slot)} for slot in spec.state]
    wanted = (changed,) if isinstance(changed, str) else changed
    triggers = [s for s in spec.inputs if s["id"] in wanted] if wanted else spec.inputs[:1]
    body = {
        "output": spec.output,
        "outputs": spec.outputs,
        "inputs": inputs,
        "state": state,
        "changedPropIds": [f"{t['id']}.{t['property']}" for t in triggers],
    }
    return client.post("/_dash-update-component", json=body)


def answer(response) -> dict:
    """{component id: {property: value}} of a 200 answer; {} for 'no update' (204)."""
    assert response.status_code in {200, 204}, response.status_code
    return response.get_json()["response"] if response.status_code == 200 else {}


def text(response) -> str:
    return json.dumps(answer(response), ensure_ascii=False)


@pytest.fixture(autouse=True)
def _no_throttle_left_over(app):
    """Sign-in throttling counts failures per IP and every test client is 127.0.0.1: start each
    test as if a minute had passed since the failed logins other test modules make on purpose."""
    app.server.extensions["oko_cache"].clear()


def audit_count(engine, **where) -> int:
    with engine.connect() as conn:
        stmt = select(func.count()).select_from(AuditEvent)
        for column, value in where.items():
            stmt = stmt.where(getattr(AuditEvent, column) == value)
        return conn.execute(stmt).scalar_one()


def account(engine, login_name: str):
    with database.bind(engine):
        return users.account_by_login(login_name)


def new_login() -> str:
    return f"page-{uuid.uuid4().hex[:8]}"


def add_through_page(client, app, login_name: str, role: str = "viewer", **extra):
    values = {
        AdminUsers.ADD: 1,
        AdminUsers.LOGIN: login_name,
        AdminUsers.ROLE: role,
        AdminUsers.PASSWORD: PASSWORD,
        AdminUsers.CONFIRM: PASSWORD,
        **extra,
    }
    return call(client, app, "add_user", values)


def press(client, app, button: str, target: str, **extra):
    values = {button: 1, AdminUsers.TARGET: target, **extra}
    return call(client, app, "change_user", values, changed=button)


# ------------------------------------------------------------------ pages


@pytest.mark.parametrize("path", ["/admin/users", "/admin/audit"])
def test_admin_pages_are_built_and_query_nothing_at_layout_time(app, path):
    page = next(p for p in dash.page_registry.values() if p["path"] == path)
    rendered = str(page["layout"]())
    assert strings.NOT_BUILT not in rendered
    assert "director" not in rendered  # no user data in the layout itself


# ------------------------------------------------------------------ /admin/users


def test_admin_sees_every_login_in_the_users_table(client_for, app):
    body = text(call(client_for("admin"), app, "load_users", {AdminUsers.LOCATION: "/admin/users"}))
    for name in ("admin", "region", "district", "director", "viewer"):
        assert f'"{name}"' in body
    assert strings.ROLE_NAMES["school"] in body and strings.USERS_COLUMNS["sessions"] in body
    assert strings.ACCESS_DENIED not in body


@pytest.mark.parametrize("who", NON_ADMIN)
def test_other_roles_get_no_user_data_and_are_audited(client_for, app, engine, who):
    client = client_for(who)
    before = audit_count(engine, user_login=who, action="callback", outcome="denied")
    response = call(client, app, "load_users", {AdminUsers.LOCATION: "/admin/users"})
    out = answer(response)
    body = text(response)
    assert strings.ACCESS_DENIED in body
    assert out[AdminUsers.BODY]["hidden"] is True and out[AdminUsers.TARGET]["options"] == []
    for name in {"admin", "region", "district", "director", "viewer"} - {who}:
        assert f'"{name}"' not in body
    assert audit_count(engine, user_login=who, action="callback", outcome="denied") == before + 1


@pytest.mark.parametrize("who", NON_ADMIN)
def test_other_roles_cannot_add_disable_or_reset(client_for, app, engine, who):
    client = client_for(who)
    forged = new_login()
    before = audit_count(engine, user_login=who, outcome="denied")
    assert strings.ACCESS_DENIED in text(add_through_page(client, app, forged, role="admin"))
    assert strings.ACCESS_DENIED in text(press(client, app, AdminUsers.DISABLE, "admin"))
    assert strings.ACCESS_DENIED in text(
        press(
            client,
            app,
            AdminUsers.RESET,
            who,
            **{AdminUsers.NEW_PASSWORD: PASSWORD, AdminUsers.NEW_CONFIRM: PASSWORD},
        )
    )
    assert account(engine, forged) is None
    assert account(engine, "admin").is_active
    assert audit_count(engine, user_login=who, outcome="denied") == before + 3
    for action in ("user_add", "user_disable", "user_password_reset"):
        assert audit_count(engine, user_login=who, action=action, outcome="denied") >= 1
    with engine.connect() as conn:  # the refused change is named in its row, as a success is
        asked, detail = conn.execute(
            select(AuditEvent.scope_asked, AuditEvent.detail)
            .where(AuditEvent.user_login == who, AuditEvent.action == "user_add")
            .order_by(AuditEvent.id.desc())
            .limit(1)
        ).one()
    assert asked == forged and detail == "role=admin"
    # the forger's own password did not change: it can still sign in
    assert login(app.server.test_client(), who).status_code == 302


def test_admin_adds_a_user_and_the_change_is_audited(client_for, app, engine):
    admin = client_for("admin")
    name = new_login()
    out = answer(
        add_through_page(
            admin, app, name, role="school", **{AdminUsers.SCHOOL: _school_code(engine)}
        )
    )
    assert name in json.dumps(out[AdminUsers.ADD_FEEDBACK], ensure_ascii=False)
    assert out[AdminUsers.PASSWORD]["value"] == "" and out[AdminUsers.CONFIRM]["value"] == ""
    created = account(engine, name)
    assert created.role == "school" and created.school_id is not None and created.is_active
    assert (
        audit_count(
            engine, user_login="admin", action="user_add", outcome="success", scope_asked=name
        )
        == 1
    )
    table = text(call(admin, app, "load_users", {AdminUsers.LOCATION: "/admin/users"}))
    assert f'"{name}"' in table


def _school_code(engine) -> str:
    with database.bind(engine):
        return users.own_school_code(users.scope_for(users.account_by_login("director")))


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({AdminUsers.PASSWORD: "12345678", AdminUsers.CONFIRM: "12345678"}, "распространён"),
        ({AdminUsers.PASSWORD: "short", AdminUsers.CONFIRM: "short"}, "не менее 8"),
        ({AdminUsers.CONFIRM: "Другой-пароль-31"}, strings.USERS_PASSWORD_MISMATCH),
        ({AdminUsers.ROLE: "school"}, strings.USERS_NEED_SCHOOL),
        ({AdminUsers.ROLE: "superuser"}, "неизвестная роль"),
        ({AdminUsers.LOGIN: "bad login!"}, "логин"),
        ({AdminUsers.LOGIN: "director"}, "уже существует"),
    ],
    ids=["common", "short", "mismatch", "school-without-code", "role", "login-chars", "taken"],
)
def test_policy_errors_are_shown_in_russian_and_audited_as_failures(
    client_for, app, engine, values, message
):
    admin = client_for("admin")
    name = values.get(AdminUsers.LOGIN, new_login())
    before = audit_count(engine, user_login="admin", action="user_add", outcome="failure")
    response = add_through_page(admin, app, name, **values)
    out = answer(response)
    assert message in json.dumps(out[AdminUsers.ADD_FEEDBACK], ensure_ascii=False)
    assert AdminUsers.ADDED not in out  # the table is not reloaded
    assert (
        audit_count(engine, user_login="admin", action="user_add", outcome="failure") == before + 1
    )
    if name != "director":
        assert account(engine, name) is None


def test_disabled_user_loses_access_on_the_next_request(client_for, app, engine):
    admin = client_for("admin")
    name = new_login()
    answer(add_through_page(admin, app, name, role="region"))
    victim = app.server.test_client()
    assert login(victim, name, PASSWORD).status_code == 302
    assert victim.get("/_dash-layout").status_code == 200
    live = answer(call(admin, app, "load_users", {AdminUsers.LOCATION: "/admin/users"}))
    assert _sessions_shown(live, name) == 1

    out = answer(press(admin, app, AdminUsers.DISABLE, name))
    assert strings.USERS_DISABLED_DONE.format(login=name) in json.dumps(out, ensure_ascii=False)
    assert victim.get("/_dash-layout").status_code == 401
    assert call(victim, app, "load_overview", {"url": "/"}).status_code == 401
    assert (
        audit_count(
            engine, user_login="admin", action="user_disable", outcome="success", scope_asked=name
        )
        == 1
    )
    live = answer(call(admin, app, "load_users", {AdminUsers.LOCATION: "/admin/users"}))
    assert _sessions_shown(live, name) == 0
    assert strings.USER_DISABLED in json.dumps(live, ensure_ascii=False)

    answer(press(admin, app, AdminUsers.ENABLE, name))
    assert account(engine, name).is_active
    assert victim.get("/_dash-layout").status_code == 401  # the old session stays dead
    assert login(app.server.test_client(), name, PASSWORD).status_code == 302
    assert audit_count(engine, user_login="admin", action="user_enable", outcome="success") >= 1


def _grid(out: dict, grid: str) -> list[dict]:
    """The rows of an AG Grid answer as {header: value}."""
    headers = {c["field"]: c["headerName"] for c in out[grid]["columnDefs"]}
    return [{headers[field]: value for field, value in row.items()} for row in out[grid]["rowData"]]


def _sessions_shown(out: dict, name: str) -> int:
    """The 'active sessions' cell of `name`'s row in the users grid."""
    for row in _grid(out, AdminUsers.TABLE):
        if row[strings.USERS_COLUMNS["login"]] == name:
            return row[strings.USERS_COLUMNS["sessions"]]
    raise AssertionError(f"{name} not in the table")


def test_the_users_list_is_filtered_and_its_filters_live_in_the_address(client_for, app):
    admin = client_for("admin")
    login_column = strings.USERS_COLUMNS["login"]
    opened = answer(
        call(
            admin,
            app,
            "load_users",
            {AdminUsers.LOCATION: "/admin/users", "search": "?role=region&state=active"},
        )
    )
    rows = _grid(opened, AdminUsers.TABLE)
    assert "region" in [r[login_column] for r in rows] and "director" not in str(rows)
    assert {
        (r[strings.USERS_COLUMNS["role"]], r[strings.USERS_COLUMNS["state"]]) for r in rows
    } == {(strings.ROLE_NAMES["region"], strings.USER_ACTIVE)}
    assert opened[AdminUsers.FILTER_ROLE]["value"] == "region"
    assert opened[AdminUsers.FILTER_STATE]["value"] == "active"
    assert AdminUsers.LOCATION not in opened  # the address already says it
    assert len(opened[AdminUsers.TARGET]["options"]) >= 5  # the actions still offer everyone
    # the count above the table is the table's, of every account
    everyone = len(opened[AdminUsers.TARGET]["options"])
    assert opened[AdminUsers.SUMMARY]["children"] == strings.USERS_SHOWN.format(
        shown=len(rows), total=everyone
    )
    picked = answer(
        call(
            admin,
            app,
            "load_users",
            {
                AdminUsers.LOCATION: "/admin/users",
                AdminUsers.FILTER_ROLE: "school",
                "search": "?role=region&state=active",
            },
            changed=AdminUsers.FILTER_ROLE,
        )
    )
    assert "director" in [r[login_column] for r in _grid(picked, AdminUsers.TABLE)]
    assert {r[strings.USERS_COLUMNS["role"]] for r in _grid(picked, AdminUsers.TABLE)} == {
        strings.ROLE_NAMES["school"]
    }
    assert picked[AdminUsers.LOCATION]["search"] == "?role=school"
    assert AdminUsers.FILTER_ROLE not in picked  # the control is not overwritten while in use
    forged = answer(
        call(
            admin,
            app,
            "load_users",
            {AdminUsers.LOCATION: "/admin/users", "search": "?role=superuser&state=[1]"},
        )
    )
    assert forged[AdminUsers.FILTER_ROLE]["value"] is None
    assert forged[AdminUsers.LOCATION]["search"] == ""
    disabled = strings.USER_DISABLED
    rules = opened[AdminUsers.TABLE]["rowClassRules"]["text-muted"]
    assert f'"{disabled}"' in rules  # a disabled account's row is greyed


def test_admin_resets_a_password(client_for, app, engine):
    admin = client_for("admin")
    name = new_login()
    answer(add_through_page(admin, app, name))
    user = app.server.test_client()
    login(user, name, PASSWORD)
    new = "Новый-пароль-для-теста-5"
    mismatch = answer(
        press(
            admin,
            app,
            AdminUsers.RESET,
            name,
            **{AdminUsers.NEW_PASSWORD: new, AdminUsers.NEW_CONFIRM: new + "x"},
        )
    )
    assert strings.USERS_PASSWORD_MISMATCH in json.dumps(mismatch, ensure_ascii=False)
    out = answer(
        press(
            admin,
            app,
            AdminUsers.RESET,
            name,
            **{AdminUsers.NEW_PASSWORD: new, AdminUsers.NEW_CONFIRM: new},
        )
    )
    assert strings.USERS_PASSWORD_DONE.format(login=name) in json.dumps(out, ensure_ascii=False)
    assert out[AdminUsers.NEW_PASSWORD]["value"] == ""
    assert user.get("/_dash-layout").status_code == 401
    assert login(app.server.test_client(), name, new).status_code == 302
    assert (
        audit_count(
            engine,
            user_login="admin",
            action="user_password_reset",
            outcome="success",
            scope_asked=name,
        )
        == 1
    )
    assert (
        audit_count(
            engine,
            user_login="admin",
            action="user_password_reset",
            outcome="failure",
            scope_asked=name,
        )
        == 1
    )
    with engine.connect() as conn:
        details = conn.execute(
            select(AuditEvent.detail).where(AuditEvent.scope_asked == name)
        ).scalars()
        assert all(new not in (d or "") for d in details)  # passwords never reach the log


def test_admin_cannot_disable_itself(client_for, app, engine):
    out = answer(press(client_for("admin"), app, AdminUsers.DISABLE, "admin"))
    assert strings.USERS_NOT_SELF in json.dumps(out, ensure_ascii=False)
    assert account(engine, "admin").is_active


@pytest.mark.parametrize("junk", [None, ["x"], {"a": 1}, "текст", 3.5, True])
def test_junk_inputs_get_no_update_never_500(client_for, app, engine, junk):
    admin = client_for("admin")
    for name in ("add_user", "change_user"):
        spec = _callback(app, name)
        values = {slot["id"]: junk for slot in spec.inputs + spec.state}
        assert call(admin, app, name, values).status_code == 204
    values = {
        AdminUsers.ADD: 1,
        AdminUsers.LOGIN: junk,
        AdminUsers.ROLE: junk,
        AdminUsers.PASSWORD: junk,
        AdminUsers.CONFIRM: junk,
    }
    response = call(admin, app, "add_user", values)
    assert response.status_code == 200
    if not isinstance(junk, str):
        assert strings.USERS_FILL_REQUIRED in text(response)


# ------------------------------------------------------------------ /admin/audit


def events_values(**filters) -> dict:
    keys = {
        "since": AdminAudit.DATE_FROM,
        "until": AdminAudit.DATE_TO,
        "login": AdminAudit.LOGIN,
        "action": AdminAudit.ACTION,
        "outcome": AdminAudit.OUTCOME,
        "page": AdminAudit.PAGER,
    }
    return {keys[k]: v for k, v in filters.items()}


def test_admin_reads_the_log_in_russian_without_logging_it(client_for, app, engine):
    admin = client_for("admin")
    before = audit_count(engine)
    actions = answer(call(admin, app, "load_actions", {AdminAudit.LOCATION: "/admin/audit"}))
    assert actions[AdminAudit.BODY]["hidden"] is False
    assert {"label": strings.AUDIT_ACTIONS["login"], "value": "login"} in actions[
        AdminAudit.ACTION
    ]["options"]
    labels = [option["label"] for option in actions[AdminAudit.ACTION]["options"]]
    assert labels == sorted(labels)  # ordered by the Russian names the filter shows
    out = answer(call(admin, app, "load_events", events_values(action="login", page=1)))
    body = json.dumps(out, ensure_ascii=False)
    assert strings.AUDIT_COLUMNS["at"] in body and "UTC" not in body
    # the scope in users' terms, never Scope.describe()'s «admin region=None»
    assert "администратор, весь регион" in body and "region=" not in body and "None" not in body
    assert strings.AUDIT_ACTIONS["login"] in body and '"login"' not in body
    assert out[AdminAudit.PAGER]["active_page"] == 1
    assert audit_count(engine) == before  # reading the log is not itself logged


def test_the_log_shows_downloads_and_command_line_changes_in_russian(client_for, app, engine):
    """The actions issue 18 §7 added (a download, a user change made with `oko users`) are
    offered by the action filter and shown in words, with the command's OS user and host."""
    with database.bind(engine):
        audit.record(
            "download",
            "success",
            scope=users.scope_for(users.account_by_login("viewer")),
            ip="10.1.2.3",
            asked="procedure=vpr/__all__/0/2023",
            detail="rankings.municipalities format=csv rows=10",
        )
        audit.record(
            "user_totp",
            "success",
            login="ops-alice",
            role="cli",
            ip="oko-host",
            asked="boss",
            detail="on",
        )
    admin = client_for("admin")
    actions = answer(call(admin, app, "load_actions", {AdminAudit.LOCATION: "/admin/audit"}))
    options = actions[AdminAudit.ACTION]["options"]
    for action in ("download", "user_totp"):
        assert {"label": strings.AUDIT_ACTIONS[action], "value": action} in options
    downloads = json.dumps(
        answer(call(admin, app, "load_events", events_values(action="download", page=1))),
        ensure_ascii=False,
    )
    what = strings.AUDIT_DOWNLOADS["rankings.municipalities"]
    assert strings.AUDIT_DETAIL_DOWNLOAD_ROWS.format(what=what, format="CSV", rows=10) in downloads
    assert "10.1.2.3" in downloads and "format=" not in downloads
    totp = json.dumps(
        answer(call(admin, app, "load_events", events_values(action="user_totp", page=1))),
        ensure_ascii=False,
    )
    assert strings.AUDIT_ROLE_CLI in totp and "ops-alice" in totp and "oko-host" in totp
    assert strings.AUDIT_DETAIL_TOTP["on"] in totp


def test_the_log_is_filtered_and_paged_on_the_server(client_for, app, engine):
    action = f"test_{uuid.uuid4().hex[:8]}"
    with database.bind(engine):
        for i in range(57):
            audit.record(action, "success" if i % 3 else "denied", login=f"pager-{i:02d}")
    admin = client_for("admin")
    first = answer(call(admin, app, "load_events", events_values(action=action)))
    assert first[AdminAudit.PAGER]["max_value"] == 2
    assert "pager-56" in json.dumps(first, ensure_ascii=False)  # newest first
    assert "pager-00" not in json.dumps(first, ensure_ascii=False)
    assert "1–50" in first[AdminAudit.SUMMARY]["children"]
    second = answer(
        call(
            admin,
            app,
            "load_events",
            events_values(action=action, page=2),
            changed=AdminAudit.PAGER,
        )
    )
    assert second[AdminAudit.PAGER]["active_page"] == 2
    body = json.dumps(second, ensure_ascii=False)
    assert "pager-00" in body and "pager-56" not in body
    assert "51–57" in second[AdminAudit.SUMMARY]["children"]
    # a filter change goes back to page 1
    denied = answer(
        call(
            admin,
            app,
            "load_events",
            events_values(action=action, outcome="denied", page=2),
            changed=AdminAudit.OUTCOME,
        )
    )
    assert (
        denied[AdminAudit.PAGER]["active_page"] == 1 and denied[AdminAudit.PAGER]["max_value"] == 1
    )
    assert "pager-03" in json.dumps(denied, ensure_ascii=False)
    assert "pager-04" not in json.dumps(denied, ensure_ascii=False)
    by_login = answer(
        call(admin, app, "load_events", events_values(action=action, login="PAGER-1"))
    )
    assert "из 10" in by_login[AdminAudit.SUMMARY]["children"]
    future = answer(
        call(admin, app, "load_events", events_values(action=action, since="2999-01-01"))
    )
    assert strings.AUDIT_EMPTY in json.dumps(future, ensure_ascii=False)


def test_the_log_view_lives_in_the_address(client_for, app, engine):
    action = f"test_{uuid.uuid4().hex[:8]}"
    with database.bind(engine):
        for i in range(60):
            audit.record(action, "denied" if i % 2 else "success", login=f"addr-{i:02d}")
    admin = client_for("admin")
    search = f"?since=2000-01-01&action={action}&outcome=denied&page=2&login=addr"
    restored = answer(
        call(admin, app, "load_actions", {AdminAudit.LOCATION: "/admin/audit", "search": search})
    )
    assert restored[AdminAudit.ACTION]["value"] == action
    assert restored[AdminAudit.OUTCOME]["value"] == "denied"
    assert restored[AdminAudit.DATE_FROM]["date"] == "2000-01-01"
    assert restored[AdminAudit.DATE_TO]["date"] is None
    assert restored[AdminAudit.LOGIN]["value"] == "addr"
    assert restored[AdminAudit.PAGER]["active_page"] == 2
    # the restored controls run load_events once, every one of them changed: page 2 stays
    controls = {
        AdminAudit.DATE_FROM: "2000-01-01",
        AdminAudit.LOGIN: "addr",
        AdminAudit.ACTION: action,
        AdminAudit.OUTCOME: "denied",
        AdminAudit.PAGER: 2,
        "search": search,
    }
    events = answer(call(admin, app, "load_events", controls, changed=tuple(controls)[:-1]))
    assert events[AdminAudit.PAGER]["active_page"] == 1  # 30 denied rows fit on one page
    assert events[AdminAudit.LOCATION]["search"] == (
        f"?since=2000-01-01&login=addr&action={action}&outcome=denied"
    )
    assert len(events[AdminAudit.TABLE]["rowData"]) == 30
    # a refused row is marked in red
    outcome_field = next(
        c["field"]
        for c in events[AdminAudit.TABLE]["columnDefs"]
        if c["headerName"] == strings.AUDIT_COLUMNS["outcome"]
    )
    assert events[AdminAudit.TABLE]["rowClassRules"]["bg-danger-subtle"] == (
        f'!!params.data && (params.data.{outcome_field} === "{strings.AUDIT_OUTCOMES["denied"]}")'
    )
    # without the outcome filter there are two pages, and page 2 is kept from the address
    both = {**controls, AdminAudit.OUTCOME: None, "search": f"?action={action}&page=2"}
    second = answer(call(admin, app, "load_events", both, changed=tuple(controls)[:-1]))
    assert second[AdminAudit.PAGER]["active_page"] == 2
    assert second[AdminAudit.LOCATION]["search"].endswith("&page=2")
    unknown = answer(
        call(
            admin,
            app,
            "load_actions",
            {AdminAudit.LOCATION: "/admin/audit", "search": "?action=no-such&outcome=x"},
        )
    )
    assert unknown[AdminAudit.ACTION]["value"] is None
    assert unknown[AdminAudit.OUTCOME]["value"] is None


@pytest.mark.parametrize("who", NON_ADMIN)
def test_other_roles_cannot_read_the_log_and_are_audited(client_for, app, engine, who):
    client = client_for(who)
    before = audit_count(engine, user_login=who, outcome="denied")
    actions = call(client, app, "load_actions", {AdminAudit.LOCATION: "/admin/audit"})
    assert strings.ACCESS_DENIED in text(actions)
    assert answer(actions)[AdminAudit.BODY]["hidden"] is True
    events = call(client, app, "load_events", events_values(action="login"))
    assert events.status_code == 204
    assert audit_count(engine, user_login=who, outcome="denied") == before + 2


@pytest.mark.parametrize("junk", [None, ["x"], {"a": 1}, "2024-13-45", 3.5, -1])
def test_audit_filters_of_any_shape_never_500(client_for, app, junk):
    slots = (
        AdminAudit.DATE_FROM,
        AdminAudit.DATE_TO,
        AdminAudit.LOGIN,
        AdminAudit.ACTION,
        AdminAudit.OUTCOME,
        AdminAudit.PAGER,
        "search",
    )
    response = call(
        client_for("admin"),
        app,
        "load_events",
        dict.fromkeys(slots, junk),
        changed=AdminAudit.PAGER,
    )
    assert response.status_code == 200 and ERROR_HEADER not in response.headers


def test_users_table_is_not_visible_to_a_disabled_admin(app, engine):
    name = new_login()
    with database.bind(engine):
        users.add_user(users.SYSTEM, name, PASSWORD, "admin")
    client = app.server.test_client()
    assert login(client, name, PASSWORD).status_code == 302
    assert call(client, app, "load_users", {AdminUsers.LOCATION: "/admin/users"}).status_code == 200
    with database.bind(engine):
        users.set_active(users.SYSTEM, name, False)
    response = call(client, app, "load_users", {AdminUsers.LOCATION: "/admin/users"})
    assert response.status_code == 401
    assert "director" not in response.get_data(as_text=True)
    with engine.connect() as conn:
        assert conn.execute(select(User.is_active).where(User.login == name)).scalar_one() is False
