"""The engine stays pure: importing it pulls in no Textual, no YAML, and it opens no files."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parent.parent / "game" / "engine"


def test_engine_imports_no_front_end_or_loader() -> None:
    code = (
        "import sys, game.engine, game.engine.batch, game.engine.game;"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'yaml')"
        " or m.startswith(('game.tui', 'game.content', 'game.saves.best_person', 'game.cli')));"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_engine_source_touches_no_files() -> None:
    forbidden = {"open", "eval", "exec", "compile", "__import__"}
    for path in ENGINE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in forbidden, (
                    f"{path.name}:{node.lineno} calls {node.func.id}()"
                )
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] + (
                    [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
                )
                for name in names:
                    assert name.split(".")[0] not in {
                        "os",
                        "pathlib",
                        "io",
                        "shutil",
                        "yaml",
                        "textual",
                        "rich",
                    }, f"{path.name} imports {name}"


def test_import_linter_contract() -> None:
    root = ENGINE.parent.parent
    lint = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(lint)], capture_output=True, text=True, cwd=root)
    assert out.returncode == 0, out.stdout + out.stderr
    assert " 0 broken" in out.stdout and "KEPT" in out.stdout
    assert "serve is a front end" in out.stdout  # the contract of issue 12 is checked too
