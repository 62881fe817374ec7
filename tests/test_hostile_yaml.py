"""Hostile YAML: every file in tests/fixtures/hostile/ gets its one clear line, fast and small.

Content and scenarios come from outside (a teacher shares a scenario), so the loader must
refuse code tags, alias bombs, deep nesting, huge files and malformed values with a
``file:line: message`` — never a traceback, never a hang, never a memory blow-up.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.cli import main
from game.content import ContentError, yamlsafe
from game.content.yamlsafe import MAX_BYTES, MAX_NODES, load_file

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
ROOT = Path(__file__).resolve().parent.parent
CPU_LIMIT = 2.0  # seconds of CPU for a whole `koorddanser validate FILE` run
MEMORY_LIMIT_MB = 150  # peak resident memory of that run (the command itself takes ~35)

# file -> (line or None, a part of the message it must give)
EXPECTED: dict[str, tuple[int | None, str]] = {
    "python_apply.yaml": (3, "python/object/apply:os.system' is not allowed"),
    "python_name.yaml": (2, "is not allowed"),
    "python_new.yaml": (2, "is not allowed"),
    "python_module.yaml": (2, "is not allowed"),
    "tag_directive.yaml": (4, "python/object/apply:os.system' is not allowed"),
    "local_tag.yaml": (2, "tag '!include' is not allowed"),
    "binary_tag.yaml": (2, "is not allowed"),
    "set_tag.yaml": (2, "is not allowed"),
    "billion_laughs.yaml": (2, "too many nodes once aliases are expanded"),
    "alias_flood.yaml": (103, "more than 100 aliases"),
    "recursive_alias.yaml": (2, "an alias refers to itself"),
    "merge_loop.yaml": (2, "an alias refers to itself"),
    "deep_block.yaml": (41, "nested deeper than 40 levels"),
    "deep_flow.yaml": (1, "nest"),  # libyaml stops it first; the pure-Python parser at 40
    "bad_timestamp.yaml": (2, "'2020-13-45' is not a valid timestamp"),
    "bad_timestamp_tag.yaml": (2, "'someday' is not a valid timestamp"),
    "bad_int_tag.yaml": (2, "'many' is not a valid int"),
    "bad_float_tag.yaml": (2, "'half' is not a valid float"),
    "bad_bool_tag.yaml": (2, "'maybe' is not a valid bool"),
    "huge_int.yaml": (2, "is not a valid int"),
    "duplicate_key.yaml": (3, "duplicate key 'start'"),
    "complex_key.yaml": (2, "a key must be plain text"),
    "null_key.yaml": (2, "a key must be plain text"),
    "two_documents.yaml": (None, "invalid YAML"),
    "tab_indent.yaml": (3, "invalid YAML"),
    "unclosed.yaml": (None, "invalid YAML"),
    "nul_byte.yaml": (2, "control character U+0000 is not allowed"),
    "escape_sequence.yaml": (2, "control character U+001B is not allowed"),
    "not_utf8.yaml": (1, "not UTF-8 text"),
    "utf16.yaml": (1, "not UTF-8 text"),
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    """Hostile files too large to keep in the repository."""
    folder = tmp_path_factory.mktemp("hostile")
    big = folder / "too_big.yaml"
    big.write_text("# padding\n" * (MAX_BYTES // 10 + 10), encoding="utf-8")
    flat = folder / "many_nodes.yaml"  # under the size limit, but a quarter million items
    flat.write_text("- a\n" * (MAX_BYTES // 4 - 100), encoding="utf-8")
    long_line = folder / "long_flow.yaml"
    long_line.write_text("[" + "1," * (MAX_BYTES // 2 - 100) + "1]\n", encoding="utf-8")
    return {
        "too_big.yaml": (big, f"file larger than {MAX_BYTES // 1000} kB"),
        "many_nodes.yaml": (flat, f"more than {MAX_NODES} nodes"),
        "long_flow.yaml": (long_line, f"more than {MAX_NODES} nodes"),
    }


def _all(generated: dict[str, tuple[Path, str]]) -> list[tuple[Path, str]]:
    return [(HOSTILE / n, msg) for n, (_, msg) in sorted(EXPECTED.items())] + sorted(
        generated.values()
    )


def test_corpus_is_complete() -> None:
    assert {p.name for p in HOSTILE.iterdir()} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_loader_refuses_with_its_message(name: str) -> None:
    line, message = EXPECTED[name]
    path = HOSTILE / name
    before = path.read_bytes()
    with pytest.raises(ContentError) as err:
        load_file(path)
    text = str(err.value)
    assert message in err.value.message, text
    assert text.startswith(f"{path}:") and "\n" not in text
    if line is not None:
        assert err.value.line == line, text
    assert path.read_bytes() == before


def test_large_files_are_refused(generated: dict[str, tuple[Path, str]]) -> None:
    for path, message in generated.values():
        started = time.process_time()
        with pytest.raises(ContentError, match=message):
            load_file(path)
        assert time.process_time() - started < CPU_LIMIT, path.name


def test_no_code_ever_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The python tags name os.system: had one run, a marker file would appear."""
    marker = tmp_path / "owned"
    monkeypatch.chdir(tmp_path)
    text = f'x: !!python/object/apply:os.system ["touch {marker}"]\n'
    with pytest.raises(ContentError, match="not allowed"):
        yamlsafe.load_text(text, "inline.yaml")
    assert not marker.exists()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_gives_one_line(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = HOSTILE / name
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr()
    lines = out.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].split(":")[0].endswith(name), lines
    assert EXPECTED[name][1] in lines[0] and out.out == ""


# The commands are started by a small launcher process, not by pytest itself: a forked
# child counts the parent's resident pages until it execs, so measured from a pytest
# process that has grown it would report the test runner's memory, not its own.
_LAUNCHER = r"""
import json, os, subprocess, sys
out = []
for i in range(2, len(sys.argv), 4):
    procs = [subprocess.Popen([sys.executable, "-m", "game", "validate", f], cwd=sys.argv[1],
             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for f in sys.argv[i:i + 4]]
    for f, p in zip(sys.argv[i:i + 4], procs):
        err = p.stderr.read()
        _, status, usage = os.wait4(p.pid, 0)
        p.stderr.close()
        out.append([f, os.waitstatus_to_exitcode(status), err,
                    usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024])
print(json.dumps(out))
"""


@pytest.mark.skipif(
    not hasattr(os, "wait4"), reason="per-process usage needs wait4 (not on Windows)"
)
def test_real_command_is_fast_small_and_clear(generated: dict[str, tuple[Path, str]]) -> None:
    """Each file in its own process (four at a time): exit 1, one line, no traceback.

    Time is measured as the process's CPU time, which a busy test machine does not inflate.
    """
    import json

    cases = {str(path): message for path, message in _all(generated)}
    done = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, str(ROOT), *cases],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    slow = []
    for name, code, err, cpu, peak in json.loads(done.stdout):
        path, message = Path(name), cases[name]
        lines = err.strip().splitlines()
        assert code == 1, (path.name, err)
        assert "Traceback" not in err and len(lines) == 1, (path.name, err)
        assert lines[0].split(":")[0].endswith(path.name) and message in lines[0], lines
        assert peak < MEMORY_LIMIT_MB, (path.name, peak)
        if cpu > CPU_LIMIT:
            slow.append((path.name, round(cpu, 2)))
    assert not slow, slow
