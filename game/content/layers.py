"""Content of one's own: the user content folder and ``--content`` folders over the built-in.

A content folder holds ``scenarios/*.yaml``, ``events/*.yaml`` and optionally
``endings.yaml`` or ``endings/*.yaml`` (a YAML file directly in the folder is placed by its
top-level key, like ``koorddanser validate FILE``). Folders are layered: built-in first,
then the user folder, then each ``--content`` folder in the order given. An id that was
already loaded may only come again with ``replaces: ID``; otherwise both files are named.

This module never imports the loader (the loader imports it).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from .messages import Message, said
from .messages import kind as kind_word
from .suggest import did_you_mean
from .yamlsafe import ContentError, LDict, LList, load_file

ENV_DATA = "KOORDDANSER_DATA_DIR"
ENV_CONTENT = "KOORDDANSER_CONTENT_DIR"

BUILTIN = "built-in"
USER = "user folder"
EXTRA = "--content"

_extra_dirs: list[Path] = []


def data_dir() -> Path:
    """The user's data folder for Koorddanser: KOORDDANSER_DATA_DIR, else the platform's."""
    env = os.environ.get(ENV_DATA, "").strip()
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path("koorddanser", appauthor=False)


def user_content_dir() -> Path:
    """The user content folder: KOORDDANSER_CONTENT_DIR, else ``content`` in the data folder."""
    env = os.environ.get(ENV_CONTENT, "").strip()
    return Path(env).expanduser() if env else data_dir() / "content"


def set_extra_dirs(dirs: Iterable[str | Path] | None) -> None:
    """The ``--content`` folders of this command (replacing any set before)."""
    _extra_dirs[:] = [Path(d).expanduser() for d in dirs or ()]


def extra_dirs() -> list[Path]:
    return list(_extra_dirs)


def layers() -> list[tuple[str, Path]]:
    """(origin, folder) of every content folder over the built-in one, in loading order.

    The user folder counts only when it exists; a ``--content`` folder always (a missing
    one is reported, not skipped).
    """
    out: list[tuple[str, Path]] = []
    user = user_content_dir()
    if user.is_dir():
        out.append((USER, user))
    out.extend((EXTRA, d) for d in _extra_dirs)
    return out


@dataclass
class FolderFiles:
    """The YAML files of one content folder, by the part they play."""

    scenarios: list[Path] = field(default_factory=list)
    events: list[Path] = field(default_factory=list)
    endings: list[Path] = field(default_factory=list)
    problems: list[ContentError] = field(default_factory=list)


def folder_files(folder: Path) -> FolderFiles:
    """The scenario, event and ending files of a content folder."""
    out = FolderFiles()
    if not folder.is_dir():
        out.problems.append(ContentError(folder, None, said("validate.layers.no_folder")))
        return out
    out.scenarios = sorted((folder / "scenarios").glob("*.yaml"))
    out.events = sorted((folder / "events").glob("*.yaml"))
    out.endings = sorted((folder / "endings").glob("*.yaml"))
    for f in sorted(folder.glob("*.yaml")):
        try:
            doc = load_file(f)
        except ContentError as exc:
            out.problems.append(exc)
            continue
        keys = set(doc) if isinstance(doc, dict) else set()
        if "events" in keys:
            out.events.append(f)
        elif "endings" in keys:
            out.endings.append(f)
        elif keys & {"meters", "rules", "strings", "findings", "weights"}:
            out.problems.append(
                ContentError(
                    f,
                    None,
                    said("validate.layers.own_kinds"),
                )
            )
        else:
            out.scenarios.append(f)
    return out


def add_layers(src: Any, folders: list[tuple[str, Path]]) -> list[ContentError]:
    """Add the files of each folder to ``src`` (a loader ``Sources``) and note their origin."""
    problems: list[ContentError] = []
    known = {p.resolve() for p in [*src.events, *src.scenarios, src.endings, *src.extra_endings]}
    for origin, folder in folders:
        files = folder_files(folder)
        problems.extend(files.problems)
        for kind in ("scenarios", "events", "endings"):
            for f in getattr(files, kind):
                if f.resolve() in known:  # the same file twice (e.g. an editable install)
                    continue
                known.add(f.resolve())
                src.origin[str(f)] = f"{origin} {folder}"
                (src.extra_endings if kind == "endings" else getattr(src, kind)).append(f)
    return problems


# --- merging: replaces and duplicates across files -------------------------------------


def _where(path: Path, item: Any) -> str:
    line = item.line_of("id") if isinstance(item, LDict) else 0
    return f"{path}:{line}" if line else str(path)


def _err(path: Path, item: Any, key: str, message: Message) -> ContentError:
    line = item.line_of(key) if isinstance(item, LDict) else None
    return ContentError(path, line or None, message)


class _Merger:
    """Walks one kind of item (event, scenario, ending) in loading order."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.seen: dict[str, tuple[Path, Any]] = {}
        self.dropped: set[int] = set()
        self.replaced: dict[int, tuple[Path, Any]] = {}  # old item -> its replacement
        self.problems: list[ContentError] = []

    def place(self, path: Path, item: Any) -> bool:
        """False for a duplicate (reported, to be dropped); a replacement is kept, the old one
        is noted in ``replaced``."""
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            return True  # the loader reports what is wrong with it
        ident = item["id"]
        target = item.pop("replaces", None) if "replaces" in item else None
        if target is not None:
            return self._replace(path, item, ident, target)
        if ident in self.seen:
            old_path, old = self.seen[ident]
            self._id_problem(
                path,
                item,
                "validate.layers.twice",
                id=repr(ident),
                at=_where(old_path, old),
                plain=ident,
            )
            return False
        self.seen[ident] = (path, item)
        return True

    def _id_problem(self, path: Path, item: Any, key: str, **values: object) -> None:
        """A problem with an item's id (twice, replacing what is not there)."""
        self.problems.append(_err(path, item, "id", said(key, kind=kind_word(self.kind), **values)))

    def _replace(self, path: Path, item: Any, ident: str, target: Any) -> bool:
        if not isinstance(target, str) or target not in self.seen:
            hint = did_you_mean(str(target), self.seen)
            self._id_problem(
                path, item, "validate.layers.replaces", id=ident, target=repr(target), hint=hint
            )
            return False
        old_path, old = self.seen.pop(target)
        if ident in self.seen:
            other_path, other = self.seen[ident]
            self._id_problem(
                path, item, "validate.layers.also", id=repr(ident), at=_where(other_path, other)
            )
            return False
        self.replaced[id(old)] = (path, item)
        self.seen[ident] = (path, item)
        return True


