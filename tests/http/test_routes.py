"""Every registered page answers; nothing but /login, /healthz and assets is public."""

from __future__ import annotations

import dash
import pytest

from dashboard.config import Settings

MISSION_PATHS = [
    "/",
    "/schools",
    "/schools/000000",
    "/procedures",
    "/rankings",
    "/objectivity",
    "/experts",
    "/roadmaps",
    "/decisions",
    "/decisions/effectiveness",
    "/training",
    "/voluntary",
    "/admin/imports",
    "/admin/users",
    "/admin/audit",
]


def test_every_mission_page_is_registered(app):
    registered = {page["path"] for page in dash.page_registry.values()}
    templates = {page.get("path_template") for page in dash.page_registry.values()}
    for path in MISSION_PATHS:
        assert path in registered or path == "/schools/000000"
    assert "/schools/<school_code>" in templates


@pytest.mark.parametrize("path", MISSION_PATHS)
def test_every_page_answers_for_a_signed_in_user(client_for, path):
    client = client_for("admin")
    response = client.get(path)
    assert response.status_code == 200
    assert b"_dash-renderer" in response.data or b"dash-renderer" in response.data


@pytest.mark.parametrize("path", MISSION_PATHS)
def test_pages_redirect_to_login_without_a_session(app, path):
    response = app.server.test_client().get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("path", ["/_dash-layout", "/_dash-dependencies"])
def test_dash_endpoints_answer_401_without_a_session(app, path):
    response = app.server.test_client().get(path)
    assert response.status_code == 401
    assert b"overview" not in response.data


def test_callback_endpoint_answers_401_without_a_session(app):
    response = app.server.test_client().post("/_dash-update-component", json={"output": "x.y"})
    assert response.status_code == 401


def test_layout_lists_every_page_in_the_navbar(client_for):
    body = client_for("admin").get("/_dash-layout").get_data(as_text=True)
    for path in [
        "/schools",
        "/procedures",
        "/rankings",
        "/objectivity",
        "/experts",
        "/roadmaps",
        "/decisions",
        "/training",
        "/voluntary",
        "/admin/imports",
    ]:
        assert f'"{path}"' in body.replace("\\u002f", "/")


def test_healthz_reports_database_and_cache(app):
    response = app.server.test_client().get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["database"] == "ok" and body["cache"] == "ok" and body["version"]


def test_healthz_is_503_when_the_database_is_unreachable(tmp_path):
    from dashboard.app import create_app

    settings = Settings(
        env="test",
        secret_key="k" * 40,
        cache_url="simple://",
        testing=True,
        database_url="postgresql+psycopg://nobody@127.0.0.1:1/none",
    )
    response = create_app(settings).server.test_client().get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["database"] == "unreachable"
    assert "psycopg" not in response.get_data(as_text=True)


def test_bootstrap_is_served_locally(app):
    response = app.server.test_client().get("/assets/00-bootstrap-5.3.8.min.css")
    assert response.status_code == 200
    assert b"Bootstrap" in response.data[:200]
    index = app.server.test_client()
    # the index page links no CDN
    from tests.conftest import login

    login(index, "admin")
    html = index.get("/").get_data(as_text=True)
    assert "cdn" not in html.lower()
