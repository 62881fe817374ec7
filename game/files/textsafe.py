"""Text from files is data: checking it at load, and showing it without letting it act.

A save, a scenario or a file name can hold anything: lone surrogates (which cannot be
written out as UTF-8), escape sequences (which move a terminal's cursor or wipe its
screen), Rich/Textual markup (which a widget would parse), HTML or Markdown (which a
report would render). This module is the one place that knows what is refused at load
and how text is made inert for each place it is shown. No third-party imports: the
saves, reports, commands and front ends all use it.
"""

from __future__ import annotations

import codecs
import os
import re
import sys
import unicodedata
from pathlib import Path

# Bidirectional overrides and isolates make text display in another order than it is
# stored ("Trojan Source"): a name could then read as someone else's.
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
_LINE_BREAKS = {"\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"}


def _is_control(c: str) -> bool:
    return unicodedata.category(c) in ("Cc", "Cs") or c in _BIDI or c in _LINE_BREAKS


# Every character _is_control refuses, as one character class: categories Cc (U+0000-001F,
# U+007F-009F) and Cs (the surrogates), the bidi controls, and the line breaks outside Cc.
# A save holds ~10,000 strings; a regex finds the first suspect in C instead of asking
# unicodedata about every character (tests/test_textsafe_fast.py checks all code points).
_SUSPECT = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_SUSPECT_MULTILINE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)


# In a JSON document, a string can only come to hold such a character by writing it as is
# (JSON forbids raw U+0000-001F inside strings, so tab and line breaks there are layout) or
# by an escape other than \\ \" \/.
_JSON_SUSPECT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\u2028\u2029]"
    "|\\\\[bfnrtu]"
)


def json_strings_clean(text: str) -> bool:
    """True when no string (or key) of the JSON document ``text`` can hold anything
    :func:`text_problem` refuses, even where newlines and tabs are allowed: then checking
    its strings one by one can be skipped. False means: check them (it may be fine)."""
    return _JSON_SUSPECT.search(text) is None


def text_problem(value: str, multiline: bool = False) -> str | None:
    """Why ``value`` cannot be a text field of a file, or None when it can (in English).

    Refused: lone surrogates (not text at all), control characters (escape sequences,
    NUL, bell) and bidirectional overrides. ``multiline`` allows newlines and tabs.
    """
    issue = text_issue(value, multiline)
    if issue is None:
        return None
    kind, code = issue
    if kind == "surrogate":
        return "holds a lone surrogate (not valid text)"
    return f"holds a control character ({code})"


def text_issue(value: str, multiline: bool = False) -> tuple[str, str] | None:
    """What :func:`text_problem` refuses, as data to be worded in any language:
    ``("surrogate", "")`` or ``("control", "U+001B")``; None when ``value`` is fine."""
    found = (_SUSPECT_MULTILINE if multiline else _SUSPECT).search(value)
    if found is None:
        return None
    for c in value[found.start() :]:
        if multiline and c in "\n\t":
            continue
        if unicodedata.category(c) == "Cs":
            return ("surrogate", "")
        if _is_control(c):
            return ("control", f"U+{ord(c):04X}")
    return None


def _escaped(c: str) -> str:
    n = ord(c)
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}"


def printable(value: object, keep_newlines: bool = False) -> str:
    """``value`` as text safe for a terminal: control characters, surrogates and bidi
    overrides shown as ``\\x1b``-style escapes, so they are visible and inert."""
    text = str(value)
    return "".join(
        c if not _is_control(c) or (keep_newlines and c == "\n") else _escaped(c) for c in text
    )


def path_text(path: str | os.PathLike[str]) -> str:
    """A file name as the bytes on disk read as UTF-8, undecodable bytes as ``\\xff``.

    The same in every locale: a Latin-1 locale would otherwise show ``ÿ`` where a UTF-8
    locale holds the surrogate ``\\udcff`` (which cannot even be printed).
    """
    raw = os.fsencode(path)
    return printable(raw.decode("utf-8", "backslashreplace"))


def name_is_text(path: str | os.PathLike[str]) -> bool:
    """Whether the file's name is valid UTF-8 without control characters (else it is skipped)."""
    name = os.fsencode(Path(path).name)
    try:
        decoded = name.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return text_problem(decoded) is None


def markdown_text(value: object) -> str:
    """A field for a Markdown report: one line, HTML escaped, Markdown syntax taken literally."""
    import html  # here: only reports need it, and textsafe is loaded before the title

    text = " ".join(printable(value).split())
    text = html.escape(text, quote=False)
    out = []
    for c in text:
        out.append("\\" + c if c in "\\`*_[]|" else c)
    return "".join(out)


# --- output in any locale ---------------------------------------------------------------------

_ASCII = {
    "—": "-", "–": "-", "‑": "-", "−": "-", "…": "...", "·": "-", "•": "*",
    "‘": "'", "’": "'", "‚": ",", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
    "▸": ">", "▶": ">", "◂": "<", "←": "<-", "→": "->", "↔": "<->", "⏎": "Enter",
    "▲": "^", "▼": "v", "█": "#", "▏": "|", "─": "-", "│": "|", "×": "x", "€": "EUR",
    "\u00a0": " ", "\u202f": " ",
}


def _fallback(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: an ASCII look-alike for what the terminal cannot show, else ?."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for c in exc.object[exc.start : exc.end]:
        if c in _ASCII:
            out.append(_ASCII[c])
            continue
        base = unicodedata.normalize("NFKD", c).encode("ascii", "ignore").decode("ascii")
        out.append(base or "?")
    return "".join(out), exc.end


codecs.register_error("koorddanser-fallback", _fallback)


def safe_streams() -> None:
    """Let stdout/stderr print anything: what the locale's encoding cannot hold becomes an
    ASCII look-alike (é → e, — → -) or ``?`` instead of a UnicodeEncodeError traceback."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="koorddanser-fallback")
            except (ValueError, OSError):  # a closed or unusual stream: leave it be
                pass


def rel(path: str) -> str:
    """A path as short as it can be said from here (absolute when it lies elsewhere)."""
    try:
        short = os.path.relpath(path)
    except ValueError:
        return path
    return os.path.abspath(path) if short.startswith("..") else short
