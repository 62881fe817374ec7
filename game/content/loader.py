"""Reading the model, events, endings, scenarios and policies from YAML, with a schema check.

All problems are collected, each as ``file:line: message``; a model is built only when
there are none. Nothing here trusts its input: YAML goes through ``yamlsafe`` and every
expression through the engine's own parser. Each file kind has its reader (``read_*``
modules, shapes declared in ``fields``); ``crossref`` checks what items say about each other.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.engine.model import (
    Clock,
    Derived,
    Ending,
    Event,
    Layout,
    Model,
    Policy,
    Rule,
    Scenario,
    build_layout,
)

from . import crossref, layers, suggest
from .messages import said
from .paths import content_dir, scenarios_dir
from .read_endings import read_endings
from .read_events import (
    MAX_LABEL,
    MAX_OUTCOME,
    MAX_TEXT,
    MAX_TITLE_WORDS,
    SEASONS,
    EventIndex,
    FollowUpRef,
    Names,
    index_events,
    read_event,
)
from .read_model import (
    ModelParts,
    check_coverage,
    read_clock,
    read_derived,
    read_model,
    read_rule,
)
from .read_policies import read_policies, read_policy
from .read_scenarios import ScenarioDraft, read_scenarios
from .read_texts import Glossary, read_glossary, read_ui
from .reader import Problems, Reader, load
from .yamlsafe import ContentError, load_file

__all__ = [  # the limits are used by the municipality reader too
    "MAX_LABEL",
    "MAX_OUTCOME",
    "MAX_TEXT",
    "MAX_TITLE_WORDS",
    "SEASONS",
    "ContentInvalid",
    "Sources",
    "builtin_sources",
    "check",
    "classify",
    "default_sources",
    "load_model",
    "load_policy_file",
]


class ContentInvalid(Exception):
    """Raised when content has problems; ``problems`` lists them all."""

    def __init__(self, problems: list[ContentError]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Sources:
    """The files that make up one model: which file plays which part."""

    model: Path
    endings: Path
    events: list[Path] = field(default_factory=list)
    scenarios: list[Path] = field(default_factory=list)
    policies: list[Path] = field(default_factory=list)
    ui: Path | None = None
    ui_extra: list[Path] = field(default_factory=list)  # content/ui-*.yaml, merged into ui
    glossary: Path | None = None
    extra_endings: list[Path] = field(default_factory=list)  # endings of one's own
    origin: dict[str, str] = field(default_factory=dict)  # file -> the folder it came from
    problems: list[ContentError] = field(default_factory=list)  # found while gathering files


def default_sources() -> Sources:
    """The built-in content with the user content folder and any --content folders on top."""
    src = builtin_sources()
    src.problems.extend(layers.add_layers(src, layers.layers()))
    return src


def builtin_sources() -> Sources:
    c, s = content_dir(), scenarios_dir()
    ui = c / "ui.yaml"
    glossary = c / "glossary.yaml"
    return Sources(
        model=c / "model.yaml",
        endings=c / "endings.yaml",
        events=sorted((c / "events").glob("*.yaml")),
        scenarios=sorted(s.glob("*.yaml")),
        ui=ui if ui.exists() else None,
        ui_extra=sorted(c.glob("ui-*.yaml")),
        glossary=glossary if glossary.exists() else None,
        policies=[c / "policies.yaml"] if (c / "policies.yaml").exists() else [],
    )


# The names other modules (municipality) use from here.
_Ctx = Problems
_Reader = Reader
_load = load


def load_policy_file(path: Path, names: Mapping[str, int]) -> Policy:
    """A policy from YAML ``{name, weights, rules}``; ContentInvalid on problems.

    ``names`` is the model's layout: rule conditions are expressions over the state.
    """
    problems = Problems()
    doc = load(problems, path)
    policy = read_policy(Reader(problems, path), doc, dict(names)) if doc is not None else None
    if problems.problems or policy is None:
        raise ContentInvalid(problems.problems or [ContentError(path, None, said("validate.policy.not"))])
    return policy


def load_model(sources: Sources | None = None) -> Model:
    """Read and check everything; return the model or raise ContentInvalid with all problems."""
    model, problems = check(sources)
    if model is None:
        raise ContentInvalid(problems)
    return model


@dataclass
class _Read:
    """Everything read, before the cross-reference pass."""

    parts: ModelParts
    index: EventIndex
    layout: Layout
    derived: list[Derived]
    clocks: list[Clock]
    rules: list[Rule]
    events: list[Event]
    follow_ups: list[FollowUpRef]
    endings: list[Ending]
    scenarios: list[ScenarioDraft]
    policies: dict[str, Policy]
    ui: dict[str, dict[str, str]]
    glossary: Glossary


def check(sources: Sources | None = None) -> tuple[Model | None, list[ContentError]]:
    """Read and check; return (model or None, problems).

    Three steps: one reader per file kind (shapes and expressions), the cross-reference
    pass, and building the model when no problem was found.
    """
    src = sources or default_sources()
    problems = Problems()
    problems.problems.extend(src.problems)
    docs = {path: load(problems, path) for path in _all_files(src)}
    merged = layers.merge(src, docs)  # replaces: and duplicates across files
    problems.problems.extend(merged.problems)
    read = _read_all(problems, src, docs, merged.endings)
    events, scenarios = _cross_reference(problems, src, docs, read)
    if problems.problems:
        vocab = suggest.vocabulary(
            read.parts.meters, read.index.flags, read.index.ids, scenarios, read.parts.world
        )
        return None, suggest.improve(problems.problems, vocab)
    return _build(src, read, events, scenarios), []


def _all_files(src: Sources) -> list[Path]:
    extra = [q for q in (src.ui, src.glossary) if q is not None] + src.ui_extra
    return [
        src.model,
        src.endings,
        *src.extra_endings,
        *src.events,
        *src.scenarios,
        *src.policies,
        *extra,
    ]


def _read_all(
    problems: Problems, src: Sources, docs: dict[Path, Any], endings: list[tuple[Path, Any]]
) -> _Read:
    """Every file through its kind's reader, in an order where each finds what it names."""
    model_reader = Reader(problems, src.model)
    parts = read_model(model_reader, docs[src.model])
    index = index_events(problems, src.events, docs)
    layout = build_layout(
        [m.id for m in parts.meters],
        [ident for _, ident in parts.derived],
        [ident for _, ident in parts.clocks],
        [w.id for w in parts.world],
        index.flags,
        index.ids,
    )
    rows = dict(layout.rows)
    meters = {m.id: m.id for m in parts.meters}
    names = Names(rows=rows, meters=meters, flags={f: f"flag.{f}" for f in index.flags})
    derived = [read_derived(model_reader, item, i, rows) for item, i in parts.derived]
    clocks = [read_clock(model_reader, item, i, rows) for item, i in parts.clocks]
    targets = {**meters, **{ident: ident for _, ident in parts.clocks}}
    rules = [read_rule(model_reader, item, rows, targets, parts) for item in parts.rules]
    check_coverage(model_reader, parts)
    follow_ups: list[FollowUpRef] = []
    events = [
        read_event(reader, item, k, names, follow_ups)
        for k, (reader, item) in enumerate(index.items)
    ]
    ending_list = read_endings(problems, endings, rows, parts.ids)
    if docs[src.endings] is not None and len(ending_list) < 2:
        Reader(problems, src.endings).err(docs[src.endings], None, said("validate.endings.two"))
    return _Read(
        parts=parts,
        index=index,
        layout=layout,
        derived=[d for d in derived if d is not None],
        clocks=[c for c in clocks if c is not None],
        rules=[r for r in rules if r is not None],
        events=events,
        follow_ups=follow_ups,
        endings=ending_list,
        scenarios=read_scenarios(problems, src.scenarios, docs, parts.meters, parts.world),
        policies=read_policies(problems, src.policies, docs, rows),
        ui=read_ui(problems, [q for q in (src.ui,) if q is not None] + src.ui_extra, docs),
        glossary=read_glossary(problems, src.glossary, docs),
    )


