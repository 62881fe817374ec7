"""The validator's messages: a key with values, worded from content/ui-validate.yaml.

A content problem is found once and may be shown in either language (``koorddanser
validate --lang nl``, a failed start in the app's language), so a reader records *what*
it found — ``said("validate.unknown_field", where=..., field=...)`` — and the words are
chosen where the line is shown. A value may itself be a :class:`Said` (the "where" part:
``event x, choice y``), worded in the same language.

English is also the text kept in ``ContentError.message`` and ``str(exc)``: logs, JSON
output and tests match on it. Lookups follow game.i18n's one rule for a missing text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from game.i18n import Table, lookup

from .ui_table import content_table

LOG_LANG = "en"
"""The language of ``ContentError.message`` (logs, JSON, tests)."""


@dataclass(frozen=True)
class Said:
    """What a check found: the key of its message and the values that fill it in."""

    key: str
    values: Mapping[str, object] = field(default_factory=dict)

    def word(self, lang: str) -> str:
        """The message in ``lang`` (values that are themselves :class:`Said` too)."""
        filled = {k: word(v, lang) if isinstance(v, Said) else v for k, v in self.values.items()}
        return lookup((_table(),), self.key, lang, filled)

    def __str__(self) -> str:
        return self.word(LOG_LANG)


Message = str | Said
"""A message as a check records it: a key with values, or (from outside) plain text."""


def said(key: str, /, **values: object) -> Said:
    """The message ``key`` of content/ui-validate.yaml with its values."""
    return Said(key, values)


def word(message: Message | object, lang: str) -> str:
    """``message`` in ``lang``; plain text stays as it is."""
    return message.word(lang) if isinstance(message, Said) else str(message)


def _table() -> Table:
    """content/ui-validate.yaml (empty when unreadable: each message shows as its key)."""
    return content_table("ui-validate")


_KINDS: dict[str, Said] = {
    "event": said("validate.kind.event"),
    "choice": said("validate.kind.choice"),
    "scenario": said("validate.kind.scenario"),
    "ending": said("validate.kind.ending"),
    "meter": said("validate.kind.meter"),
    "world setting": said("validate.kind.world_setting"),
    "derived": said("validate.kind.derived"),
    "derived value": said("validate.kind.derived_value"),
    "clock": said("validate.kind.clock"),
    "rule": said("validate.kind.rule"),
    "model": said("validate.kind.model"),
    "policy": said("validate.kind.policy"),
    "glossary": said("validate.kind.glossary"),
    "city": said("validate.kind.city"),
}


def kind(name: Message) -> Message:
    """A kind of item (``meter``, ``world setting``) as a message; other text stays as it is."""
    return _KINDS.get(name, name) if isinstance(name, str) else name


def item(kind_name: str, ident: object) -> Said:
    """``meter energy``: the item a problem is in, the kind worded where it is shown."""
    return said("validate.where.item", kind=kind(kind_name), id=ident)
