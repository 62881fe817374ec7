"""JSON Schema for scenario, event and ending files, made from ``game.content.fields``.

The same declarations give the loader its field lists, so the schema an editor checks
against and ``koorddanser validate`` cannot drift apart. The files in ``docs/schema/`` are
written by ``python -m game.content.schema docs/schema``; a test checks they are current.
The schema checks shape (fields, types, vocabularies); meaning (an expression parses, a
meter exists, ids are unique) is the loader's.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from game.i18n import LANGS

from .fields import CHOICE, ENDING, EVENT, SCENARIO, TAG_NAMES, Field

DRAFT = "https://json-schema.org/draft/2020-12/schema"
ID_PATTERN = "^[a-z][a-z0-9_]{0,47}$"
SEASON_NAMES = ["spring", "autumn", "voorjaar", "najaar"]

_TEXT = {
    "type": "object",
    "properties": {lang: {"type": "string", "minLength": 1} for lang in LANGS},
    "required": list(LANGS),
    "additionalProperties": False,
    "description": "a text in Dutch (nl) and English (en)",
}
_EXPR = {
    "type": ["number", "string", "boolean"],
    "description": "a number or an expression (docs/content-format.md)",
}


def _kind(f: Field) -> dict[str, Any]:
    """The schema of one field, from its kind."""
    simple: dict[str, dict[str, Any]] = {
        "id": {"type": "string", "pattern": ID_PATTERN},
        "text": _TEXT,
        "source": {"type": "string", "pattern": "essay \\d+"},
        "expr": _EXPR,
        "bool": {"type": "boolean"},
        "int": {"type": "integer"},
        "number": {"type": "number"},
        "list": {"type": "array"},
        "weights": {
            "type": "object",
            "properties": {t: {"type": "number", "minimum": 0, "maximum": 1000} for t in TAG_NAMES},
            "additionalProperties": False,
        },
        "string": {"type": "string", "minLength": 1, "maxLength": 40},
        "enum": {},
        "any": {},
        "code": {"type": "string", "pattern": "^[A-Z]{2,6}$"},
        "tags": {"type": "array", "items": {"enum": list(TAG_NAMES)}, "minItems": 1},
        "arrows": {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 8}},
        "ids": {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}},
        "years": {
            "type": "array",
            "items": {"type": "integer", "minimum": 2000, "maximum": 2100},
            "minItems": 2,
            "maxItems": 2,
        },
        "at": {
            "type": "array",
            "prefixItems": [{"type": "integer"}, {"enum": SEASON_NAMES}],
            "minItems": 2,
            "maxItems": 2,
        },
        "effects": {"type": "object", "additionalProperties": _EXPR},
        "numbers": {"type": "object", "additionalProperties": {"type": "number"}},
        "follow_up": {
            "type": "object",
            "properties": {
                "event": {"type": "string", "pattern": ID_PATTERN},
                "after": {"type": "integer", "minimum": 1, "maximum": 20},
            },
            "required": ["event"],
            "additionalProperties": False,
        },
        "findings": {
            "type": "array",
            "items": {"type": "string", "pattern": "^(conclusion|recommendation) [a-j]$"},
            "minItems": 1,
        },
        "questions": {"type": "array", "items": _TEXT, "minItems": 3, "maxItems": 5},
        "choices": {"type": "array", "items": obj(CHOICE), "minItems": 2, "maxItems": 4}
        if f.kind == "choices"
        else {},
    }
    if f.kind not in simple:
        raise ValueError(f"field {f.name}: no schema for kind {f.kind!r}")
    out = {**simple[f.kind], **f.extra}
    if f.doc:
        out["description"] = f.doc
    return out


def obj(decl: tuple[Field, ...]) -> dict[str, Any]:
    """The schema of one item (a scenario, an event, a choice, an ending)."""
    return {
        "type": "object",
        "properties": {f.name: _kind(f) for f in decl},
        "required": [f.name for f in decl if f.required],
        "additionalProperties": False,
    }


def _file(title: str, body: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": DRAFT, "title": title, **body}


def schemas() -> dict[str, dict[str, Any]]:
    """file stem -> schema: scenario, event (a file of events), ending (a file of endings)."""
    return {
        "scenario": _file("Koorddanser scenario (one best person)", obj(SCENARIO)),
        "event": _file(
            "Koorddanser events file",
            {
                "type": "object",
                "properties": {"events": {"type": "array", "items": obj(EVENT)}},
                "required": ["events"],
            },
        ),
        "ending": _file(
            "Koorddanser endings file",
            {
                "type": "object",
                "properties": {"endings": {"type": "array", "items": obj(ENDING)}},
                "required": ["endings"],
            },
        ),
    }


def render(schema: dict[str, Any]) -> str:
    """A schema as the text stored in docs/schema (stable, so a test can compare)."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write(folder: Path) -> list[Path]:
    """Write every schema into ``folder``; returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for stem, schema in schemas().items():
        path = folder / f"{stem}.schema.json"
        path.write_text(render(schema), encoding="utf-8")
        out.append(path)
    return out


if __name__ == "__main__":  # python -m game.content.schema docs/schema
    for p in write(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/schema")):
        print(p)
