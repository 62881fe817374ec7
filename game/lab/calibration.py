"""Calibration: the targets the balance must meet for the research's story to emerge.

The targets are data (content/calibration.yaml); this module measures them with the
batch simulator and judges them. Used by `koorddanser balance --check` and the tests.
Pure numpy and the engine: no printing, no Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from game.content.paths import content_dir
from game.content.yamlsafe import ContentError, load_file
from game.engine import simulate
from game.engine.batch import HIGH, LOW, BatchResult
from game.engine.model import Model
from game.engine.state import FullEnv
from game.i18n import LANGS

OUTCOMES = ("active", "burnout", "exit", "good", "coopted", "collapsed")
MEASURES = (
    "share",
    "beats",
    "not_worst",
    "meter_gap",
    "meter_rise",
    "pinned",
    "rule_gives",
    "swap_changes",
    "event_seen",
    "coopted_from",
)
_TARGET_KEYS = {
    "id", "source", "what", "measure", "policy", "outcome", "versus", "meter", "rule",
    "event", "except", "min", "max", "hint",
}  # fmt: skip


@dataclass(frozen=True)
class Target:
    """One thing the balance must show, in every scenario."""

    id: str
    what: Mapping[str, str]
    source: str
    measure: str
    policy: str
    lo: float | None = None
    hi: float | None = None
    outcome: str = "good"
    versus: tuple[str, ...] = ()
    meter: str = ""
    rule: str = ""
    event: str = ""
    exclude: tuple[str, ...] = ()
    hint: Mapping[str, str] = field(default_factory=dict)  # what to change when it falls short

    def judge(self, value: float) -> bool:
        """True when the value lies within the target's bounds."""
        return (self.lo is None or value >= self.lo) and (self.hi is None or value <= self.hi)

    def bounds(self) -> str:
        """The bounds as text: '>= 0.65', '0.10 .. 0.35'."""
        if self.lo is not None and self.hi is not None:
            return f"{self.lo:g} .. {self.hi:g}"
        return f">= {self.lo:g}" if self.lo is not None else f"<= {self.hi:g}"


@dataclass(frozen=True)
class Calibration:
    """The targets file: runs, seed, claim margins and the targets."""

    runs: int
    seed: int
    claim_share_margin: float
    claim_meter_margin: float
    ending_contradiction_limit: float
    targets: tuple[Target, ...]


@dataclass
class Result:
    """A target measured in one scenario."""

    target: Target
    scenario: str
    value: float
    ok: bool
    detail: str = ""


def load_calibration(path: Path | None = None, model: Model | None = None) -> Calibration:
    """Read and check the targets file; ContentError (file and line) on the first problem."""
    path = path or content_dir() / "calibration.yaml"
    doc = load_file(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("targets"), list):
        raise ContentError(path, None, "expected a top-level list 'targets:'")
    targets = tuple(_target(path, raw, model) for raw in doc["targets"])
    ids = [t.id for t in targets]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise ContentError(path, None, f"duplicate target id {dup[0]!r}")
    return Calibration(
        runs=_int(path, doc, "runs", 100, 1_000_000),
        seed=_int(path, doc, "seed", 0, 2**31),
        claim_share_margin=_num(path, doc, "claim_share_margin"),
        claim_meter_margin=_num(path, doc, "claim_meter_margin"),
        ending_contradiction_limit=_num(path, doc, "ending_contradiction_limit"),
        targets=targets,
    )


def _num(path: Path, doc: dict, key: str) -> float:
    v = doc.get(key)
    if isinstance(v, bool) or not isinstance(v, int | float) or not 0 <= v <= 100:
        raise ContentError(path, None, f"{key} must be a number from 0 to 100")
    return float(v)


def _int(path: Path, doc: dict, key: str, lo: int, hi: int) -> int:
    v = doc.get(key)
    if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
        raise ContentError(path, None, f"{key} must be a whole number from {lo} to {hi}")
    return v


