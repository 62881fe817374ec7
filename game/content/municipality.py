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
from .messages import Message, said
from .messages import item as item_at
from .paths import content_dir
from .yamlsafe import ContentError

CITY_AT = said("validate.kind.city")  # "city", where a problem in city.yaml is

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
            ctx.err(p, None, said("validate.muni.missing_file"))
    if ctx.problems:
        return None, ctx.problems
    cdoc, edoc = load_doc(ctx, city_path), load_doc(ctx, events_path)
    if ctx.problems:
        return None, ctx.problems
    r = Reader(ctx, city_path)
    if not r.mapping(cdoc, CITY_AT, names(CITY), required(CITY)):
        return None, ctx.problems
    persons = _persons(r, cdoc, model)
    scen_ids = {p.scenario for p in persons}
    events = _events(Reader(ctx, events_path), edoc, model, cdoc, scen_ids)
    city = _city(r, cdoc, model, persons, events)
    if ctx.problems or city is None:
        return None, ctx.problems
    return city, []


def _number_map(
    r: Reader, obj: dict[str, Any], key: str, where: Message, allowed: dict[str, tuple[float, float]]
) -> dict[str, float]:
    raw = obj.get(key) or {}
    if not isinstance(raw, dict):
        r.err(obj, key, said("validate.muni.number_map", where=where, key=key))
        return {}
    out = {}
    for name in raw:
        if name not in allowed:
            r.err(raw, name, said("validate.muni.unknown_name", where=where, key=key, name=repr(name), known=", ".join(allowed)))
            continue
        lo, hi = allowed[name]
        v = r.number(raw, name, said("validate.where.in", where=where, key=key), lo, hi)
        if v is not None:
            out[str(name)] = v
    return out


def _world_bounds(model: Model) -> dict[str, tuple[float, float]]:
    return {w.id: (w.low, w.high) for w in model.world}


def _persons(r: Reader, doc: dict[str, Any], model: Model) -> list[CityPerson]:
    raw = doc.get("persons")
    if not isinstance(raw, list) or not 3 <= len(raw) <= 4:
        r.err(doc, "persons", said("validate.muni.persons"))
        return []
    out: list[CityPerson] = []
    for i, p in enumerate(raw):
        where = said("validate.where.person", n=i + 1)
        if not r.mapping(p, where, names(PERSON), required(PERSON)):
            continue
        sid = p.get("scenario")
        if sid not in model.scenarios:
            r.err(p, "scenario", said("validate.unknown_scenario", where=where, scenario=repr(sid)))
            continue
        if any(o.scenario == sid for o in out):
            r.err(p, "scenario", said("validate.muni.person_twice", where=where, scenario=sid))
            continue
        name = p.get("name")
        if not isinstance(name, str) or not name.strip() or len(name) > 30:
            r.err(p, "name", said("validate.muni.person_name", where=where))
            continue
        out.append(CityPerson(sid, name.strip(), r.text(p, "intro", where, limit=300)))
    return out


def _sourced(r: Reader, obj: Any, where: Message) -> tuple[str, dict[str, str]] | None:
    if not r.mapping(obj, where, names(SOURCED_TEXT), required(SOURCED_TEXT)):
        return None
    return r.source(obj, where), r.text(obj, "text", where, limit=160)


