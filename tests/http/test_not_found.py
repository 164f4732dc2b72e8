"""An address no page answers shows OKO's Russian 404 page, not Dash's «404 - Page not found»."""

from __future__ import annotations

import json

from dashboard import strings


def _router(app) -> tuple[str, dict]:
    """Dash pages' own routing callback: the location's path in, the page's layout out."""
    for output, spec in app.callback_map.items():
        if "_pages_content.children" in output:
            return output, spec
    raise AssertionError("Dash pages' router callback not found")


def _route(client, app, path: str) -> str:
    output, spec = _router(app)
    values = {"pathname": path, "search": ""}
    inputs = [{**dict(slot), "value": values.get(slot["property"])} for slot in spec["inputs"]]
    state = [{**dict(slot), "value": None} for slot in spec.get("state", [])]
    outputs = [
        {"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1]}
        for part in output.strip(".").split("...")
    ]
    body = {
        "output": output,
        "outputs": outputs,
        "inputs": inputs,
        "state": state,
        "changedPropIds": [inputs[0]["id"] + "." + inputs[0]["property"]],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.data[:300]
    return json.dumps(response.get_json(), ensure_ascii=False)


def test_an_unknown_address_shows_the_russian_404_page(client_for, app):
    client = client_for("region")
    assert client.get("/no-such-page").status_code == 200  # the app shell, then the router
    shown = _route(client, app, "/no-such-page")
    assert strings.NOT_FOUND_TITLE in shown
    assert strings.NOT_FOUND_BACK in shown
    assert "Page not found" not in shown
    assert '"href": "/"' in shown  # back to «Обзор»


def test_a_known_address_is_not_the_404_page(client_for, app):
    shown = _route(client_for("region"), app, "/schools")
    assert strings.NOT_FOUND_TITLE not in shown
