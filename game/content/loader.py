"""Reading the model, events, endings, scenarios and policies from YAML, with a schema check.

All problems are collected, each as ``file:line: message``; a model is built only when
there are none. Nothing here trusts its input: YAML goes through ``yamlsafe`` and every
expression through the engine's own parser.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.engine.expr import Compiled, ExprError, compile_expr
from game.engine.model import (
    INITIATIVES,
    LANGS,
    PERSONS,
    TAGS,
    Choice,
    Clock,
    Derived,
    Effect,
    Ending,
    Event,
    FollowUp,
    Meter,
    Model,
    Policy,
    PolicyRule,
    Rule,
    Scenario,
    WorldSetting,
    build_layout,
)

from . import fields, layers, scenario_rules, suggest
from .paths import content_dir, scenarios_dir
from .yamlsafe import ContentError, LDict, LList, load_file

ID = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
SOURCE = re.compile(r"essay \d+(\s*[-–]\s*\d+)?")
PARTS = ("A", "B", "C", "D", "E")
SEASONS = {"spring": 0, "voorjaar": 0, "autumn": 1, "najaar": 1}
MAX_TITLE_WORDS = 6
MAX_TEXT = 420
MAX_LABEL = 75
MAX_OUTCOME = 300


class ContentInvalid(Exception):
    """Raised when content has problems; ``problems`` lists them all."""

    def __init__(self, problems: list[ContentError]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Sources:
    """The files that make up one model: which file plays which part."""

    model: Path
    endings: Path
    events: list[Path] = field(default_factory=list)
    scenarios: list[Path] = field(default_factory=list)
    policies: list[Path] = field(default_factory=list)
    ui: Path | None = None
    ui_extra: list[Path] = field(default_factory=list)  # content/ui-*.yaml, merged into ui
    glossary: Path | None = None
    extra_endings: list[Path] = field(default_factory=list)  # endings of one's own
    origin: dict[str, str] = field(default_factory=dict)  # file -> the folder it came from
    problems: list[ContentError] = field(default_factory=list)  # found while gathering files


def default_sources() -> Sources:
    """The built-in content with the user content folder and any --content folders on top."""
    src = builtin_sources()
    src.problems.extend(layers.add_layers(src, layers.layers()))
    return src


def builtin_sources() -> Sources:
    c, s = content_dir(), scenarios_dir()
    ui = c / "ui.yaml"
    glossary = c / "glossary.yaml"
    return Sources(
        model=c / "model.yaml",
        endings=c / "endings.yaml",
        events=sorted((c / "events").glob("*.yaml")),
        scenarios=sorted(s.glob("*.yaml")),
        ui=ui if ui.exists() else None,
        ui_extra=sorted(c.glob("ui-*.yaml")),
        glossary=glossary if glossary.exists() else None,
        policies=[c / "policies.yaml"] if (c / "policies.yaml").exists() else [],
    )


class _Ctx:
    """Collects problems while reading; ``at`` names a place in a file."""

    def __init__(self) -> None:
        self.problems: list[ContentError] = []

    def err(self, path: Path | str, line: int | None, message: str) -> None:
        self.problems.append(ContentError(path, line, message))


def _line(obj: Any, key: str | int | None = None) -> int:
    if key is not None and isinstance(obj, LDict) and isinstance(key, str):
        return obj.line_of(key)
    if key is not None and isinstance(obj, LList) and isinstance(key, int):
        return obj.line_of(key)
    return getattr(obj, "line", 0) or 0


class _Reader:
    def __init__(self, ctx: _Ctx, path: Path) -> None:
        self.ctx = ctx
        self.path = path

    def err(self, obj: Any, key: str | int | None, message: str) -> None:
        self.ctx.err(self.path, _line(obj, key) or None, message)

    def mapping(
        self, obj: Any, where: str, allowed: Iterable[str], required: Iterable[str]
    ) -> bool:
        if not isinstance(obj, dict):
            self.err(obj, None, f"{where}: expected a mapping")
            return False
        ok = True
        allowed_set = set(allowed)
        for key in obj:
            if key not in allowed_set:
                self.err(obj, key, f"{where}: unknown field {key!r}")
                ok = False
        for key in required:
            if key not in obj:
                self.err(obj, None, f"{where}: missing field {key!r}")
                ok = False
        return ok

    def ident(self, obj: dict, where: str, key: str = "id") -> str | None:
        value = obj.get(key)
        if not isinstance(value, str) or not ID.match(value):
            self.err(
                obj, key, f"{where}: {key} must be lower-case letters, digits and _ (got {value!r})"
            )
            return None
        return value

    def text(
        self, obj: dict, key: str, where: str, limit: int | None = None, words: int | None = None
    ) -> dict[str, str]:
        value = obj.get(key)
        if not isinstance(value, dict):
            self.err(obj, key, f"{where}: {key} must be {{nl: ..., en: ...}}")
            return {lang: "" for lang in LANGS}
        out = {}
        for lang in LANGS:
            t = value.get(lang)
            if not isinstance(t, str) or not t.strip():
                self.err(
                    value,
                    None if lang not in value else lang,
                    f"{where}: {key} is missing its {lang} translation",
                )
                t = ""
            elif limit and len(t.strip()) > limit:
                self.err(
                    value,
                    lang,
                    f"{where}: {key} ({lang}) is {len(t.strip())} characters, at most {limit}",
                )
            elif words and len(t.split()) > words:
                self.err(
                    value,
                    lang,
                    f"{where}: {key} ({lang}) is {len(t.split())} words, at most {words}",
                )
            out[lang] = " ".join(t.split()) if key != "story" else t.strip()
        for lang in value:
            if lang not in LANGS:
                hint = (
                    " (a text with a comma inside {nl: ..., en: ...} must be quoted)"
                    if value[lang] is None
                    else ""
                )
                self.err(value, lang, f"{where}: {key} has unknown language {lang!r}{hint}")
        return out

    def source(self, obj: dict, where: str) -> str:
        value = obj.get("source")
        if not isinstance(value, str) or not value.strip():
            self.err(
                obj,
                "source" if "source" in obj else None,
                f"{where}: missing source (the essay passage it comes from)",
            )
            return ""
        if not SOURCE.search(value):
            self.err(obj, "source", f"{where}: source must cite essay lines, e.g. 'essay 466-487'")
        return value.strip()

    def number(
        self, obj: dict, key: str, where: str, lo: float | None = None, hi: float | None = None
    ) -> float | None:
        value = obj.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.err(obj, key, f"{where}: {key} must be a number")
            return None
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            self.err(obj, key, f"{where}: {key} must lie between {lo:g} and {hi:g}")
            return None
        return float(value)

    def expr(self, obj: dict, key: str, where: str, names: dict[str, int]) -> Compiled | None:
        raw = obj.get(key)
        try:
            return compile_expr(raw, names, f"{self.path.name}:{where}:{key}")
        except ExprError as exc:
            self.err(
                obj,
                key,
                f"{where}: {key}: {exc.message}"
                + (f" (column {exc.column})" if exc.column else ""),
            )
            return None

    def effects(
        self, obj: dict, key: str, where: str, names: dict[str, int], targets: dict[str, str]
    ) -> tuple[Effect, ...]:
        raw = obj.get(key)
        if raw is None:
            return ()
        if not isinstance(raw, dict):
            self.err(obj, key, f"{where}: {key} must map names to expressions")
            return ()
        out = []
        for name, value in raw.items():
            full = targets.get(name)
            if full is None:
                self.err(
                    raw,
                    name,
                    f"{where}: {key}: unknown {'flag' if key == 'set' else 'meter'} {name!r}",
                )
                continue
            try:
                compiled = compile_expr(value, names, f"{self.path.name}:{where}:{key}.{name}")
            except ExprError as exc:
                self.err(raw, name, f"{where}: {key}.{name}: {exc.message}")
                continue
            out.append(Effect(name, names[full], compiled))
        return tuple(out)


def _load(ctx: _Ctx, path: Path) -> Any:
    try:
        return load_file(path)
    except ContentError as exc:
        ctx.problems.append(exc)
        return None


def _list(r: _Reader, doc: Any, key: str) -> list:
    if not isinstance(doc, dict) or not isinstance(doc.get(key), list):
        r.err(doc, None, f"expected a top-level list '{key}:'")
        return []
    return doc[key]


def load_policy_file(path: Path, names: Mapping[str, int]) -> Policy:
    """A policy from YAML ``{name, weights, rules}``; ContentInvalid on problems.

    ``names`` is the model's layout: rule conditions are expressions over the state.
    """
    ctx = _Ctx()
    doc = _load(ctx, path)
    r = _Reader(ctx, path)
    policy = None
    if doc is not None and r.mapping(doc, "policy", POLICY_KEYS, ("name", "weights")):
        policy = _policy(r, doc, dict(names))
    if ctx.problems or policy is None:
        raise ContentInvalid(ctx.problems or [ContentError(path, None, "not a policy")])
    return policy


POLICY_KEYS = ("name", "weights", "rules", "description")


def _tag_weights(r: _Reader, obj: dict, key: str, where: str) -> dict[str, float] | None:
    weights = obj.get(key)
    if not isinstance(weights, dict):
        r.err(obj, key, f"{where}: {key} must map tags to numbers")
        return None
    out = {}
    for tag, w in weights.items():
        if tag not in TAGS:
            r.err(weights, tag, f"{where}: unknown tag {tag!r} (tags: {', '.join(TAGS)})")
        elif isinstance(w, bool) or not isinstance(w, int | float) or not 0 <= w <= 1000:
            r.err(weights, tag, f"{where}: weight of {tag} must be a number from 0 to 1000")
        else:
            out[tag] = float(w)
    return out


def _policy(r: _Reader, doc: dict, names: dict[str, int]) -> Policy | None:
    name = doc.get("name")
    if not isinstance(name, str) or not name.strip():
        r.err(doc, "name", "policy: name must be text")
        return None
    where = f"policy {name.strip()}"
    weights = _tag_weights(r, doc, "weights", where)
    if weights is None:
        return None
    rules = []
    raw_rules = doc.get("rules", [])
    if not isinstance(raw_rules, list):
        r.err(doc, "rules", f"{where}: rules must be a list of {{when, weights}}")
        raw_rules = []
    for k, raw in enumerate(raw_rules):
        rw = f"{where}, rule {k + 1}"
        if not r.mapping(raw, rw, ("when", "weights"), ("when", "weights")):
            continue
        when = r.expr(raw, "when", rw, names)
        rule_weights = _tag_weights(r, raw, "weights", rw)
        if when is not None and rule_weights is not None:
            rules.append(PolicyRule(when, rule_weights, str(raw["when"])))
    description = doc.get("description")
    desc = (
        r.text(doc, "description", where, limit=300) if isinstance(description, dict) else {}
    )
    return Policy(name.strip(), weights, tuple(rules), desc)


def _policies(ctx: _Ctx, docs: dict, paths: list[Path], names: dict[str, int]) -> dict[str, Policy]:
    """Policies from policy files: a ``policies:`` list, or one policy per file."""
    out: dict[str, Policy] = {"random": Policy("random", {})}
    for p in paths:
        r = _Reader(ctx, p)
        doc = docs.get(p)
        if doc is None:
            continue
        items = _list(r, doc, "policies") if isinstance(doc, dict) and "policies" in doc else [doc]
        for item in items:
            if r.mapping(item, "policy", POLICY_KEYS, ("name", "weights")):
                pol = _policy(r, item, names)
                if pol:
                    out[pol.name] = pol
    return out


def load_model(sources: Sources | None = None) -> Model:
    """Read and check everything; return the model or raise ContentInvalid with all problems."""
    model, problems = check(sources)
    if model is None:
        raise ContentInvalid(problems)
    return model


def check(sources: Sources | None = None) -> tuple[Model | None, list[ContentError]]:
    """Read and check; return (model or None, problems)."""
    src = sources or default_sources()
    ctx = _Ctx()
    ctx.problems.extend(src.problems)
    docs: dict[Path, Any] = {}
    extra = [q for q in (src.ui, src.glossary) if q is not None] + src.ui_extra
    for p in [
        src.model,
        src.endings,
        *src.extra_endings,
        *src.events,
        *src.scenarios,
        *src.policies,
        *extra,
    ]:
        docs[p] = _load(ctx, p)
    merged = layers.merge(src, docs)  # replaces: and duplicates across files
    ctx.problems.extend(merged.problems)

    # --- model.yaml: meters, derived values, clocks, world settings --------------------
    r = _Reader(ctx, src.model)
    mdoc = docs[src.model]
    meters: list[Meter] = []
    derived_raw: list[tuple[dict, str]] = []
    clocks_raw: list[tuple[dict, str]] = []
    world: list[WorldSetting] = []
    rules_raw: list = []
    ids_seen: dict[str, int] = {}

    def unique(reader: _Reader, obj: dict, ident: str | None, kind: str) -> None:
        if ident is None:
            return
        if ident in ids_seen:
            reader.err(obj, "id", f"{kind} {ident!r}: duplicate id")
        ids_seen[ident] = 1

    if isinstance(mdoc, dict) and r.mapping(
        mdoc,
        "model",
        ("meters", "derived", "clocks", "world", "rules", "description"),
        ("meters", "rules"),
    ):
        for m in _list(r, mdoc, "meters"):
            if not r.mapping(
                m,
                "meter",
                ("id", "part", "start", "label", "description"),
                ("id", "part", "start", "label"),
            ):
                continue
            mid = r.ident(m, "meter")
            unique(r, m, mid, "meter")
            where = f"meter {mid}"
            if m.get("part") not in PARTS:
                r.err(m, "part", f"{where}: part must be one of {', '.join(PARTS)}")
            start = r.number(m, "start", where, 0, 100)
            label = r.text(m, "label", where, limit=24)
            desc = r.text(m, "description", where, limit=MAX_TEXT) if "description" in m else label
            if mid:
                meters.append(Meter(mid, label, desc, str(m.get("part")), start or 0.0))
        for d in mdoc.get("derived") or []:
            if r.mapping(
                d, "derived", ("id", "label", "expr", "source"), ("id", "label", "expr", "source")
            ):
                did = r.ident(d, "derived")
                unique(r, d, did, "derived value")
                if did:
                    derived_raw.append((d, did))
        for c in mdoc.get("clocks") or []:
            if r.mapping(
                c,
                "clock",
                ("id", "start", "each_turn", "source", "description"),
                ("id", "start", "each_turn", "source"),
            ):
                cid = r.ident(c, "clock")
                unique(r, c, cid, "clock")
                if cid:
                    clocks_raw.append((c, cid))
        for w in mdoc.get("world") or []:
            if not r.mapping(
                w,
                "world setting",
                ("id", "default", "min", "max", "label", "description"),
                ("id", "default", "min", "max", "label"),
            ):
                continue
            wid = r.ident(w, "world setting")
            where = f"world setting {wid}"
            lo = r.number(w, "min", where)
            hi = r.number(w, "max", where)
            default = (
                r.number(w, "default", where, lo, hi) if lo is not None and hi is not None else None
            )
            label = r.text(w, "label", where, limit=40)
            desc = r.text(w, "description", where, limit=MAX_TEXT) if "description" in w else label
            if wid and default is not None:
                world.append(WorldSetting(wid, label, desc, default, lo or 0.0, hi or 0.0))
        rules_raw = list(mdoc.get("rules") or [])
    elif mdoc is not None and not isinstance(mdoc, dict):
        r.err(mdoc, None, "expected a mapping with meters and rules")

    # --- events: ids and flags first, so expressions can name them ---------------------
    events_raw: list[tuple[_Reader, dict]] = []
    flags: list[str] = []
    event_ids: list[str] = []
    for p in src.events:
        er = _Reader(ctx, p)
        if docs[p] is None:
            continue
        for ev in _list(er, docs[p], "events"):
            if not isinstance(ev, dict):
                er.err(ev, None, "event: expected a mapping")
                continue
            eid = er.ident(ev, "event")
            if eid is None:
                continue
            if eid in event_ids:
                er.err(ev, "id", f"event {eid!r}: duplicate id")
                continue
            event_ids.append(eid)
            events_raw.append((er, ev))
            for ch in ev.get("choices") or []:
                if isinstance(ch, dict) and isinstance(ch.get("set"), dict):
                    for flag in ch["set"]:
                        if isinstance(flag, str) and ID.match(flag) and flag not in flags:
                            flags.append(flag)

    layout = build_layout(
        [m.id for m in meters],
        [d for _, d in derived_raw],
        [c for _, c in clocks_raw],
        [w.id for w in world],
        flags,
        event_ids,
    )
    names = dict(layout.rows)
    meter_targets = {m.id: m.id for m in meters}
    clock_targets = {c: c for _, c in clocks_raw}
    flag_targets = {f: f"flag.{f}" for f in flags}

    derived = []
    for d, did in derived_raw:
        where = f"derived {did}"
        e = r.expr(d, "expr", where, names)
        label = r.text(d, "label", where, limit=24)
        src_ = r.source(d, where)
        if e is not None:
            derived.append(Derived(did, label, e, src_))
    clocks = []
    for c, cid in clocks_raw:
        where = f"clock {cid}"
        start = r.number(c, "start", where)
        e = r.expr(c, "each_turn", where, names)
        src_ = r.source(c, where)
        if e is not None:
            clocks.append(Clock(cid, start or 0.0, e, src_))

    rules = []
    arrows_seen: set[int] = set()
    for rule in rules_raw:
        if not r.mapping(
            rule,
            "rule",
            ("id", "arrow", "part", "source", "explain", "when", "effects"),
            ("id", "part", "source", "explain", "effects"),
        ):
            continue
        rid = r.ident(rule, "rule")
        unique(r, rule, rid, "rule")
        where = f"rule {rid}"
        arrow = rule.get("arrow")
        if arrow is not None and (isinstance(arrow, bool) or arrow not in range(1, 9)):
            r.err(rule, "arrow", f"{where}: arrow must be 1-8")
            arrow = None
        if arrow is not None:
            arrows_seen.add(arrow)
        if rule.get("part") not in PARTS:
            r.err(rule, "part", f"{where}: part must be one of {', '.join(PARTS)}")
        src_ = r.source(rule, where)
        explain = r.text(rule, "explain", where, limit=120)
        when = r.expr(rule, "when", where, names) if "when" in rule else None
        effects = r.effects(rule, "effects", where, names, {**meter_targets, **clock_targets})
        if not effects and isinstance(rule.get("effects"), dict) and not rule["effects"]:
            r.err(rule, "effects", f"{where}: no effects")
        if rid:
            rules.append(Rule(rid, src_, arrow, str(rule.get("part")), explain, when, effects))
    if mdoc is not None and isinstance(mdoc, dict) and meters:
        for a in range(1, 9):
            if a not in arrows_seen:
                r.err(mdoc, "rules", f"no rule for arrow {a} of Schema 1")
        for needed in ("energy", "motivation"):
            if needed not in meter_targets:
                r.err(mdoc, "meters", f"the model needs a meter {needed!r} (exits depend on it)")

    # --- events --------------------------------------------------------------------------
    events: list[Event] = []
    followups: list[
        tuple[_Reader, dict, str, int, int, int]
    ] = []  # reader, obj, target, ev idx, choice idx, after
    for er, ev in events_raw:
        eid = ev["id"]
        where = f"event {eid}"
        er.mapping(
            ev,
            where,
            fields.names(fields.EVENT),
            fields.required(fields.EVENT),
        )
        src_ = er.source(ev, where)
        part = ev.get("part")
        if part not in PARTS:
            er.err(ev, "part", f"{where}: part must be one of {', '.join(PARTS)}")
        arrows = ev.get("arrows") or []
        if not isinstance(arrows, list) or any(
            isinstance(a, bool) or a not in range(1, 9) for a in arrows
        ):
            er.err(ev, "arrows", f"{where}: arrows must be a list of numbers 1-8")
            arrows = []
        title = er.text(ev, "title", where, words=MAX_TITLE_WORDS)
        text = er.text(ev, "text", where, limit=MAX_TEXT)
        when = er.expr(ev, "when", where, names) if "when" in ev else None
        weight = er.expr(ev, "weight", where, names) if "weight" in ev else compile_expr(1, names)
        years = (2010, 2020)
        if "years" in ev:
            y = ev["years"]
            if (
                isinstance(y, list)
                and len(y) == 2
                and all(
                    isinstance(v, int) and not isinstance(v, bool) and 2000 <= v <= 2100 for v in y
                )
                and y[0] <= y[1]
            ):
                years = (y[0], y[1])
            else:
                er.err(ev, "years", f"{where}: years must be [first, last], e.g. [2012, 2016]")
        at = None
        if "at" in ev:
            a = ev["at"]
            if (
                isinstance(a, list)
                and len(a) == 2
                and isinstance(a[0], int)
                and not isinstance(a[0], bool)
                and a[1] in SEASONS
            ):
                at = (a[0], SEASONS[a[1]])
            else:
                er.err(ev, "at", f"{where}: at must be [year, spring|autumn], e.g. [2015, spring]")
        flags_ok = {}
        for key in ("once", "follow_up_only", "filler"):
            v = ev.get(key, False)
            if not isinstance(v, bool):
                er.err(ev, key, f"{where}: {key} must be true or false")
                v = False
            flags_ok[key] = v
        scen = ev.get("scenarios")
        if scen is not None and (
            not isinstance(scen, list) or not all(isinstance(s, str) for s in scen)
        ):
            er.err(ev, "scenarios", f"{where}: scenarios must be a list of scenario ids")
            scen = None
        excl = ev.get("exclude_scenarios")
        if excl is not None and (
            not isinstance(excl, list) or not all(isinstance(s, str) for s in excl)
        ):
            er.err(
                ev,
                "exclude_scenarios",
                f"{where}: exclude_scenarios must be a list of scenario ids",
            )
            excl = None
        both = sorted(set(scen or ()) & set(excl or ()))
        if both:
            er.err(
                ev,
                "exclude_scenarios",
                f"{where}: scenario {both[0]!r} is both included and excluded",
            )
        choices_raw = ev.get("choices")
        choices: list[Choice] = []
        if not isinstance(choices_raw, list) or not 2 <= len(choices_raw) <= 4:
            er.err(ev, "choices", f"{where}: an event needs 2 to 4 choices")
            choices_raw = choices_raw if isinstance(choices_raw, list) else []
        choice_ids: set[str] = set()
        open_always = False
        for ci, ch in enumerate(choices_raw[:4]):
            cw = f"{where}, choice {ci + 1}"
            if not er.mapping(
                ch,
                cw,
                fields.names(fields.CHOICE),
                fields.required(fields.CHOICE),
            ):
                continue
            cid = er.ident(ch, cw)
            if cid in choice_ids:
                er.err(ch, "id", f"{cw}: duplicate choice id {cid!r}")
            choice_ids.add(cid or "")
            tags = ch.get("tags")
            if not isinstance(tags, list) or not tags:
                er.err(ch, "tags", f"{cw}: tags must be a non-empty list")
                tags = []
            for tag in tags:
                if tag not in TAGS:
                    er.err(ch, "tags", f"{cw}: unknown tag {tag!r}")
            tags = [t for t in tags if t in TAGS]
            label = er.text(ch, "label", cw, limit=MAX_LABEL)
            outcome = er.text(ch, "outcome", cw, limit=MAX_OUTCOME)
            effects = er.effects(ch, "effects", cw, names, meter_targets)
            sets = er.effects(ch, "set", cw, names, flag_targets)
            cwhen = er.expr(ch, "when", cw, names) if "when" in ch else None
            if cwhen is None:
                open_always = True
            ends = ch.get("ends_game", False)
            if not isinstance(ends, bool):
                er.err(ch, "ends_game", f"{cw}: ends_game must be true or false")
                ends = False
            fu = ch.get("follow_up")
            if fu is not None:
                if (
                    isinstance(fu, dict)
                    and isinstance(fu.get("event"), str)
                    and isinstance(fu.get("after", 1), int)
                    and not isinstance(fu.get("after", 1), bool)
                    and 1 <= fu.get("after", 1) <= 20
                ):
                    followups.append(
                        (er, fu, fu["event"], len(events), ci, int(fu.get("after", 1)))
                    )
                else:
                    er.err(
                        ch,
                        "follow_up",
                        f"{cw}: follow_up must be {{event: id, after: turns (1-20)}}",
                    )
            choices.append(
                Choice(cid or "", label, outcome, tuple(tags), effects, sets, cwhen, None, ends)
            )
        if choices_raw and not open_always:
            er.err(ev, "choices", f"{where}: at least one choice must be open always (no 'when')")
        events.append(
            Event(
                eid,
                src_,
                str(part),
                tuple(arrows),
                title,
                text,
                tuple(choices),
                when,
                weight or compile_expr(1, names),
                years,
                at,
                flags_ok["once"],
                flags_ok["follow_up_only"],
                flags_ok["filler"],
                tuple(scen) if scen else None,
                tuple(excl or ()),
            )
        )
    index = {e.id: i for i, e in enumerate(events)}
    for er, fu, target, ei, ci, after in followups:
        if target not in index:
            er.err(
                fu,
                "event",
                f"event {events[ei].id}, choice {ci + 1}: follow-up to a missing event {target!r}",
            )
            continue
        ev = events[ei]
        chs = list(ev.choices)
        if ci < len(chs):
            c = chs[ci]
            chs[ci] = Choice(
                c.id,
                c.label,
                c.outcome,
                c.tags,
                c.effects,
                c.sets,
                c.when,
                FollowUp(index[target], after),
                c.ends_game,
            )
            events[ei] = Event(**{**ev.__dict__, "choices": tuple(chs)})
    for i, ev in enumerate(events):
        if ev.follow_up_only and not any(
            c.follow_up and c.follow_up.event == i for e in events for c in e.choices
        ):
            ctx.err(
                events_raw[i][0].path,
                _line(events_raw[i][1], "follow_up_only"),
                f"event {ev.id}: follow-up only, but no choice leads to it",
            )

    # --- endings -------------------------------------------------------------------------
    endings: list[Ending] = []
    edoc = docs[src.endings]
    if merged.endings:
        raw_endings = merged.endings
        for k, (epath, en) in enumerate(raw_endings):
            er = _Reader(ctx, epath)
            if not er.mapping(
                en,
                "ending",
                fields.names(fields.ENDING),
                fields.required(fields.ENDING),
            ):
                continue
            nid = er.ident(en, "ending")
            unique(er, en, nid, "ending")
            where = f"ending {nid}"
            if en.get("person") not in PERSONS:
                er.err(en, "person", f"{where}: person must be one of {', '.join(PERSONS)}")
            if en.get("initiative") not in INITIATIVES:
                er.err(
                    en, "initiative", f"{where}: initiative must be one of {', '.join(INITIATIVES)}"
                )
            src_ = er.source(en, where)
            when = er.expr(en, "when", where, names) if "when" in en else None
            requires = er.expr(en, "requires", where, names) if "requires" in en else None
            if "when" not in en and k != len(raw_endings) - 1:
                er.err(
                    en,
                    None,
                    f"{where}: only the last ending may have no 'when' (it is the fallback)",
                )
            if k == len(raw_endings) - 1 and "when" in en:
                er.err(
                    en, "when", f"{where}: the last ending is the fallback and must have no 'when'"
                )
            title = er.text(en, "title", where, words=8)
            story = er.text(en, "story", where, limit=900)
            findings = en.get("findings")
            if (
                not isinstance(findings, list)
                or not findings
                or not all(
                    isinstance(f, str) and re.fullmatch(r"(conclusion|recommendation) [a-j]", f)
                    for f in findings
                )
            ):
                er.err(
                    en,
                    "findings",
                    f"{where}: findings must list e.g. 'conclusion e', 'recommendation a'",
                )
                findings = []
            qs_raw = en.get("questions")
            questions = []
            if not isinstance(qs_raw, list) or not 3 <= len(qs_raw) <= 5:
                er.err(en, "questions", f"{where}: give 3 to 5 questions for discussion")
                qs_raw = qs_raw if isinstance(qs_raw, list) else []
            for qi, q in enumerate(qs_raw):
                if isinstance(q, dict):
                    questions.append(
                        er.text(
                            {"q": q} if not isinstance(q, LDict) else _wrap(q),
                            "q",
                            f"{where}, question {qi + 1}",
                            limit=200,
                        )
                    )
                else:
                    er.err(qs_raw, qi, f"{where}: question {qi + 1} must be {{nl: ..., en: ...}}")
            good = en.get("good", False)
            if not isinstance(good, bool):
                er.err(en, "good", f"{where}: good must be true or false")
                good = False
            if nid:
                endings.append(
                    Ending(
                        nid,
                        str(en.get("person")),
                        str(en.get("initiative")),
                        src_,
                        when,
                        title,
                        story,
                        tuple(findings),
                        tuple(questions),
                        good,
                        requires,
                    )
                )
    if edoc is not None and len(endings) < 2:
        _Reader(ctx, src.endings).err(edoc, None, "at least two endings are needed")

    # --- scenarios ---------------------------------------------------------------------
    scenarios: dict[str, Scenario] = {}
    meter_ids = {m.id for m in meters}
    world_by_id = {w.id: w for w in world}
    for p in src.scenarios:
        sr = _Reader(ctx, p)
        sd = docs[p]
        if sd is None:
            continue
        if not sr.mapping(
            sd,
            "scenario",
            fields.names(fields.SCENARIO),
            fields.required(fields.SCENARIO),
        ):
            continue
        sid = sr.ident(sd, "scenario")
        where = f"scenario {sid}"
        if sid in scenarios:
            sr.err(sd, "id", f"{where}: duplicate scenario id")
            continue
        title = sr.text(sd, "title", where, words=8)
        who = sr.text(sd, "who", where, limit=600)
        src_ = sr.source(sd, where)
        city = sd.get("city")
        if not isinstance(city, str) or not city.strip() or len(city) > 40:
            sr.err(sd, "city", f"{where}: city must be a name of at most 40 characters")
        role = sd.get("role")
        if role not in ("resident_entrepreneur", "frontline_worker"):
            sr.err(sd, "role", f"{where}: role must be resident_entrepreneur or frontline_worker")
        start: dict[str, float] = {}
        if isinstance(sd.get("start"), dict):
            for k, v in sd["start"].items():
                if k not in meter_ids:
                    sr.err(sd["start"], k, f"{where}: start: unknown meter {k!r}")
                elif isinstance(v, bool) or not isinstance(v, int | float) or not 0 <= v <= 100:
                    sr.err(sd["start"], k, f"{where}: start.{k} must be a number 0-100")
                else:
                    start[k] = float(v)
        else:
            sr.err(sd, "start", f"{where}: start must map meters to values")
        wvals: dict[str, float] = {}
        if isinstance(sd.get("world"), dict):
            for k, v in sd["world"].items():
                ws = world_by_id.get(k)
                if ws is None:
                    sr.err(sd["world"], k, f"{where}: world: unknown setting {k!r}")
                elif (
                    isinstance(v, bool)
                    or not isinstance(v, int | float)
                    or not ws.low <= v <= ws.high
                ):
                    sr.err(
                        sd["world"],
                        k,
                        f"{where}: world.{k} must be a number {ws.low:g}-{ws.high:g}",
                    )
                else:
                    wvals[k] = float(v)
        else:
            sr.err(sd, "world", f"{where}: world must map settings to values")
        turns = sd.get("turns", 20)
        if isinstance(turns, bool) or not isinstance(turns, int) or not 1 <= turns <= 40:
            sr.err(sd, "turns", f"{where}: turns must be a whole number 1-40")
            turns = 20
        start_year = sd.get("start_year", 2010)
        if (
            isinstance(start_year, bool)
            or not isinstance(start_year, int)
            or not 1990 <= start_year <= 2100
        ):
            sr.err(sd, "start_year", f"{where}: start_year must be a year")
            start_year = 2010
        chosen = [i for i, e in enumerate(events) if e.fits(sid)]
        chosen = scenario_rules.exclude(sr, sd, where, chosen, events)
        if not any(events[i].filler for i in chosen) and sid:
            sr.err(
                sd,
                None,
                f"{where}: needs at least one filler event (a quiet half-year) among its events",
            )
        if sid:
            scenarios[sid] = Scenario(
                sid,
                title,
                who,
                str(city),
                str(role),
                src_,
                start,
                wvals,
                turns,
                start_year,
                tuple(chosen),
                str(sd.get("code", "")),
            )
    for er2, ev in events_raw:
        for key in ("scenarios", "exclude_scenarios"):
            listed = ev.get(key)
            for s in listed if isinstance(listed, list) else []:
                if isinstance(s, str) and s not in scenarios and src.scenarios:
                    er2.err(ev, key, f"event {ev['id']}: unknown scenario {s!r}")
    if not scenarios and not ctx.problems:
        ctx.err(src.model, None, "no scenarios found")
    ctx.problems.extend(scenario_rules.codes(src, docs))

    # --- policies and UI strings ---------------------------------------------------------
    policies = _policies(ctx, docs, src.policies, names)
    ui: dict[str, dict[str, str]] = {}
    for ui_path in [q for q in (src.ui,) if q is not None] + src.ui_extra:
        udoc = docs.get(ui_path)
        if udoc is None:
            continue
        ur = _Reader(ctx, ui_path)
        strings = udoc.get("strings") if isinstance(udoc, dict) else None
        if not isinstance(strings, dict):
            ur.err(udoc, None, "expected a mapping 'strings:' of key: {nl, en}")
            continue
        for key in strings:
            if key in ui:
                ur.err(strings, key, f"string {key}: defined twice")
            ui[key] = ur.text(strings, key, f"string {key}")
    findings: dict[str, dict[str, str]] = {}
    tag_labels: dict[str, dict[str, str]] = {}
    if src.glossary is not None and docs.get(src.glossary) is not None:
        gr = _Reader(ctx, src.glossary)
        gdoc = docs[src.glossary]
        if gr.mapping(gdoc, "glossary", ("findings", "tags"), ("findings", "tags")):
            for fid, entry in (gdoc["findings"] or {}).items():
                if not re.fullmatch(r"(conclusion [a-h]|recommendation [a-j])", fid):
                    gr.err(
                        gdoc["findings"],
                        fid,
                        f"finding {fid!r}: expected 'conclusion a'-'h' or 'recommendation a'-'j'",
                    )
                elif isinstance(entry, dict):
                    gr.source(entry, f"finding {fid}")
                    findings[fid] = gr.text(
                        {"t": {k: v for k, v in entry.items() if k != "source"}},
                        "t",
                        f"finding {fid}",
                        limit=300,
                    )
            for tag in TAGS:
                if tag not in (gdoc["tags"] or {}):
                    gr.err(gdoc["tags"], None, f"tags: missing a label for {tag!r}")
                else:
                    tag_labels[tag] = gr.text(gdoc["tags"], tag, f"tag {tag}", limit=40)
        for e in endings:
            for f in e.findings:
                if f not in findings:
                    ctx.err(
                        src.endings, None, f"ending {e.id}: finding {f!r} is not in the glossary"
                    )

    if ctx.problems:
        vocab = suggest.vocabulary(meters, flags, event_ids, scenarios, world)
        return None, suggest.improve(ctx.problems, vocab)
    model = Model(
        meters=tuple(meters),
        derived=tuple(derived),
        clocks=tuple(clocks),
        world=tuple(world),
        rules=tuple(rules),
        events=tuple(events),
        endings=tuple(endings),
        scenarios=scenarios,
        policies=policies,
        layout=layout,
        ui=ui,
        findings=findings,
        tag_labels=tag_labels,
        content_hash=_hash(src),
    )
    return model, []


def _wrap(q: LDict) -> LDict:
    out = LDict({"q": q})
    out.line = q.line
    out.key_lines = {"q": q.line}
    return out


def _hash(src: Sources) -> str:
    """A hash of the files' bytes: a save records it to notice when content changed."""
    h = hashlib.sha256()
    files = [src.model, src.endings, *src.extra_endings, *src.events, *src.scenarios]
    for p in sorted(files, key=lambda q: q.name):
        h.update(p.name.encode())
        h.update(b"\0")
        h.update(p.read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:16]


