"""What a finished game means: the data behind the debrief screen and the exported reports.

Pure: takes a played :class:`~game.engine.Game`, returns plain data. The front ends only
lay it out, so the app, plain mode and the Markdown/HTML report agree.

Three explanations are built here:

- **Key moments** are the turns with the largest total swing, but each is split into what
  the choice itself did and what the rules (the arrows of Schema 1) did that turn, so a
  swing caused by overload is never credited to the choice.
- **The folded why** of a turn (:func:`fold`): the choice, then the causes that moved a
  meter by at least :data:`NOTABLE` points, at most :data:`SHOWN` in all; the rest are
  summed up in one line. The full trace stays in the log and the reports.
- **Why this ending**: the parts of the reached ending's condition with the player's own
  values, the nearest miss among the better endings tried before it, and findings cited
  from what actually happened (:data:`EVIDENCE`, :data:`RULE_FINDINGS`,
  :data:`ARROW_FINDINGS`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from game.engine import Change, Game, TurnRecord
from game.engine.expr import Comparison, ExprError, clauses, compile_expr
from game.engine.model import Ending, Model
from game.engine.state import FullEnv
from game.i18n import Table, lookup

NOTABLE = 2.0  # a cause that moved some meter by at least this much is shown on its own
SHOWN = 4  # at most this many causes (the choice included) before the rest are folded
MOMENT_RULES = 3  # the rules named beside a key moment's choice
VISIBLE = 0.5  # changes smaller than this read as 0 and are left out of the words

# Meters where a rise is bad news (as in the app's colours): used to measure damage.
BURDENS = frozenset({"workload", "private_burden"})

# An ending's own finding is cited only when the game's trace supports it, where that is
# clear: (rule ids or arrow numbers that must have done it, meters it must have cost, the
# least total cost in points over the game). Findings not listed here are always cited.
REAL_COST = 10.0
EVIDENCE: dict[str, tuple[frozenset[str | int], frozenset[str], float]] = {
    # Private life counts: only when overload (5) or worries at home (6) cost real energy
    # or home support, not for a burn-out with nothing at home.
    "conclusion e": (frozenset({5, 6}), frozenset({"energy", "home_support"}), REAL_COST),
    # Stability (fixed contacts, longer grants): only when a grant ran out or the contact
    # official changed at least once (any cost).
    "recommendation a": (
        frozenset({"arrow3_grant_runs_out", "arrow4_new_official"}),
        frozenset(),
        0.0,
    ),
}
# The finding an arrow's damage points to: first by rule, then by arrow.
RULE_FINDINGS = {
    "arrow3_grant_runs_out": "recommendation a",  # short grant cycles
    "arrow4_new_official": "recommendation a",  # rotating contact officials
    "arrow3_bridges_burn": "conclusion b",  # allies and little obstruction are crucial
    "arrow4_too_docile": "conclusion c",  # autonomous collaboration
}
ARROW_FINDINGS = {
    1: "conclusion a",  # the challenge must stay manageable
    2: "recommendation g",  # give recognition
    3: "conclusion b",  # allies lighten the context
    4: "conclusion d",  # pushed into boxes
    5: "conclusion a",  # overload: the challenge must stay manageable
    6: "conclusion e",  # private life counts
    7: "conclusion h",  # change keeps the work going
    8: "conclusion f",  # stability and development
}
DAMAGING_ARROWS = 2  # how many of the most damaging arrows add their finding


@dataclass(frozen=True)
class Cause:
    """One cause of change in a turn: the choice or a rule, and what it moved, largest first."""

    kind: str  # "choice" or "rule"
    id: str
    arrow: int | None
    source: str
    explain: Mapping[str, str]
    moved: tuple[tuple[str, float], ...]

    @property
    def weight(self) -> float:
        return sum(abs(v) for _, v in self.moved)

    @property
    def largest(self) -> float:
        return max((abs(v) for _, v in self.moved), default=0.0)


@dataclass(frozen=True)
class Folded:
    """A turn's why, folded: the causes to show, and the rest summed per meter."""

    shown: tuple[Cause, ...]
    rest: tuple[Cause, ...]
    rest_total: tuple[tuple[str, float], ...]  # net change per meter of the rest, largest first


@dataclass(frozen=True)
class Moment:
    """A turn with a large swing, split into what the choice did and what the rules did."""

    turn: int
    year: int
    season: int
    event: str | None
    choice_id: str | None
    swing: float
    moved: tuple[tuple[str, float], ...]  # (meter, net change over the turn) largest first
    choice: tuple[tuple[str, float], ...]  # what the choice itself moved, largest first
    rules: tuple[Cause, ...]  # rules that moved a meter by >= NOTABLE: arrows first, then size


