"""An administrator's import through the web, as the browser sends it: the background callback
of /admin/imports started once, then polled with its cacheKey and job (dashboard.jobs)."""

from __future__ import annotations

import base64
import json
import time
import urllib.parse

import pyotp
from common import (
    CALLBACK_PATH,
    callbacks_by_output,
    server_callbacks,
    sign_in_form,
)

from dashboard.bench_http import body
from dashboard.bench_server import Client
from dashboard.ids import AdminImports as ids


class NoJob(RuntimeError):
    """The callback answered at once instead of starting a job (its answer is `text`)."""

    def __init__(self, status: int, text: str) -> None:
        super().__init__(f"no job started: HTTP {status} {text[:300]}")
        self.text = text


def signed_in_admin(host: str, accounts: dict) -> Client:
    admin = next(a for a in accounts["accounts"] if a["role"] == "admin")
    client = Client(host)
    page = client.request("/login").body.decode()
    code = pyotp.TOTP(admin["totp_secret"]).now()
    form = sign_in_form(page, admin["login"], accounts["password"], otp=code)
    reply = client.request(
        "/login",
        urllib.parse.urlencode(form).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    if urllib.parse.urlparse(reply.url).path == "/login":
        raise RuntimeError(f"admin sign-in failed (HTTP {reply.status})")
    return client


def start_import(client: Client, csv_bytes: bytes, file_name: str) -> tuple[dict, str, str]:
    """POST the confirm callback; returns (payload, cacheKey, job)."""
    deps = json.loads(client.request("/_dash-dependencies").body)
    by_output = callbacks_by_output(server_callbacks(deps))
    callback = by_output[(ids.RESULT, "children")]
    contents = "data:text/csv;base64," + base64.b64encode(csv_bytes).decode()
    state = {
        (ids.CONFIRM, "n_clicks"): 1,
        (ids.UPLOAD, "contents"): contents,
        (ids.UPLOAD, "filename"): file_name,
        (ids.KIND, "value"): "pupil-results",
    }
    payload = body(callback, state)
    payload["changedPropIds"] = [f"{ids.CONFIRM}.n_clicks"]
    reply = client.request(
        CALLBACK_PATH, json.dumps(payload).encode(), {"Content-Type": "application/json"}
    )
    answer = reply.json() if reply.status == 200 else {}
    if "cacheKey" not in answer:
        raise NoJob(reply.status, reply.body.decode(errors="replace"))
    return payload, answer["cacheKey"], str(answer["job"])


def open_runs(client: Client) -> int:
    """What opening /admin/imports does: the callback that lists the runs (and reaps the ones
    a crash cut off). Returns its HTTP status."""
    deps = json.loads(client.request("/_dash-dependencies").body)
    by_output = callbacks_by_output(server_callbacks(deps))
    state = {(ids.LOCATION, "pathname"): "/admin/imports", (ids.LOCATION, "search"): ""}
    reply = client.request(
        CALLBACK_PATH,
        json.dumps(body(by_output[(ids.RUNS, "rowData")], state)).encode(),
        {"Content-Type": "application/json"},
    )
    return reply.status


def poll(client: Client, payload: dict, key: str, job: str) -> tuple[int, dict | None]:
    emptied = {
        **payload,
        "inputs": [{**s, "value": None} for s in payload["inputs"]],
        "state": [{**s, "value": None} for s in payload["state"]],
    }
    reply = client.request(
        f"{CALLBACK_PATH}?cacheKey={key}&job={job}",
        json.dumps(emptied).encode(),
        {"Content-Type": "application/json"},
    )
    return reply.status, (reply.json() if reply.status == 200 and reply.body else None)


def follow(client: Client, payload: dict, key: str, job: str, timeout: float) -> dict:
    """Poll until the job answers; {'outcome': 'answered'|'nothing'|'timeout', 'progress': …}."""
    seen: list = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, data = poll(client, payload, key, job)
        if status == 204:
            return {"outcome": "nothing", "progress": seen}
        if data and data.get("progress"):
            seen.append(data["progress"])
        if data and "response" in data:
            return {"outcome": "answered", "progress": seen, "response": data["response"]}
        time.sleep(1.0)
    return {"outcome": "timeout", "progress": seen}
