"""The municipality's saves in `koorddanser class DIR`: one row per player, replay-checked.

Kept apart from the best person's overview (classroom.py), which leaves these files out:
a municipality save is replayed by ``muni_saves.load`` (its own check), and its row says
per person the share of futures burnt out or gone, and the recommendations followed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from game.content.save_texts import LOG_LANG, Phrase
from game.files.textsafe import path_text, printable


def rows(
    model: Any, files: list[Path], folder: Path, lang: str = LOG_LANG
) -> list[dict[str, Any]]:
    """One row per municipality save among ``files`` (others are left out); a problem is
    worded in ``lang`` (the teacher's)."""
    from game.classroom import muni_report, muni_whatif
    from game.content import ContentInvalid
    from game.content.municipality import load_city
    from game.saves import best_person as saves
    from game.saves import municipality as muni_saves

    found = [p for p in files if muni_saves.is_municipality_save(p)]
    if not found:
        return []
    try:
        city = load_city(model)
    except ContentInvalid:
        city = None
    out: list[dict[str, Any]] = []
    for path in found:
        row: dict[str, Any] = {
            "file": path_text(path.relative_to(folder).as_posix()),
            "name": path.stem,
            "class_code": None,
            "turns": 0,
            "finished": False,
            "replay_ok": False,
            "problem": None,
            "persons": {},
            "city_lost": None,
            "followed": [],
        }
        out.append(row)
        if city is None:
            row["problem"] = Phrase("saveerr.muni.no_content").text(lang)
            continue
        try:
            loaded = muni_saves.load(model, city, path)
        except saves.SaveError as exc:
            row["problem"] = printable(exc.shown(lang))
            continue
        game = loaded.game
        row["name"] = loaded.student or path.stem
        row["class_code"] = loaded.class_code
        row["turns"] = len(game.decisions)
        row["of"] = city.turns
        row["finished"] = game.finished
        row["replay_ok"] = loaded.note is None
        if loaded.note:
            row["problem"] = printable(loaded.note)
        lost = {
            p.name: muni_report.lost(muni_whatif.final_shares(game, k))
            for k, p in enumerate(city.persons)
        }
        row["persons"] = {k: round(v, 4) for k, v in lost.items()}
        row["city_lost"] = round(sum(lost.values()) / max(len(lost), 1), 4)
        row["followed"] = muni_whatif.followed_letters(game)
    return out


def text(t: Any, table: list[dict[str, Any]]) -> str:
    """The players' table as text lines (80 columns for four persons)."""
    if not table:
        return ""
    persons: list[str] = []
    for r in table:
        persons += [p for p in r["persons"] if p not in persons]
    header = [t("muni.class.player"), *[p[:7] for p in persons], t("muni.class.city"),
              t("muni.class.followed"), t("muni.class.replay")]
    cells = []
    for r in table:
        shares = [f"{100 * r['persons'][p]:.0f}%" if p in r["persons"] else "-" for p in persons]
        city = f"{100 * r['city_lost']:.0f}%" if r["city_lost"] is not None else "-"
        done = "" if r["finished"] or "of" not in r else f" ({r['turns']}/{r['of']})"
        ok = t("muni.class.ok") if r["replay_ok"] else t("muni.class.bad")
        cells.append([r["name"][:18] + done, *shares, city, ",".join(r["followed"]) or "-", ok])
    widths = [max(len(c[i]) for c in [header, *cells]) for i in range(len(header))]
    lines = ["", t("muni.class.title"), "  " + t("muni.class.note")]
    for c in [header, *cells]:
        lines.append("  " + "  ".join(x.ljust(w) for x, w in zip(c, widths, strict=True)).rstrip())
    problems = [r for r in table if r["problem"]]
    if problems:
        lines += ["", t("class.rejected") + ":"]
        lines += [f"  {r['file']}: {r['problem']}" for r in problems]
    return "\n".join(printable(line) for line in lines) + "\n"