@dataclass(frozen=True)
class Check:
    """One part of an ending's condition, evaluated on the final state."""

    text: str  # the part as written
    held: bool
    name: str | None = None  # for a simple comparison name OP number
    op: str | None = None
    number: float | None = None
    value: float | None = None  # the player's value of name


@dataclass(frozen=True)
class Miss:
    """A better ending that was tried before the reached one, and the parts it failed on."""

    ending: str
    failed: tuple[Check, ...]


@dataclass(frozen=True)
class Damage:
    """What one arrow of Schema 1 cost over the whole game, in points per meter."""

    arrow: int
    finding: str
    total: float
    meters: tuple[tuple[str, float], ...]  # (meter, signed change), most harmful first


@dataclass(frozen=True)
class Debrief:
    scenario: str
    ending: str | None
    person: str | None
    initiative: str | None
    turns_played: int
    history: np.ndarray  # (turns + 1, M)
    meters: tuple[str, ...]
    moments: tuple[Moment, ...]
    tags: dict[str, int]
    findings: tuple[str, ...]
    deciding: tuple[Check, ...] = ()  # the parts of the reached ending's condition
    nearest_miss: Miss | None = None
    damage: tuple[Damage, ...] = ()  # arrows by the harm they did, largest first
    evidence: Mapping[str, Damage] | None = None  # finding -> the damage that cites it


def season_name(season: int, lang: str, ui: Table) -> str:
    """The half-year's name ('voorjaar', 'spring'): the UI string ``season.0`` or ``season.1``."""
    return lookup((ui,), f"season.{season}", lang, {})


def _largest_first(deltas: Mapping[str, float], meters: set[str] | None = None) -> tuple:
    items = [(k, v) for k, v in deltas.items() if abs(v) >= VISIBLE]
    if meters is not None:
        items = [(k, v) for k, v in items if k in meters]
    return tuple(sorted(items, key=lambda kv: -abs(kv[1])))


def cause_of(change: Change, meters: set[str] | None = None) -> Cause:
    """A trace line as a :class:`Cause`, with its visible meter changes largest first."""
    return Cause(
        change.kind,
        change.id,
        change.arrow,
        change.source,
        dict(change.explain),
        _largest_first(change.deltas, meters),
    )


def fold(
    record: TurnRecord,
    meters: list[str] | tuple[str, ...] | None = None,
    notable: float = NOTABLE,
    shown: int = SHOWN,
) -> Folded:
    """The why of a turn as a student should first see it.

    The choice comes first, always; then the rules that moved some meter by at least
    ``notable`` points, largest first, up to ``shown`` causes in all. Every other cause is
    folded into ``rest``, with its net change per meter in ``rest_total``.
    """
    keep = set(meters) if meters is not None else None
    all_causes = [cause_of(c, keep) for c in record.why]
    choice = [c for c in all_causes if c.kind == "choice"]
    rules = sorted(
        (c for c in all_causes if c.kind != "choice" and c.moved), key=lambda c: -c.weight
    )
    room = max(shown - len(choice), 0)
    big = [c for c in rules if c.largest >= notable][:room]
    rest = [c for c in rules if c not in big]
    total: dict[str, float] = {}
    for c in rest:
        for k, v in c.moved:
            total[k] = total.get(k, 0.0) + v
    return Folded(tuple(choice + big), tuple(rest), _largest_first(total))


def _by_arrow(causes: list[Cause]) -> list[Cause]:
    """Rules of the same arrow taken together (a moment names arrows, not rule ids)."""
    out: list[Cause] = []
    merged: dict[int, int] = {}
    for c in causes:
        if c.kind != "rule" or c.arrow is None:
            out.append(c)
            continue
        if c.arrow not in merged:
            merged[c.arrow] = len(out)
            out.append(c)
            continue
        first = out[merged[c.arrow]]
        total = dict(first.moved)
        for k, v in c.moved:
            total[k] = total.get(k, 0.0) + v
        out[merged[c.arrow]] = Cause(
            "rule",
            f"{first.id}+{c.id}",
            c.arrow,
            first.source,
            first.explain,
            _largest_first(total),
        )
    return out


