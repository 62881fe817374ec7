"""Shared fixtures: the built-in model is loaded once per test session."""

from __future__ import annotations

import pytest

from game.content import load_model
from game.engine.model import Model


@pytest.fixture(scope="session")
def model() -> Model:
    return load_model()


@pytest.fixture(scope="session")
def scenario_id(model: Model) -> str:
    return sorted(model.scenarios)[0]


@pytest.fixture(autouse=True)
def _teacher_language_and_settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Command output in English unless a test sets LANG; preferences never in the real home."""
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.setenv("KOORDDANSER_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
