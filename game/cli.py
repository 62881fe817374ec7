"""The `koorddanser` command: argument parsing and dispatch; each command lives in game/commands.

Heavy modules (numpy, Textual, the content loader) are imported inside the commands, so
that `koorddanser --help` and the title screen start fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from typing import Any, NoReturn

from game.commands.common import (  # re-exported: commands raise UsageError, main() prints it
    CliStrings,
    UsageError,
    cli_strings,
    usage_error,
)
from game.i18n import LANGS, known, teacher_lang


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


class _Commands:
    """Adds sub-commands that share the help formatter, ``--content`` and the texts."""

    def __init__(self, t: CliStrings, lang: str) -> None:
        self.t, self.lang = t, lang
        self.fmt = _formatter(t)
        self.common = _content_option([], t)
        self.inner = _content_option(argparse.SUPPRESS, t)
        self.lang_help = t("cli.lang", default=lang)

    def add(
        self,
        sub: Any,
        name: str,
        example: str | None = None,
        key: str | None = None,
        nested: bool = False,
    ) -> argparse.ArgumentParser:
        """A sub-command ``name`` with its help (``cli.NAME`` or ``key``) and an example."""
        t = self.t
        epilog = f"{t('cli.examples')}\n  {t(example)}" if example else None
        made = sub.add_parser(
            name,
            help=t(key or f"cli.{name}"),
            description=t(key or f"cli.{name}"),
            epilog=epilog,
            formatter_class=self.fmt,
            add_help=False,
            parents=[self.inner if nested else self.common],
        )
        return _translated(made, t)

    def lang_option(self, parser: argparse.ArgumentParser) -> None:
        """``--lang`` for a teacher's command: default from LANG."""
        parser.add_argument("--lang", choices=LANGS, default=self.lang, help=self.lang_help)


def build_parser(lang: str | None = None) -> argparse.ArgumentParser:
    """The parser, its help texts in ``lang`` (default: from LANG)."""
    lang = lang or default_lang()
    _parser_lang[:] = [lang]
    t = cli_strings(lang)
    cmds = _Commands(t, lang)
    p = _translated(
        _Parser(
            prog="koorddanser",
            description=t("cli.description"),
            formatter_class=cmds.fmt,
            add_help=False,
        ),
        t,
    )
    p.add_argument("--version", action=_VersionAction, nargs=0, help=t("cli.version"))
    sub = p.add_subparsers(dest="command", parser_class=_Parser, title=t("cli.commands"))
    _add_play(cmds, sub)
    _add_lab(cmds, sub)
    _add_class(cmds, sub)
    _add_authoring(cmds, sub)
    return p


def _add_play(cmds: _Commands, sub: Any) -> None:
    t = cmds.t
    play = cmds.add(sub, "play", "cli.play.example")
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


def _add_lab(cmds: _Commands, sub: Any) -> None:
    """simulate, balance and sweep: the balance lab."""
    t = cmds.t
    sim = cmds.add(sub, "simulate")
    sim.add_argument("--scenario", required=True, help=t("cli.scenario"))
    sim.add_argument("--runs", type=positive_int, required=True, help=t("cli.simulate.runs"))
    sim.add_argument("--seed", type=seed_int, required=True, help=t("cli.seed"))
    sim.add_argument("--policy", default="random", help=t("cli.simulate.policy"))
    sim.add_argument(
        "--set", action="append", default=[], metavar="world.KEY=VALUE", help=t("cli.simulate.set")
    )
    sim.add_argument("--json", action="store_true", help=t("cli.json"))
    sim.add_argument("--per-run", action="store_true", help=t("cli.simulate.per_run"))
    sim.add_argument("--trace", action="store_true", help=t("cli.simulate.trace"))
    sim.add_argument("--chunk", type=positive_int, default=50_000, help=t("cli.lab.chunk"))

    bal = cmds.add(sub, "balance")
    bal.add_argument("--scenario", help=t("cli.balance.scenario"))
    bal.add_argument("--runs", type=positive_int, default=None, help=t("cli.balance.runs"))
    bal.add_argument("--seed", type=seed_int, default=None, help=t("cli.balance.seed"))
    bal.add_argument("--json", action="store_true", help=t("cli.json"))
    bal.add_argument("--check", action="store_true", help=t("cli.balance.check"))
    bal.add_argument("--targets", metavar="FILE", help=t("cli.balance.targets"))

    swp = cmds.add(sub, "sweep", "cli.sweep.example")
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
    cmds.lang_option(swp)
    for lab in (sim, bal, swp):
        _where_options(lab, t)