def key_moments(
    records: list[TurnRecord], count: int = 5, meters: list[str] | None = None
) -> tuple[Moment, ...]:
    """The turns where the meters swung most, in the order they happened.

    A moment is chosen by its total swing, but it keeps the choice's own effect apart from
    the rules that did the rest, so the swing is never all credited to the choice.
    """
    keep = set(meters) if meters is not None else None
    scored = []
    for r in records:
        changes = {k: r.after[k] - r.before[k] for k in r.after}
        swing = sum(abs(v) for v in changes.values())
        causes = _by_arrow([cause_of(c, keep) for c in r.why])
        choice = next((c.moved for c in causes if c.kind == "choice"), ())
        # The arrows of Schema 1 first (they are what the game teaches), then the drifts.
        rules = sorted(
            (c for c in causes if c.kind != "choice" and c.largest >= NOTABLE),
            key=lambda c: (c.arrow is None, -c.weight),
        )
        scored.append(
            Moment(
                r.turn,
                r.year,
                r.season,
                r.event,
                r.choice_id,
                round(swing, 1),
                _largest_first(changes)[:3],
                choice[:3],
                tuple(rules[:MOMENT_RULES]),
            )
        )
    top = sorted(scored, key=lambda m: -m.swing)[:count]
    return tuple(sorted(top, key=lambda m: m.turn))


def _check(model: Model, game: Game, text: str, comparison: Comparison | None) -> Check:
    """Evaluate one part of a condition on the game's final state."""
    try:
        value = compile_expr(text, model.layout.rows)(FullEnv(game.state))
        held = bool(np.asarray(value).reshape(-1)[0])
    except (ExprError, KeyError, IndexError):
        held = False
    if comparison is None:
        return Check(text, held)
    name = comparison.name
    actual = game.value(name) if name in model.layout.rows else None
    return Check(text, held, name, comparison.op, comparison.number, actual)


def checks(model: Model, game: Game, ending: Ending) -> tuple[Check, ...]:
    """The top-level parts of an ending's condition, each with whether it held at the end."""
    if ending.when is None:
        return ()
    try:
        parts = clauses(ending.when.text)
    except ExprError:
        return ()
    return tuple(_check(model, game, c.text, c.comparison) for c in parts)


def _better(candidate: Ending, reached: Ending) -> bool:
    """A good ending is better; so is one whose initiative carried on where yours did not."""
    if candidate.good:
        return True
    return candidate.initiative == "carried_on" and reached.initiative != "carried_on"


def _measured(model: Model, check: Check) -> bool:
    """A comparison of a meter or of how often a kind of choice was made: a matter of degree."""
    name = check.name or ""
    return check.value is not None and (name in model.meter_ids or name.startswith("tag."))


def nearest_miss(model: Model, game: Game) -> Miss | None:
    """Of the better endings tried before the reached one, the one that failed on fewest parts.

    Endings are tried in order, so an ending after the reached one would have needed the
    reached one to fail first. A failed part that is no comparison of a meter or a count of
    choices (``walked_away``, a flag like ``flag.management_role > 0``: another way of
    ending altogether) counts as further off than any number of comparisons; among equals the smaller shortfall wins, then the ending tried first.
    """
    reached = game.ending
    if reached is None:
        return None
    best: tuple[tuple[int, int, float], Miss] | None = None
    for ending in model.endings[: model.ending_index(reached.id)]:
        if ending.when is None or not _better(ending, reached):
            continue
        failed = tuple(c for c in checks(model, game, ending) if not c.held)
        if not failed:
            continue
        simple = [c for c in failed if _measured(model, c)]
        shortfall = sum(abs(c.value - c.number) for c in simple)  # type: ignore[operator]
        score = (len(failed) - len(simple), len(simple), shortfall)
        if best is None or score < best[0]:
            best = (score, Miss(ending.id, failed))
    return best[1] if best else None


def harm(meter: str, delta: float) -> float:
    """How much a change hurts: a fall of an ordinary meter, a rise of a burden."""
    return max(delta, 0.0) if meter in BURDENS else max(-delta, 0.0)


