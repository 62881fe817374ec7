"""A pytest plugin loaded only by the mutation run (``[tool.mutmut]`` in pyproject.toml).

mutmut runs many pytest sessions in one process (and forks of it), each with only the tests
that cover one mutant, in no fixed order. Two things that hold in one ordinary session
need help there:
- every call of a mutated function goes through a trampoline, several frames instead of
  one: the expression parser refuses nesting past ``MAX_DEPTH`` on its own, but the test
  that proves it would hit Python's recursion limit first;
- ``koorddanser ... --content DIR`` run inside a test leaves DIR in the content loader's
  module state, and the next session's ``model`` fixture would load it too.
"""

from __future__ import annotations

import sys

# room for MAX_DEPTH levels of the parser times mutmut's frames per call
_RECURSION_LIMIT = 20_000


def pytest_configure() -> None:
    """Raise the recursion limit for the mutated copy's test runs."""
    sys.setrecursionlimit(max(sys.getrecursionlimit(), _RECURSION_LIMIT))


def _forget_content_dirs() -> None:
    """Drop ``--content`` folders a command in an earlier test handed to the loader."""
    layers = sys.modules.get("game.content.layers")
    if layers is not None:
        layers.set_extra_dirs(None)


def pytest_sessionstart() -> None:
    """Each of mutmut's sessions starts with the built-in content only (tests/conftest.py
    clears what a test left behind; this clears what an earlier session left)."""
    _forget_content_dirs()

