"""Issue 13 items 4-5: runs in chunks, on any number of workers, give the same results.

- the engine's chunked outcomes equal one batch's, bit for bit (random and a state-aware policy);
- `koorddanser sweep`'s table does not depend on the chunk size, the number of local worker
  processes, or a Dask scheduler and worker started here with Dask's own commands;
- its HTML page escapes what it shows and is refused for a pipe; Dask is imported lazily.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from game.cli import main
from game.engine import simulate
from game.engine.batch import chunks, concat, play_chunk
from game.engine.model import Model
from game.lab.parallel import Where
from game.lab.sweep import Axis, Cell, page, sweep

SID = "cultuurhuis_zwolle"
GRID = ["--grid", "world.grant_years=1,4", "--grid", "world.contact_rotation_years=0,3"]


@pytest.mark.parametrize("policy", ["random", "tightrope"])
def test_chunked_outcomes_equal_one_batch_bit_for_bit(model: Model, policy: str) -> None:
    pol = model.policies[policy]
    whole = simulate(model, SID, 2_500, 11, pol, first_run=40)
    parts = concat(
        [play_chunk(model, SID, first, n, 11, pol) for first, n in chunks(2_500, 777, first_run=40)]
    )
    assert parts.ending.tobytes() == whole.ending.tobytes()
    assert parts.exit_turn.tobytes() == whole.exit_turn.tobytes()
    assert parts.final.tobytes() == whole.final.tobytes()
    assert np.array_equal(parts.events_drawn, whole.events_drawn)
    assert np.array_equal(parts.choices_taken, whole.choices_taken)


def test_chunks_cover_the_runs_in_order() -> None:
    assert chunks(10, 4, first_run=5) == [(5, 4), (9, 4), (13, 2)]
    assert chunks(0, 4) == []


def _table(capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    args = ["sweep", "--scenario", SID, *GRID, "--policy", "random", "--policy", "tightrope"]
    assert main([*args, "--runs", "600", "--lang", "en", *extra]) == 0
    return capsys.readouterr().out


def test_the_table_is_the_same_whatever_the_chunks_and_workers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    one = _table(capsys, "--workers", "1")
    assert _table(capsys, "--workers", "1", "--chunk", "97") == one
    assert _table(capsys, "--workers", "2", "--chunk", "250") == one  # a local Dask cluster
    lines = one.splitlines()
    assert len(lines) == 2 + 2 * 2 * 2  # meta, header, 2 x 2 grid x 2 policies
    assert "burnt out" in lines[1] and "still active" in lines[1]


def test_the_cells_count_every_run_once(model: Model) -> None:
    axes = [Axis("world.grant_years", (1.0, 4.0))]
    pols = [model.policies["random"]]
    cells = sweep(model, [SID], axes, pols, 500, 3, Where(), chunk=120)
    assert [int(c.endings.sum()) for c in cells] == [500, 500]
    whole = simulate(model, SID, 500, 3, pols[0], {"grant_years": 4.0})
    assert np.array_equal(
        cells[1].endings,
        np.bincount(whole.ending.astype(np.int64), minlength=cells[1].endings.size),
    )


@pytest.fixture
def dask_scheduler(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A Dask scheduler and one worker process, started with Dask's own commands."""
    info = tmp_path / "scheduler.json"
    dask = [sys.executable, "-m", "dask"]
    procs = [
        subprocess.Popen(
            [*dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
             "--scheduler-file", str(info)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path,
        )
    ]  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not info.exists() or not info.read_text().strip().endswith("}"):
            assert time.monotonic() < deadline, "the scheduler did not start"
            time.sleep(0.1)
        procs.append(
            subprocess.Popen(
                [*dask, "worker", "--scheduler-file", str(info), "--nworkers", "1",
                 "--nthreads", "1", "--no-dashboard"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path,
            )
        )  # fmt: skip
        import json

        yield json.loads(info.read_text())["address"]
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


def test_a_dask_scheduler_gives_the_same_table(
    capsys: pytest.CaptureFixture[str], dask_scheduler: str
) -> None:
    local = _table(capsys, "--workers", "1")
    assert re.fullmatch(r"tcp://127\.0\.0\.1:\d+", dask_scheduler)
    assert _table(capsys, "--scheduler", dask_scheduler, "--chunk", "150") == local


def test_an_unreachable_or_malformed_scheduler_is_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["sweep", "--runs", "10", "--scheduler", "not-an-address"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "tcp://HOST:PORT" in err


def test_bad_grids_are_refused_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    for grid in ("world.nonsense=1,2", "world.grant_years=1,x", "world.grant_years=1,99", "foo"):
        assert main(["sweep", "--runs", "10", "--grid", grid]) == 2
        err = capsys.readouterr().err
        assert err.startswith("koorddanser: ") and len(err.strip().splitlines()) == 1, err


def test_the_heatmap_page_escapes_and_is_self_contained(model: Model) -> None:
    axes = [Axis("world.grant_years", (1.0, 2.0)), Axis("world.contact_rotation_years", (0.0,))]
    counts = np.zeros(len(model.endings), dtype=np.int64)
    counts[0] = 10
    cells = [
        Cell("<script>x</script>", "p&<b>", (("world.grant_years", g), ("world.contact_rotation_years", 0.0)), 10, counts)
        for g in (1.0, 2.0)
    ]  # fmt: skip
    text = page(model, cells, axes, 10, 1, lambda key, **kw: f"{key}<i>{kw}", "en")
    assert "<script>" not in text and "<b>" not in text and "<i>" not in text
    assert "&lt;script&gt;x&lt;/script&gt;" in text and "p&amp;&lt;b&gt;" in text
    assert not re.search(r"(src|href)=", text)  # nothing fetched from elsewhere
    assert text.count("<table>") == 4  # one heatmap per measure


def test_the_page_is_written_and_a_pipe_refused(tmp_path: Path) -> None:
    out = tmp_path / "sweep.html"
    args = ["sweep", "--scenario", SID, "--grid", "world.grant_years=1,2", "--runs", "50"]
    assert main([*args, "--workers", "1", "--html", str(out)]) == 0
    assert out.read_text(encoding="utf-8").lower().startswith("<!doctype html>")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert main([*args, "--html", str(fifo)]) == 2  # refused before any work: no hang


def test_the_lab_commands_import_dask_only_when_they_use_it() -> None:
    code = (
        "import sys; from game.cli import main; "
        "main(['sweep', '--runs', '20', '--workers', '1', '--scenario', 'cultuurhuis_zwolle']); "
        "main(['simulate', '--runs', '20', '--seed', '1', '--scenario', 'cultuurhuis_zwolle']); "
        "bad = [m for m in ('dask', 'distributed') if m in sys.modules]; "
        "print(bad, file=sys.stderr); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_balance_on_two_workers_prints_what_one_core_prints(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["balance", "--scenario", SID, "--runs", "300", "--check", "--json"]
    one = main([*args, "--workers", "1"]), capsys.readouterr().out
    two = main([*args, "--workers", "2"]), capsys.readouterr().out
    assert two == one and '"checks"' in one[1]
