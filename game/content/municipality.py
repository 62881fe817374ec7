"""Loading and checking the municipality role: content/municipality/city.yaml and events.yaml.

Fields are declared once below (like ``game.content.fields``); every problem comes back as
``file:line: message``. Nothing is trusted: YAML goes through ``yamlsafe``, numbers are
bounded, names must exist in the model.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from game.engine.model import Model
from game.engine.municipality import (
    RECOMMENDATIONS,
    SELF_METERS,
    CityDef,
    CityPerson,
    MuniChoice,
    MuniEvent,
    PersonEffect,
    Reference,
    WorldChange,
)
from game.i18n import LANGS

from .fields import Field, names, required
from .loader import MAX_LABEL, MAX_OUTCOME, MAX_TEXT, MAX_TITLE_WORDS, SEASONS, ContentInvalid
from .loader import _Ctx as Ctx
from .loader import _load as load_doc
from .loader import _Reader as Reader
from .paths import content_dir
from .yamlsafe import ContentError

CODE = re.compile(r"^[A-Z]{2,6}$")
RELATIVE = re.compile(r"^\s*[+-]\s*\d+(\.\d+)?\s*$")
ALL = "all"  # a person effect for every person in the city
MAX_SELF_DELTA = 50.0
MAX_PERSON_DELTA = 30.0

CITY: tuple[Field, ...] = (
    Field("id", "id", True, "lower_case"),
    Field("code", "code", True, "2 to 6 capital letters: the word of this role's class codes"),
    Field("name", "string", True, "the city's name"),
    Field("source", "source", True, "the essay lines"),
    Field("title", "text", True, "at most 8 words"),
    Field("intro", "text", True, "at most 600 characters"),
    Field("start_year", "int", True, "the persons' scenarios must start then"),
    Field("turns", "int", True, "half-years; the persons' scenarios must last as long"),
    Field("world", "numbers", True, "world setting: value at the start, for every person"),
    Field("self", "numbers", True, "budget, council_support, workload at the start (0-100)"),
    Field("self_each_turn", "numbers", False, "own meters: change every half-year"),
    Field("persons", "list", True, "3 or 4 {scenario, name, intro}"),
    Field("references", "list", True, "two reference municipalities"),
    Field("recommendations", "mapping", True, "a-j: {source, text}"),
    Field("causes", "mapping", False, "rule id: {source, text}: a rule as city hall reads it"),
    Field("questions", "list", True, "3 to 5 discussion questions {nl, en}"),
)
PERSON: tuple[Field, ...] = (
    Field("scenario", "id", True, "a scenario id"),
    Field("name", "string", True, "a first name"),
    Field("intro", "text", True, "at most 300 characters"),
)
REFERENCE: tuple[Field, ...] = (
    Field("id", "id", True, "lower_case"),
    Field("prefer", "enum", True, "follows or misses (recommendations a-d)"),
    Field("world", "numbers", True, "world settings held all decade"),
    Field("title", "text", True, "at most 8 words"),
    Field("text", "text", True, "at most 300 characters"),
)
SOURCED_TEXT: tuple[Field, ...] = (
    Field("source", "source", True, "the essay lines"),
    Field("text", "text", True, "at most 160 characters"),
)
EVENT: tuple[Field, ...] = (
    Field("id", "id", True, "lower_case, unique"),
    Field("at", "at", True, "[year, spring|autumn]: one event per half-year"),
    Field("source", "source", True, "the essay lines"),
    Field("title", "text", True, "at most 6 words"),
    Field("text", "text", True, "at most 420 characters"),
    Field("choices", "choices", True, "2 to 4 choices"),
)
CHOICE: tuple[Field, ...] = (
    Field("id", "id", True, "lower_case, unique within the event"),
    Field("label", "text", True, "at most 75 characters"),
    Field("outcome", "text", True, "at most 300 characters"),
    Field("world", "mapping", False, "setting: value (sets) or '+0.2' / '-0.2' (changes)"),
    Field("self", "numbers", False, "budget, council_support, workload: change"),
    Field("person", "mapping", False, "scenario id or 'all': {meter: change}"),
    Field("follows", "ids", False, "recommendations a-j this choice follows"),
    Field("misses", "ids", False, "recommendations a-j this choice goes against"),
)


def folder() -> Path:
    """Where the municipality content lives."""
    return content_dir() / "municipality"


def load_city(model: Model, where: Path | None = None) -> CityDef:
    """The city with its events; ContentInvalid listing every problem."""
    city, problems = check(model, where)
    if city is None:
        raise ContentInvalid(problems)
    return replace(city, content_hash=content_hash(model, where))


def check(model: Model, where: Path | None = None) -> tuple[CityDef | None, list[ContentError]]:
    """(city or None, problems): what ``koorddanser validate`` reports for the role."""
    base = where or folder()
    city_path, events_path = base / "city.yaml", base / "events.yaml"
    ctx = Ctx()
    for p in (city_path, events_path):
        if not p.is_file():
            ctx.err(p, None, "missing file (the municipality role needs it)")
    if ctx.problems:
        return None, ctx.problems
    cdoc, edoc = load_doc(ctx, city_path), load_doc(ctx, events_path)
    if ctx.problems:
        return None, ctx.problems
    r = Reader(ctx, city_path)
    if not r.mapping(cdoc, "city", names(CITY), required(CITY)):
        return None, ctx.problems
    persons = _persons(r, cdoc, model)
    scen_ids = {p.scenario for p in persons}
    events = _events(Reader(ctx, events_path), edoc, model, cdoc, scen_ids)
    city = _city(r, cdoc, model, persons, events)
    if ctx.problems or city is None:
        return None, ctx.problems
    return city, []


def _number_map(
    r: Reader, obj: dict[str, Any], key: str, where: str, allowed: dict[str, tuple[float, float]]
) -> dict[str, float]:
    raw = obj.get(key) or {}
    if not isinstance(raw, dict):
        r.err(obj, key, f"{where}: {key} must map names to numbers")
        return {}
    out = {}
    for name in raw:
        if name not in allowed:
            r.err(raw, name, f"{where}: {key}: unknown {name!r} (known: {', '.join(allowed)})")
            continue
        lo, hi = allowed[name]
        v = r.number(raw, name, f"{where}: {key}", lo, hi)
        if v is not None:
            out[str(name)] = v
    return out


def _world_bounds(model: Model) -> dict[str, tuple[float, float]]:
    return {w.id: (w.low, w.high) for w in model.world}


def _persons(r: Reader, doc: dict[str, Any], model: Model) -> list[CityPerson]:
    raw = doc.get("persons")
    if not isinstance(raw, list) or not 3 <= len(raw) <= 4:
        r.err(doc, "persons", "city: persons must be a list of 3 or 4")
        return []
    out: list[CityPerson] = []
    for i, p in enumerate(raw):
        where = f"person {i + 1}"
        if not r.mapping(p, where, names(PERSON), required(PERSON)):
            continue
        sid = p.get("scenario")
        if sid not in model.scenarios:
            r.err(p, "scenario", f"{where}: unknown scenario {sid!r}")
            continue
        if any(o.scenario == sid for o in out):
            r.err(p, "scenario", f"{where}: {sid} is in the city twice")
            continue
        name = p.get("name")
        if not isinstance(name, str) or not name.strip() or len(name) > 30:
            r.err(p, "name", f"{where}: name must be text of at most 30 characters")
            continue
        out.append(CityPerson(sid, name.strip(), r.text(p, "intro", where, limit=300)))
    return out


def _sourced(r: Reader, obj: Any, where: str) -> tuple[str, dict[str, str]] | None:
    if not r.mapping(obj, where, names(SOURCED_TEXT), required(SOURCED_TEXT)):
        return None
    return r.source(obj, where), r.text(obj, "text", where, limit=160)


def _city(
    r: Reader, doc: dict[str, Any], model: Model, persons: list[CityPerson], events: list[MuniEvent]
) -> CityDef | None:
    code = doc.get("code")
    if not isinstance(code, str) or not CODE.match(code):
        r.err(doc, "code", "city: code must be 2 to 6 capital letters")
    elif any(getattr(s, "code", "") == code for s in model.scenarios.values()):
        r.err(doc, "code", f"city: code {code} is already a scenario's class code")
    name = doc.get("name")
    if not isinstance(name, str) or not name.strip():
        r.err(doc, "name", "city: name must be text")
    start = r.number(doc, "start_year", "city", 1990, 2100)
    turns = r.number(doc, "turns", "city", 1, 40)
    for p in persons:
        sc = model.scenarios[p.scenario]
        if start is not None and turns is not None and (
            sc.start_year != int(start) or sc.turns != int(turns)
        ):
            r.err(doc, "persons", f"city: {p.scenario} does not span {int(start)} in {int(turns)} turns")
    world = _number_map(r, doc, "world", "city", _world_bounds(model))
    self_bounds = dict.fromkeys(SELF_METERS, (0.0, 100.0))
    self_start = _number_map(r, doc, "self", "city", self_bounds)
    drift = _number_map(r, doc, "self_each_turn", "city", dict.fromkeys(SELF_METERS, (-20, 20)))
    refs = _references(r, doc, model)
    recs = _recommendations(r, doc)
    causes = _causes(r, doc, model)
    questions = doc.get("questions")
    qs: list[dict[str, str]] = []
    if not isinstance(questions, list) or not 3 <= len(questions) <= 5:
        r.err(doc, "questions", "city: questions must be a list of 3 to 5 {nl, en}")
    else:
        for i, _q in enumerate(questions):
            qs.append(r.text({"q": questions[i]}, "q", f"question {i + 1}", limit=240))
    if r.ctx.problems or start is None or turns is None:
        return None
    if len(events) != int(turns):
        r.err(doc, "turns", f"city: {int(turns)} half-years but {len(events)} events")
        return None
    return CityDef(
        id=str(doc.get("id")),
        code=str(code),
        name=str(name).strip(),
        source=r.source(doc, "city"),
        title=r.text(doc, "title", "city", words=8),
        intro=r.text(doc, "intro", "city", limit=600),
        persons=tuple(persons),
        world=world,
        self_start=self_start,
        self_each_turn=drift,
        events=tuple(events),
        references=tuple(refs),
        recommendations=recs,
        causes=causes,
        questions=tuple(qs),
        turns=int(turns),
        start_year=int(start),
    )


def _recommendations(r: Reader, doc: dict[str, Any]) -> dict[str, tuple[str, dict[str, str]]]:
    """The study's recommendations a-j, each ``{source, text}``."""
    recs: dict[str, tuple[str, dict[str, str]]] = {}
    raw_recs = doc.get("recommendations")
    if not isinstance(raw_recs, dict):
        r.err(doc, "recommendations", "city: recommendations must map a-j to {source, text}")
        return recs
    for letter in RECOMMENDATIONS:
        if letter not in raw_recs:
            r.err(raw_recs, None, f"recommendations: missing {letter}")
            continue
        got = _sourced(r, raw_recs[letter], f"recommendation {letter}")
        if got:
            recs[letter] = got
    for key in raw_recs:
        if key not in RECOMMENDATIONS:
            r.err(raw_recs, key, f"recommendations: unknown {key!r} (a-j)")
    return recs


