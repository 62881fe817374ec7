"""Loading and checking the model, events, endings, scenarios and policies from YAML."""

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
