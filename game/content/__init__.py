"""Loading and checking the model, events, endings, scenarios and policies from YAML.

The exports load lazily: ``game.content.yamlsafe`` and ``game.content.paths`` are light,
and the app's title screen uses them without pulling in the loader (and numpy).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .loader import (
        ContentInvalid,
        Sources,
        builtin_sources,
        check,
        classify,
        load_model,
        load_policy_file,
    )
    from .yamlsafe import ContentError

__all__ = [
    "ContentError",
    "ContentInvalid",
    "Sources",
    "builtin_sources",
    "check",
    "classify",
    "load_model",
    "load_policy_file",
]


def __getattr__(name: str) -> Any:
    if name == "ContentError":
        from .yamlsafe import ContentError

        return ContentError
    if name in __all__:
        from . import loader

        return getattr(loader, name)
    raise AttributeError(f"module 'game.content' has no attribute {name!r}")
