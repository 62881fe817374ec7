"""`koorddanser new scenario ID` / `new event ID --scenario ID`: a commented, bilingual
template written into the user content folder (or --dir), valid as it stands.

Nothing is ever overwritten: an existing file is refused with its name.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from game.commands.common import usage_error
from game.files.textsafe import rel

ID = re.compile(r"^[a-z][a-z0-9_]{0,47}$")


def run(args: argparse.Namespace) -> int:
    from game.content import layers

    if not ID.match(args.id):
        raise usage_error("cli.new.error.id", id=repr(args.id))
    folder = Path(args.dir).expanduser() if args.dir else layers.user_content_dir()
    if args.dir and folder.is_dir():  # the folder written to is loaded too, for the checks below
        layers.set_extra_dirs([*layers.extra_dirs(), folder])
    from .common import model_or_exit

    model = model_or_exit(getattr(args, "lang", None))
    if args.new_kind == "scenario":
        path, text = _scenario(model, args, folder)
    else:
        path, text = _event(model, args, folder)
    _write(path, text)
    print(f"written: {path}")
    what = "scenario" if args.new_kind == "scenario" else "event"
    print(f"next: edit it, then `koorddanser validate` and `koorddanser preview` / `play` ({what})")
    return 0


def _write(path: Path, text: str) -> None:
    if path.exists():
        raise usage_error("cli.new.error.exists", path=rel(str(path)))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as f:  # "x": never overwrite, even in a race
            f.write(text)
    except OSError as exc:
        raise usage_error("cli.new.error.write", path=rel(str(path)), why=exc.strerror or exc) from None


def _fill(template: str, values: dict[str, str]) -> str:
    from game.content.paths import templates_dir

    text = (templates_dir() / template).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    return text


def _schema(kind: str) -> str:
    from game.content.paths import schema_dir

    return (schema_dir() / f"{kind}.schema.json").resolve().as_uri()


def _code(model, wanted: str | None, sid: str) -> str:
    from game.content.scenario_rules import CODE

    taken = {sc.code: s for s, sc in model.scenarios.items()}
    if wanted is not None:
        if not CODE.match(wanted):
            raise usage_error("cli.new.error.code", code=repr(wanted))
        if wanted in taken:
            raise usage_error("cli.new.error.code_taken", code=wanted, scenario=taken[wanted])
        return wanted
    words = [w for w in re.split(r"[_0-9]+", sid) if w]
    letters = "".join(words).upper()
    tries = [w[:4].upper() for w in words] + [letters[:n] for n in (4, 5, 6)]
    tries += [(words[0][:2] + w[:2]).upper() for w in words[1:]]
    for t in tries:
        if CODE.match(t) and t not in taken:
            return t
    raise usage_error("cli.new.error.no_code", scenario=repr(sid))


def _scenario(model, args: argparse.Namespace, folder: Path) -> tuple[Path, str]:
    if args.id in model.scenarios:
        raise usage_error("cli.new.error.scenario_loaded", id=repr(args.id))
    city = " ".join((args.city or "Tilburg").split())
    if not city or len(city) > 40 or any(c in city for c in "\"'\\:#{}[]"):
        raise usage_error("cli.new.error.city")
    start = "\n".join(
        f"  {m.id}: {m.start:g}  # {m.label['nl']} / {m.label['en']}" for m in model.meters
    )
    world = "\n".join(
        f"  {w.id}: {w.default:g}  # {w.low:g}-{w.high:g}: {w.label['en']}" for w in model.world
    )
    text = _fill(
        "scenario.yaml",
        {
            "ID": args.id,
            "CODE": _code(model, args.code, args.id),
            "CITY": city,
            "START": start,
            "WORLD": world,
            "SCHEMA": _schema("scenario"),
        },
    )
    return folder / "scenarios" / f"{args.id}.yaml", text


def _event(model, args: argparse.Namespace, folder: Path) -> tuple[Path, str]:
    from game.content.messages import word
    from game.content.suggest import did_you_mean
    from game.i18n import teacher_lang

    if args.scenario not in model.scenarios:
        lang = getattr(args, "lang", None) or teacher_lang()
        hint = word(did_you_mean(args.scenario, model.scenarios), lang)
        why = usage_error("cli.new.error.scenario", lang, scenario=repr(args.scenario), hint=hint)
        raise why
    if any(e.id == args.id for e in model.events):
        raise usage_error("cli.new.error.event_loaded", id=repr(args.id))
    meters = " ".join(m.id for m in model.meters)
    text = _fill(
        "event.yaml",
        {"ID": args.id, "SCENARIO": args.scenario, "METERS": meters, "SCHEMA": _schema("event")},
    )
    return folder / "events" / f"{args.id}.yaml", text