def _add_class(cmds: _Commands, sub: Any) -> None:
    """report, whatif, code, class, saves and serve: a teacher's and a class's commands."""
    t = cmds.t
    rep = cmds.add(sub, "report", "cli.report.example")
    rep.add_argument("save", help=t("cli.save_file"))
    rep.add_argument("--format", choices=["md", "html"], default="md", help=t("cli.report.format"))
    rep.add_argument("-o", "--output", help=t("cli.report.output"))
    rep.add_argument("--lang", choices=LANGS, help=t("cli.lang_save"))

    wif = cmds.add(sub, "whatif", "cli.whatif.example")
    wif.add_argument("save", help=t("cli.save_file"))
    wif.add_argument("--turn", type=positive_int, required=True, help=t("cli.whatif.turn"))
    wif.add_argument("--choice", type=positive_int, required=True, help=t("cli.whatif.choice"))
    wif.add_argument("--lang", choices=LANGS, help=t("cli.lang_save"))
    wif.add_argument("--json", action="store_true", help=t("cli.json"))

    code = cmds.add(sub, "code", "cli.code.example")
    code.add_argument("--scenario", help=t("cli.code.scenario"))
    cmds.lang_option(code)

    cls = cmds.add(sub, "class", "cli.class.example")
    cls.add_argument("folder", help=t("cli.class.folder"))
    cls.add_argument("--json", action="store_true", help=t("cli.json"))
    cls.add_argument("--html", metavar="FILE", help=t("cli.class.html"))
    cls.add_argument("--csv", metavar="FILE", help=t("cli.class.csv"))
    cmds.lang_option(cls)
    cls.add_argument(
        "--baseline-runs", type=positive_int, default=20000, help=t("cli.class.baseline")
    )
    _add_saves(cmds, sub)

    srv = cmds.add(sub, "serve", "cli.serve.example")
    srv.add_argument("--class-code", required=True, help=t("cli.serve.class_code"))
    srv.add_argument("--dir", required=True, help=t("cli.serve.dir"))
    srv.add_argument("--host", default="127.0.0.1", help=t("cli.serve.host"))
    srv.add_argument("--port", type=port_int, default=8000, help=t("cli.serve.port"))
    srv.add_argument(
        "--max-students", type=positive_int, default=40, help=t("cli.serve.max_students")
    )
    srv.add_argument("--idle-minutes", type=float_minutes, default=20.0, help=t("cli.serve.idle"))
    cmds.lang_option(srv)


def _add_saves(cmds: _Commands, sub: Any) -> None:
    t = cmds.t
    saves = cmds.add(sub, "saves", "cli.saves.example")
    saves.add_argument("--save-dir", help=t("cli.save_dir"))
    cmds.lang_option(saves)
    saves_sub = saves.add_subparsers(
        dest="saves_command", parser_class=_Parser, title=t("cli.commands")
    )
    saves_list = cmds.add(saves_sub, "list", key="cli.saves.list", nested=True)
    saves_check = cmds.add(
        saves_sub, "check", "cli.saves.example", key="cli.saves.check", nested=True
    )
    saves_check.add_argument("files", nargs="+", help=t("cli.saves.files"))
    for late in (saves_list, saves_check):  # `saves check DIR --lang en` works too
        late.add_argument(
            "--lang", choices=LANGS, default=argparse.SUPPRESS, help=cmds.lang_help
        )


def _add_authoring(cmds: _Commands, sub: Any) -> None:
    """validate, content, new and preview: writing a best person of one's own (issue 15)."""
    t = cmds.t
    val = cmds.add(sub, "validate")
    val.add_argument("paths", nargs="*", help=t("cli.validate.paths"))
    val.add_argument("--json", action="store_true", help=t("cli.validate.json"))
    cmds.lang_option(val)

    con = cmds.add(sub, "content", "cli.content.example")
    con_sub = con.add_subparsers(dest="content_command", parser_class=_Parser)
    con_ev = cmds.add(con_sub, "events", key="cli.content.events", nested=True)
    con_ev.add_argument("--scenario", required=True, help=t("cli.scenario"))
    cmds.lang_option(con_ev)

    new = cmds.add(sub, "new", "cli.new.example")
    new_sub = new.add_subparsers(dest="new_kind", parser_class=_Parser, required=True)
    new_sc = cmds.add(new_sub, "scenario", key="cli.new.scenario", nested=True)
    new_sc.add_argument("id", help=t("cli.new.scenario_id"))
    new_sc.add_argument("--code", help=t("cli.new.code"))
    new_sc.add_argument("--city", help=t("cli.new.city"))
    new_ev = cmds.add(new_sub, "event", key="cli.new.event", nested=True)
    new_ev.add_argument("id", help=t("cli.new.event_id"))
    new_ev.add_argument("--scenario", required=True, help=t("cli.new.event_scenario"))
    for np_ in (new_sc, new_ev):
        np_.add_argument("--dir", help=t("cli.new.dir"))

    pre = cmds.add(sub, "preview", "cli.preview.example")
    pre.add_argument("event", help=t("cli.preview.event"))
    pre.add_argument("--scenario", help=t("cli.scenario"))
    pre.add_argument("--year", type=int, help=t("cli.preview.year"))
    cmds.lang_option(pre)
    pre.add_argument("--plain", action="store_true", help=t("cli.preview.plain"))


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
    from game.files.textsafe import safe_streams

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
