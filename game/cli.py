"""The `koorddanser` command: argument parsing and dispatch; each command lives in game/commands.

Heavy modules (numpy, Textual, the content loader) are imported inside the commands, so
that `koorddanser --help` and the title screen start fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

from game.commands.common import (  # UsageError re-exported: commands raise it, main() prints it
    UsageError,
    usage_error,
)
from game.i18n import LANGS, TableError, Texts, known, read_table, teacher_lang


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, never the usage block
        raise UsageError(message)


_parser_lang: list[str] = []  # the language build_parser was last given (for bad values)


def _value_error(key: str, **values: object) -> argparse.ArgumentTypeError:
    """A value argparse cannot take, worded from content/ui-cli.yaml in the parser's language."""
    lang = _parser_lang[-1] if _parser_lang else default_lang()
    return argparse.ArgumentTypeError(cli_strings(lang)(key, **values))


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise _value_error("cli.type.whole", got=repr(text)) from None
    if value < 1:
        raise _value_error("cli.type.at_least_1", got=value)
    return value


def port_int(text: str) -> int:
    value = positive_int(text)
    if value > 65535:
        raise _value_error("cli.type.port", got=value)
    return value


def float_minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise _value_error("cli.type.minutes", got=repr(text)) from None
    if not 0.05 <= value <= 24 * 60:
        raise _value_error("cli.type.minutes_range", got=value)
    return value


def seed_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise _value_error("cli.type.seed", got=repr(text)) from None
    if not 0 <= value < 2**63:
        raise _value_error("cli.type.seed_range", got=value)
    return value


def _content_option(default: object, t: CliStrings) -> argparse.ArgumentParser:
    """``--content DIR``, shared by every command: a content folder loaded over the rest.

    Sub-commands of a command get ``default=SUPPRESS``, so they keep what the command took.
    """
    common = _Parser(add_help=False)
    common.add_argument(
        "--content", action="append", default=default, metavar="DIR", help=t("cli.content_dir")
    )
    return common


def default_lang(environ: Mapping[str, str] | None = None) -> str:
    """The teacher's language: the one LANG starts with (en_GB: English), else the game's (nl)."""
    return teacher_lang(environ)


def _lang_in(argv: Sequence[str]) -> str | None:
    """An explicit ``--lang`` on the command line, looked at before parsing (for --help)."""
    for i, arg in enumerate(argv):
        value = arg.partition("=")[2] if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        if known(value):
            return value
    return None


class CliStrings(Texts):
    """content/ui-cli.yaml in one language (game.i18n's lookup and rule for a missing text).

    Read with the safe YAML reader only (no model), so `koorddanser --help` stays fast; an
    unreadable file leaves the table empty, so each text shows as its key in brackets.
    """

    def __init__(self, lang: str) -> None:
        from game.content.paths import content_dir

        try:
            # Kept parsed between starts (keyed by the file's bytes): no YAML reader for `play`.
            table = read_table(
                content_dir() / "ui-cli.yaml", "ui-cli", (Path(__file__),), trim=False
            )
        except (TableError, OSError):
            table = {}
        super().__init__(table, lang)


def cli_strings(lang: str) -> CliStrings:
    """The command line's strings in ``lang``."""
    return CliStrings(lang)


def _formatter(t: CliStrings) -> type[argparse.HelpFormatter]:
    class Formatter(argparse.RawDescriptionHelpFormatter):
        """Keeps the examples' line breaks and says "usage" in the chosen language."""

        def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
            # argparse passes "" itself when it only wants the program name of a sub-command
            return super().add_usage(
                usage, actions, groups, t("cli.usage") if prefix is None else prefix
            )

    return Formatter


def _translated(parser: argparse.ArgumentParser, t: CliStrings) -> argparse.ArgumentParser:
    """Section titles and -h in the chosen language (argparse's own are English)."""
    parser._positionals.title = t("cli.positionals")
    parser._optionals.title = t("cli.options")
    parser.add_argument("-h", "--help", action="help", help=t("cli.help"))
    return parser


def _where_options(parser: argparse.ArgumentParser, t: CliStrings) -> None:
    """``--workers N`` and ``--scheduler tcp://HOST:PORT``: where the lab's runs are played."""
    parser.add_argument("--workers", type=positive_int, default=None, help=t("cli.lab.workers"))
    parser.add_argument("--scheduler", metavar="tcp://HOST:PORT", help=t("cli.lab.scheduler"))


