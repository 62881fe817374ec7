"""Every string the app shows exists in Dutch and English (content/ui.yaml and the shared ui-*.yaml)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.content.paths import content_dir
from game.engine.model import INITIATIVES, PERSONS, Model
from game.tui import title_screen
from game.tui.help_screen import KEYS, SCHEMA_LINES
from game.tui.strings import Strings, read_strings

TUI = Path(__file__).resolve().parents[2] / "game" / "tui"


@pytest.fixture(scope="module")
def strings(model: Model) -> Strings:
    s = Strings(read_strings())
    s.shared = model.ui
    return s


def used_keys() -> set[str]:
    keys: set[str] = set()
    for path in TUI.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        keys.update(re.findall(r"""\bt\(\s*["']([a-z0-9_.\-]+)["']""", text))
        keys.update(re.findall(r"""\bt\("(why\.next(?:_debrief)?)" """, text))
    return keys


def test_every_literal_key_exists_in_both_languages(strings: Strings) -> None:
    missing = []
    for key in sorted(used_keys()):
        entry = strings.table.get(key) or strings.shared.get(key)
        if not entry or not entry.get("nl") or not entry.get("en"):
            missing.append(key)
    assert not missing, missing


def test_every_family_of_keys_is_complete(strings: Strings, model: Model) -> None:
    families = (
        [f"title.menu.{k}" for k, _s, _a in title_screen.MENU]
        + [f"help.key.{k}" for k in KEYS]
        + [f"help.key.{k}.keys" for k in KEYS]
        + [f"help.schema.{k}" for k in SCHEMA_LINES]
        + [f"season.{n}" for n in (0, 1)]
        + [f"season.short.{n}" for n in (0, 1)]
        + [f"lang.{lang}" for lang in ("nl", "en")]
        + [f"part.{m.part}" for m in model.meters]
        + [f"part.{r.part}" for r in model.rules if r.part]
        + [f"label.person.{p}" for p in PERSONS]
        + [f"label.initiative.{i}" for i in INITIATIVES]
        + ["label.conclusion", "label.recommendation"]
    )
    missing = [k for k in families if not strings.has(k)]
    assert not missing, missing


def test_every_binding_has_a_footer_description(strings: Strings) -> None:
    import importlib
    import inspect

    from textual.binding import Binding

    missing = []
    for path in sorted(TUI.glob("*.py")):
        module = importlib.import_module(f"game.tui.{path.stem}")
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            for b in cls.__dict__.get("BINDINGS", []):
                if isinstance(b, Binding) and b.id and not strings.has(f"key.{b.id}"):
                    missing.append(f"{cls.__name__}: key.{b.id}")
                if (
                    isinstance(b, Binding)
                    and b.group
                    and not strings.has(f"key.group.{b.group.description}")
                ):
                    missing.append(f"{cls.__name__}: key.group.{b.group.description}")
    assert not missing, missing


def test_no_ui_key_is_defined_in_two_files(model: Model) -> None:
    own = set(read_strings())
    shared_only = {k for k in model.ui if k not in own}
    others = {}
    for path in sorted(content_dir().glob("ui-*.yaml")):
        for key in read_strings(path):
            others[key] = path.name
    assert not (own & set(others)), sorted(own & set(others))
    assert shared_only <= set(others)


def test_the_two_languages_are_not_copies_where_words_differ(strings: Strings) -> None:
    same = [
        k
        for k, v in strings.table.items()
        if v["nl"] == v["en"] and re.search(r"[a-z]{4,} [a-z]{4,}", v["nl"])
    ]
    assert not same, same
