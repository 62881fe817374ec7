"""Loading untrusted YAML: safe tags only, bounded size, depth and aliases, and line numbers.

Every mapping and list comes back as :class:`LDict` / :class:`LList`, which remember the
line each key or item stands on, so the validator can say ``file:line: message``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from game.files.safeio import NotReadable, read_limited

from .messages import Message, Said, said

MAX_BYTES = 1_000_000  # a content or scenario file larger than this is refused
MAX_DEPTH = 40  # nesting of mappings and lists
MAX_ALIASES = 100  # aliases in one file
MAX_NODES = 200_000  # nodes after expanding aliases: stops "billion laughs"


class ContentError(Exception):
    """A problem in a content, scenario or policy file, located to a line."""

    def __init__(self, path: str | Path, line: int | None, message: Message) -> None:
        text = str(message)  # English: logs, JSON and tests match on it
        super().__init__(text)
        self.path = str(path)
        self.line = line
        self.message = text
        # The key and values, so the line can be worded in the teacher's language where shown.
        self.said = message if isinstance(message, Said) else None

    @property
    def key(self) -> str | None:
        """The message's key in content/ui-validate.yaml (None for plain text)."""
        return self.said.key if self.said is not None else None

    @property
    def values(self) -> Mapping[str, object]:
        """The values that fill the message in."""
        return self.said.values if self.said is not None else {}

    def text(self, lang: str) -> str:
        """The message (without file and line) in ``lang``."""
        return self.said.word(lang) if self.said is not None else self.message

    def worded(self, lang: str, path: str | None = None) -> str:
        """``file:line: message`` in ``lang``; ``path`` replaces the file as stored."""
        shown = self.path if path is None else path
        where = f"{shown}:{self.line}" if self.line else shown
        return f"{where}: {self.text(lang)}"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class LDict(dict[str, Any]):
    """A mapping that remembers its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LList(list[Any]):
    """A list that remembers its own line and the line of each item."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, i: int) -> int:
        return self.item_lines[i] if 0 <= i < len(self.item_lines) else self.line


def line_of(obj: Any, default: int = 0) -> int:
    return getattr(obj, "line", default) or default


def _line(ev: yaml.Event) -> int:
    """The 1-based line an event of the YAML stream starts on."""
    return ev.start_mark.line + 1 if ev.start_mark is not None else 1


