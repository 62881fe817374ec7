"""The `koorddanser` command: argument parsing and dispatch; each command lives in game/commands.

Heavy modules (numpy, Textual, the content loader) are imported inside the commands, so
that `koorddanser --help` and the title screen start fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


class UsageError(Exception):
    """Bad input on the command line: one line is printed, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, never the usage block
        raise UsageError(message)


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def seed_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a seed is a whole number, got {text!r}") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"a seed lies between 0 and 2^63, got {value}")
    return value


def _content_option(default: object) -> argparse.ArgumentParser:
    """``--content DIR``, shared by every command: a content folder loaded over the rest.

    Sub-commands of a command get ``default=SUPPRESS``, so they keep what the command took.
    """
    common = _Parser(add_help=False)
    common.add_argument(
        "--content",
        action="append",
        default=default,
        metavar="DIR",
        help="a content folder of your own (scenarios/, events/), loaded over the built-in "
        "content and the user content folder; may be given more than once",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _content_option([])
    inner = _content_option(argparse.SUPPRESS)
    p = _Parser(
        prog="koorddanser",
        description="Koorddanser: ten years as a best person in a Dutch neighbourhood.",
    )
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    play = sub.add_parser("play", parents=[common], help="play a game (the default)")
    play.add_argument("--scenario", help="scenario id")
    play.add_argument(
        "--seed", type=seed_int, help="seed (a class code fixes it for a whole class)"
    )
    play.add_argument("--lang", choices=["nl", "en"], default=None, help="language (default nl)")
    play.add_argument("--save-dir", help="folder for saves")
    play.add_argument(
        "--plain", action="store_true", help="line-based text instead of the full-screen app"
    )
    play.add_argument(
        "--class-code", help="class code like WIJK-4821: the same decade for the whole class"
    )
    play.add_argument(
        "--continue",
        dest="resume",
        action="store_true",
        help="with --plain: continue the last game",
    )
    play.add_argument(
        "--force",
        metavar="EVENT_ID@YEAR",
        help="for authors: the event comes in that year (YEAR or YEAR-spring/autumn)",
    )

    sim = sub.add_parser("simulate", parents=[common], help="simulate many games with a policy")
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
        help="override a world setting",
    )
    sim.add_argument("--json", action="store_true", help="print one JSON object")
    sim.add_argument(
        "--per-run", action="store_true", help="with --json: the ending and exit turn of every run"
    )

    bal = sub.add_parser(
        "balance", parents=[common], help="ending distributions per scenario and policy"
    )
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

    val = sub.add_parser(
        "validate", parents=[common], help="check content, scenario and policy files"
    )
    val.add_argument("paths", nargs="*", help="files or folders (default: the built-in content)")
    val.add_argument("--json", action="store_true", help="print counts as JSON")

    rep = sub.add_parser(
        "report", parents=[common], help="the debrief of a saved game as Markdown or HTML"
    )
    rep.add_argument("save", help="a save file")
    rep.add_argument("--format", choices=["md", "html"], default="md", help="md (default) or html")
    rep.add_argument("-o", "--output", help="file to write (default: standard output)")
    rep.add_argument("--lang", choices=["nl", "en"], help="language (default: the save's)")

    wif = sub.add_parser(
        "whatif", parents=[common], help="choose differently in one past turn and compare"
    )
    wif.add_argument("save", help="a save file")
    wif.add_argument("--turn", type=positive_int, required=True, help="the turn to change (1-20)")
    wif.add_argument(
        "--choice", type=positive_int, required=True, help="the other choice to take there (1-4)"
    )
    wif.add_argument("--lang", choices=["nl", "en"], help="language (default: the save's)")
    wif.add_argument("--json", action="store_true", help="print one JSON object")

    code = sub.add_parser(
        "code",
        parents=[common],
        help="make a class code: one scenario and seed for the whole class",
    )
    code.add_argument("--scenario", help="scenario id (default: one code per scenario)")
    code.add_argument("--lang", choices=["nl", "en"], default="nl", help="language of the listing")

    cls = sub.add_parser("class", parents=[common], help="overview of a class's handed-in games")
    cls.add_argument("folder", help="folder with the handed-in save files")
    cls.add_argument("--json", action="store_true", help="print one JSON object")
    cls.add_argument("--html", metavar="FILE", help="also write a self-contained HTML overview")
    cls.add_argument("--lang", choices=["nl", "en"], default="nl", help="language of the overview")
    cls.add_argument(
        "--baseline-runs",
        type=positive_int,
        default=20000,
        help="random-play runs for the baseline",
    )

    saves = sub.add_parser(
        "saves", parents=[common], help="list saved games, or check save files by replay"
    )
    saves.add_argument("--save-dir", help="folder with saves (default: KOORDDANSER_SAVE_DIR)")
    saves_sub = saves.add_subparsers(dest="saves_command", parser_class=_Parser)
    saves_sub.add_parser("list", parents=[inner], help="list saves, newest first (the default)")
    saves_check = saves_sub.add_parser(
        "check", parents=[inner], help="verify save files by replaying them"
    )
    saves_check.add_argument("files", nargs="+", help="save files, or folders of them")

    con = sub.add_parser(
        "content", parents=[common], help="where your own content lives and what it adds"
    )
    con_sub = con.add_subparsers(dest="content_command", parser_class=_Parser)
    con_ev = con_sub.add_parser(
        "events",
        parents=[inner],
        help="the events that can come in a scenario, and in which years",
    )
    con_ev.add_argument("--scenario", required=True, help="scenario id")
    con_ev.add_argument("--lang", choices=["nl", "en"], default="nl", help="language of titles")

    new = sub.add_parser(
        "new", parents=[common], help="write a commented template into your content folder"
    )
    new_sub = new.add_subparsers(dest="new_kind", parser_class=_Parser, required=True)
    new_sc = new_sub.add_parser("scenario", parents=[inner], help="a new best person")
    new_sc.add_argument("id", help="the new scenario's id, e.g. wijkkeuken_tilburg")
    new_sc.add_argument("--code", help="its class-code word, 2-6 capital letters")
    new_sc.add_argument("--city", help="the city (any)")
    new_ev = new_sub.add_parser("event", parents=[inner], help="a new event for a scenario")
    new_ev.add_argument("id", help="the new event's id")
    new_ev.add_argument("--scenario", required=True, help="the scenario it belongs to")
    for np_ in (new_sc, new_ev):
        np_.add_argument(
            "--dir", help="the content folder to write into (default: the user content folder)"
        )

    pre = sub.add_parser(
        "preview",
        parents=[common],
        help="an event as the player sees it, and what each choice does",
    )
    pre.add_argument("event", help="event id")
    pre.add_argument("--scenario", help="scenario id (default: the first that has the event)")
    pre.add_argument("--year", type=int, help="the year to show it in (default: its first)")
    pre.add_argument("--lang", choices=["nl", "en"], default="nl", help="language (default nl)")
    pre.add_argument("--plain", action="store_true", help="no colour, plain text only")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `koorddanser` console script."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0].startswith("-") and args_list[0] not in ("-h", "--help")):
        args_list = ["play", *args_list]  # `koorddanser --lang en` plays
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
        command = args.command
        from game.content.layers import set_extra_dirs

        set_extra_dirs(getattr(args, "content", None))
        if command == "play":
            from game.commands.play import run
        elif command == "simulate":
            from game.commands.simulate import run
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
        else:  # pragma: no cover - argparse refuses unknown commands
            raise UsageError(f"unknown command {command!r}")
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