class _VersionAction(argparse.Action):
    """``--version``: the version is looked up only when asked for.

    argparse's own "version" action needs the text when the parser is built, and reading
    the package metadata (importlib.metadata) costs every start some milliseconds.
    """

    def __call__(self, parser, namespace, values, option_string=None):  # type: ignore[no-untyped-def]
        from game import version

        print(f"koorddanser {version()}")  # on stdout, like argparse's own
        parser.exit()


def build_parser(lang: str | None = None) -> argparse.ArgumentParser:
    """The parser, its help texts in ``lang`` (default: from LANG)."""
    lang = lang or default_lang()
    _parser_lang[:] = [lang]
    t = cli_strings(lang)
    fmt = _formatter(t)
    common = _content_option([], t)
    inner = _content_option(argparse.SUPPRESS, t)

    def parser(
        sub: Any,
        name: str,
        example: str | None = None,
        key: str | None = None,
        nested: bool = False,
    ) -> argparse.ArgumentParser:
        epilog = f"{t('cli.examples')}\n  {t(example)}" if example else None
        made = sub.add_parser(
            name,
            help=t(key or f"cli.{name}"),
            description=t(key or f"cli.{name}"),
            epilog=epilog,
            formatter_class=fmt,
            add_help=False,
            parents=[inner if nested else common],
        )
        return _translated(made, t)

    p = _translated(
        _Parser(
            prog="koorddanser",
            description=t("cli.description"),
            formatter_class=fmt,
            add_help=False,
        ),
        t,
    )
    p.add_argument("--version", action=_VersionAction, nargs=0, help=t("cli.version"))
    sub = p.add_subparsers(dest="command", parser_class=_Parser, title=t("cli.commands"))
    lang_help = t("cli.lang", default=lang)

    play = parser(sub, "play", "cli.play.example")
    play.add_argument("--scenario", help=t("cli.scenario"))
    play.add_argument("--seed", type=seed_int, help=t("cli.play.seed"))
    play.add_argument("--lang", choices=LANGS, default=None, help=t("cli.play.lang"))
    play.add_argument("--save-dir", help=t("cli.save_dir"))
    play.add_argument("--plain", action="store_true", help=t("cli.play.plain"))
    play.add_argument("--class-code", help=t("cli.play.class_code"))
    play.add_argument(
        "--role",
        choices=["person", "municipality", "gemeente"],
        default=None,
        help=t("cli.play.role"),
    )
    play.add_argument("--name", help=t("cli.play.name"))
    play.add_argument("--continue", dest="resume", action="store_true", help=t("cli.play.continue"))
    play.add_argument("--theme", help=t("cli.play.theme"))
    play.add_argument("--force", metavar="EVENT_ID@YEAR", help=t("cli.play.force"))

    # Developer tools: their options stay in English (they are not part of a lesson).
    sim = parser(sub, "simulate")
    sim.add_argument("--scenario", required=True, help="scenario id")
    sim.add_argument("--runs", type=positive_int, required=True, help="number of games")
    sim.add_argument("--seed", type=seed_int, required=True, help="seed")
    sim.add_argument(
        "--policy", default="random", help="built-in policy name or a policy YAML file"
    )
    sim.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="world.KEY=VALUE",
        help="override a world setting, or try a starting meter: start.METER=VALUE",
    )
    sim.add_argument("--json", action="store_true", help="print one JSON object")
    sim.add_argument(
        "--per-run", action="store_true", help="with --json: the ending and exit turn of every run"
    )
    sim.add_argument(
        "--trace",
        action="store_true",
        help="with --json: per turn and meter the p5/p25/p50/p75/p95 and the share of runs at "
        "<= 2 and >= 98, and how often each rule raised and lowered each meter",
    )

    bal = parser(sub, "balance")
    bal.add_argument("--scenario", help="one scenario (default: all)")
    bal.add_argument(
        "--runs",
        type=positive_int,
        default=None,
        help="runs per scenario and policy (default 20000)",
    )
    bal.add_argument("--seed", type=seed_int, default=None, help="seed (default 1)")
    bal.add_argument("--json", action="store_true", help="print one JSON object")
    bal.add_argument(
        "--check",
        action="store_true",
        help="measure the calibration targets (content/calibration.yaml) and the essay's "
        "claims; exit 1 naming each that falls short (runs and seed from the targets file "
        "unless given)",
    )
    bal.add_argument(
        "--targets",
        metavar="FILE",
        help="with --check: a calibration file of your own (default: content/calibration.yaml)",
    )

    sim.add_argument("--chunk", type=positive_int, default=50_000, help=t("cli.lab.chunk"))
    for lab in (sim, bal):
        _where_options(lab, t)

    swp = parser(sub, "sweep", "cli.sweep.example")
    swp.add_argument("--scenario", action="append", help=t("cli.sweep.scenario"))
    swp.add_argument(
        "--grid",
        action="append",
        default=[],
        metavar="world.KEY=V1,V2,...",
        help=t("cli.sweep.grid"),
    )
    swp.add_argument("--policy", action="append", help=t("cli.sweep.policy"))
    swp.add_argument("--runs", type=positive_int, default=20_000, help=t("cli.sweep.runs"))
    swp.add_argument("--seed", type=seed_int, default=1, help=t("cli.seed"))
    swp.add_argument("--chunk", type=positive_int, default=50_000, help=t("cli.lab.chunk"))
    swp.add_argument("--html", metavar="FILE", help=t("cli.sweep.html"))
    swp.add_argument("--json", action="store_true", help=t("cli.json"))
    swp.add_argument("--lang", choices=LANGS, default=lang, help=lang_help)
    _where_options(swp, t)

    val = parser(sub, "validate")
    val.add_argument("paths", nargs="*", help=t("cli.validate.paths"))
    val.add_argument("--json", action="store_true", help=t("cli.validate.json"))
    val.add_argument("--lang", choices=LANGS, default=lang, help=lang_help)

    rep = parser(sub, "report", "cli.report.example")
    rep.add_argument("save", help=t("cli.save_file"))
    rep.add_argument("--format", choices=["md", "html"], default="md", help=t("cli.report.format"))
    rep.add_argument("-o", "--output", help=t("cli.report.output"))
    rep.add_argument("--lang", choices=LANGS, help=t("cli.lang_save"))

    wif = parser(sub, "whatif", "cli.whatif.example")
    wif.add_argument("save", help=t("cli.save_file"))
    wif.add_argument("--turn", type=positive_int, required=True, help=t("cli.whatif.turn"))
    wif.add_argument("--choice", type=positive_int, required=True, help=t("cli.whatif.choice"))
    wif.add_argument("--lang", choices=LANGS, help=t("cli.lang_save"))
    wif.add_argument("--json", action="store_true", help=t("cli.json"))

    code = parser(sub, "code", "cli.code.example")
    code.add_argument("--scenario", help=t("cli.code.scenario"))
    code.add_argument("--lang", choices=LANGS, default=lang, help=lang_help)

    cls = parser(sub, "class", "cli.class.example")
    cls.add_argument("folder", help=t("cli.class.folder"))
    cls.add_argument("--json", action="store_true", help=t("cli.json"))
    cls.add_argument("--html", metavar="FILE", help=t("cli.class.html"))
    cls.add_argument("--csv", metavar="FILE", help=t("cli.class.csv"))
    cls.add_argument("--lang", choices=LANGS, default=lang, help=lang_help)
    cls.add_argument(
        "--baseline-runs", type=positive_int, default=20000, help=t("cli.class.baseline")
    )

    saves = parser(sub, "saves", "cli.saves.example")
    saves.add_argument("--save-dir", help=t("cli.save_dir"))
    saves.add_argument("--lang", choices=LANGS, default=lang, help=lang_help)
    saves_sub = saves.add_subparsers(
        dest="saves_command", parser_class=_Parser, title=t("cli.commands")
    )
    saves_list = parser(saves_sub, "list", key="cli.saves.list", nested=True)
    saves_check = parser(
        saves_sub, "check", "cli.saves.example", key="cli.saves.check", nested=True
    )
    saves_check.add_argument("files", nargs="+", help=t("cli.saves.files"))
    for late in (saves_list, saves_check):  # `saves check DIR --lang en` works too
        late.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help=lang_help)

    srv = parser(sub, "serve", "cli.serve.example")
    srv.add_argument("--class-code", required=True, help=t("cli.serve.class_code"))
    srv.add_argument("--dir", required=True, help=t("cli.serve.dir"))
    srv.add_argument("--host", default="127.0.0.1", help=t("cli.serve.host"))
    srv.add_argument("--port", type=port_int, default=8000, help=t("cli.serve.port"))
    srv.add_argument(
        "--max-students", type=positive_int, default=40, help=t("cli.serve.max_students")
    )
    srv.add_argument("--idle-minutes", type=float_minutes, default=20.0, help=t("cli.serve.idle"))
    srv.add_argument("--lang", choices=LANGS, default=lang, help=lang_help)

    # Authors' tools (issue 15).
    con = parser(sub, "content", "cli.content.example")
    con_sub = con.add_subparsers(dest="content_command", parser_class=_Parser)
    con_ev = parser(con_sub, "events", key="cli.content.events", nested=True)
    con_ev.add_argument("--scenario", required=True, help=t("cli.scenario"))
    con_ev.add_argument("--lang", choices=LANGS, default=lang, help=lang_help)

    new = parser(sub, "new", "cli.new.example")
    new_sub = new.add_subparsers(dest="new_kind", parser_class=_Parser, required=True)
    new_sc = parser(new_sub, "scenario", key="cli.new.scenario", nested=True)
    new_sc.add_argument("id", help=t("cli.new.scenario_id"))
    new_sc.add_argument("--code", help=t("cli.new.code"))
    new_sc.add_argument("--city", help=t("cli.new.city"))
    new_ev = parser(new_sub, "event", key="cli.new.event", nested=True)
    new_ev.add_argument("id", help=t("cli.new.event_id"))
    new_ev.add_argument("--scenario", required=True, help=t("cli.new.event_scenario"))
    for np_ in (new_sc, new_ev):
        np_.add_argument("--dir", help=t("cli.new.dir"))

    pre = parser(sub, "preview", "cli.preview.example")
    pre.add_argument("event", help=t("cli.preview.event"))
    pre.add_argument("--scenario", help=t("cli.scenario"))
    pre.add_argument("--year", type=int, help=t("cli.preview.year"))
    pre.add_argument("--lang", choices=LANGS, default=lang, help=lang_help)
    pre.add_argument("--plain", action="store_true", help=t("cli.preview.plain"))
    return p


