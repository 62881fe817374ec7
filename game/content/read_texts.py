"""Reading the UI strings and the glossary (findings of the study, tag labels)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.engine.model import TAGS

from . import fields
from .messages import said
from .reader import Problems, Reader, Text

FINDING_ID = re.compile(r"(conclusion [a-h]|recommendation [a-j])")


def read_ui(problems: Problems, paths: list[Path], docs: dict[Path, Any]) -> dict[str, Text]:
    """key -> {nl, en} from every UI file; a key may be defined once only."""
    ui: dict[str, Text] = {}
    for path in paths:
        doc = docs.get(path)
        if doc is None:
            continue
        reader = Reader(problems, path)
        strings = doc.get("strings") if isinstance(doc, dict) else None
        if not isinstance(strings, dict):
            reader.err(doc, None, said("validate.strings"))
            continue
        for key in strings:
            if key in ui:
                reader.err(strings, key, said("validate.strings.twice", where=said("validate.where.string", key=key)))
            ui[key] = reader.text(strings, key, said("validate.where.string", key=key))
    return ui


@dataclass
class Glossary:
    """The study's findings and the tags' labels; ``read`` is False without a glossary file."""

    read: bool = False
    findings: dict[str, Text] = field(default_factory=dict)
    tag_labels: dict[str, Text] = field(default_factory=dict)


def read_glossary(problems: Problems, path: Path | None, docs: dict[Path, Any]) -> Glossary:
    """``{findings: {id: {nl, en, source}}, tags: {tag: {nl, en}}}``."""
    if path is None or docs.get(path) is None:
        return Glossary()
    glossary = Glossary(read=True)
    reader = Reader(problems, path)
    doc = docs[path]
    if not reader.shape(doc, "glossary", fields.GLOSSARY):
        return glossary
    for ident, entry in (doc["findings"] or {}).items():
        if not isinstance(ident, str) or not FINDING_ID.fullmatch(ident):
            reader.err(
                doc["findings"],
                ident,
                said("validate.finding.id", finding=repr(ident)),
            )
        elif isinstance(entry, dict):
            reader.source(entry, said("validate.where.finding", id=ident))
            text = {"t": {k: v for k, v in entry.items() if k != "source"}}
            at = said("validate.where.finding", id=ident)
            glossary.findings[ident] = reader.text(text, "t", at, limit=300)
    for tag in TAGS:
        if tag not in (doc["tags"] or {}):
            reader.err(doc["tags"], None, said("validate.glossary.tag", tag=repr(tag)))
        else:
            at = said("validate.where.tag", tag=tag)
            glossary.tag_labels[tag] = reader.text(doc["tags"], tag, at, limit=40)
    return glossary
