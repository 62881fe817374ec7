"""A pytest plugin loaded only by the mutation run (``[tool.mutmut]`` in pyproject.toml).

mutmut routes every call of a mutated function through a trampoline: several frames instead
of one. The expression parser refuses nesting past ``MAX_DEPTH`` on its own, and the test
that proves it would otherwise hit Python's recursion limit first under mutmut only.
"""

from __future__ import annotations

import sys

# room for MAX_DEPTH levels of the parser times mutmut's frames per call
_RECURSION_LIMIT = 20_000


def pytest_configure() -> None:
    """Raise the recursion limit for the mutated copy's test runs."""
    sys.setrecursionlimit(max(sys.getrecursionlimit(), _RECURSION_LIMIT))