def _cross_reference(
    problems: Problems, src: Sources, docs: dict[Path, Any], read: _Read
) -> tuple[list[Event], dict[str, Scenario]]:
    """What items say about each other; returns the linked events and the scenarios."""
    crossref.unique_ids(read.parts.ids)
    events = crossref.link_follow_ups(read.events, read.follow_ups)
    crossref.reachable(problems, events, read.index)
    scenarios = crossref.scenario_events(read.scenarios, events)
    crossref.event_scenarios(read.index, scenarios, bool(src.scenarios))
    if not scenarios and not problems.problems:
        problems.err(src.model, None, said("validate.scenarios.none"))
    crossref.codes(problems, src.scenarios, docs)
    crossref.findings(problems, read.endings, read.glossary, src.endings)
    return events, scenarios


def _build(
    src: Sources, read: _Read, events: list[Event], scenarios: dict[str, Scenario]
) -> Model:
    return Model(
        meters=tuple(read.parts.meters),
        derived=tuple(read.derived),
        clocks=tuple(read.clocks),
        world=tuple(read.parts.world),
        rules=tuple(read.rules),
        events=tuple(events),
        endings=tuple(read.endings),
        scenarios=scenarios,
        policies=read.policies,
        layout=read.layout,
        ui=read.ui,
        findings=read.glossary.findings,
        tag_labels=read.glossary.tag_labels,
        content_hash=_hash(src),
    )


