"""Drive a Dash background callback over HTTP as the renderer does: one POST starts the job
(answered with cacheKey and job), then the same POST with ?cacheKey=&job= and the inputs
emptied until the answer carries `response`."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field


@dataclass
class Run:
    """What following one job showed: every progress update and the final answer."""

    key: str
    job: str
    progress: list[dict] = field(default_factory=list)
    answer: dict | None = None  # the final JSON; None for an answer of nothing (204)


def start(client, body: dict):
    """POST the callback; (cacheKey, job) when a job started, else the response itself."""
    response = client.post(
        "/_dash-update-component", data=json.dumps(body), content_type="application/json"
    )
    data = response.get_json(silent=True) if response.status_code == 200 else None
    if isinstance(data, dict) and "cacheKey" in data:
        return data["cacheKey"], str(data["job"])
    return response


def poll_once(client, body: dict, key: str, job: str):
    emptied = {
        **body,
        "inputs": [{**s, "value": None} for s in body["inputs"]],
        "state": [{**s, "value": None} for s in body["state"]],
    }
    return client.post(
        f"/_dash-update-component?cacheKey={key}&job={job}",
        data=json.dumps(emptied),
        content_type="application/json",
    )


def follow(client, body: dict, key: str, job: str, timeout: float = 30.0) -> Run:
    """Poll until the job answers (or answers nothing); raise after `timeout` seconds."""
    run = Run(key, job)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = poll_once(client, body, key, job)
        if response.status_code == 204:
            return run
        assert response.status_code == 200, response.get_data(as_text=True)[:500]
        data = response.get_json()
        if data.get("progress"):
            run.progress.append(data["progress"])
        if "response" in data:
            run.answer = data
            return run
        time.sleep(0.05)
    raise AssertionError(f"job {job} did not answer in {timeout} s")
