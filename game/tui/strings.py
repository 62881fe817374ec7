"""The player-facing interface strings (content/ui.yaml), read cheaply for a fast title screen.

The full content loader (numpy, the expression compiler, validation) is slow to import,
so the app reads ui.yaml on its own: a size limit, no aliases, the safe loader only. The
same file is validated with everything else by ``koorddanser validate`` and ``load_model``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

MAX_BYTES = 1_000_000
LANGS = ("nl", "en")


def content_dir() -> Path:
    """Where content/ lives: beside the package when installed, at the repo root in a checkout.

    The same rule as ``game.content.paths``; repeated here because importing that package
    pulls in the whole loader.
    """
    pkg = Path(__file__).resolve().parent.parent
    installed = pkg / "_data" / "content"
    return installed if installed.is_dir() else pkg.parent / "content"


class StringsError(Exception):
    """ui.yaml is missing or not usable."""


def read_strings(path: Path | None = None) -> dict[str, dict[str, str]]:
    """``{key: {nl: ..., en: ...}}`` from ui.yaml's ``strings:`` mapping."""
    import yaml

    p = path or content_dir() / "ui.yaml"
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise StringsError(f"{p}: cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise StringsError(f"{p}: file larger than {MAX_BYTES // 1000} kB")
    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        text = raw.decode("utf-8")
        for event in yaml.parse(text, Loader=loader_cls):
            if isinstance(event, yaml.AliasEvent):
                raise StringsError(f"{p}:{event.start_mark.line + 1}: aliases are not allowed here")
        doc = yaml.load(text, Loader=loader_cls)  # noqa: S506 - a safe loader
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise StringsError(f"{p}: {exc}") from None
    strings = doc.get("strings") if isinstance(doc, dict) else None
    if not isinstance(strings, dict):
        raise StringsError(f"{p}: expected a mapping 'strings:'")
    out: dict[str, dict[str, str]] = {}
    for key, value in strings.items():
        if isinstance(value, dict):
            out[str(key)] = {lang: str(value.get(lang, "")).rstrip().lstrip("\n") for lang in LANGS}
    return out


class Strings:
    """Look up a string in a language; a missing one shows its key, never crashes."""

    def __init__(self, table: Mapping[str, Mapping[str, str]]) -> None:
        self.table = table
        # The model's merged strings (ui-*.yaml: labels shared with reports), once loaded.
        self.shared: Mapping[str, Mapping[str, str]] = {}

    def get(self, key: str, lang: str, **values: object) -> str:
        entry = self.table.get(key) or self.shared.get(key)
        text = (entry.get(lang) or entry.get("nl") or key) if entry else key
        if values:
            try:
                text = text.format(**values)
            except (KeyError, IndexError, ValueError):
                pass
        return text

    def has(self, key: str) -> bool:
        return key in self.table or key in self.shared
