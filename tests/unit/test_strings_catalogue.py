"""Russian UI text lives in the catalogue `dashboard/strings/` and nowhere else.

Every module of the app is parsed (not imported) and each string literal with a Cyrillic letter
outside a docstring is reported, f-string parts included. The few literals that are not wording
(parsing vocabulary, values as stored in the data) are allowed below, one module at a time.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("callbacks", "pages", "dashboard", "data_access")
EXCLUDED = ("dashboard/strings/", "dashboard/seeds.py", "dashboard/demo/", "dashboard/migrations/")
CATALOGUE = ROOT / "dashboard" / "strings"
CYRILLIC = re.compile("[А-Яа-яЁё]")
CYRILLIC_CAPITAL = re.compile("[А-ЯЁ]")

# module → the exact literals there that are not UI text
ALLOWED: dict[str, set[str]] = {
    # a subject as it is named in the data (DEFAULT_SUBJECT, OGE_MATHS, the naive benchmark)
    "callbacks/pickers.py": {"математика"},
    "data_access/schools.py": {"математика"},
    "dashboard/bench_naive.py": {"математика"},
    # header vocabulary: TASK_COLUMN («задание 1» columns) and the «ё» → «е» normaliser
    "dashboard/ingest/validate.py": {r"^(?:task|задание|зад\.?)[ _№#-]*(\d{1,3})$", "ё", "е"},
    # CODE_RE: an expert's code may be written in Cyrillic
    "data_access/experts.py": {r"^[A-Za-zА-Яа-яЁё0-9_/\-]{3,30}$"},
    # the name of the region row an import creates when the database has none (data)
    "data_access/import_writers.py": {"Регион"},
}

# Modules whose Cyrillic literals are vocabulary matched against lower-cased input: there a
# literal whose Cyrillic letters are all lower-case passes (the words are the users' own, or
# regular expressions of them), while one with a Cyrillic capital, as UI text would have, is
# still reported.
VOCABULARY: dict[str, str] = {
    "dashboard/ingest/schemas.py": "column names and choice values as users type them",
    "dashboard/analytics/periods.py": "month names and period words of roadmap deadlines",
    "dashboard/auth/passwords.py": "the common passwords refused by the policy",
}


def _modules() -> list[Path]:
    paths = []
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if not path.relative_to(ROOT).as_posix().startswith(EXCLUDED):
                paths.append(path)
    return paths


def cyrillic_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of each string constant with a Cyrillic letter, docstrings left out (and any
    other bare string statement, which is documentation too)."""
    tree = ast.parse(source)
    documentation = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in documentation
        and CYRILLIC.search(node.value)
    ]


def _allowed(module: str, text: str) -> bool:
    if text in ALLOWED.get(module, ()):
        return True
    return module in VOCABULARY and not CYRILLIC_CAPITAL.search(text)


def test_no_russian_text_outside_the_catalogue():
    found = []
    for path in _modules():
        module = path.relative_to(ROOT).as_posix()
        for line, text in cyrillic_literals(path.read_text(encoding="utf-8")):
            if not _allowed(module, text):
                found.append(f"  {module}:{line}: {text!r}")
    assert not found, (
        "Russian text belongs in dashboard/strings/ (code reads strings.NAME); if a literal is "
        "not UI text, allow it in this test with a reason:\n" + "\n".join(sorted(found))
    )


def test_the_scan_sees_fstrings_and_skips_docstrings():
    source = (
        '"""Модуль."""\n'
        "def f(n):\n"
        '    """Функция."""\n'
        '    "тоже документация"\n'
        '    return f"Найдено {n} строк", "ok", {"ключ": 1}\n'
    )
    assert sorted(cyrillic_literals(source)) == [(5, " строк"), (5, "Найдено "), (5, "ключ")]
    assert _allowed("dashboard/ingest/schemas.py", "код оо")
    assert _allowed("dashboard/analytics/periods.py", r"(?P<kw>квартал\w*)")
    assert not _allowed("dashboard/ingest/schemas.py", "Образовательные организации")
    assert not _allowed("callbacks/pickers.py", "русский язык")


def _catalogue_modules() -> list[Path]:
    return sorted(p for p in CATALOGUE.glob("*.py") if p.name != "__init__.py")


def _defined_names(path: Path) -> set[str]:
    """Public top-level names of a module: what `from module import *` brings in."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for leaf in ast.walk(target):
                    if isinstance(leaf, ast.Name):
                        names.add(leaf.id)
    return {name for name in names if not name.startswith("_")}


def test_no_two_catalogue_modules_define_the_same_name():
    """The package re-exports every module with a star import: a repeated name would silently
    shadow the other module's text."""
    owners: dict[str, list[str]] = defaultdict(list)
    for path in _catalogue_modules():
        for name in _defined_names(path):
            owners[name].append(path.name)
    repeated = {name: files for name, files in owners.items() if len(files) > 1}
    assert not repeated, f"names defined in more than one strings module: {repeated}"


def test_every_catalogue_module_is_re_exported():
    tree = ast.parse((CATALOGUE / "__init__.py").read_text(encoding="utf-8"))
    starred = {
        node.module
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and [a.name for a in node.names] == ["*"]
    }
    missing = {f"dashboard.strings.{p.stem}" for p in _catalogue_modules()} - starred
    assert not missing, f"add to dashboard/strings/__init__.py: {sorted(missing)}"


def test_the_catalogue_imports_nothing_of_the_project():
    """Every layer imports the catalogue, so the catalogue may import none of them (a cycle)."""
    project = ("dashboard", "data_access", "callbacks", "pages")
    found = []
    for path in _catalogue_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = ["." if node.level else node.module or ""]
            else:
                continue
            found += [
                f"{path.name}: {name}"
                for name in names
                if name == "." or name.split(".")[0] in project
            ]
    assert not found, found


def test_every_catalogue_name_is_used_by_the_code():
    """Wording nobody shows is dead weight that translators and reviewers still read."""
    names = set()
    for module in (ROOT / "dashboard" / "strings").glob("*.py"):
        for node in ast.parse(module.read_text(encoding="utf-8")).body:
            targets = node.targets if isinstance(node, ast.Assign) else []
            names |= {t.id for t in targets if isinstance(t, ast.Name) and t.id.isupper()}
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                names.add(node.name)
    code = "\n".join(
        path.read_text(encoding="utf-8")
        for folder in ("callbacks", "pages", "dashboard", "data_access")
        for path in (ROOT / folder).rglob("*.py")
        if "strings" not in path.relative_to(ROOT).parts[:2]
    )
    unused = sorted(n for n in names if not re.search(rf"\b{re.escape(n)}\b", code))
    assert not unused, unused