def _city(
    r: Reader, doc: dict[str, Any], model: Model, persons: list[CityPerson], events: list[MuniEvent]
) -> CityDef | None:
    code = doc.get("code")
    if not isinstance(code, str) or not CODE.match(code):
        r.err(doc, "code", said("validate.muni.code"))
    elif any(getattr(s, "code", "") == code for s in model.scenarios.values()):
        r.err(doc, "code", said("validate.muni.code_taken", code=code))
    name = doc.get("name")
    if not isinstance(name, str) or not name.strip():
        r.err(doc, "name", said("validate.muni.name"))
    start = r.number(doc, "start_year", CITY_AT, 1990, 2100)
    turns = r.number(doc, "turns", CITY_AT, 1, 40)
    for p in persons:
        sc = model.scenarios[p.scenario]
        if start is not None and turns is not None and (
            sc.start_year != int(start) or sc.turns != int(turns)
        ):
            r.err(doc, "persons", said("validate.muni.span", scenario=p.scenario, start=int(start), turns=int(turns)))
    world = _number_map(r, doc, "world", CITY_AT, _world_bounds(model))
    self_bounds = dict.fromkeys(SELF_METERS, (0.0, 100.0))
    self_start = _number_map(r, doc, "self", CITY_AT, self_bounds)
    drift = _number_map(r, doc, "self_each_turn", CITY_AT, dict.fromkeys(SELF_METERS, (-20, 20)))
    refs = _references(r, doc, model)
    recs = _recommendations(r, doc)
    causes = _causes(r, doc, model)
    questions = doc.get("questions")
    qs: list[dict[str, str]] = []
    if not isinstance(questions, list) or not 3 <= len(questions) <= 5:
        r.err(doc, "questions", said("validate.muni.questions"))
    else:
        for i, _q in enumerate(questions):
            qs.append(r.text({"q": questions[i]}, "q", said("validate.where.nth_question", n=i + 1), limit=240))
    if r.ctx.problems or start is None or turns is None:
        return None
    if len(events) != int(turns):
        r.err(doc, "turns", said("validate.muni.turns", turns=int(turns), events=len(events)))
        return None
    return CityDef(
        id=str(doc.get("id")),
        code=str(code),
        name=str(name).strip(),
        source=r.source(doc, CITY_AT),
        title=r.text(doc, "title", CITY_AT, words=8),
        intro=r.text(doc, "intro", CITY_AT, limit=600),
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
        r.err(doc, "recommendations", said("validate.muni.recommendations"))
        return recs
    for letter in RECOMMENDATIONS:
        if letter not in raw_recs:
            r.err(raw_recs, None, said("validate.muni.rec_missing", letter=letter))
            continue
        got = _sourced(r, raw_recs[letter], said("validate.where.recommendation", letter=letter))
        if got:
            recs[letter] = got
    for key in raw_recs:
        if key not in RECOMMENDATIONS:
            r.err(raw_recs, key, said("validate.muni.rec_unknown", key=repr(key)))
    return recs


def _causes(r: Reader, doc: dict[str, Any], model: Model) -> dict[str, dict[str, str]]:
    """Rule id -> how the city explains that rule's effect, ``{source, text}``."""
    causes: dict[str, dict[str, str]] = {}
    raw_causes = doc.get("causes") or {}
    rule_ids = {ru.id for ru in model.rules}
    if not isinstance(raw_causes, dict):
        r.err(doc, "causes", said("validate.muni.causes"))
        return causes
    for key, value in raw_causes.items():
        if key not in rule_ids:
            r.err(raw_causes, key, said("validate.muni.cause_unknown", key=repr(key)))
            continue
        got = _sourced(r, value, said("validate.where.cause", key=key))
        if got:
            causes[str(key)] = got[1]
    return causes


def _references(r: Reader, doc: dict[str, Any], model: Model) -> list[Reference]:
    raw = doc.get("references")
    out: list[Reference] = []
    if not isinstance(raw, list) or len(raw) != 2:
        r.err(doc, "references", said("validate.muni.references"))
        return out
    for i, ref in enumerate(raw):
        where = said("validate.where.reference", n=i + 1)
        if not r.mapping(ref, where, names(REFERENCE), required(REFERENCE)):
            continue
        rid = r.ident(ref, where)
        prefer = ref.get("prefer")
        if prefer not in ("follows", "misses"):
            r.err(ref, "prefer", said("validate.muni.prefer", where=where))
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
        r.err(doc, None, said("validate.top_list", key="events"))
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
            r.err(item, "id", said("validate.strings.twice", where=item_at("event", ev.id)))
            continue
        seen.add(ev.id)
        if isinstance(start, int) and isinstance(turns, int):
            t = (ev.year - start) * 2 + ev.season - 1
            if not 0 <= t < turns:
                r.err(item, "at", said("validate.muni.outside", where=item_at("event", ev.id)))
            elif t in by_turn:
                r.err(item, "at", said("validate.muni.taken", where=item_at("event", ev.id), other=by_turn[t].id))
            else:
                by_turn[t] = ev
    if isinstance(turns, int) and not r.ctx.problems:
        for t in range(turns):
            if t not in by_turn:
                year, season = start + (t + 1) // 2, (t + 1) % 2
                when = said("validate.muni.spring" if season == 0 else "validate.muni.autumn")
                r.err(doc, "events", said("validate.muni.gap", when=when, year=year))
    return [by_turn[t] for t in sorted(by_turn)]


def _event(r: Reader, item: Any, model: Model, scen_ids: set[str]) -> MuniEvent | None:
    if not r.mapping(item, "event", names(EVENT), required(EVENT)):
        return None
    eid = r.ident(item, "event")
    if eid is None:
        return None
    where = item_at("event", eid)
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
        r.err(item, "at", said("validate.muni.at", where=where))
    source = r.source(item, where)
    title = r.text(item, "title", where, words=MAX_TITLE_WORDS)
    text = r.text(item, "text", where, limit=MAX_TEXT)
    raw = item.get("choices")
    choices: list[MuniChoice] = []
    if not isinstance(raw, list) or not 2 <= len(raw) <= 4:
        r.err(item, "choices", said("validate.muni.choices", where=where))
    else:
        for c in raw:
            ch = _choice(r, c, where, model, scen_ids)
            if ch is not None:
                if any(o.id == ch.id for o in choices):
                    r.err(c, "id", said("validate.muni.choice_twice", where=where, id=ch.id))
                choices.append(ch)
    if year is None or season is None or len(choices) < 2:
        return None
    return MuniEvent(eid, source, year, season, title, text, tuple(choices))


def _choice(
    r: Reader, c: Any, where: Message, model: Model, scen_ids: set[str]
) -> MuniChoice | None:
    if not r.mapping(c, said("validate.where.a_choice", where=where), names(CHOICE), required(CHOICE)):
        return None
    cid = r.ident(c, said("validate.where.a_choice", where=where))
    if cid is None:
        return None
    w = said("validate.where.choice", where=where, n=cid)
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
            r.err(c, key, said("validate.muni.letters", where=w, key=key))
            raw = []
        for x in raw:
            if x not in RECOMMENDATIONS:
                r.err(c, key, said("validate.muni.letter", where=w, key=key, got=repr(x)))
            else:
                letters.append(str(x))
        recs[key] = tuple(letters)
    if set(recs["follows"]) & set(recs["misses"]):
        r.err(c, "misses", said("validate.muni.both", where=w))
    return MuniChoice(
        cid, label, outcome, world, self_, person, recs["follows"], recs["misses"]
    )


def _world_changes(r: Reader, c: dict[str, Any], w: Message, model: Model) -> tuple[WorldChange, ...]:
    raw = c.get("world") or {}
    if not isinstance(raw, dict):
        r.err(c, "world", said("validate.world_map", where=w))
        return ()
    bounds = _world_bounds(model)
    out = []
    for key, value in raw.items():
        if key not in bounds:
            r.err(raw, key, said("validate.muni.setting", where=w, key=repr(key), known=", ".join(bounds)))
            continue
        lo, hi = bounds[key]
        if isinstance(value, str) and RELATIVE.match(value):
            delta = float(value.replace(" ", ""))
            if abs(delta) > hi - lo:
                r.err(raw, key, said("validate.muni.change", where=w, key=key))
                continue
            out.append(WorldChange(str(key), delta, True))
        elif isinstance(value, int | float) and not isinstance(value, bool) and lo <= value <= hi:
            out.append(WorldChange(str(key), float(value)))
        else:
            r.err(
                raw,
                key,
                said("validate.muni.world_value", where=w, key=key, lo=lo, hi=hi),
            )
    return tuple(out)


def _person_effects(
    r: Reader, c: dict[str, Any], w: Message, model: Model, scen_ids: set[str]
) -> tuple[PersonEffect, ...]:
    raw = c.get("person") or {}
    if not isinstance(raw, dict):
        r.err(c, "person", said("validate.muni.person_map", where=w))
        return ()
    meters = {m.id for m in model.meters}
    limits = dict.fromkeys(meters, (-MAX_PERSON_DELTA, MAX_PERSON_DELTA))
    out: list[PersonEffect] = []
    for who, deltas in raw.items():
        if who != ALL and who not in scen_ids:
            r.err(raw, who, said("validate.muni.stranger", where=w, who=repr(who)))
            continue
        if not isinstance(deltas, dict):
            r.err(raw, who, said("validate.muni.person_change", where=w, who=who))
            continue
        got = _number_map(r, raw, who, said("validate.where.person_of", where=w), limits)
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
