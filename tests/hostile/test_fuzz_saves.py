"""Issue 10.5 (fuzz): arbitrary unicode, markup and escape sequences in any string field
of a save, run through every command that reads saves and through the app.

Passing means: no traceback (each command returns an exit code), no raw control
character or lone surrogate in anything printed, and nothing lost (the file is unchanged
and the good save beside it is still read). Example counts are small for CI; raise them
with HYPOTHESIS_PROFILE=thorough.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hostile_helpers import played
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine.model import Model
from game.saves import best_person as saves

settings.register_profile(
    "ci", max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("thorough", max_examples=300, deadline=None)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")

NASTY = [
    "\ud800", "\udcff", "\x1b[2J\x1b[H", "\x1b]0;title\x07", "\x00", "\r", "\n# heading",
    "[/]", "[b]bold[/b]", "[red", "[link=file:///etc/passwd]x[/link]", "<script>alert(1)</script>",
    "\u202eevil", "\u2028", "&amp;", "{name}", "%s", "\\", "ü" * 300, "",
]
texts = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(exclude_categories=()), max_size=30),  # surrogates included
    st.lists(st.sampled_from(NASTY), min_size=2, max_size=4).map("".join),
)


def string_paths(data: Any, path: tuple = ()) -> list[tuple]:
    """Every place in a save that holds a string: (key, ..., "<key>") for a mapping's key."""
    out: list[tuple] = []
    if isinstance(data, str):
        out.append(path)
    elif isinstance(data, dict):
        for k, v in data.items():
            out.append((*path, ("<key>", k)))
            out.extend(string_paths(v, (*path, k)))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out.extend(string_paths(v, (*path, i)))
    return out


def replace(data: Any, path: tuple, value: str) -> None:
    *parents, last = path
    for p in parents:
        data = data[p]
    if isinstance(last, tuple):  # a mapping key
        data[value] = data.pop(last[1])
    else:
        data[last] = value


@pytest.fixture(scope="module")
def base_save(model: Model, scenario_id: str) -> dict[str, Any]:
    """A finished class game with a student, so every optional text field is present."""
    return saves.to_dict(
        played(model, scenario_id, 11), saves.Owner("nl", "CULT-0011", "Anna de Vries")
    )


@pytest.fixture(scope="module")
def good_bytes(model: Model, scenario_id: str) -> bytes:
    return json.dumps(saves.to_dict(played(model, scenario_id, 12), saves.Owner("en", "CULT-0012"))).encode()


def clean_output(text: str) -> bool:
    for c in text:
        cat = unicodedata.category(c)
        if (cat == "Cc" and c not in "\n\t") or cat == "Cs":
            return False
    return True


# The fields shown to people: half the examples aim at one of them, the rest anywhere.
SHOWN = [("class_code",), ("student",), ("scenario",), ("ending",), ("lang",),
         ("snapshot", "event"), ("history", 0, "event"), ("history", 0, "choice_id")]
choices = st.one_of(st.sampled_from(SHOWN), st.integers(min_value=0, max_value=10**6))


def hostile_folder(
    base: dict, good: bytes, choice: int | tuple, value: str
) -> tuple[Path, Path, bytes]:
    data = json.loads(json.dumps(base))
    if isinstance(choice, int):
        paths = string_paths(data)
        choice = paths[choice % len(paths)]
    replace(data, choice, value)
    folder = Path(tempfile.mkdtemp(prefix="fuzz-"))
    raw = json.dumps(data).encode("ascii")  # \ud800 can only be stored as an escape
    (folder / "hostile.json").write_bytes(raw)
    (folder / "good.json").write_bytes(good)
    return folder, folder / "hostile.json", raw


@pytest.fixture
def fast_model(model: Model, monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands take the session's model instead of loading it again each time."""
    monkeypatch.setattr("game.content.load_model", lambda: model)  # model_or_exit reads it


@settings(settings.get_profile(PROFILE), suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(choice=choices, value=texts)
def test_every_command_survives_any_string_in_any_field(
    base_save, good_bytes, cli, fast_model, monkeypatch, choice: int | tuple, value: str  # type: ignore[no-untyped-def]
) -> None:
    folder, path, raw = hostile_folder(base_save, good_bytes, choice, value)
    runs = [
        ("saves", "--save-dir", str(folder)),
        ("saves", "check", str(folder)),
        ("report", str(path)),
        ("report", str(path), "--format", "html"),
        ("class", str(folder), "--baseline-runs", "20"),
        ("class", str(folder), "--json", "--baseline-runs", "20"),
        ("class", str(folder), "--html", str(folder.parent / f"{folder.name}.html"),
         "--baseline-runs", "20"),
        ("whatif", str(path), "--turn", "1", "--choice", "2"),
    ]
    for argv in runs:
        code, out, err = cli(*argv)  # an exception here is the traceback the test forbids
        assert isinstance(code, int)
        assert clean_output(out) and clean_output(err), (argv, out[-300:], err[-300:])
    code, out, _ = cli("class", str(folder), "--json", "--baseline-runs", "20")
    assert json.loads(out)["finished"] >= 1  # the good save is never lost in the crowd
    # play --continue takes the newest unfinished game: make the hostile one that.
    monkeypatch.setattr("sys.stdin", io.StringIO("q\n"))
    code, out, err = cli("play", "--plain", "--continue", "--save-dir", str(folder))
    assert code in (0, 1, 2) and clean_output(out) and clean_output(err)
    assert path.read_bytes() == raw  # only ever read
    (folder.parent / f"{folder.name}.html").unlink(missing_ok=True)


@settings(settings.get_profile(PROFILE), max_examples=6 if PROFILE == "ci" else 60,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(choice=choices, value=texts)
async def test_the_app_survives_any_string_in_any_field(
    model: Model, base_save, good_bytes, choice: int | tuple, value: str  # type: ignore[no-untyped-def]
) -> None:
    from game.tui import KoorddanserApp

    data = json.loads(json.dumps(base_save))
    data["ending"], data["choices"] = None, data["choices"][:3]  # an unfinished game ...
    data["history"] = data["history"][:3]
    data["snapshot"]["turn"] = 3
    data["content_hash"] = "0" * 16  # ... on "changed content": loaded as far as it fits
    folder, path, raw = hostile_folder(data, good_bytes, choice, value)
    app = KoorddanserApp(save_dir=folder, model=model)
    app.cursor_blink = False
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause(0.2)
        await pilot.press("escape")
        await pilot.press("l")
        await pilot.pause(0.2)
        await pilot.press("escape")
        await pilot.pause()
    assert path.read_bytes() == raw


def test_the_fuzz_strings_reach_a_field_that_loads(model: Model, base_save) -> None:  # type: ignore[no-untyped-def]
    """Guard: markup in a free-text field is valid and does load (so it is shown)."""
    data = json.loads(json.dumps(base_save))
    data["class_code"] = "[/]<b>"
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "x.json"
        p.write_text(json.dumps(data), encoding="utf-8")
        assert saves.load(model, p).class_code == "[/]<b>"