def _hash(src: Sources) -> str:
    """A hash of the files' bytes: a save records it to notice when content changed."""
    h = hashlib.sha256()
    files = [src.model, src.endings, *src.extra_endings, *src.events, *src.scenarios]
    for p in sorted(files, key=lambda q: q.name):
        h.update(p.name.encode())
        h.update(b"\0")
        h.update(p.read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:16]


def classify(paths: Iterable[Path]) -> tuple[Sources, list[ContentError]]:
    """Built-in sources, with the given files and folders put in their place.

    A folder holding ``model.yaml`` replaces the content; any other folder is a content
    folder of one's own (``scenarios/``, ``events/``, ``endings/`` and loose YAML files),
    loaded over the built-in content and the user content folder. A file is placed by its
    top-level keys: ``meters`` (model), ``events``, ``endings``, ``weights`` (policy),
    ``strings`` (UI); anything else is a scenario.
    """
    src = default_sources()
    problems: list[ContentError] = list(src.problems)
    src.problems = []
    files: list[Path] = []
    folders: list[tuple[str, Path]] = []
    for p in paths:
        if p.is_dir():
            if (p / "model.yaml").exists():
                src.model, src.endings = p / "model.yaml", p / "endings.yaml"
                src.events = sorted((p / "events").glob("*.yaml"))
                src.ui = (p / "ui.yaml") if (p / "ui.yaml").exists() else None
                src.glossary = (p / "glossary.yaml") if (p / "glossary.yaml").exists() else None
            else:
                folders.append(("validate", p))
        elif p.exists():
            files.append(p)
        else:
            problems.append(ContentError(p, None, said("validate.no_such_path")))
    problems.extend(layers.add_layers(src, folders))
    for f in files:
        try:
            doc = load_file(f)
        except ContentError as exc:
            problems.append(exc)
            continue
        keys = set(doc) if isinstance(doc, dict) else set()
        resolved = f.resolve()
        src.origin.setdefault(str(f), "validate")
        if "meters" in keys:
            src.model = f
        elif "events" in keys:
            # A file named like a built-in one (an edited copy of content/events/core.yaml)
            # stands in for it: the same in an editable and in a normal install.
            src.events = [e for e in src.events if e.resolve() != resolved and e.name != f.name]
            src.events.append(f)
        elif "endings" in keys:  # a whole endings file, in place of the built-in one
            src.endings = f
        elif "weights" in keys or "policies" in keys:
            src.policies.append(f)
        elif "strings" in keys:
            src.ui = f
        elif "findings" in keys:
            src.glossary = f
        else:
            src.scenarios = [
                s for s in src.scenarios if s.resolve() != resolved and s.name != f.name
            ] + [f]
    return src, problems