def _causes(r: Reader, doc: dict[str, Any], model: Model) -> dict[str, dict[str, str]]:
    """Rule id -> how the city explains that rule's effect, ``{source, text}``."""
    causes: dict[str, dict[str, str]] = {}
    raw_causes = doc.get("causes") or {}
    rule_ids = {ru.id for ru in model.rules}
    if not isinstance(raw_causes, dict):
        r.err(doc, "causes", "city: causes must map rule ids to {source, text}")
        return causes
    for key, value in raw_causes.items():
        if key not in rule_ids:
            r.err(raw_causes, key, f"causes: unknown rule {key!r}")
            continue
        got = _sourced(r, value, f"cause {key}")
        if got:
            causes[str(key)] = got[1]
    return causes


def _references(r: Reader, doc: dict[str, Any], model: Model) -> list[Reference]:
    raw = doc.get("references")
    out: list[Reference] = []
    if not isinstance(raw, list) or len(raw) != 2:
        r.err(doc, "references", "city: references must be a list of two")
        return out
    for i, ref in enumerate(raw):
        where = f"reference {i + 1}"
        if not r.mapping(ref, where, names(REFERENCE), required(REFERENCE)):
            continue
        rid = r.ident(ref, where)
        prefer = ref.get("prefer")
        if prefer not in ("follows", "misses"):
            r.err(ref, "prefer", f"{where}: prefer must be follows or misses")
            continue
        world = _number_map(r, ref, "world", where, _world_bounds(model))
        title = r.text(ref, "title", where, words=8)
        text = r.text(ref, "text", where, limit=300)
        if rid:
            out.append(Reference(rid, title, text, world, str(prefer)))
    return out