def classify(paths: Iterable[Path]) -> tuple[Sources, list[ContentError]]:
    """Built-in sources, with the given files and folders put in their place.

    A folder holding ``model.yaml`` replaces the content; any other folder is a content
    folder of one's own (``scenarios/``, ``events/``, ``endings/`` and loose YAML files),
    loaded over the built-in content and the user content folder. A file is placed by its
    top-level keys: ``meters`` (model), ``events``, ``endings``, ``weights`` (policy),
    ``strings`` (UI); anything else is a scenario.
    """
    src = default_sources()
    problems: list[ContentError] = list(src.problems)
    src.problems = []
    files: list[Path] = []
    folders: list[tuple[str, Path]] = []
    for p in paths:
        if p.is_dir():
            if (p / "model.yaml").exists():
                src.model, src.endings = p / "model.yaml", p / "endings.yaml"
                src.events = sorted((p / "events").glob("*.yaml"))
                src.ui = (p / "ui.yaml") if (p / "ui.yaml").exists() else None
                src.glossary = (p / "glossary.yaml") if (p / "glossary.yaml").exists() else None
            else:
                folders.append(("validate", p))
        elif p.exists():
            files.append(p)
        else:
            problems.append(ContentError(p, None, "no such file or folder"))
    problems.extend(layers.add_layers(src, folders))
    for f in files:
        try:
            doc = load_file(f)
        except ContentError as exc:
            problems.append(exc)
            continue
        keys = set(doc) if isinstance(doc, dict) else set()
        resolved = f.resolve()
        src.origin.setdefault(str(f), "validate")
        if "meters" in keys:
            src.model = f
        elif "events" in keys:
            # A file named like a built-in one (an edited copy of content/events/core.yaml)
            # stands in for it: the same in an editable and in a normal install.
            src.events = [e for e in src.events if e.resolve() != resolved and e.name != f.name]
            src.events.append(f)
        elif "endings" in keys:  # a whole endings file, in place of the built-in one
            src.endings = f
        elif "weights" in keys or "policies" in keys:
            src.policies.append(f)
        elif "strings" in keys:
            src.ui = f
        elif "findings" in keys:
            src.glossary = f
        else:
            src.scenarios = [
                s for s in src.scenarios if s.resolve() != resolved and s.name != f.name
            ] + [f]
    return src, problems
