"""The content loader's structure: declared shapes, short functions, no crash on odd shapes."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from game.content import fields, schema
from game.content.loader import Sources, check
from game.content.paths import content_dir, scenarios_dir

CONTENT_PACKAGE = Path(fields.__file__).parent
MAX_FUNCTION_LINES = 80


def test_no_function_in_game_content_is_long() -> None:
    """Issue 14: one reader per kind, no 700-line function; ~80 lines at most."""
    long = []
    for path in sorted(CONTENT_PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.name}:{node.lineno} {node.name} ({lines} lines)")
    assert not long, long


@pytest.mark.parametrize("kind", sorted(fields.FIELDS))
def test_every_declared_kind_has_a_json_schema(kind: str) -> None:
    """One declaration per file kind, and each can be rendered for authors' editors."""
    decl = fields.FIELDS[kind]
    out = schema.obj(decl)
    assert set(out["properties"]) == set(fields.names(decl))
    assert out["additionalProperties"] is False


@pytest.fixture
def content(tmp_path: Path) -> Path:
    shutil.copytree(content_dir(), tmp_path / "content")
    shutil.copytree(scenarios_dir(), tmp_path / "scenarios")
    return tmp_path


def _sources(root: Path) -> Sources:
    c = root / "content"
    return Sources(
        model=c / "model.yaml",
        endings=c / "endings.yaml",
        events=sorted((c / "events").glob("*.yaml")),
        scenarios=sorted((root / "scenarios").glob("*.yaml")),
        policies=[c / "policies.yaml"],
        ui=c / "ui.yaml",
        glossary=c / "glossary.yaml",
    )


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(root: Path) -> list[str]:
    model, problems = check(_sources(root))
    assert model is None
    return [str(p) for p in problems]


@pytest.mark.parametrize(
    ("file", "edits", "message"),
    [
        # the meter and policy shapes come from fields.py, like the event's
        ("content/model.yaml", [("  - id: energy\n", "  - id: energy\n    colour: red\n")],
         "meter: unknown field 'colour'"),
        ("content/policies.yaml", [("weights:", "mood: 1\n    weights:")],
         "policy: unknown field 'mood'"),
        # and with the declaration comes the hint, as for events
        ("content/model.yaml", [("  - id: energy\n", "  - id: energy\n    lable: x\n")],
         "meter: unknown field 'lable' (did you mean 'label'?)"),
        # shapes that once ended in a traceback instead of a located line
        ("content/model.yaml",
         [('description: "Needs', '# "Needs'), ("derived:\n", "derived: 5\ndescription:\n")],
         "derived must be a list"),
        ("content/events/history.yaml", [("at: [2010, autumn]", "at: [2010, [autumn]]")],
         "at must be [year, spring|autumn]"),
    ],
)
def test_a_shape_problem_is_one_located_line(
    content: Path, file: str, edits: list[tuple[str, str]], message: str
) -> None:
    for old, new in edits:
        _edit(content / file, old, new)
    problems = _problems(content)
    hits = [p for p in problems if message in p]
    assert hits, problems
    assert hits[0].split(":")[0].endswith(Path(file).name) and hits[0].split(":")[1].isdigit()
