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


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="koorddanser",
        description="Koorddanser: ten years as a best person in a Dutch neighbourhood.",
    )
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    play = sub.add_parser("play", help="play a game (the default)")
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
        "--name",
        help='your name in a class game, e.g. --name "Anna de Vries" (asked for when missing)',
    )
    play.add_argument(
        "--continue",
        dest="resume",
        action="store_true",
        help="continue the last game",
    )

    sim = sub.add_parser("simulate", help="simulate many games with a policy")
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

    bal = sub.add_parser("balance", help="ending distributions per scenario and policy")
    bal.add_argument("--scenario", help="one scenario (default: all)")
    bal.add_argument(
        "--runs",
        type=positive_int,
        default=20000,
        help="runs per scenario and policy (default 20000)",
    )
    bal.add_argument("--seed", type=seed_int, default=1, help="seed (default 1)")
    bal.add_argument("--json", action="store_true", help="print one JSON object")

    val = sub.add_parser("validate", help="check content, scenario and policy files")
    val.add_argument("paths", nargs="*", help="files or folders (default: the built-in content)")
    val.add_argument("--json", action="store_true", help="print counts as JSON")

    rep = sub.add_parser("report", help="the debrief of a saved game as Markdown or HTML")
    rep.add_argument("save", help="a save file")
    rep.add_argument("--format", choices=["md", "html"], default="md", help="md (default) or html")
    rep.add_argument("-o", "--output", help="file to write (default: standard output)")
    rep.add_argument("--lang", choices=["nl", "en"], help="language (default: the save's)")

    wif = sub.add_parser("whatif", help="choose differently in one past turn and compare")
    wif.add_argument("save", help="a save file")
    wif.add_argument("--turn", type=positive_int, required=True, help="the turn to change (1-20)")
    wif.add_argument(
        "--choice", type=positive_int, required=True, help="the other choice to take there (1-4)"
    )
    wif.add_argument("--lang", choices=["nl", "en"], help="language (default: the save's)")
    wif.add_argument("--json", action="store_true", help="print one JSON object")

    code = sub.add_parser(
        "code", help="make a class code: one scenario and seed for the whole class"
    )
    code.add_argument("--scenario", help="scenario id (default: one code per scenario)")
    code.add_argument("--lang", choices=["nl", "en"], default="nl", help="language of the listing")

    cls = sub.add_parser("class", help="overview of a class's handed-in games")
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

    saves = sub.add_parser("saves", help="list saved games, or check save files by replay")
    saves.add_argument("--save-dir", help="folder with saves (default: KOORDDANSER_SAVE_DIR)")
    saves_sub = saves.add_subparsers(dest="saves_command", parser_class=_Parser)
    saves_sub.add_parser("list", help="list saves, newest first (the default)")
    saves_check = saves_sub.add_parser("check", help="verify save files by replaying them")
    saves_check.add_argument("files", nargs="+", help="save files, or folders of them")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `koorddanser` console script."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0].startswith("-") and args_list[0] not in ("-h", "--help")):
        args_list = ["play", *args_list]  # `koorddanser --lang en` plays
    from game.textsafe import safe_streams

    safe_streams()  # any locale: what the terminal cannot show becomes a look-alike, no crash
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
        command = args.command
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
