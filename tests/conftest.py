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
