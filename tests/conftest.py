"""Shared fixtures: the built-in model is loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.content import load_model
from game.engine.model import Model


@pytest.fixture(scope="session")
def model() -> Model:
    return load_model()


@pytest.fixture(scope="session")
def scenario_id(model: Model) -> str:
    return sorted(model.scenarios)[0]


def pytest_configure(config: pytest.Config) -> None:
    """Tests never read the real user content folder: it points at an empty temporary one."""
    import os
    import tempfile

    os.environ["KOORDDANSER_CONTENT_DIR"] = str(
        Path(tempfile.mkdtemp(prefix="koorddanser-test-")) / "content"
    )


@pytest.fixture(autouse=True)
def _teacher_language_and_settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Command output in English unless a test sets LANG; preferences never in the real home."""
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.setenv("KOORDDANSER_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    """Say it plainly (also under -q) when the browser tests of `koorddanser serve` did not run."""
    reasons = set()
    for report in terminalreporter.stats.get("skipped", []):
        longrepr = getattr(report, "longrepr", None)
        text = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else ""
        if "chromium" in text or "Playwright" in text:
            reasons.add(text.removeprefix("Skipped: "))
    for reason in sorted(reasons):
        terminalreporter.write_line(f"koorddanser serve: browser tests SKIPPED: {reason}")
