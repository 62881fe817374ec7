"""Benchmark: `koorddanser balance --check` on one core against two workers, interleaved.

    python benchmarks/balance.py [--rounds 3] [--runs N] [--workers 1 2]

Each round runs every worker count once, in turn, so a busy spell slows all alike. Printed
per worker count: median wall time, median CPU time of the whole process tree (the Dask
scheduler, nannies and workers included: sampled from /proc while it runs, as workers are
not children the shell could time), and the ratio of wall time to the one-core run. The
outputs must be byte-identical whatever the workers; the benchmark stops if they are not.
Goal (issue 13 item 5): two workers <= 0.6x the one-core wall time.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import threading
import time

import psutil


def tree_cpu(proc: psutil.Process, stop: threading.Event, seen: dict[int, float]) -> None:
    """Record, until ``stop``, the CPU seconds of the process and all its descendants."""
    while not stop.is_set():
        try:
            family = [proc, *proc.children(recursive=True)]
        except psutil.Error:
            return
        for p in family:
            try:
                t = p.cpu_times()
                seen[p.pid] = t.user + t.system
            except psutil.Error:
                pass
        stop.wait(0.05)


def measure(argv: list[str]) -> tuple[float, float, bytes]:
    """(wall s, CPU s of the process tree, standard output) of one run of ``argv``."""
    seen: dict[int, float] = {}
    stop = threading.Event()
    t = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    sampler = threading.Thread(target=tree_cpu, args=(psutil.Process(child.pid), stop, seen))
    sampler.start()
    out, _ = child.communicate()
    wall = time.perf_counter() - t
    stop.set()
    sampler.join()
    # Each process counts as last sampled: up to 50 ms of its end may be missed.
    return wall, sum(seen.values()), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--runs", type=int, default=None, help="runs per policy (default: the file's)")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    base = [sys.executable, "-m", "game", "balance", "--check"]
    if args.runs:
        base += ["--runs", str(args.runs)]
    walls: dict[int, list[float]] = {w: [] for w in args.workers}
    cpus: dict[int, list[float]] = {w: [] for w in args.workers}
    outputs: set[bytes] = set()
    for r in range(args.rounds):
        for w in args.workers:
            wall, cpu, out = measure([*base, "--workers", str(w)])
            walls[w].append(wall)
            cpus[w].append(cpu)
            outputs.add(out)
            print(f"  round {r + 1} workers {w}: wall {wall:6.2f} s  CPU {cpu:6.2f} s", flush=True)
    if len(outputs) != 1:
        sys.exit("the outputs differ between worker counts or rounds")
    one = statistics.median(walls[args.workers[0]])
    print(f"{'workers':>8} {'x wall':>7} {'wall s':>8} {'CPU s':>8}   (medians of {args.rounds})")
    for w in args.workers:
        wall, cpu = statistics.median(walls[w]), statistics.median(cpus[w])
        print(f"{w:>8} {wall / one:>7.2f} {wall:>8.2f} {cpu:>8.2f}")
    print("goal: 2 workers <= 0.60x the one-core wall time; output identical: yes")


if __name__ == "__main__":
    main()
