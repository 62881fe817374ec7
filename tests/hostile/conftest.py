"""Helpers for the hostile-input tests: saves with chosen fields, and the CLI in-process."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_helpers import played

from game.engine.model import Model
from game.saves import best_person as saves


@pytest.fixture
def write_save(model: Model, scenario_id: str) -> Callable[..., Path]:
    """``write_save(path, seed=1, turns=99, **fields)``: a real save with fields replaced."""

    def write(path: Path, seed: int = 1, turns: int = 99, **fields: object) -> Path:
        owner = saves.Owner("nl", "CULT-0001")
        data = saves.to_dict(played(model, scenario_id, seed, turns), owner)
        data.update(fields)
        path.parent.mkdir(parents=True, exist_ok=True)
        # ensure_ascii: lone surrogates can only be written as \\ud800 escapes
        path.write_text(json.dumps(data), encoding="ascii")
        return path

    return write


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """``cli("class", DIR)``: the command run in-process: (exit code, stdout, stderr)."""
    from game.cli import main

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out = capsys.readouterr()
        return code, out.out, out.err

    return run