def arrow_damage(model: Model, records: list[TurnRecord]) -> tuple[Damage, ...]:
    """Each arrow's harm over the game, most harmful first (arrows that did no harm left out)."""
    meters = set(model.meter_ids)
    per_rule: dict[str, dict[str, float]] = {}
    arrows: dict[str, int] = {}
    for r in records:
        for c in r.why:
            if c.kind != "rule" or c.arrow is None:
                continue
            arrows[c.id] = c.arrow
            bucket = per_rule.setdefault(c.id, {})
            for k, v in c.deltas.items():
                if k in meters:
                    bucket[k] = bucket.get(k, 0.0) + v
    out: dict[int, tuple[float, dict[str, float], str, float]] = {}
    for rule_id, totals in per_rule.items():
        arrow = arrows[rule_id]
        cost = sum(harm(k, v) for k, v in totals.items())
        total, merged, finding, top = out.get(arrow, (0.0, {}, "", -1.0))
        for k, v in totals.items():
            merged[k] = merged.get(k, 0.0) + v
        if cost > top:  # the arrow's most harmful rule names its finding
            finding = RULE_FINDINGS.get(rule_id, ARROW_FINDINGS.get(arrow, ""))
            top = cost
        out[arrow] = (total + cost, merged, finding, top)
    damage = [
        Damage(
            arrow,
            finding,
            round(total, 1),
            tuple(
                (k, v)
                for k, v in sorted(merged.items(), key=lambda kv: -harm(*kv))
                if harm(k, v) >= VISIBLE
            ),
        )
        for arrow, (total, merged, finding, _top) in out.items()
        if total >= VISIBLE
    ]
    return tuple(sorted(damage, key=lambda d: -d.total))


def supported(model: Model, records: list[TurnRecord], finding: str) -> bool:
    """Whether the trace supports one of an ending's findings (see :data:`EVIDENCE`)."""
    rule_ids = {r.id for r in model.rules}
    arrow_ids = {r.arrow for r in model.rules if r.arrow is not None}
    need = EVIDENCE.get(finding)
    if need is None:
        return True
    causes, meters, least = need
    if not any(c in rule_ids or c in arrow_ids for c in causes):
        return True  # the content no longer has these rules: no clear mapping, keep it
    cost = 0.0
    fired = False
    for r in records:
        for c in r.why:
            if c.kind != "rule" or (c.id not in causes and c.arrow not in causes):
                continue
            fired = fired or any(v != 0 for v in c.deltas.values())
            cost += sum(harm(k, v) for k, v in c.deltas.items() if not meters or k in meters)
    return fired and cost >= least


def cited_findings(
    model: Model, game: Game, damage: tuple[Damage, ...]
) -> tuple[tuple[str, ...], dict[str, Damage]]:
    """The findings to cite: the ending's own that the trace supports, then those of the
    arrows that did the most damage (at least :data:`REAL_COST` points each)."""
    ending = game.ending
    own = [f for f in (ending.findings if ending else ()) if supported(model, game.records, f)]
    evidence: dict[str, Damage] = {}
    for d in damage:  # most harmful first; two arrows may point to the same finding
        if len(evidence) >= DAMAGING_ARROWS or d.total < REAL_COST:
            break
        if d.finding and d.finding in model.findings and d.finding not in evidence:
            evidence[d.finding] = d
            if d.finding not in own:
                own.append(d.finding)
    return tuple(own), evidence


def tag_counts(records: list[TurnRecord]) -> dict[str, int]:
    """How often the player chose each kind of action, most frequent first."""
    counts = Counter(tag for r in records for tag in r.tags)
    return dict(counts.most_common())


def build(model: Model, game: Game) -> Debrief:
    """The debrief of a game (finished or not)."""
    ending = game.ending
    damage = arrow_damage(model, game.records)
    findings, evidence = cited_findings(model, game, damage)
    return Debrief(
        scenario=game.scenario.id,
        ending=ending.id if ending else None,
        person=ending.person if ending else None,
        initiative=ending.initiative if ending else None,
        turns_played=len(game.records),
        history=game.history(),
        meters=tuple(model.meter_ids),
        moments=key_moments(game.records, meters=model.meter_ids),
        tags=tag_counts(game.records),
        findings=findings,
        deciding=checks(model, game, ending) if ending else (),
        nearest_miss=nearest_miss(model, game),
        damage=damage,
        evidence=evidence,
    )


def causes(
    record: TurnRecord, limit: int | None = None
) -> list[tuple[dict[str, str], list[tuple[str, float]]]]:
    """The why of a turn: your choice first, then the rules by the size of what they moved.

    Each cause is (explanation {nl, en}, [(meter, change), ...] largest first); causes that
    moved nothing visible (under half a point) are left out.
    """
    ordered = sorted(
        record.why, key=lambda c: (c.kind != "choice", -sum(abs(v) for v in c.deltas.values()))
    )
    out = []
    for c in ordered:
        moved = [
            (k, v) for k, v in sorted(c.deltas.items(), key=lambda kv: -abs(kv[1])) if abs(v) >= 0.5
        ]
        if moved:
            out.append((dict(c.explain), moved))
    return out[:limit] if limit else out
