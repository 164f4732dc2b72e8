"""The folder map of docs/architecture.md, checked: data flows one way, and the pure layers
stay pure. Every module is parsed (not imported), so an import inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# folder → packages its modules may not import (a name matches itself and its submodules;
# "dash" also matches the dash_* component libraries, "flask" the flask_* extensions)
FORBIDDEN = {
    "data_access": ("dash", "callbacks", "pages", "dashboard.web"),
    "dashboard/analytics": (
        "sqlalchemy",
        "dash",
        "flask",
        "data_access",
        "callbacks",
        "pages",
        "dashboard.web",
    ),
    "dashboard/figures": ("data_access", "sqlalchemy", "flask"),
}
FAMILIES = ("dash", "flask")  # top-level names whose `<name>_*` packages belong to them


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(path: Path) -> set[str]:
    """Every module a file imports, absolute; `from a import b` also yields `a.b`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def _matches(name: str, forbidden: str) -> bool:
    if name == forbidden or name.startswith(forbidden + "."):
        return True
    top = name.split(".")[0]
    return forbidden in FAMILIES and top.startswith(forbidden + "_")


def violations(folder: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        bad = sorted(
            name
            for name in imported_names(path)
            if any(_matches(name, f) for f in FORBIDDEN[folder])
        )
        if bad:
            found[str(path.relative_to(ROOT))] = bad
    return found


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_layer_imports_point_one_way(folder):
    assert (ROOT / folder).is_dir()
    found = violations(folder)
    assert not found, f"{folder} may not import {FORBIDDEN[folder]}:\n" + "\n".join(
        f"  {path}: {', '.join(names)}" for path, names in found.items()
    )


def test_the_checker_sees_every_kind_of_import(tmp_path, monkeypatch):
    """The parser catches plain, from-, relative and function-level imports (so a passing
    test above means something)."""
    package = tmp_path / "data_access"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text(
        "import dash_ag_grid\nfrom dashboard import web\n"
        "def f():\n    from callbacks.registry import SPECS\n"
    )
    (package / "b.py").write_text(
        "from . import scope\nfrom .scope import Scope\nimport dashboard\n"
    )
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert violations("data_access") == {
        "data_access/a.py": [
            "callbacks.registry",
            "callbacks.registry.SPECS",
            "dash_ag_grid",
            "dashboard.web",
        ]
    }
    assert {"data_access.scope", "data_access.scope.Scope"} <= imported_names(package / "b.py")
    assert not _matches("dashboard", "dash") and not _matches("flasky", "flask")
    assert _matches("flask_login", "flask") and _matches("dashboard.web.tables", "dashboard.web")
