"""`koorddanser sweep`: a grid over world settings x policies x scenarios, measured in chunks.

Every cell of the grid is simulated in chunks of runs (game.engine.batch.chunks); each chunk
is one task that returns only its endings' counts, so a cell of a million runs needs no more
memory on a worker than one chunk. The tasks run wherever game.lab.parallel says (this process, a
local Dask cluster, or a Dask scheduler); the table is the same in every case.
Pure numpy and the engine here: the command (game/commands/sweep.py) parses and prints.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from game.classroom import htmlpage
from game.engine import simulate
from game.engine.batch import CHUNK, chunks
from game.engine.model import Model, Policy
from game.lab.parallel import Where, run_tasks

MEASURES = ("burnout", "left", "good", "active")  # the table's columns, in order
EXITS = ("burnout", "other_work")


@dataclass(frozen=True)
class Axis:
    """One setting the grid varies: ``world.KEY`` or ``start.METER``, and its values."""

    key: str
    values: tuple[float, ...]


@dataclass
class Cell:
    """One point of the grid in one scenario under one policy, and how its games ended."""

    scenario: str
    policy: str
    settings: tuple[tuple[str, float], ...]  # (axis key, value) in the axes' order
    runs: int
    endings: np.ndarray  # (endings,) int64 counts

    def shares(self, model: Model) -> dict[str, float]:
        """burnout / left (for other work) / good endings / still active, as shares of runs."""
        person = np.array([e.person for e in model.endings])
        good = np.array([e.good for e in model.endings], dtype=bool)
        n = max(1, self.runs)
        c = self.endings
        return {
            "burnout": float(c[person == "burnout"].sum()) / n,
            "left": float(c[person == "other_work"].sum()) / n,
            "good": float(c[good].sum()) / n,
            "active": float(c[~np.isin(person, EXITS)].sum()) / n,
        }


def cells_of(
    scenarios: Sequence[str], axes: Sequence[Axis], policies: Sequence[Policy], runs: int
) -> list[Cell]:
    """Every combination, scenario first, then the axes' values, then the policy."""
    grid = list(itertools.product(*(a.values for a in axes)))
    return [
        Cell(
            sid, pol.name, tuple(zip((a.key for a in axes), point, strict=True)), runs, np.zeros(0)
        )
        for sid in scenarios
        for point in grid
        for pol in policies
    ]


def ending_counts(
    model: Model,
    scenario: str,
    policy: Policy,
    settings: tuple[tuple[str, float], ...],
    seed: int,
    first_run: int,
    runs: int,
) -> np.ndarray:
    """One task: the endings of runs first_run .. first_run + runs - 1 of one cell, counted."""
    world = {k.removeprefix("world."): v for k, v in settings if k.startswith("world.")}
    start = {k.removeprefix("start."): v for k, v in settings if k.startswith("start.")}
    if start:
        sc = model.scenarios[scenario]
        changed = dataclasses.replace(sc, start={**sc.start, **start})
        model = dataclasses.replace(model, scenarios={**model.scenarios, scenario: changed})
    result = simulate(model, scenario, runs, seed, policy, world, first_run=first_run)
    return np.bincount(result.ending.astype(np.int64), minlength=len(model.endings))


def sweep(
    model: Model,
    scenarios: Sequence[str],
    axes: Sequence[Axis],
    policies: Sequence[Policy],
    runs: int,
    seed: int,
    where: Where | None = None,
    chunk: int = CHUNK,
) -> list[Cell]:
    """Simulate every cell in chunks, wherever ``where`` says; counts per cell in grid order."""
    by_name = {p.name: p for p in policies}
    cells = cells_of(scenarios, axes, policies, runs)
    tasks, owner = [], []
    for i, cell in enumerate(cells):
        for first, count in chunks(runs, chunk):
            tasks.append((cell.scenario, by_name[cell.policy], cell.settings, seed, first, count))
            owner.append(i)
    counts = run_tasks(where or Where(), ending_counts, tasks, shared=model)
    for cell in cells:
        cell.endings = np.zeros(len(model.endings), dtype=np.int64)
    for i, c in zip(owner, counts, strict=True):
        cells[i].endings += c
    return cells


def as_dict(model: Model, cells: Sequence[Cell], runs: int, seed: int) -> dict:
    """The JSON form of a sweep: one object per cell with its counts and shares."""
    return {
        "runs": runs,
        "seed": seed,
        "cells": [
            {
                "scenario": c.scenario,
                "policy": c.policy,
                "settings": dict(c.settings),
                "endings": {e.id: int(n) for e, n in zip(model.endings, c.endings, strict=True)},
                **{k: round(v, 4) for k, v in c.shares(model).items()},
            }
            for c in cells
        ],
    }


