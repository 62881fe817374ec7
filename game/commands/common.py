"""What several commands share: their error, loading the content, resolving scenarios,
policies and --set.

Light at import (the content and the engine load inside the functions that need them):
`game.cli` takes UsageError and the command line's strings from here, and
`koorddanser --help` must stay fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from game.files.textsafe import rel
from game.i18n import Texts, teacher_lang

if TYPE_CHECKING:
    from game.content.yamlsafe import ContentError
    from game.engine.model import Model, Policy


class UsageError(Exception):
    """Bad input on the command line: one line is printed, exit code 2."""


class CliStrings(Texts):
    """content/ui-cli.yaml in one language (game.i18n's lookup and rule for a missing text).

    Read with the safe YAML reader only (no model), so `koorddanser --help` stays fast; an
    unreadable file leaves the table empty, so each text shows as its key in brackets.
    """

    def __init__(self, lang: str) -> None:
        from game.content.ui_table import content_table

        # Kept parsed between starts (keyed by the file's bytes): no YAML reader for `play`.
        super().__init__(content_table("ui-cli", trim=False), lang)


def cli_strings(lang: str) -> CliStrings:
    """The command line's strings in ``lang``."""
    return CliStrings(lang)




def texts(args: object) -> CliStrings:
    """The command line's strings (content/ui-cli.yaml) in the language of ``args.lang``."""
    return cli_strings(getattr(args, "lang", None) or teacher_lang())


def model_or_exit(lang: str | None = None) -> Model:
    """The built-in model; broken content is reported (one line per problem, in ``lang``,
    else the teacher's language) and exits 1."""
    from game.content import ContentInvalid, load_model

    try:
        return load_model()
    except ContentInvalid as exc:
        for problem in exc.problems:
            print(problem_line(problem, lang), file=sys.stderr)
        raise SystemExit(1) from None


def problem_line(problem: ContentError, lang: str | None = None) -> str:
    """``file:line: message`` of a content problem, the file as short as it can be said,
    worded in ``lang`` (else the teacher's language)."""
    from game.i18n import teacher_lang

    return problem.worded(lang or teacher_lang(), rel(problem.path) if problem.path else "")


def _short(line: str) -> str:
    path, _, rest = line.partition(":")
    return f"{rel(path)}:{rest}" if rest else line


def usage_error(key: str, lang: str | None = None, /, **values: object) -> UsageError:
    """A UsageError worded by content/ui-cli.yaml in ``lang`` (else the teacher's language)."""
    return UsageError(cli_strings(lang or teacher_lang())(key, **values))


def scenario_id(model: Model, wanted: str | None, lang: str | None = None) -> str:
    if wanted is None:
        return next(iter(sorted(model.scenarios)))
    if wanted not in model.scenarios:
        known = ", ".join(sorted(model.scenarios))
        raise usage_error("cli.unknown_scenario", lang, wanted=wanted, known=known)
    return wanted


def policy(model: Model, wanted: str) -> Policy:
    """A built-in policy by name, or a policy YAML file."""
    from game.content import ContentInvalid, load_policy_file

    if wanted in model.policies:
        return model.policies[wanted]
    path = Path(wanted)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            raise usage_error("cli.error.policy_file", file=repr(wanted))
        try:
            return load_policy_file(path, model.layout.rows)
        except ContentInvalid as exc:
            raise UsageError(problem_line(exc.problems[0])) from None
    known = ", ".join(model.policies)
    raise usage_error("cli.error.policy", policy=repr(wanted), known=known)


def world_overrides(model: Model, settings: list[str]) -> dict[str, float]:
    """Parse ``--set world.KEY=VALUE`` options against the model's world settings.

    ``start.METER=VALUE`` items are left for :func:`start_overrides`.
    """
    out: dict[str, float] = {}
    by_id = {w.id: w for w in model.world}
    for item in settings:
        key, eq, value = item.partition("=")
        if not eq:
            raise usage_error("cli.error.set_form", item=repr(item))
        if key.strip().startswith("start."):
            continue
        name = key.strip().removeprefix("world.")
        if not key.strip().startswith("world.") or name not in by_id:
            known = ", ".join(f"world.{k}" for k in by_id)
            raise usage_error("cli.error.world_key", key=repr(key.strip()), known=known)
        try:
            number = float(value)
        except ValueError:
            raise usage_error("cli.error.not_number", key=key.strip(), value=repr(value)) from None
        ws = by_id[name]
        if not ws.low <= number <= ws.high:
            raise usage_error(
                "cli.error.outside",
                key=key.strip(),
                number=f"{number:g}",
                low=f"{ws.low:g}",
                high=f"{ws.high:g}",
            )
        out[name] = number
    return out


def start_overrides(model: Model, settings: list[str]) -> dict[str, float]:
    """Parse ``--set start.METER=VALUE`` options: starting meters to try (0-100)."""
    out: dict[str, float] = {}
    meters = model.meter_ids
    for item in settings:
        key, _, value = item.partition("=")
        name = key.strip().removeprefix("start.")
        if not key.strip().startswith("start."):
            continue
        if name not in meters:
            import difflib

            near = difflib.get_close_matches(name, meters, n=1)
            if near:
                raise usage_error("cli.error.meter_near", key=repr(key.strip()), near=near[0])
            raise usage_error("cli.error.meter", key=repr(key.strip()), meters=", ".join(meters))
        try:
            number = float(value)
        except ValueError:
            raise usage_error("cli.error.not_number", key=key.strip(), value=repr(value)) from None
        if not 0 <= number <= 100:
            raise usage_error("cli.error.outside", key=key.strip(), number=f"{number:g}", low=0, high=100)
        out[name] = number
    return out


def with_start(model: Model, scenario_id: str, start: dict[str, float]) -> Model:
    """The model with one scenario's starting meters changed (for the lab only)."""
    if not start:
        return model
    import dataclasses

    sc = model.scenarios[scenario_id]
    changed = dataclasses.replace(sc, start={**sc.start, **start})
    return dataclasses.replace(model, scenarios={**model.scenarios, scenario_id: changed})


def said(exc: BaseException, lang: str | None = None) -> str:
    """An error as the teacher reads it: a save or class-code error worded in ``lang``
    (``--lang``; else the teacher's language from LANG), any other as it words itself."""
    from game.content.save_texts import said as worded
    from game.i18n import teacher_lang

    return worded(exc, lang or teacher_lang())


def load_save_or_exit(model: Model, path: str, lang: str | None = None):
    """A saved game, or its one-line problem (in ``lang``) on standard error and exit code 1."""
    from game.saves import best_person as saves

    try:
        return saves.load(model, path)
    except saves.SaveError as exc:
        print(said(exc, lang), file=sys.stderr)
        raise SystemExit(1) from None


def output_or_exit(arg: str | None) -> Path | None:
    """The file ``-o``/``--html`` names, or None for standard output (absent or ``-``).

    A device, pipe, folder, link or read-only file is refused with one line (exit 2):
    writing there would replace it.
    """
    from game.files.textsafe import path_text
    from game.i18n import teacher_lang
    from game.saves import best_person as saves

    if arg is None or arg == "-":
        return None
    problem = saves.output_problem(arg)
    if problem:
        raise UsageError(f"{path_text(arg)}: {problem.text(teacher_lang())}")
    return Path(arg)


def write_output(target: str | None, text: str) -> int:
    """Write a page or report to ``-o`` (a device, pipe or read-only file is refused with
    one line) or to standard output (no ``-o``, or ``-o -``); returns the exit code."""
    from game.files.textsafe import path_text
    from game.saves import best_person as saves

    out = output_or_exit(target)
    if out is None:
        sys.stdout.write(text)
        return 0
    try:
        saves.write_atomic(out, text.encode("utf-8"))
    except saves.SaveError as exc:
        print(said(exc), file=sys.stderr)
        return 1
    print(path_text(out))
    return 0


BYTES_PER_RUN = 2_000  # measured peak about 1.3 kB per simulated game (tracemalloc), plus room


def available_memory() -> int | None:
    """Bytes of memory free for use now (MemAvailable), or None where it cannot be told."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


LEAN_BYTES_PER_RUN = 200  # chunked: ~60 bytes of outcomes a run kept, plus room (issue 13)


def runs_within_memory(runs: int, option: str = "--runs", per_run: int = BYTES_PER_RUN) -> int:
    """``runs`` when half of the free memory holds them; else a UsageError that says how
    many would fit (a MemoryError traceback halfway through helps nobody)."""
    free = available_memory()
    limit = max(1000, (free // 2) // per_run) if free is not None else 50_000_000
    if runs > limit:
        need = f"{runs * per_run / 1e9:,.1f}"
        if free is None:
            raise usage_error("cli.error.memory_fixed", option=option, runs=runs, need=need, most=f"{limit:,}")
        free_gb = f"{free / 1e9:.1f}"
        raise usage_error(
            "cli.error.memory", option=option, runs=runs, need=need, free=free_gb, most=f"{limit:,}"
        )
    return runs


def where_or_exit(args: object, default_workers: int | None = None):
    """Where the lab's tasks run, from ``--workers N`` and ``--scheduler ADDRESS``.

    Without ``--workers``: ``default_workers``, or every core this process may use.
    A scheduler address must look like tcp://HOST:PORT (tls:// and inproc:// too).
    """
    from game.lab.parallel import Where, cores

    scheduler = getattr(args, "scheduler", None)
    workers = getattr(args, "workers", None)
    if scheduler is not None:
        scheme, sep, rest = scheduler.partition("://")
        host, colon, port = rest.rpartition(":")
        if (
            not sep
            or scheme not in ("tcp", "tls", "inproc")
            or not (scheme == "inproc" or (host and colon and port.isdigit()))
        ):
            raise usage_error("cli.error.scheduler", got=repr(scheduler))
        return Where(workers=workers or 1, scheduler=scheduler)
    if workers is None:
        workers = default_workers if default_workers is not None else cores()
    return Where(workers=workers)