def _events(
    r: Reader, doc: Any, model: Model, cdoc: dict[str, Any], scen_ids: set[str]
) -> list[MuniEvent]:
    if not isinstance(doc, dict) or not isinstance(doc.get("events"), list):
        r.err(doc, None, "expected a top-level list 'events:'")
        return []
    start: Any = cdoc.get("start_year")
    turns = cdoc.get("turns")
    by_turn: dict[int, MuniEvent] = {}
    seen: set[str] = set()
    for item in doc["events"]:
        ev = _event(r, item, model, scen_ids)
        if ev is None:
            continue
        if ev.id in seen:
            r.err(item, "id", f"event {ev.id}: defined twice")
            continue
        seen.add(ev.id)
        if isinstance(start, int) and isinstance(turns, int):
            t = (ev.year - start) * 2 + ev.season - 1
            if not 0 <= t < turns:
                r.err(item, "at", f"event {ev.id}: falls outside the decade")
            elif t in by_turn:
                r.err(item, "at", f"event {ev.id}: that half-year already has {by_turn[t].id}")
            else:
                by_turn[t] = ev
    if isinstance(turns, int) and not r.ctx.problems:
        for t in range(turns):
            if t not in by_turn:
                year, season = start + (t + 1) // 2, (t + 1) % 2
                when = "spring" if season == 0 else "autumn"
                r.err(doc, "events", f"events: no event for {when} {year}")
    return [by_turn[t] for t in sorted(by_turn)]