def _items(doc: Any, key: str) -> LList | None:
    items = doc.get(key) if isinstance(doc, dict) else None
    # load_file makes every list an LList; the cast keeps any other list working as before
    return cast(LList, items) if isinstance(items, list) else None


def _filtered(items: LList, keep: list[bool]) -> LList:
    out = LList(x for x, k in zip(items, keep, strict=True) if k)
    out.line = items.line
    lines = getattr(items, "item_lines", [])
    out.item_lines = [ln for ln, k in zip(lines, keep, strict=False) if k]
    return out


@dataclass
class Merged:
    """What merging leaves for the loader: the endings in order, and the problems."""

    endings: list[tuple[Path, Any]]
    problems: list[ContentError]


def merge(src: Any, docs: dict[Path, Any]) -> Merged:
    """Apply ``replaces:`` and refuse duplicate ids across files, editing ``docs`` in place.

    An event or scenario that replaces another is loaded and the old one is not; an ending
    takes the old one's place in the order, and new endings of one's own come before the
    built-in ones (the built-in fallback stays last).
    """
    problems: list[ContentError] = []
    events = _Merger("event")
    kept: list[tuple[Path, LList, list[bool]]] = []
    for p in src.events:
        items = _items(docs.get(p), "events")
        if items is not None:
            kept.append((p, items, [events.place(p, ev) for ev in items]))
    for p, items, keep in kept:
        keep = [k and id(x) not in events.replaced for x, k in zip(items, keep, strict=True)]
        docs[p]["events"] = _filtered(items, keep)
    problems.extend(events.problems)

    scenarios = _Merger("scenario")
    for p in src.scenarios:
        doc = docs.get(p)
        if isinstance(doc, dict) and not scenarios.place(p, doc):
            docs[p] = None  # a duplicate: reported, not loaded
    for p in src.scenarios:
        if id(docs.get(p)) in scenarios.replaced:
            docs[p] = None
    problems.extend(scenarios.problems)

    endings = _Merger("ending")
    order: list[tuple[Path, Any]] = []
    own: list[tuple[Path, Any]] = []
    for p in [src.endings, *src.extra_endings]:
        items = _items(docs.get(p), "endings")
        if items is None:
            if docs.get(p) is not None:
                problems.append(ContentError(p, None, said("validate.top_list", key="endings")))
            continue
        for en in items:
            if endings.place(p, en):
                (order if p == src.endings else own).append((p, en))
    problems.extend(endings.problems)
    moved = {id(new) for _, new in endings.replaced.values()}

    def final(pair: tuple[Path, Any]) -> tuple[Path, Any]:
        while id(pair[1]) in endings.replaced:  # a replacement may be replaced again
            pair = endings.replaced[id(pair[1])]
        return pair

    own_new = [pair for pair in own if id(pair[1]) not in moved]
    return Merged([final(pair) for pair in own_new + order], problems)
