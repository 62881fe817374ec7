"""What several commands share: loading the content, resolving scenarios, policies and --set."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from game.cli import CliStrings, UsageError
from game.content import ContentInvalid, load_model, load_policy_file
from game.engine.model import Model, Policy


def rel(path: str) -> str:
    """A path as short as it can be said from here (absolute when it lies elsewhere)."""
    try:
        short = os.path.relpath(path)
    except ValueError:
        return path
    return os.path.abspath(path) if short.startswith("..") else short


def texts(args: object) -> CliStrings:
    """The command line's strings (content/ui-cli.yaml) in the language of ``args.lang``."""
    from game.cli import cli_strings, default_lang

    return cli_strings(getattr(args, "lang", None) or default_lang())


def model_or_exit() -> Model:
    """The built-in model; broken content is reported (one line per problem) and exits 1."""
    try:
        return load_model()
    except ContentInvalid as exc:
        for problem in exc.problems:
            print(_short(str(problem)), file=sys.stderr)
        raise SystemExit(1) from None


def _short(line: str) -> str:
    path, _, rest = line.partition(":")
    return f"{rel(path)}:{rest}" if rest else line


def scenario_id(model: Model, wanted: str | None, lang: str = "en") -> str:
    if wanted is None:
        return next(iter(sorted(model.scenarios)))
    if wanted not in model.scenarios:
        from game.cli import cli_strings

        known = ", ".join(sorted(model.scenarios))
        raise UsageError(cli_strings(lang)("cli.unknown_scenario", wanted=wanted, known=known))
    return wanted


def policy(model: Model, wanted: str) -> Policy:
    """A built-in policy by name, or a policy YAML file."""
    if wanted in model.policies:
        return model.policies[wanted]
    path = Path(wanted)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            raise UsageError(f"policy file {wanted!r} does not exist")
        try:
            return load_policy_file(path, model.layout.rows)
        except ContentInvalid as exc:
            raise UsageError(_short(str(exc.problems[0]))) from None
    known = ", ".join(model.policies)
    raise UsageError(f"unknown policy {wanted!r} (built-in: {known}; or a .yaml file)")


def world_overrides(model: Model, settings: list[str]) -> dict[str, float]:
    """Parse ``--set world.KEY=VALUE`` options against the model's world settings."""
    out: dict[str, float] = {}
    by_id = {w.id: w for w in model.world}
    for item in settings:
        key, eq, value = item.partition("=")
        if not eq:
            raise UsageError(f"--set expects world.KEY=VALUE, got {item!r}")
        name = key.strip().removeprefix("world.")
        if not key.strip().startswith("world.") or name not in by_id:
            known = ", ".join(f"world.{k}" for k in by_id)
            raise UsageError(f"unknown world setting {key.strip()!r} (known: {known})")
        try:
            number = float(value)
        except ValueError:
            raise UsageError(f"--set {key.strip()}: {value!r} is not a number") from None
        ws = by_id[name]
        if not ws.low <= number <= ws.high:
            raise UsageError(f"--set {key.strip()}: {number:g} lies outside {ws.low:g}-{ws.high:g}")
        out[name] = number
    return out


def load_save_or_exit(model: Model, path: str):
    """A saved game, or its one-line problem on standard error and exit code 1."""
    from game import saves

    try:
        return saves.load(model, path)
    except saves.SaveError as exc:
        print(str(exc), file=sys.stderr)
        raise SystemExit(1) from None