def _event(r: Reader, item: Any, model: Model, scen_ids: set[str]) -> MuniEvent | None:
    if not r.mapping(item, "event", names(EVENT), required(EVENT)):
        return None
    eid = r.ident(item, "event")
    if eid is None:
        return None
    where = f"event {eid}"
    at = item.get("at")
    year = season = None
    if (
        isinstance(at, list)
        and len(at) == 2
        and isinstance(at[0], int)
        and not isinstance(at[0], bool)
        and at[1] in SEASONS
    ):
        year, season = int(at[0]), SEASONS[at[1]]
    else:
        r.err(item, "at", f"{where}: at must be [year, spring|autumn]")
    source = r.source(item, where)
    title = r.text(item, "title", where, words=MAX_TITLE_WORDS)
    text = r.text(item, "text", where, limit=MAX_TEXT)
    raw = item.get("choices")
    choices: list[MuniChoice] = []
    if not isinstance(raw, list) or not 2 <= len(raw) <= 4:
        r.err(item, "choices", f"{where}: choices must be a list of 2 to 4")
    else:
        for c in raw:
            ch = _choice(r, c, where, model, scen_ids)
            if ch is not None:
                if any(o.id == ch.id for o in choices):
                    r.err(c, "id", f"{where}: choice {ch.id} twice")
                choices.append(ch)
    if year is None or season is None or len(choices) < 2:
        return None
    return MuniEvent(eid, source, year, season, title, text, tuple(choices))