def _content_dirs(dirs: Sequence[str] | None) -> None:
    """Hand ``--content`` folders to the content loader.

    Without any, the loader (and the YAML reader it imports) is left unloaded: `play`
    shows its title before it needs them. Were it loaded already (tests run many commands
    in one process), earlier folders are cleared.
    """
    if dirs or "game.content.layers" in sys.modules:
        from game.content.layers import set_extra_dirs

        set_extra_dirs(dirs)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `koorddanser` console script."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (
        args_list[0].startswith("-") and args_list[0] not in ("-h", "--help", "--version")
    ):
        args_list = ["play", *args_list]  # `koorddanser --lang en` plays
    from game.textsafe import safe_streams

    safe_streams()  # any locale: what the terminal cannot show becomes a look-alike, no crash
    parser = build_parser(_lang_in(args_list))
    try:
        args = parser.parse_args(args_list)
        command = args.command
        _content_dirs(getattr(args, "content", None))
        if command == "play":
            from game.commands.play import run
        elif command == "simulate":
            from game.commands.simulate import run
        elif command == "sweep":
            from game.commands.sweep import run
        elif command == "validate":
            from game.commands.validate import run
        elif command == "balance":
            from game.commands.balance import run
        elif command == "saves":
            from game.commands.saves import run
        elif command == "report":
            from game.commands.report import run
        elif command == "whatif":
            from game.commands.whatif import run
        elif command == "class":
            from game.commands.classroom import run
        elif command == "code":
            from game.commands.code import run
        elif command == "content":
            from game.commands.content import run
        elif command == "new":
            from game.commands.new import run
        elif command == "preview":
            from game.commands.preview import run
        elif command == "serve":
            from game.commands.serve import run
        else:  # pragma: no cover - argparse refuses unknown commands
            raise usage_error("cli.error.command", getattr(args, "lang", None), command=repr(command))
        return run(args)
    except UsageError as exc:
        print(f"koorddanser: {exc}", file=sys.stderr)
        return 2
    except SystemExit as exc:  # a command that already printed its one line
        return exc.code if isinstance(exc.code, int) else 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `koorddanser ... | head`: the reader left, nothing is wrong
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
