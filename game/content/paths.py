"""Where the shipped content lives: beside the package when installed, at the repo root in a checkout."""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent.parent  # the game/ package folder


def _data_root() -> Path:
    installed = _PKG / "_data"
    return installed if (installed / "content").is_dir() else _PKG.parent


def content_dir() -> Path:
    """The folder with model.yaml, endings.yaml, events/ and ui.yaml."""
    return _data_root() / "content"


def scenarios_dir() -> Path:
    """The folder with one YAML file per scenario."""
    return _data_root() / "scenarios"


def is_source_checkout() -> bool:
    """True when running from a git checkout rather than an installed copy."""
    return not (_PKG / "_data" / "content").is_dir() and (_PKG.parent / "pyproject.toml").exists()


def templates_dir() -> Path:
    """The commented templates `koorddanser new` writes from."""
    return content_dir() / "templates"


def schema_dir() -> Path:
    """The JSON Schemas of content files (docs/schema in a checkout, shipped in the package)."""
    installed = _PKG / "_data" / "schema"
    return installed if installed.is_dir() else _PKG.parent / "docs" / "schema"