def _target(path: Path, raw: Any, model: Model | None) -> Target:
    line = getattr(raw, "line", None)

    def fail(msg: str) -> ContentError:
        return ContentError(path, line, f"target {raw.get('id', '?')}: {msg}")

    if not isinstance(raw, dict):
        raise ContentError(path, line, "each target must be a mapping")
    unknown = set(raw) - _TARGET_KEYS
    if unknown:
        raise fail(f"unknown key {sorted(unknown)[0]!r}")
    for key in ("id", "source", "measure", "policy", "what"):
        if key not in raw:
            raise fail(f"{key} is missing")
    if raw["measure"] not in MEASURES:
        raise fail(f"measure must be one of {', '.join(MEASURES)}")
    outcome = raw.get("outcome", "good")
    if outcome not in OUTCOMES:
        raise fail(f"outcome must be one of {', '.join(OUTCOMES)}")
    lo, hi = raw.get("min"), raw.get("max")
    for v in (lo, hi):
        if v is not None and (isinstance(v, bool) or not isinstance(v, int | float)):
            raise fail("min and max must be numbers")
    if lo is None and hi is None:
        raise fail("give min, max or both")
    what = raw["what"]
    if not isinstance(what, dict) or not all(isinstance(what.get(k), str) for k in LANGS):
        raise fail(f"what must be {{{', '.join(f'{k}: ...' for k in LANGS)}}}")
    t = Target(
        id=str(raw["id"]),
        what={lang: what[lang] for lang in LANGS},
        source=str(raw["source"]),
        measure=raw["measure"],
        policy=str(raw["policy"]),
        lo=None if lo is None else float(lo),
        hi=None if hi is None else float(hi),
        outcome=outcome,
        versus=tuple(str(v) for v in raw.get("versus", [])),
        meter=str(raw.get("meter", "")),
        rule=str(raw.get("rule", "")),
        event=str(raw.get("event", "")),
        exclude=tuple(str(v) for v in raw.get("except", [])),
        hint=_text(raw.get("hint"), fail),
    )
    if model is not None:
        _check_names(t, model, fail)
    return t


def _text(value: Any, fail: Callable[[str], ContentError]) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(value.get(k), str) for k in LANGS):
        raise fail(f"hint must be {{{', '.join(f'{k}: ...' for k in LANGS)}}}")
    return {lang: value[lang] for lang in LANGS}


def _check_names(t: Target, model: Model, fail: Callable[[str], ContentError]) -> None:
    for name in (t.policy, *t.versus):
        if name not in model.policies:
            raise fail(f"unknown policy {name!r}")
    for name in (t.meter, *t.exclude):
        if name and name not in model.meter_ids:
            raise fail(f"unknown meter {name!r}")
    if t.rule and t.rule not in {r.id for r in model.rules}:
        raise fail(f"unknown rule {t.rule!r}")
    if t.event and t.event not in {e.id for e in model.events}:
        raise fail(f"unknown event {t.event!r}")
    if t.measure in ("beats", "not_worst", "meter_gap") and not t.versus:
        raise fail(f"measure {t.measure} needs versus")


# --- measuring ---------------------------------------------------------------------------


@dataclass
class Bench:
    """Simulations of one scenario, run once per policy and shared by the targets."""

    model: Model
    scenario: str
    runs: int
    seed: int
    _cache: dict[str, BatchResult] = field(default_factory=dict)
    _swap: BatchResult | None = None

    def result(self, policy: str) -> BatchResult:
        if policy not in self._cache:
            # The choices are kept too: `balance` summarises these same games as its tables.
            # Targets read the trace's pinned shares and rule counts, never its percentiles.
            self._cache[policy] = simulate(
                self.model, self.scenario, self.runs, self.seed, self.model.policies[policy],
                trace=True, record_choices=True, trace_percentiles=False,
            )  # fmt: skip
        return self._cache[policy]

    def outcome(self, policy: str, outcome: str) -> np.ndarray:
        """(N,) bool: which games of this policy had the outcome."""
        return outcome_mask(self.model, self.result(policy), outcome)

    def share(self, policy: str, outcome: str) -> float:
        return float(self.outcome(policy, outcome).mean())

    def meter_end(self, policy: str, meter: str) -> float:
        return float(self.result(policy).final[self.model.meter_ids.index(meter)].mean())

    def swapped(self, policy: str) -> tuple[BatchResult, BatchResult]:
        """The policy's games, and the same games with one choice changed at a random turn."""
        base = self.result(policy)
        if self._swap is None:
            # A turn before the game ended, drawn evenly; same seed, same dice otherwise.
            u = np.random.default_rng(self.seed).random(self.runs)
            turn = np.floor(u * (base.exit_turn.astype(np.float64) + 1)).astype(np.int64)
            self._swap = simulate(
                self.model, self.scenario, self.runs, self.seed, self.model.policies[policy],
                swap_turn=turn,
            )  # fmt: skip
        return base, self._swap