def table(model: Model, cells: Sequence[Cell], axes: Sequence[Axis], t: Callable[..., str]) -> str:
    """The sweep as a text table: a row per cell, the four shares in percent."""
    heads = [t("cli.sweep.col.scenario"), *(a.key for a in axes), t("cli.sweep.col.policy")]
    heads += [t(f"cli.sweep.col.{m}") for m in MEASURES]
    rows = [
        [c.scenario, *(f"{v:g}" for _, v in c.settings), c.policy]
        + [f"{100 * v:.1f}%" for v in c.shares(model).values()]
        for c in cells
    ]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(heads)]
    text = len(heads) - len(MEASURES)  # left-aligned columns; numbers right-aligned

    def line(cols: Sequence[str]) -> str:
        return "  ".join(
            c.ljust(w) if i < text else c.rjust(w)
            for i, (c, w) in enumerate(zip(cols, widths, strict=True))
        ).rstrip()

    return "\n".join([line(heads), *(line(r) for r in rows)]) + "\n"


# --- the heatmap page ------------------------------------------------------------------------


def _colour(share: float) -> tuple[str, str]:
    """Background and text colour for 0..1 (a map's lowest..highest): white to deep blue."""
    s = min(max(share, 0.0), 1.0)
    r, g, b = (int(255 + (x - 255) * s) for x in (8, 69, 148))
    return f"rgb({r},{g},{b})", "#fff" if s > 0.55 else "#111"


def _heatmap(
    model: Model, cells: Sequence[Cell], axes: Sequence[Axis], measure: str, caption: str
) -> dict:
    """One measure as a grid: rows are the first axes' combinations, columns the last axis."""
    cols_axis = axes[-1] if axes else None
    row_axes = axes[:-1]
    col_values = cols_axis.values if cols_axis else (None,)
    row_points = list(itertools.product(*(a.values for a in row_axes)))
    by_point: dict[tuple[float | None, ...], Cell] = {
        tuple(v for _, v in c.settings): c for c in cells
    }
    # The corner names the axes (rows down, columns across); the headers hold values only,
    # so four maps fit side by side on a projector.
    down = " / ".join(a.key for a in row_axes)
    corner = [
        part
        for part in (
            f"{down} \u2193" if down else "",
            f"{cols_axis.key} \u2192" if cols_axis else "",
        )
        if part
    ]
    shares = [c.shares(model)[measure] for c in cells]
    lo, hi = (min(shares), max(shares)) if shares else (0.0, 1.0)
    rows = []
    for point in row_points:
        row: list[dict | None] = []
        for v in col_values:
            cell = by_point.get((*point, v) if cols_axis else point)
            if cell is None:
                row.append(None)
                continue
            share = cell.shares(model)[measure]
            bg, fg = _colour((share - lo) / (hi - lo) if hi > lo else 0.0)
            row.append({"bg": bg, "fg": fg, "text": f"{100 * share:.1f}%"})
        rows.append(([f"{v:g}" for v in point] or [""], row))
    return {
        "caption": caption,
        "corner": corner,
        "corner_span": max(1, len(row_axes)),
        "columns": [f"{v:g}" if cols_axis else "" for v in col_values],
        "rows": rows,
    }


def page(
    model: Model,
    cells: Sequence[Cell],
    axes: Sequence[Axis],
    runs: int,
    seed: int,
    t: Callable[..., str],
    lang: str,
) -> str:
    """A self-contained HTML page (game/templates/sweep.html.j2): per scenario and policy, a
    heatmap per measure; every text escaped by the template."""
    groups: dict[tuple[str, str], list[Cell]] = {}
    for c in cells:
        groups.setdefault((c.scenario, c.policy), []).append(c)
    sections = [
        {
            "heading": t("cli.sweep.section", scenario=sid, policy=pol),
            "maps": [_heatmap(model, group, axes, m, t(f"cli.sweep.col.{m}")) for m in MEASURES],
        }
        for (sid, pol), group in groups.items()
    ]
    return htmlpage.render(
        "sweep.html.j2",
        lang=lang,
        frame="wide",
        main_class="sweep",
        title=t("cli.sweep.title"),
        meta=t("cli.sweep.meta", runs=runs, seed=seed),
        scale=t("cli.sweep.scale"),
        sections=sections,
    )
