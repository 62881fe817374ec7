"""Reading endings: the last one is the fallback (no ``when``); every ending names findings."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from game.engine.model import INITIATIVES, PERSONS, Ending

from . import fields
from .messages import Message, said
from .messages import item as item_at
from .read_model import IdClaim
from .reader import Doc, Problems, Reader, Text
from .yamlsafe import LDict

FINDING = re.compile(r"(conclusion|recommendation) [a-j]")


def read_endings(
    problems: Problems,
    items: list[tuple[Path, Any]],
    names: dict[str, int],
    ids: list[IdClaim],
) -> list[Ending]:
    """The endings in order (``items`` are (file, raw ending) after layering)."""
    endings = []
    for k, (path, item) in enumerate(items):
        ending = read_ending(Reader(problems, path), item, k == len(items) - 1, names, ids)
        if ending is not None:
            endings.append(ending)
    return endings


def read_ending(
    reader: Reader, item: Any, last: bool, names: dict[str, int], ids: list[IdClaim]
) -> Ending | None:
    """One ending; ``last`` is the fallback, which must have no ``when``."""
    if not reader.shape(item, "ending", fields.ENDING):
        return None
    ident = reader.ident(item, "ending")
    if ident is not None:
        ids.append(IdClaim(reader, item, ident, "ending"))
    where = item_at("ending", ident)
    person = reader.one_of(item, "person", where, PERSONS)
    initiative = reader.one_of(item, "initiative", where, INITIATIVES)
    source = reader.source(item, where)
    when = reader.optional_expr(item, "when", where, names)
    requires = reader.optional_expr(item, "requires", where, names)
    if "when" not in item and not last:
        reader.err(item, None, said("validate.ending.when_missing", where=where))
    if last and "when" in item:
        reader.err(item, "when", said("validate.ending.when_last", where=where))
    title = reader.text(item, "title", where, words=8)
    story = reader.text(item, "story", where, limit=900)
    findings = _findings(reader, item, where)
    questions = _questions(reader, item, where)
    good = reader.flag(item, "good", where)
    if ident is None:
        return None
    return Ending(
        id=ident,
        person=person,
        initiative=initiative,
        source=source,
        when=when,
        title=title,
        story=story,
        findings=findings,
        questions=questions,
        good=good,
        requires=requires,
    )


def _findings(reader: Reader, item: Doc, where: Message) -> tuple[str, ...]:
    findings = item.get("findings")
    if (
        not isinstance(findings, list)
        or not findings
        or not all(isinstance(f, str) and FINDING.fullmatch(f) for f in findings)
    ):
        reader.err(item, "findings", said("validate.ending.findings", where=where))
        return ()
    return tuple(findings)


def _questions(reader: Reader, item: Doc, where: Message) -> tuple[Text, ...]:
    """3 to 5 questions for discussion, each ``{nl, en}``."""
    raw = item.get("questions")
    if not isinstance(raw, list) or not 3 <= len(raw) <= 5:
        reader.err(item, "questions", said("validate.ending.questions", where=where))
        raw = raw if isinstance(raw, list) else []
    questions = []
    for k, question in enumerate(raw):
        if isinstance(question, dict):
            holder = _wrap(question) if isinstance(question, LDict) else {"q": question}
            questions.append(reader.text(holder, "q", said("validate.where.question", where=where, n=k + 1), limit=200))
        else:
            reader.err(raw, k, said("validate.ending.question", where=where, n=k + 1))
    return tuple(questions)


def _wrap(question: LDict) -> LDict:
    """A question as the field ``q`` of a mapping on its line, so ``Reader.text`` can check it."""
    out = LDict({"q": question})
    out.line = question.line
    out.key_lines = {"q": question.line}
    return out
