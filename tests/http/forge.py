"""Forge Dash callback requests the way an attacker would: any output, any input values."""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class ServerCallback:
    output: str
    outputs: list[dict] | dict
    inputs: list[dict]
    state: list[dict]
    name: str

    def __str__(self) -> str:
        return self.name


def _split_outputs(output: str) -> list[dict] | dict:
    def one(part: str) -> dict:
        ident, prop = part.rsplit(".", 1)
        if ident.startswith("{"):
            ident = json.loads(ident)
        return {"id": ident, "property": prop}

    if output.startswith(".."):
        return [one(p) for p in output.strip(".").split("...")]
    return one(output)


def all_server_callbacks(app) -> list[ServerCallback]:
    """Every server-side callback registered in the app (new ones are covered automatically)."""
    found = []
    for output, spec in app.callback_map.items():
        if "callback" not in spec:  # Dash's own clientside callbacks
            continue
        found.append(
            ServerCallback(
                output=output,
                outputs=_split_outputs(output),
                inputs=[dict(i) for i in spec["inputs"]],
                state=[dict(s) for s in spec.get("state", [])],
                name=getattr(spec["callback"], "__wrapped__", spec["callback"]).__name__,
            )
        )
    return sorted(found, key=lambda c: c.name)


def body_for(callback: ServerCallback, value) -> dict:
    """Put `value` into every Input and State of the callback."""
    inputs = [{**slot, "value": value} for slot in callback.inputs]
    state = [{**slot, "value": value} for slot in callback.state]
    changed = [f"{inputs[0]['id']}.{inputs[0]['property']}"] if inputs else []
    return {
        "output": callback.output,
        "outputs": callback.outputs,
        "inputs": inputs,
        "state": state,
        "changedPropIds": changed,
    }


def forge(client, callback: ServerCallback, value, origin: str | None = None):
    headers = {"Origin": origin} if origin else {}
    return client.post("/_dash-update-component", json=body_for(callback, value), headers=headers)


def planted_app(database_url: str, specs: list, cache_url: str = "null://"):
    """A fresh app with extra callback specs planted in it (on the given database). They leave
    the registry as soon as this app has bound them, so no other app ever sees them."""
    from callbacks import registry
    from dashboard.app import create_app
    from dashboard.config import Settings

    registry.SPECS.extend(specs)
    try:
        return create_app(
            Settings(
                env="test",
                secret_key="x" * 40,
                cache_url=cache_url,
                database_url=database_url,
                testing=True,
            )
        )
    finally:
        registry.SPECS[:] = [s for s in registry.SPECS if not any(s is p for p in specs)]


def post(client, callback: ServerCallback, *values, changed: int = 0):
    """Post `callback` with ``values`` in the order of its inputs, then its states; the input
    number ``changed`` is the one the user touched."""
    body = body_for(callback, None)
    for slot, value in zip(body["inputs"] + body["state"], values, strict=True):
        slot["value"] = value
    touched = body["inputs"][changed]
    body["changedPropIds"] = [f"{touched['id']}.{touched['property']}"]
    # `output` first, as Dash's renderer writes it (json= would sort the keys): a body with a
    # file is allowed its size only for the upload callbacks, read from its first bytes
    data = json.dumps(body)
    return client.post("/_dash-update-component", data=data, content_type="application/json")


def text_of(response) -> str:
    """A callback's answer as text (empty for a refusal's empty 204)."""
    return json.dumps(response.get_json(), ensure_ascii=False) if response.is_json else ""


def scope_of(engine, login: str):
    """The Scope of a demo login, as the app builds it after sign-in."""
    from data_access import database, users

    with database.bind(engine):
        return users.scope_for(users.account_by_login(login))
