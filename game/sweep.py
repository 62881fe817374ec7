"""`koorddanser sweep`: a grid over world settings x policies x scenarios, measured in chunks.

Every cell of the grid is simulated in chunks of runs (game.engine.batch.chunks); each chunk
is one task that returns only its endings' counts, so a cell of a million runs needs no more
memory on a worker than one chunk. The tasks run wherever game.parallel says (this process, a
local Dask cluster, or a Dask scheduler); the table is the same in every case.
Pure numpy and the engine here: the command (game/commands/sweep.py) parses and prints.
"""

from __future__ import annotations

import dataclasses
import html
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from game.engine import simulate
from game.engine.batch import CHUNK, chunks
from game.engine.model import Model, Policy
from game.parallel import Where, run_tasks

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

_CSS = (
    "body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1a1a1a;background:#fff}"
    "h1{font-size:1.4rem;margin:0 0 .3rem}h2{font-size:1.1rem;margin:1.4rem 0 .4rem}"
    "p.meta{color:#444;margin:.2rem 0 1rem}.maps{display:flex;flex-wrap:wrap;gap:1.2rem}"
    "table{border-collapse:collapse;font-size:.85rem}caption{font-weight:600;text-align:left;"
    "padding:.2rem 0}th,td{border:1px solid #ccc;padding:.25rem .45rem;text-align:right}"
    "th{background:#f2f2f2;font-weight:600}th.corner{text-align:left;font-weight:400}td.v{min-width:3.2rem}"
)


def _colour(share: float) -> tuple[str, str]:
    """Background and text colour for 0..1 (a map's lowest..highest): white to deep blue."""
    s = min(max(share, 0.0), 1.0)
    r, g, b = (int(255 + (x - 255) * s) for x in (8, 69, 148))
    return f"rgb({r},{g},{b})", "#fff" if s > 0.55 else "#111"


def _heatmap(
    model: Model, cells: Sequence[Cell], axes: Sequence[Axis], measure: str, caption: str
) -> str:
    """One measure as a grid: rows are the first axes' combinations, columns the last axis."""
    e = html.escape
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
    corner = "<br>".join(
        e(part)
        for part in (
            f"{down} \u2193" if down else "",
            f"{cols_axis.key} \u2192" if cols_axis else "",
        )
        if part
    )
    head = f'<th colspan="{max(1, len(row_axes))}" class="corner">{corner}</th>'
    head += "".join(f"<th>{v:g}</th>" if cols_axis else "<th></th>" for v in col_values)
    shares = [c.shares(model)[measure] for c in cells]
    lo, hi = (min(shares), max(shares)) if shares else (0.0, 1.0)
    body = []
    for point in row_points:
        tds = "".join(f"<th>{v:g}</th>" for v in point) or "<th></th>"
        for v in col_values:
            cell = by_point.get((*point, v) if cols_axis else point)
            if cell is None:
                tds += "<td></td>"
                continue
            share = cell.shares(model)[measure]
            bg, fg = _colour((share - lo) / (hi - lo) if hi > lo else 0.0)
            tds += f'<td class="v" style="background:{bg};color:{fg}">{100 * share:.1f}%</td>'
        body.append(f"<tr>{tds}</tr>")
    return (
        f"<table><caption>{e(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def page(
    model: Model,
    cells: Sequence[Cell],
    axes: Sequence[Axis],
    runs: int,
    seed: int,
    t: Callable[..., str],
    lang: str,
) -> str:
    """A self-contained HTML page: per scenario and policy, a heatmap per measure."""
    e = html.escape
    parts = [
        f'<!DOCTYPE html><html lang="{e(lang)}"><head><meta charset="utf-8">'
        f"<title>{e(t('cli.sweep.title'))}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(t('cli.sweep.title'))}</h1>",
        f'<p class="meta">{e(t("cli.sweep.meta", runs=runs, seed=seed))}. '
        f"{e(t('cli.sweep.scale'))}</p>",
    ]
    groups: dict[tuple[str, str], list[Cell]] = {}
    for c in cells:
        groups.setdefault((c.scenario, c.policy), []).append(c)
    for (sid, pol), group in groups.items():
        parts.append(f"<h2>{e(t('cli.sweep.section', scenario=sid, policy=pol))}</h2>")
        maps = [_heatmap(model, group, axes, m, t(f"cli.sweep.col.{m}")) for m in MEASURES]
        parts.append(f'<div class="maps">{"".join(maps)}</div>')
    parts.append("</body></html>\n")
    return "\n".join(parts)
