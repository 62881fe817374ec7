"""Adding a language is a content column plus one entry in game.i18n.LANGS.

The test builds a copy of the shipped content in which every ``en:`` text has an ``xx:``
sibling (the English text behind a marker, so it is clearly not a fallback), adds the
language's own name (``lang.xx``), and runs the game in a fresh Python whose only code
change is ``LANGS = ("nl", "en", "xx")``. The title screen, a plain-mode turn, a report
and the command line's help must then speak xx; KOORDDANSER_STRICT_TEXTS (tests/conftest.py)
makes any text the code asks for and the content lacks raise instead of falling back.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
MARK = "ẋ"  # glued in front of each xx text: one letter more, no word more


def with_xx(node: Any) -> Any:
    """The YAML tree with an ``xx`` text beside every mapping that has ``nl`` and ``en``."""
    if isinstance(node, dict):
        out = {k: with_xx(v) for k, v in node.items()}
        if isinstance(out.get("en"), str) and "nl" in out and "xx" not in out:
            out["xx"] = MARK + out["en"]
        return out
    if isinstance(node, list):
        return [with_xx(v) for v in node]
    return node


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # no anchors: the game's reader refuses them
        return True


def _copy_with_xx(src: Path, dst: Path) -> int:
    """Copy a content folder, every YAML file with its xx column; the number of xx texts."""
    shutil.copytree(src, dst)
    count = 0
    for path in sorted(dst.rglob("*.y*ml")):
        if "templates" in path.parts:
            continue  # `koorddanser new`'s templates: text with @ID@ holes, not YAML yet
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        new = with_xx(doc)
        count += yaml.safe_dump(new, allow_unicode=True).count(MARK)
        if path.name == "ui.yaml":
            new["strings"]["lang.xx"] = {"nl": "Xx-taal", "en": "Xx language", "xx": "Ẋẋ"}
        text = yaml.dump(new, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
        path.write_text(text, encoding="utf-8")
    return count


@pytest.fixture(scope="module")
def xx_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("xx")
    assert _copy_with_xx(ROOT / "content", root / "content") > 500
    assert _copy_with_xx(ROOT / "scenarios", root / "scenarios") >= 5
    return root


# Run in a fresh interpreter: LANGS is changed before any game module reads it.
SCRIPT = r"""
import asyncio, io, json, sys
from pathlib import Path

import game.i18n
game.i18n.LANGS = ("nl", "en", "xx")          # the one list entry
import game.content.paths as paths
paths._data_root = lambda: Path(sys.argv[1])  # the content with the xx column

from contextlib import redirect_stdout
from game.cli import main

out = {}
help_text = io.StringIO()
with redirect_stdout(help_text):
    try:
        main(["--help", "--lang", "xx"])
    except SystemExit:
        pass
out["help"] = help_text.getvalue()

sys.stdin = io.StringIO("1\n" * 40)
turn = io.StringIO()
with redirect_stdout(turn):
    code = main(["play", "--plain", "--lang", "xx", "--seed", "5", "--scenario",
                 "cultuurhuis_zwolle"])
out["play_code"] = code
out["play"] = turn.getvalue()

from game.content import load_model
from game.engine import Game
from game.classroom import report

model = load_model()
game = Game(model, model.scenarios["cultuurhuis_zwolle"], 5)
while not game.finished:
    game.choose(next(i for i, ok in enumerate(game.open_choices()) if ok) if game.event else 0)
out["report"] = report.markdown(report.build(model, game, "xx"))

from game.tui.app import KoorddanserApp

async def title():
    app = KoorddanserApp(lang="xx")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        return app.screen.query_one("#title-name").render().plain, app.t("title.name")

out["title"] = list(asyncio.run(title()))
print("\nRESULT" + json.dumps(out, ensure_ascii=False))
"""


def test_a_third_language_needs_only_content_and_one_list_entry(
    xx_root: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "KOORDDANSER_SAVE_DIR": str(tmp_path / "saves"), "PYTHONPATH": str(ROOT)}
    env["KOORDDANSER_STRICT_TEXTS"] = "1"  # a missing xx text raises, never falls back
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(xx_root)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    import json

    result = json.loads(done.stdout.rpartition("\nRESULT")[2])
    title_shown, title_text = result["title"]
    assert title_text.startswith(MARK) and title_shown == title_text
    assert result["help"].count(MARK) >= 5, result["help"]
    assert result["play_code"] == 0
    lines = result["play"].splitlines()
    assert lines[0].startswith(MARK + "Koorddanser — " + MARK)  # heading and scenario title
    assert any(line.startswith(MARK + "Turn 1 of ") for line in lines)
    assert result["report"].count(MARK) >= 20
    for text in (result["help"], result["play"], result["report"]):
        assert "[" + "cli." not in text and "[ui." not in text
