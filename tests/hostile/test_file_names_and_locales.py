"""Issue 10.3 and 10.6: file names are data, and every command works in any locale.

Locales: the test set-up generates nl_NL.UTF-8 and nl_NL.ISO-8859-1 (Latin-1) with
``localedef`` into a temporary LOCPATH (no root needed). Where localedef is missing, the
Latin-1 case is emulated with LC_ALL=C.UTF-8 and PYTHONIOENCODING=iso8859-1 (the output
encoding is what broke), and the nl_NL.UTF-8 case with C.UTF-8.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="byte file names are POSIX")


@pytest.fixture(scope="module")
def locales(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    """Environments per locale: {"nl-utf8": env, "latin1": env}."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k != "LANG"}
    base.pop("PYTHONIOENCODING", None)
    base.pop("PYTHONUTF8", None)
    folder = tmp_path_factory.mktemp("locales")
    made = {}
    if shutil.which("localedef"):
        for name, charmap in (("nl_NL.UTF-8", "UTF-8"), ("nl_NL.ISO-8859-1", "ISO-8859-1")):
            done = subprocess.run(
                ["localedef", "-i", "nl_NL", "-f", charmap, str(folder / name)],
                capture_output=True,
                timeout=60,
            )
            made[name] = (folder / name).is_dir() and done.returncode in (0, 1)
    if made.get("nl_NL.UTF-8") and made.get("nl_NL.ISO-8859-1"):
        return {
            "nl-utf8": {**base, "LOCPATH": str(folder), "LANG": "nl_NL.UTF-8"},
            "latin1": {**base, "LOCPATH": str(folder), "LC_ALL": "nl_NL.ISO-8859-1"},
        }
    return {  # emulated: see the module docstring
        "nl-utf8": {**base, "LC_ALL": "C.UTF-8"},
        "latin1": {**base, "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "iso8859-1"},
    }


@pytest.fixture(scope="module")
def class_folder(tmp_path_factory: pytest.TempPathFactory, model, scenario_id) -> Path:  # type: ignore[no-untyped-def]
    from hostile_helpers import played

    from game.saves import best_person as saves

    folder = tmp_path_factory.mktemp("klas")
    for i, name in enumerate(["anna", "bo", "zoë"]):
        owner = saves.Owner("nl", "CULT-0001")
        saves.save(played(model, scenario_id, i + 1), folder / f"{name}.json", owner)
    bad = os.fsencode(folder) + b"/caf\xe9-\xff.json"  # Latin-1 bytes: not UTF-8
    with open(bad, "wb") as f:
        f.write((folder / "anna.json").read_bytes())
    return folder


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "game", *args], env=env, capture_output=True, timeout=180
    )


@pytest.mark.parametrize("where", ["nl-utf8", "latin1"])
def test_class_and_saves_skip_an_undecodable_name_with_one_line(
    locales: dict[str, dict[str, str]], class_folder: Path, tmp_path: Path, where: str
) -> None:
    env = locales[where]
    for extra in ([], ["--json"], ["--html", str(tmp_path / "o.html")]):
        done = run(env, "class", str(class_folder), "--baseline-runs", "50", *extra)
        assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
        shown = done.stdout
        if extra == ["--json"]:
            shown = "\n".join(json.loads(done.stdout)["rejected"]).encode()
        assert b"caf\\xe9-\\xff.json" in shown  # named, escaped, the same in every locale
    assert b"3 uitgespeeld" in run(env, "class", str(class_folder), "--baseline-runs", "50").stdout
    page = (tmp_path / "o.html").read_text(encoding="utf-8")
    assert "caf\\xe9-\\xff.json" in page
    done = run(env, "saves", "check", str(class_folder))
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert done.stderr.count(b"\\xff") == 1
    # In the teacher's language: LANG=nl_NL gives Dutch, the Latin-1 case keeps LANG=en.
    said = (b"1 of 4 saves do not hold", b"1 van de 4 saves kloppen niet")
    assert any(s in done.stderr for s in said), done.stderr
    done = run({**env, "KOORDDANSER_SAVE_DIR": str(class_folder)}, "saves")
    assert done.returncode == 0 and b"Traceback" not in done.stderr
    assert b"\\xff" in done.stdout and b"zo" in done.stdout


def test_report_and_plain_mode_work_in_a_latin1_locale(
    locales: dict[str, dict[str, str]], class_folder: Path, tmp_path: Path
) -> None:
    env = locales["latin1"]
    done = run(env, "report", str(class_folder / "anna.json"))
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
    assert b"Klascode" in done.stdout
    done = subprocess.run(
        [sys.executable, "-m", "game", "play", "--plain", "--lang", "nl", "--save-dir", str(tmp_path)],
        env=env,
        input=b"1\n1\nq\n",
        capture_output=True,
        timeout=180,
    )
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
    assert b"Beurt 2 van 20" in done.stdout
