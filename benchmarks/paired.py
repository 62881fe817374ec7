"""Paired measurement for a noisy machine: commands and their baselines run interleaved.

Each round runs every command once, in turn, so a busy spell slows all of them alike;
medians of wall time and of CPU time (the child's user + system) are printed side by
side, with each command's ratio to its baseline: the ratio is the figure that holds.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Mapping, Sequence


def measure(argv: Sequence[str], env: Mapping[str, str] | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one whole process."""
    before = os.times()
    t = time.perf_counter()
    subprocess.run(
        list(argv), check=True, capture_output=True, env=None if env is None else dict(env)
    )
    wall = time.perf_counter() - t
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu


def paired(
    commands: Mapping[str, Sequence[str]], rounds: int, env: Mapping[str, str] | None = None
) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) per command over ``rounds`` interleaved rounds."""
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, argv in commands.items():
            wall, cpu = measure(argv, env)
            walls[name].append(wall)
            cpus[name].append(cpu)
    return {n: (statistics.median(walls[n]), statistics.median(cpus[n])) for n in commands}


def table(results: Mapping[str, tuple[float, float]], pairs: Mapping[str, str]) -> str:
    """Rows ``name  ratio(wall)  ratio(CPU)  wall  CPU``; ``pairs`` maps a command to its baseline."""
    lines = [f"{'command':<28} {'x wall':>7} {'x CPU':>7} {'wall s':>8} {'CPU s':>8}"]
    for name, (wall, cpu) in results.items():
        base = pairs.get(name)
        if base is None:
            rw = rc = "base"
        else:
            bw, bc = results[base]
            rw, rc = f"{wall / bw:.2f}", f"{cpu / bc:.2f}" if bc else "-"
        lines.append(f"{name:<28} {rw:>7} {rc:>7} {wall:>8.2f} {cpu:>8.2f}")
    return "\n".join(lines)
