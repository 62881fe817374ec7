"""Scenario checks beyond the loader's field checks: class-code words and excluded events."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from game.engine.model import Event

from .messages import Message, said
from .messages import item as item_at
from .suggest import did_you_mean
from .yamlsafe import ContentError, LDict

CODE = re.compile(r"^[A-Z]{2,6}$")


def exclude(
    reader: Any, doc: dict[str, Any], where: Message, chosen: list[int], events: Sequence[Event]
) -> list[int]:
    """The scenario's events without those it lists under ``exclude_events``."""
    raw = doc.get("exclude_events")
    if raw is None:
        return chosen
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        reader.err(doc, "exclude_events", said("validate.scenario.exclude", where=where))
        return chosen
    ids = [e.id for e in events]
    for name in raw:
        if name not in ids:
            reader.err(
                doc,
                "exclude_events",
                said(
                    "validate.scenario.exclude_unknown",
                    where=where,
                    event=repr(name),
                    hint=did_you_mean(name, ids),
                ),
            )
    gone = set(raw)
    return [i for i in chosen if events[i].id not in gone]


def codes(paths: Sequence[Path], docs: dict[Path, Any]) -> list[ContentError]:
    """Each scenario's ``code`` is 2-6 capital letters and names one scenario only."""
    problems: list[ContentError] = []
    seen: dict[str, tuple[Path, Any]] = {}
    for p in paths:
        doc = docs.get(p)
        if not isinstance(doc, LDict):
            continue
        sid = doc.get("id")
        if "code" not in doc:
            problems.append(
                ContentError(
                    p,
                    doc.line or 1,
                    said("validate.scenario.no_code", where=item_at("scenario", sid)),
                )
            )
            continue
        code = doc["code"]
        if not isinstance(code, str) or not CODE.match(code):
            problems.append(
                ContentError(
                    p,
                    doc.line_of("code"),
                    said("validate.scenario.code", where=item_at("scenario", sid), got=repr(code)),
                )
            )
            continue
        if code in seen:
            other, odoc = seen[code]
            problems.append(
                ContentError(
                    p,
                    doc.line_of("code"),
                    said(
                        "validate.scenario.code_taken",
                        where=item_at("scenario", sid),
                        code=repr(code),
                        other=odoc.get("id"),
                        at=f"{other}:{odoc.line_of('code')}",
                    ),
                )
            )
            continue
        seen[code] = (p, doc)
    return problems