def outcome_mask(model: Model, result: BatchResult, outcome: str) -> np.ndarray:
    """(N,) bool: the games whose ending is of this kind."""
    endings = model.endings
    pick: Callable[[Any], bool] = {
        "active": lambda e: e.person not in ("burnout", "other_work"),
        "burnout": lambda e: e.person == "burnout",
        "exit": lambda e: e.person in ("burnout", "other_work"),
        "good": lambda e: e.good,
        "coopted": lambda e: e.initiative == "coopted",
        "collapsed": lambda e: e.initiative == "collapsed",
    }[outcome]
    hit = np.array([pick(e) for e in endings], dtype=bool)
    return hit[result.ending]


def measure(bench: Bench, t: Target) -> tuple[float, str]:
    """The target's value in this bench's scenario, and a short note on what it compared."""
    m = t.measure
    if m == "share":
        return bench.share(t.policy, t.outcome), ""
    if m in ("beats", "not_worst"):
        mine = bench.share(t.policy, t.outcome)
        others = {v: bench.share(v, t.outcome) for v in t.versus}
        ref = (
            max(others, key=others.__getitem__)
            if m == "beats"
            else min(others, key=others.__getitem__)
        )
        return mine - others[ref], f"{t.policy} {mine:.3f} vs {ref} {others[ref]:.3f}"
    if m == "meter_gap":
        a, b = bench.meter_end(t.policy, t.meter), bench.meter_end(t.versus[0], t.meter)
        return a - b, f"{t.meter}: {t.policy} {a:.1f} vs {t.versus[0]} {b:.1f}"
    if m == "meter_rise":
        start = bench.model.scenarios[bench.scenario].start.get(t.meter)
        if start is None:
            start = next(x.start for x in bench.model.meters if x.id == t.meter)
        end = bench.meter_end(t.policy, t.meter)
        return end - start, f"{t.meter}: start {start:.0f}, end {end:.1f}"
    if m == "pinned":
        return _pinned(bench, t)
    if m == "rule_gives":
        counts = bench.result(t.policy).trajectory.rule_counts  # type: ignore[union-attr]
        ri = [r.id for r in bench.model.rules].index(t.rule)
        up, down = counts[ri, bench.model.meter_ids.index(t.meter)]
        return (float(up) / max(1, int(up + down))), f"raised {up}, lowered {down}"
    if m == "swap_changes":
        base, alt = bench.swapped(t.policy)
        mask = alt.swapped if alt.swapped is not None else np.zeros(0, bool)
        changed = base.ending[mask] != alt.ending[mask]
        return float(changed.mean()) if changed.size else 0.0, f"{int(mask.sum())} swaps"
    if m == "event_seen":
        r = bench.result(t.policy)
        row = bench.model.layout[f"seen.{t.event}"]
        return float((r.state.values[row] > 0).mean()), ""
    if m == "coopted_from":
        return _coopted_from(bench, t)
    raise ValueError(m)  # pragma: no cover - load_calibration refuses unknown measures


def _pinned(bench: Bench, t: Target) -> tuple[float, str]:
    tr = bench.result(t.policy).trajectory
    assert tr is not None
    weight = tr.playing.astype(np.float64)
    share = ((tr.low + tr.high) * weight[:, None]).sum(axis=0) / max(1.0, weight.sum())
    worst, value = "", 0.0
    for i, mid in enumerate(bench.model.meter_ids):
        if mid not in t.exclude and share[i] > value:
            worst, value = mid, float(share[i])
    return value, f"worst: {worst} (<= {LOW:g} or >= {HIGH:g})"


