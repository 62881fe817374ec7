"""The building blocks of every content reader: problems located to a line, and field checks.

A :class:`Reader` reads one file. Each check records a ``file:line: message`` problem and
returns a usable stand-in (an empty text, ``None``), so one run reports every problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from game.engine.expr import Compiled, ExprError, compile_expr
from game.engine.model import Effect
from game.i18n import LANGS

from .fields import Field, names, required
from .messages import Message, kind, said
from .yamlsafe import ContentError, LDict, LList, load_file

ID = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
SOURCE = re.compile(r"essay \d+(\s*[-–]\s*\d+)?")

Doc = dict[str, Any]  # a YAML mapping as read (an LDict, with lines)
Text = dict[str, str]  # lang -> text


class Problems:
    """Collects problems while reading."""

    def __init__(self) -> None:
        self.problems: list[ContentError] = []

    def err(self, path: Path | str, line: int | None, message: Message) -> None:
        self.problems.append(ContentError(path, line, message))


def line_of(obj: Any, key: str | int | None = None) -> int:
    """The line of ``key`` in a mapping or list read from YAML, else of ``obj`` itself."""
    if key is not None and isinstance(obj, LDict) and isinstance(key, str):
        return obj.line_of(key)
    if key is not None and isinstance(obj, LList) and isinstance(key, int):
        return obj.line_of(key)
    return getattr(obj, "line", 0) or 0


def is_number(value: Any) -> bool:
    """An int or a float, and not a bool (YAML's ``true`` is an int to Python)."""
    return not isinstance(value, bool) and isinstance(value, int | float)


def is_whole(value: Any) -> bool:
    """An int, and not a bool."""
    return isinstance(value, int) and not isinstance(value, bool)


def load(problems: Problems, path: Path) -> Any:
    """A YAML file's content, or None with the problem recorded."""
    try:
        return load_file(path)
    except ContentError as exc:
        problems.problems.append(exc)
        return None


class Reader:
    """Checks the fields of items in one file; problems go to the shared :class:`Problems`."""

    def __init__(self, problems: Problems, path: Path) -> None:
        self.ctx = problems
        self.path = path

    def err(self, obj: Any, key: str | int | None, message: Message) -> None:
        self.ctx.err(self.path, line_of(obj, key) or None, message)

    def top_list(self, doc: Any, key: str) -> list[Any]:
        """The file's top-level list ``key:`` (``events:``, ``policies:``)."""
        if not isinstance(doc, dict) or not isinstance(doc.get(key), list):
            self.err(doc, None, said("validate.top_list", key=key))
            return []
        items: list[Any] = doc[key]
        return items

    def shape(self, obj: Any, where: Message, decl: tuple[Field, ...]) -> bool:
        """``obj`` is a mapping with the declared fields only and the gating ones present."""
        return self.mapping(obj, where, names(decl), required(decl))

    def mapping(
        self, obj: Any, where: Message, allowed: Iterable[str], required: Iterable[str]
    ) -> bool:
        where = kind(where)
        if not isinstance(obj, dict):
            self.err(obj, None, said("validate.mapping", where=where))
            return False
        ok = True
        allowed_set = set(allowed)
        for key in obj:
            if key not in allowed_set:
                self.err(obj, key, said("validate.unknown_field", where=where, field=repr(key)))
                ok = False
        for key in required:
            if key not in obj:
                self.err(obj, None, said("validate.missing_field", where=where, field=repr(key)))
                ok = False
        return ok

    def ident(self, obj: Doc, where: Message, key: str = "id") -> str | None:
        value = obj.get(key)
        where = kind(where)
        if not isinstance(value, str) or not ID.match(value):
            self.err(obj, key, said("validate.ident", where=where, key=key, got=repr(value)))
            return None
        return value

    def one_of(self, obj: Doc, key: str, where: Message, options: tuple[str, ...]) -> str:
        """A field that must be one of a few words (a part, a person, an initiative)."""
        value = obj.get(key)
        if value not in options:
            self.err(obj, key, said("validate.one_of", where=where, key=key, options=", ".join(options)))
        return str(value)

    def flag(self, obj: Doc, key: str, where: Message) -> bool:
        """A true/false field, false when absent."""
        value = obj.get(key, False)
        if not isinstance(value, bool):
            self.err(obj, key, said("validate.flag", where=where, key=key))
            return False
        return value

    def text(
        self, obj: Doc, key: str, where: Message, limit: int | None = None, words: int | None = None
    ) -> Text:
        value = obj.get(key)
        if not isinstance(value, dict):
            self.err(obj, key, said("validate.text", where=where, key=key))
            return {lang: "" for lang in LANGS}
        out = {lang: self._translation(value, lang, key, where, limit, words) for lang in LANGS}
        for lang in value:
            if lang not in LANGS:
                why = "validate.text_lang_comma" if value[lang] is None else "validate.text_lang"
                self.err(value, lang, said(why, where=where, key=key, lang=repr(lang)))
        return out

    def _translation(
        self, value: Doc, lang: str, key: str, where: Message, limit: int | None, words: int | None
    ) -> str:
        """One language of a text, its length checked; a story keeps its line breaks."""
        t = value.get(lang)
        if not isinstance(t, str) or not t.strip():
            self.err(
                value,
                None if lang not in value else lang,
                said("validate.translation", where=where, key=key, lang=lang),
            )
            return ""
        if limit and len(t.strip()) > limit:
            n = len(t.strip())
            self.err(value, lang, said("validate.chars", where=where, key=key, lang=lang, n=n, most=limit))
        elif words and len(t.split()) > words:
            n = len(t.split())
            self.err(value, lang, said("validate.words", where=where, key=key, lang=lang, n=n, most=words))
        return " ".join(t.split()) if key != "story" else t.strip()

    def source(self, obj: Doc, where: Message) -> str:
        value = obj.get("source")
        if not isinstance(value, str) or not value.strip():
            self.err(
                obj,
                "source" if "source" in obj else None,
                said("validate.no_source", where=where),
            )
            return ""
        if not SOURCE.search(value):
            self.err(obj, "source", said("validate.source", where=where))
        return value.strip()

    def number(
        self, obj: Doc, key: str, where: Message, lo: float | None = None, hi: float | None = None
    ) -> float | None:
        value: Any = obj.get(key)
        if not is_number(value):
            self.err(obj, key, said("validate.number", where=where, key=key))
            return None
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            self.err(obj, key, said("validate.between", where=where, key=key, lo=lo, hi=hi))
            return None
        return float(value)

    def expr(self, obj: Doc, key: str, where: Message, names: Mapping[str, int]) -> Compiled | None:
        raw: Any = obj.get(key)
        try:
            return compile_expr(raw, names, f"{self.path.name}:{where}:{key}")
        except ExprError as exc:
            self.err(
                obj,
                key,
                said(
                    "validate.expr_column" if exc.column else "validate.expr",
                    where=where,
                    key=key,
                    problem=exc.message,
                    column=exc.column,
                ),
            )
            return None

    def optional_expr(
        self, obj: Doc, key: str, where: Message, names: Mapping[str, int]
    ) -> Compiled | None:
        """An expression field that may be left out (None then)."""
        return self.expr(obj, key, where, names) if key in obj else None

    def effects(
        self, obj: Doc, key: str, where: Message, names: Mapping[str, int], targets: Mapping[str, str]
    ) -> tuple[Effect, ...]:
        """``name: expression`` pairs; ``targets`` maps each allowed name to its layout row."""
        raw = obj.get(key)
        if raw is None:
            return ()
        if not isinstance(raw, dict):
            self.err(obj, key, said("validate.effects", where=where, key=key))
            return ()
        out = []
        for name, value in raw.items():
            full = targets.get(name)
            if full is None:
                why = "validate.unknown_flag" if key == "set" else "validate.unknown_meter"
                self.err(raw, name, said(why, where=where, key=key, name=repr(name)))
                continue
            try:
                compiled = compile_expr(value, names, f"{self.path.name}:{where}:{key}.{name}")
            except ExprError as exc:
                self.err(raw, name, said("validate.effect_expr", where=where, key=key, name=name, problem=exc.message))
                continue
            out.append(Effect(name=name, row=names[full], expr=compiled))
        return tuple(out)