def _check_events(text: str, path: str) -> None:
    """First pass over the event stream (iterative, cheap): depth, alias and node count.

    Counting nodes here refuses a huge flat file before the slow step of building nodes.
    """
    depth = 0
    aliases = 0
    nodes = 0
    try:
        for ev in yaml.parse(text, Loader=_Loader):
            if isinstance(ev, yaml.NodeEvent) and not isinstance(ev, yaml.AliasEvent):
                nodes += 1
                if nodes > MAX_NODES:
                    raise ContentError(path, _line(ev), said("validate.yaml.nodes", most=MAX_NODES))
            if isinstance(ev, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise ContentError(
                        path, _line(ev), said("validate.yaml.depth", most=MAX_DEPTH)
                    )
            elif isinstance(ev, yaml.CollectionEndEvent):
                depth -= 1
            elif isinstance(ev, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    raise ContentError(
                        path, _line(ev), said("validate.yaml.aliases", most=MAX_ALIASES)
                    )
    except yaml.YAMLError as exc:
        raise _yaml_error(path, exc, text) from None


def _yaml_error(path: str, exc: yaml.YAMLError, text: str = "") -> ContentError:
    if isinstance(exc, yaml.reader.ReaderError):  # a control character or NUL in the text
        pos = exc.position if isinstance(exc.position, int) else 0
        line = text[:pos].count("\n") + 1 if text else None
        ch = exc.character
        shown = f"U+{ch:04X}" if isinstance(ch, int) else repr(ch)
        return ContentError(path, line, said("validate.yaml.control", char=shown))
    if not isinstance(exc, yaml.MarkedYAMLError):
        return ContentError(path, None, said("validate.yaml.invalid", problem=str(exc)[:120]))
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    problem: Message = (exc.problem or exc.context or "invalid YAML").strip()
    if "could not determine a constructor" in str(exc) or "python/" in str(problem):
        problem = said("validate.yaml.tag_plain")
    else:
        line, problem = _plain_words(exc, line, str(problem), text)
    return ContentError(path, line, said("validate.yaml.invalid", problem=problem))


def _plain_words(
    exc: yaml.MarkedYAMLError, line: int | None, problem: str, text: str
) -> tuple[int | None, Message]:
    """The parser's problem said the way an author can fix it (line may move to the cause)."""
    lines = text.splitlines()
    here = lines[line - 1] if line and 0 < line <= len(lines) else ""
    tab = next((k + 1 for k, ln in enumerate(lines) if "\t" in ln[: len(ln) - len(ln.lstrip())]), 0)
    if "tab" in problem or "'\\t'" in problem or (tab and line and tab <= line):
        return tab or line, said("validate.yaml.tab")
    context = (exc.context or "").strip()
    if "quoted scalar" in context or "end of stream" in problem:
        start = exc.context_mark.line + 1 if exc.context_mark else line
        return start, said("validate.yaml.quote")
    if "mapping values are not allowed" in problem:
        value = here.split(": ", 1)[1] if ": " in here else ""
        if ": " in value or value.rstrip().endswith(":"):
            return line, said("validate.yaml.second_colon")
        return line, said("validate.yaml.too_deep")
    if "expected key" in problem or "'-' indicator" in problem or "block end" in problem:
        return line, said("validate.yaml.indent")
    if "could not find expected ':'" in problem:
        return (line - 1 if line and line > 1 else line), said("validate.yaml.no_colon")
    return line, problem


def _expanded_size(node: Node, memo: dict[int, int]) -> int:
    key = id(node)
    if key in memo:
        if memo[key] < 0:  # still being counted: an alias inside its own anchor
            raise ContentError("", node.start_mark.line + 1, said("validate.yaml.alias_loop"))
        return memo[key]
    memo[key] = -1
    if isinstance(node, SequenceNode):
        size = 1 + sum(_expanded_size(n, memo) for n in node.value)
    elif isinstance(node, MappingNode):
        size = 1 + sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    else:
        size = 1
    memo[key] = size
    return size


# libyaml's parser is many times faster; its results are the same plain nodes.
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _construct(loader: Any, node: Node, path: str, depth: int = 0) -> Any:
    if isinstance(node, MappingNode):
        loader.flatten_mapping(node)
        out = LDict()
        out.line = node.start_mark.line + 1
        out.key_lines = {}
        for k_node, v_node in node.value:
            key = _construct(loader, k_node, path, depth + 1)
            if not isinstance(key, str | int | float | bool) or key is None:
                raise ContentError(path, k_node.start_mark.line + 1, said("validate.yaml.key_text"))
            key = str(key) if not isinstance(key, str) else key
            if key in out:
                raise ContentError(path, k_node.start_mark.line + 1, said("validate.yaml.duplicate_key", key=repr(key)))
            out[key] = _construct(loader, v_node, path, depth + 1)
            out.key_lines[key] = k_node.start_mark.line + 1
        return out
    if isinstance(node, SequenceNode):
        out_l = LList(_construct(loader, n, path, depth + 1) for n in node.value)
        out_l.line = node.start_mark.line + 1
        out_l.item_lines = [n.start_mark.line + 1 for n in node.value]
        return out_l
    if isinstance(node, ScalarNode):
        try:
            return loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            raise _yaml_error(path, exc) from None
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
            # PyYAML lets these through for a value its tag cannot hold.
            shown = node.value[:40] if isinstance(node.value, str) else "?"
            kind = node.tag.rsplit(":", 1)[-1]
            why = said("validate.yaml.not_valid", value=repr(shown), kind=kind)
            raise ContentError(path, node.start_mark.line + 1, why) from None
    raise ContentError(path, node.start_mark.line + 1, said("validate.yaml.unsupported"))  # pragma: no cover


def load_text(text: str, path: str | Path) -> Any:
    """Parse YAML text from an untrusted source into plain data with line numbers."""
    p = str(path)
    if len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        raise ContentError(p, None, said("validate.yaml.size", kb=MAX_BYTES // 1000))
    _check_events(text, p)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        try:
            size = _expanded_size(root, {})
        except ContentError as exc:
            raise ContentError(p, exc.line, exc.said or exc.message) from None
        if size > MAX_NODES:
            raise ContentError(p, root.start_mark.line + 1, said("validate.yaml.expanded"))
        # Tags are checked on every node up front: a !!python/object tag is refused, never run.
        _check_tags(root, p, set())
        return _construct(loader, root, p)
    except yaml.YAMLError as exc:
        raise _yaml_error(p, exc, text) from None
    except RecursionError:
        raise ContentError(p, None, said("validate.yaml.nested")) from None
    finally:
        loader.dispose()


_SAFE_TAGS = {
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:merge",
    "tag:yaml.org,2002:timestamp",
}


def _check_tags(node: Node, path: str, seen: set[int]) -> None:
    stack = [node]
    while stack:
        n = stack.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        if n.tag not in _SAFE_TAGS:
            why = said("validate.yaml.tag", tag=repr(n.tag))
            raise ContentError(path, n.start_mark.line + 1, why)
        if isinstance(n, SequenceNode):
            stack.extend(n.value)
        elif isinstance(n, MappingNode):
            for k, v in n.value:
                stack.append(k)
                stack.append(v)


def load_file(path: str | Path, raw: bytes | None = None) -> Any:
    """Read and parse a YAML file, refusing oversized or unreadable files with a ContentError.

    ``raw``: the file's bytes when the caller has read them already (the parsed-strings
    cache hashes them first); they are checked the same way.
    """
    p = Path(path)
    if raw is not None and len(raw) > MAX_BYTES:
        raise ContentError(p, None, said("validate.yaml.size", kb=MAX_BYTES // 1000))
    try:  # a FIFO or /dev/zero is refused before reading, not waited for or read forever
        if raw is None:
            raw = read_limited(p, MAX_BYTES, "a content file")
    except NotReadable as exc:
        why: Message = str(exc)
        if str(why).startswith("too large"):
            why = said("validate.yaml.size", kb=MAX_BYTES // 1000)
        raise ContentError(p, None, why) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(p, raw[: exc.start].count(b"\n") + 1, said("validate.yaml.utf8")) from None
    return load_text(text, p)


def problem_text(problem: object, lang: str) -> str:
    """A content problem as ``file:line: message`` in ``lang``; anything else as it says itself."""
    return problem.worded(lang) if isinstance(problem, ContentError) else str(problem)
