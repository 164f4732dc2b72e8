"""Fixtures the HTTP tests share: the app's callbacks by name and its database engine."""

from __future__ import annotations

import pytest

from tests.http.forge import all_server_callbacks


@pytest.fixture(scope="module")
def callbacks(app):
    """Every server callback of the app, by its name (for forged posts)."""
    return {c.name: c for c in all_server_callbacks(app)}


@pytest.fixture
def engine(app):
    return app.server.extensions["oko_engine"]
