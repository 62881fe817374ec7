"""Shared fixtures: the built-in model is loaded once per test session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from game.content import load_model
from game.engine.model import Model


@pytest.fixture(scope="session")
def model() -> Model:
    return load_model()


class SharedLab:
    """The slow tests' simulations, run once per session at the calibration's seed and runs.

    tests/test_calibration.py, test_balance.py and test_research.py ask for the same games
    (a scenario under a built-in policy, or a claim's setting): each is simulated once.
    """

    def __init__(self, model: Model) -> None:
        from game.lab.calibration import load_calibration
        from game.lab.claims import Lab

        self.model = model
        self.cal = load_calibration(model=model)
        self.lab = Lab(model, runs=self.cal.runs, seed=self.cal.seed)
        self._benches: dict = {}
        self._checks: dict = {}

    def bench(self, sid: str):  # type: ignore[no-untyped-def]
        """The calibration's bench of one scenario: each built-in policy simulated once."""
        from game.lab.calibration import Bench

        if sid not in self._benches:
            self._benches[sid] = Bench(self.model, sid, self.cal.runs, self.cal.seed)
        return self._benches[sid]

    def check(self, sid: str):  # type: ignore[no-untyped-def]
        """Every calibration target, story and claim in one scenario (balance --check's rows)."""
        from game.lab.calibration import check_scenario

        if sid not in self._checks:
            self._checks[sid] = check_scenario(
                self.model, self.cal, sid, bench=self.bench(sid), lab=self.lab
            )
        return self._checks[sid]


@pytest.fixture(scope="session")
def shared_lab(model: Model) -> SharedLab:
    return SharedLab(model)


SHARED_LAB_GROUP = "shared_lab"


@pytest.hookimpl(tryfirst=True)  # before xdist's own, which turns "auto" into a number
def pytest_cmdline_main(config: pytest.Config) -> None:
    """The whole suite runs on every core (pytest-xdist); a chosen file or test in one process.

    `python -m pytest` (the README's and CI's command) spreads the tests over one worker per
    core: much of the suite waits on subprocesses, servers and a browser, so two cores finish
    in about half the time. Naming files or tests (`pytest tests/test_lab.py -x`) keeps the
    quick single-process run with its plain tracebacks and pdb; `-n N` always wins, `-n 0` or
    `-p no:xdist` switches the workers off.
    """
    if os.environ.get("PYTEST_XDIST_WORKER") or hasattr(config, "workerinput"):
        return  # a worker runs what it is sent: it must never start workers of its own
    if getattr(config.option, "numprocesses", "absent") is not None:
        return  # xdist not installed or switched off, or -n given on the command line
    if config.option.collectonly or config.option.usepdb or _names_tests(config):
        return
    config.option.numprocesses = "auto"
    if config.option.dist == "no":
        # the tests sharing the 20,000-run simulations run on one worker, which builds them once
        config.option.dist = "loadgroup"


def _names_tests(config: pytest.Config) -> bool:
    """True when the command line names files or tests rather than the whole suite."""
    root = config.rootpath
    whole = {(root / p).resolve() for p in config.getini("testpaths")} | {root.resolve()}
    return any(Path(a.split("::")[0]).resolve() not in whole for a in config.args if a)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test using the session's simulations joins one xdist group, so that
    `pytest -n auto --dist loadgroup` builds them on one worker, once; without xdist the mark
    does nothing."""
    for item in items:
        if "shared_lab" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group(SHARED_LAB_GROUP))


@pytest.fixture(scope="session")
def scenario_id(model: Model) -> str:
    return sorted(model.scenarios)[0]


def pytest_configure(config: pytest.Config) -> None:
    """Tests never read the real user content folder (an empty temporary one) or cache."""
    import os
    import tempfile

    os.environ["KOORDDANSER_CONTENT_DIR"] = str(
        Path(tempfile.mkdtemp(prefix="koorddanser-test-")) / "content"
    )
    # parsed interface strings are cached in a temporary folder, never the user's
    os.environ["KOORDDANSER_CACHE_DIR"] = tempfile.mkdtemp(prefix="koorddanser-cache-")
    # a text the code asks for but the content lacks is a bug: raise, never fall back (game.i18n)
    os.environ["KOORDDANSER_STRICT_TEXTS"] = "1"


@pytest.fixture(autouse=True)
def _teacher_language_and_settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Command output in English unless a test sets LANG; preferences never in the real home."""
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.setenv("KOORDDANSER_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


@pytest.fixture(autouse=True)
def _no_content_dirs_left_behind() -> Iterator[None]:
    """A command run in a test with ``--content DIR`` hands DIR to the content loader's
    module state; without this, every later test in the process would load it too."""
    yield
    from game.content.layers import set_extra_dirs

    set_extra_dirs(None)


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
