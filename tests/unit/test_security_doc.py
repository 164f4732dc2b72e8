"""docs/security.md names the test behind each control: every test it names must exist."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "security.md"
FILE = re.compile(r"`(tests/[\w/]+\.py)((?:::\w+)?)`")
TEST = re.compile(r"`::(\w+)`")


def _names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}


def _test_names(name: str, names: set[str]) -> bool:
    """`name` is a test or the start of one (the doc shortens long names with «…»)."""
    return any(n == name or n.startswith(name) for n in names)


def test_every_test_the_security_page_names_exists():
    text = DOC.read_text(encoding="utf-8")
    found, missing = 0, []
    for paragraph in text.split("\n- "):
        current = None
        for match in re.finditer(r"`(tests/[\w/]+\.py)(?:::(\w+))?`|`::(\w+)`", paragraph):
            path, name, short = match.groups()
            if path:
                current = ROOT / path
                if not current.exists():
                    missing.append(path)
                    continue
                found += 1
            name = name or short
            if name and current is not None and current.exists():
                if not _test_names(name, _names(current)):
                    missing.append(f"{current.relative_to(ROOT)}::{name}")
                found += 1
    assert found >= 30
    assert not missing, missing