def _choice(
    r: Reader, c: Any, where: str, model: Model, scen_ids: set[str]
) -> MuniChoice | None:
    if not r.mapping(c, f"{where}, choice", names(CHOICE), required(CHOICE)):
        return None
    cid = r.ident(c, f"{where}, choice")
    if cid is None:
        return None
    w = f"{where}, choice {cid}"
    label = r.text(c, "label", w, limit=MAX_LABEL)
    outcome = r.text(c, "outcome", w, limit=MAX_OUTCOME)
    world = _world_changes(r, c, w, model)
    limits = dict.fromkeys(SELF_METERS, (-MAX_SELF_DELTA, MAX_SELF_DELTA))
    self_ = _number_map(r, c, "self", w, limits)
    person = _person_effects(r, c, w, model, scen_ids)
    recs = {}
    for key in ("follows", "misses"):
        raw = c.get(key) or []
        letters = []
        if not isinstance(raw, list):
            r.err(c, key, f"{w}: {key} must be a list of letters a-j")
            raw = []
        for x in raw:
            if x not in RECOMMENDATIONS:
                r.err(c, key, f"{w}: {key}: {x!r} is not a recommendation (a-j)")
            else:
                letters.append(str(x))
        recs[key] = tuple(letters)
    if set(recs["follows"]) & set(recs["misses"]):
        r.err(c, "misses", f"{w}: a choice cannot both follow and miss one recommendation")
    return MuniChoice(
        cid, label, outcome, world, self_, person, recs["follows"], recs["misses"]
    )


def _world_changes(r: Reader, c: dict[str, Any], w: str, model: Model) -> tuple[WorldChange, ...]:
    raw = c.get("world") or {}
    if not isinstance(raw, dict):
        r.err(c, "world", f"{w}: world must map settings to values")
        return ()
    bounds = _world_bounds(model)
    out = []
    for key, value in raw.items():
        if key not in bounds:
            r.err(raw, key, f"{w}: world: unknown setting {key!r} (known: {', '.join(bounds)})")
            continue
        lo, hi = bounds[key]
        if isinstance(value, str) and RELATIVE.match(value):
            delta = float(value.replace(" ", ""))
            if abs(delta) > hi - lo:
                r.err(raw, key, f"{w}: world.{key}: a change larger than its range")
                continue
            out.append(WorldChange(str(key), delta, True))
        elif isinstance(value, int | float) and not isinstance(value, bool) and lo <= value <= hi:
            out.append(WorldChange(str(key), float(value)))
        else:
            r.err(
                raw,
                key,
                f"{w}: world.{key} must be a number from {lo:g} to {hi:g}, or a change like '+0.2'",
            )
    return tuple(out)


def _person_effects(
    r: Reader, c: dict[str, Any], w: str, model: Model, scen_ids: set[str]
) -> tuple[PersonEffect, ...]:
    raw = c.get("person") or {}
    if not isinstance(raw, dict):
        r.err(c, "person", f"{w}: person must map a scenario id (or all) to meter changes")
        return ()
    meters = {m.id for m in model.meters}
    limits = dict.fromkeys(meters, (-MAX_PERSON_DELTA, MAX_PERSON_DELTA))
    out: list[PersonEffect] = []
    for who, deltas in raw.items():
        if who != ALL and who not in scen_ids:
            r.err(raw, who, f"{w}: person {who!r} does not live in this city")
            continue
        if not isinstance(deltas, dict):
            r.err(raw, who, f"{w}: person {who}: expected {{meter: change}}")
            continue
        got = _number_map(r, raw, who, f"{w}: person", limits)
        targets = sorted(scen_ids) if who == ALL else [str(who)]
        out.extend(PersonEffect(t, got) for t in targets)
    return tuple(out)


def content_hash(model: Model, where: Path | None = None) -> str:
    """The model's hash with the municipality files': a save notices when either changed."""
    base = where or folder()
    h = hashlib.sha256(model.content_hash.encode())
    for name in ("city.yaml", "events.yaml"):
        h.update(b"\0" + name.encode() + b"\0")
        h.update((base / name).read_bytes())
    return h.hexdigest()[:16]


def text_langs() -> tuple[str, ...]:
    """The languages every text has (both, always)."""
    return LANGS