def _coopted_from(bench: Bench, t: Target) -> tuple[float, str]:
    """Co-opted share among allies who neglected the street, minus among allies who kept it."""
    r = bench.result(t.policy)
    lay, vals = bench.model.layout, r.state.values
    allied = vals[lay["tag.alliance"]] >= 3
    from_below = (
        vals[lay["tag.conflict_below"]] + vals[lay["tag.connect"]] + vals[lay["tag.observe"]]
    )
    trust = vals[lay["trust"]]
    neglect = allied & (trust < 50) & (from_below <= 1)
    kept = allied & (trust >= 50) & (from_below >= 2)
    co = outcome_mask(bench.model, r, "coopted")
    a = float(co[neglect].mean()) if neglect.any() else 0.0
    b = float(co[kept].mean()) if kept.any() else 0.0
    return (
        a - b,
        f"neglected street {a:.3f} ({int(neglect.sum())}) vs kept {b:.3f} ({int(kept.sum())})",
    )


def contradictions(model: Model, result: BatchResult) -> dict[str, tuple[int, int]]:
    """Per ending with a story requirement: (games reaching it, games whose state contradicts it)."""
    env = FullEnv(result.state)
    n = result.state.n
    out = {}
    for i, ending in enumerate(model.endings):
        if ending.requires is None:
            continue
        reached = result.ending == i
        if not reached.any():
            continue
        ok = np.broadcast_to(np.asarray(ending.requires(env)) != 0, (n,))
        out[ending.id] = (int(reached.sum()), int((reached & ~ok).sum()))
    return out


def check_scenario(
    model: Model,
    cal: Calibration,
    scenario: str,
    runs: int | None = None,
    bench: Bench | None = None,
    lab: Any = None,
) -> list[Result]:
    """Every target, the endings' stories and the essay's claims in one scenario.

    ``bench`` and ``lab`` (a game.lab.claims.Lab), when given, must be at the calibration's seed
    and these runs: their simulations are shared with whoever else uses them (the tests).
    """
    return check_targets(model, cal, scenario, runs, bench) + check_claims(
        model, cal, scenario, runs or cal.runs, lab
    )


def check_targets(
    model: Model,
    cal: Calibration,
    scenario: str,
    runs: int | None = None,
    bench: Bench | None = None,
) -> list[Result]:
    """The file's targets and the endings' stories in one scenario (see check_scenario)."""
    bench = bench or Bench(model, scenario, runs or cal.runs, cal.seed)
    if bench.scenario != scenario or bench.seed != cal.seed or bench.runs != (runs or cal.runs):
        raise ValueError("the bench is not this scenario's at the calibration's seed and runs")
    out = []
    for t in cal.targets:
        value, detail = measure(bench, t)
        out.append(Result(t, scenario, value, t.judge(value), detail))
    limit = cal.ending_contradiction_limit
    story = Target(
        "ending_stories_hold", {"nl": "Eindes kloppen met hun verhaal", "en": "Endings match their stories"},
        "Endings follow the research's story; essay 999-1030", "stories", "all", hi=limit,
    )  # fmt: skip
    worst, worst_value = "", 0.0
    for pol in model.policies:
        for eid, (reached, bad) in contradictions(model, bench.result(pol)).items():
            frac = bad / reached
            if frac > worst_value:
                worst, worst_value = f"{eid} under {pol}: {bad} of {reached}", frac
    out.append(Result(story, scenario, worst_value, worst_value <= limit, worst))
    return out


def check_claims(
    model: Model, cal: Calibration, scenario: str, runs: int, lab: Any = None
) -> list[Result]:
    """The essay's claims in one scenario, with the calibration's margins.

    Apart from the targets so that `balance` can run the two halves of a scenario's check
    on two workers; ``check_scenario`` returns both, in this order.
    """
    from game.lab.claims import CLAIMS, Lab

    out = []
    lab = lab or Lab(model, runs=runs, seed=cal.seed)
    if lab.runs != runs or lab.seed != cal.seed:
        raise ValueError("the lab is not at the calibration's seed and runs")
    for claim in CLAIMS:
        margin = cal.claim_meter_margin if claim.meter_claim else cal.claim_share_margin
        hi, lo = claim.measure(lab, scenario)
        ct = Target(
            f"claim:{claim.id}", claim.texts(model.ui), "game/lab/claims.py", "claim", "lab", lo=margin,
        )  # fmt: skip
        gap = claim.gap(hi, lo)
        out.append(Result(ct, scenario, gap, gap >= margin, f"{hi:.3f} vs {lo:.3f}"))
    return out
