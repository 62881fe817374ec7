"""Messages that say how to fix it: "did you mean" for names the loader did not know.

The loader reports ``unknown tag 'x'`` and the like; :func:`improve` adds the nearest
known name (difflib), and for meters also accepts the meter's label in either language
(``energie`` -> ``energy``). Kept apart from the loader so its checks stay as they are.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .messages import Message, said
from .yamlsafe import ContentError

STUDY_CITIES = ("Amsterdam", "Den Haag", "Leeuwarden", "Utrecht", "Zwolle")


def nearest(word: str, candidates: Iterable[str], aliases: Mapping[str, str] | None = None) -> str:
    """The closest candidate to ``word`` ('' when none is close); ``aliases`` map a
    label (any case) to the name it stands for."""
    pool = list(dict.fromkeys(candidates))
    if word in pool:
        return ""
    low = word.lower().strip()
    for label, name in (aliases or {}).items():
        if label.lower() == low:
            return name
    lowered = {c.lower(): c for c in pool}
    if low in lowered:
        return lowered[low]
    alias_low = {k.lower(): v for k, v in (aliases or {}).items()}
    close = difflib.get_close_matches(low, list(lowered) + list(alias_low), n=1, cutoff=0.6)
    if not close:
        return ""
    return lowered.get(close[0]) or alias_low[close[0]]


def did_you_mean(
    word: str, candidates: Iterable[str], aliases: Mapping[str, str] | None = None
) -> Message:
    """`` (did you mean 'x'?)`` (worded where it is shown) or ''."""
    best = nearest(word, candidates, aliases)
    return said("validate.did_you_mean", best=repr(best)) if best else ""


@dataclass
class Vocabulary:
    """The names content may use, by kind; ``fields`` maps a kind (event, choice, ...) to
    its field names."""

    tags: tuple[str, ...] = ()
    meters: tuple[str, ...] = ()
    meter_labels: dict[str, str] = field(default_factory=dict)  # label (nl or en) -> id
    flags: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    scenarios: tuple[str, ...] = ()
    world: tuple[str, ...] = ()
    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)


_UNKNOWN = re.compile(r"unknown (tag|meter|flag|setting|scenario|event|field) '([^']*)'")
_MISSING_EVENT = re.compile(r"(follow-up to a missing event|unknown event) '([^']*)'")


def _field_kind(message: str) -> str:
    """Which declaration an 'unknown field' message is about, from its 'where' part."""
    where = message.split(":", 1)[0]
    if ", choice" in where:
        return "choice"
    if ", question" in where:
        return "question"
    if where.startswith("policy ") and ", rule" in where:
        return "policy_rule"
    return where.split(" ", 1)[0]


def suggestion(message: str, vocab: Vocabulary) -> Message:
    """The 'did you mean' part for one loader message ('' when there is nothing to add)."""
    if "did you mean" in message:
        return ""
    m = _MISSING_EVENT.search(message)
    if m:
        return did_you_mean(m.group(2), vocab.events)
    m = _UNKNOWN.search(message)
    if not m:
        return ""
    kind, word = m.groups()
    if kind == "tag":
        return did_you_mean(word, vocab.tags)
    if kind == "meter":
        return did_you_mean(word, vocab.meters, vocab.meter_labels)
    if kind == "flag":
        return did_you_mean(word, vocab.flags)
    if kind == "setting":
        return did_you_mean(word, vocab.world)
    if kind == "scenario":
        return did_you_mean(word, vocab.scenarios)
    if kind == "event":
        return did_you_mean(word, vocab.events)
    return did_you_mean(word, vocab.fields.get(_field_kind(message), ()))


def improve(problems: list[ContentError], vocab: Vocabulary) -> list[ContentError]:
    """The same problems, each unknown name followed by the nearest known one."""
    out = []
    for p in problems:
        hint = suggestion(p.message, vocab)
        with_hint = said("validate.with_hint", problem=p.said or p.message, hint=hint)
        out.append(ContentError(p.path, p.line, with_hint) if hint else p)
    return out


def city_note(city: str) -> Message:
    """A hint when a city looks like a misspelt study city ('' otherwise).

    Any city is allowed; only a near miss (``Den haag``, ``Leewarden``) is worth a word,
    so the bar is high: ``Rotterdam`` is not a misspelt ``Amsterdam``.
    """
    if city in STUDY_CITIES:
        return ""
    low = {c.lower().replace(" ", ""): c for c in STUDY_CITIES}
    close = difflib.get_close_matches(city.lower().replace(" ", ""), list(low), n=1, cutoff=0.85)
    return said("validate.did_you_mean", best=repr(low[close[0]])) if close else ""


def vocabulary(
    meters: list[Any], flags: list[str], events: list[str], scenarios: Any, world: list[Any]
) -> Vocabulary:
    """The names the loader knew, for :func:`improve`."""
    from game.engine.model import TAGS

    from .fields import FIELDS

    labels = {m.label[lang]: m.id for m in meters for lang in m.label}
    return Vocabulary(
        tags=TAGS,
        meters=tuple(m.id for m in meters),
        meter_labels=labels,
        flags=tuple(flags),
        events=tuple(events),
        scenarios=tuple(scenarios),
        world=tuple(w.id for w in world),
        fields={kind: tuple(f.name for f in decl) for kind, decl in FIELDS.items()},
    )
