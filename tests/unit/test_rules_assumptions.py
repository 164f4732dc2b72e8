"""Every threshold of dashboard/rules.py says whether a document sets it or OKO chose it.

The rule (dashboard/rules.py docstring): each module-level constant has, in the comment above it
(a group of constants written together shares one comment), a line starting ``Source:`` that
cites a document or ``Choice:`` that marks OKO's own choice. The file is parsed, not imported,
so the check sees the comments exactly as a reader does.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "dashboard" / "rules.py"
OBJECTIVITY = ROOT / "dashboard" / "analytics" / "objectivity.py"
CONSTANT = re.compile(r"^[A-Z][A-Z0-9_]*$")
# "Source:" must be followed by a citation, "Choice:" by a reason or at least a word.
MARKER = re.compile(r"^#\s*(Source|Choice):\s*(\S.*)$")


def _comments(source: str) -> dict[int, str]:
    """Line number → text of each comment token."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return {t.start[0]: t.string for t in tokens if t.type == tokenize.COMMENT}


def constant_notes(source: str) -> dict[str, list[str]]:
    """Constant name → the comment lines that document it.

    The comment lines of a constant are those between the previous module-level statement and
    the constant itself; a constant right after another one with no comment of its own shares
    the comment of the one before (a group such as OBJECTIVITY_WINDOW_BELOW / _AT).
    """
    comments = _comments(source)
    tree = ast.parse(source)
    notes: dict[str, list[str]] = {}
    previous_end, previous_note = 0, None
    for node in tree.body:
        own = [comments[i] for i in range(previous_end + 1, node.lineno) if i in comments]
        targets = []
        if isinstance(node, ast.Assign):
            targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            targets = [node.target.id]
        names = [n for n in targets if CONSTANT.match(n)]
        if names:
            note = own if own else (previous_note or [])
            for name in names:
                notes[name] = note
            previous_note = note
        else:
            previous_note = None
        previous_end = node.end_lineno or node.lineno
    return notes


def markers(lines: list[str]) -> list[tuple[str, str]]:
    return [(m[1], m[2]) for m in (MARKER.match(line) for line in lines) if m]


NOTES = constant_notes(RULES.read_text(encoding="utf-8"))


def test_the_parser_finds_the_constants() -> None:
    # A sample of constants of every part of the module, so an empty parse cannot pass.
    expected = {
        "DEFAULT_MIN_CELL",
        "LOW_RESULTS_SHARE",
        "ADVERSE_CONDITIONS_SHARE",
        "OBJECTIVITY_FDR",
        "OBJECTIVITY_WINDOW_AT",
        "RESILIENT_SOCIAL_SHARE",
        "FUNNEL_Z",
        "KPI_TRAINING_VALID_YEARS",
        "ROADMAP_COMMENT_MAX",
        "SCHOOL_YEAR_STARTS",
        "EVIDENCE_TYPES",
        "PROCEDURE_CI_LEVEL",
    }
    assert expected <= set(NOTES)
    assert len(NOTES) >= 40


@pytest.mark.parametrize("name", sorted(NOTES))
def test_every_constant_says_where_its_value_comes_from(name: str) -> None:
    found = markers(NOTES[name])
    assert found, (
        f"{name} in dashboard/rules.py: add a comment line above it starting 'Source:' (cite the "
        "document) or 'Choice:' (OKO's choice, with the reason)"
    )


@pytest.mark.parametrize("name", sorted(NOTES))
def test_a_source_cites_something(name: str) -> None:
    for kind, text in markers(NOTES[name]):
        if kind == "Source":
            # a citation names a document: a seed, a law, an order or a publication with a year
            assert re.search(r"seed \d{3}|ФЗ|приказ|\d{4}", text + " ".join(NOTES[name])), name


@pytest.mark.parametrize("name", ["LOW_RESULTS_SHARE", "ADVERSE_CONDITIONS_SHARE"])
def test_the_category_cut_offs_are_choices_not_regional_practice(name: str) -> None:
    found = markers(NOTES[name])
    assert [kind for kind, _ in found] == ["Choice"]
    assert "practice" not in " ".join(NOTES[name]).lower()
    assert "regional ШНСУ lists" not in " ".join(NOTES[name]).replace("\n", " ").replace("# ", "")


def test_helpers_on_examples() -> None:
    source = (
        "# Choice: two\nA = 1\nB = 2\n\n# no marker\nC = 3\n"
        "def f():\n    pass\n# Source: seed 004\nD = 4\nlower = 5\n"
    )
    notes = constant_notes(source)
    assert set(notes) == {"A", "B", "C", "D"}
    assert markers(notes["A"]) == [("Choice", "two")] == markers(notes["B"])
    assert markers(notes["C"]) == []
    assert markers(notes["D"]) == [("Source", "seed 004")]


def _callers(source: str, function: str) -> set[str]:
    """Names of the top-level functions whose body calls ``function``."""
    found = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef):
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Name)
                    and call.func.id == function
                ):
                    found.add(node.name)
    return found


def test_the_objectivity_comment_says_where_benjamini_hochberg_is_applied() -> None:
    # The comment once said each sign's p-values are BH-corrected; the code corrects only the
    # combined score. The comment must name every function that corrects, and say the signs are
    # not corrected as long as detect() (which decides «сработал») does not.
    callers = _callers(OBJECTIVITY.read_text(encoding="utf-8"), "bh_qvalues")
    assert callers, "objectivity.py no longer calls bh_qvalues: update the rules comment"
    note = " ".join(line.lstrip("# ") for line in NOTES["OBJECTIVITY_FDR"])
    for name in callers:
        assert name in note
    if "detect" not in callers:
        assert "NOT corrected" in note
        assert "RAW p-value" in " ".join(NOTES["OBJECTIVITY_SIGN_ALPHA"])
