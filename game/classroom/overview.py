"""The class overview (`koorddanser class`, the teacher's page in `serve`): what a class's
handed-in games show, next to random play.

Every file is checked by replay first: invalid or tampered files are listed with a reason in
the teacher's language, not counted. Finished games give the ending distribution; choices per
event count unfinished games too (what a student chose is real even before the decade ends).
One row per file goes to the per-student table, `--json` and the gradebook CSV (`--csv`).
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from game.classroom import htmlpage
from game.files.textsafe import path_text, printable, rel

# Characters a spreadsheet may read as the start of a formula (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = ("name", "ending_id", "ending_title", "turns", "finished", "file", "replay_ok")
_BAR = 30  # characters of the longest bar in the terminal


def save_files(folder: Path) -> tuple[list[Path], list[str]]:
    """The folder's saves, found as `saves check` finds them (saves.find_saves)."""
    from game.saves.best_person import find_saves

    return find_saves([folder])


def _raw(path: Path) -> dict[str, Any]:
    """The file's top-level fields, or {} when it is not a JSON object (only ever read)."""
    from game.saves.best_person import MAX_SAVE_BYTES

    try:
        if path.stat().st_size > MAX_SAVE_BYTES:
            return {}
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def _clean(value: Any, limit: int = 64) -> str | None:
    """Untrusted text from a save made printable: no control characters, bounded length."""
    if not isinstance(value, str):
        return None
    text = "".join(c for c in value if unicodedata.category(c)[0] != "C").strip()
    return text[:limit] or None


def student_name(raw: dict[str, Any], path: Path) -> str:
    """The student's name from the save (`student`), else the file name (older saves)."""
    return _clean(raw.get("student")) or path.stem


def _reason(model, raw: dict[str, Any]) -> str:
    """Why a file was refused, as a key of a translated reason."""
    if raw.get("kind", "koorddanser-save") != "koorddanser-save" or "choices" not in raw:
        return "class.reason.unreadable"
    if raw.get("content_hash") != model.content_hash:
        return "class.reason.content"
    return "class.reason.edited"


def _event_order(model, games: list) -> list[str]:
    """Events in the order a class met them: earliest turn first, then the average turn."""
    turns: dict[str, list[int]] = {}
    for lo in games:
        for r in lo.game.records:
            if r.event is not None and r.choice_id is not None:
                turns.setdefault(r.event, []).append(r.turn)
    return sorted(turns, key=lambda ev: (min(turns[ev]), sum(turns[ev]) / len(turns[ev]), ev))


# Random play's endings per (content, scenario, runs): `serve` redraws the overview every few
# seconds and must not simulate 20,000 games each time; one CLI run computes it once anyway.
_BASELINES: dict[tuple[str, str, int], dict[str, float]] = {}


def _baseline(model, sid: str, runs: int) -> dict[str, float]:
    """The share of each ending under random play (endings that never came left out)."""
    from game.engine import simulate
    from game.engine.policy import builtin

    key = (model.content_hash, sid, runs)
    if key not in _BASELINES:
        base = simulate(model, sid, runs, 1, builtin("random"))
        counts = np.bincount(base.ending.astype(np.int64), minlength=len(model.endings))
        _BASELINES[key] = {
            e.id: round(float(c) / runs, 4)
            for e, c in zip(model.endings, counts, strict=True)
            if c
        }
    return dict(_BASELINES[key])


def overview(model, folder: Path, baseline_runs: int, lang: str) -> dict:
    """The class overview as plain data (the JSON of `class --json`)."""
    from game import version
    from game.classroom.report import Strings
    from game.saves import best_person as saves

    t = Strings(model, lang)
    files, skipped = save_files(folder)
    # Names that are not text: counted as files, listed as rejected with their escaped name.
    rejected: list[str] = list(skipped)
    rejections: list[dict[str, str]] = [
        {"file": line.split(": ")[0], "reason": t("class.reason.unreadable"), "detail": line}
        for line in skipped
    ]
    students: list[dict[str, Any]] = []
    games = []
    versions: Counter[str] = Counter()
    other_content = 0
    from game.saves.municipality import is_municipality_save

    files = [p for p in files if not is_municipality_save(p)]  # their table: muni_overview.py
    # Every file read and replayed once; the saves of a scenario together as one batch.
    replayed = saves.check_and_load_many(model, list(files), lang)
    for path, (problems, loaded) in zip(files, replayed, strict=True):
        raw = _raw(path)
        row = _student_row(raw, path, folder)
        students.append(row)
        if loaded is None:
            detail = problems[0] if problems else ""
            full, shown = path_text(path), path_text(rel(str(path)))
            rejected.append(shown + detail[len(full) :] if detail.startswith(full) else detail)
            rejections.append(
                {"file": row["file"], "reason": t(_reason(model, raw)), "detail": detail}
            )
            continue
        g = loaded.game
        row.update(
            scenario=g.scenario.id,
            ending=g.ending.id if g.ending else None,
            ending_title=g.ending.title[lang] if g.ending else None,
            turns=len(g.records),
            finished=g.finished,
            replay_ok=True,
        )
        versions[row["game_version"] or "?"] += 1
        other_content += raw.get("content_hash") != model.content_hash
        games.append((path, loaded))
    students.sort(key=lambda r: (r["name"].casefold(), r["file"]))
    finished = [(p, lo) for p, lo in games if lo.game.finished]
    unfinished = [path_text(rel(str(p))) for p, lo in games if not lo.game.finished]
    copies = [[path_text(rel(str(p))) for p in group] for group in saves.find_copies(games)]

    reached = [e for _, lo in finished if (e := lo.game.ending) is not None]  # all finished
    endings = Counter(e.id for e in reached)
    person = Counter(e.person for e in reached)
    initiative = Counter(e.initiative for e in reached)
    scenarios = {
        sid: _scenario_summary(model, sid, games, finished, baseline_runs)
        for sid in sorted({lo.game.scenario.id for _, lo in games})
    }
    return {
        "folder": path_text(folder),
        "lang": lang,
        "game_version": version(),
        "files": len(students) + len(skipped),  # municipality saves: their own table
        "finished": len(finished),
        "unfinished": unfinished,
        "copies": copies,
        "rejected": rejected,
        "rejections": rejections,
        "warnings": _warnings(t, versions, other_content),
        "versions": dict(sorted(versions.items())),
        "students": students,
        "endings": dict(endings.most_common()),
        "person": dict(person.most_common()),
        "initiative": dict(initiative.most_common()),
        "scenarios": scenarios,
    }


def _student_row(raw: dict[str, Any], path: Path, folder: Path) -> dict[str, Any]:
    """A hand-in's row as far as its file says, before the replay fills in the game."""
    return {
        "name": student_name(raw, path),
        # as handed in, portable in a gradebook; escaped where a name holds odd characters
        "file": path_text(path.relative_to(folder).as_posix()),
        "scenario": _clean(raw.get("scenario")),
        "class_code": _clean(raw.get("class_code")),
        "ending": None,
        "ending_title": None,
        "turns": 0,
        "finished": False,
        "replay_ok": False,
        "game_version": _clean(raw.get("game_version"), 32),
    }


def _scenario_summary(
    model, sid: str, games: list, finished: list, baseline_runs: int
) -> dict[str, Any]:
    """One scenario's part of the overview: endings beside random play, choices, the pair."""
    every = [lo for _, lo in games if lo.game.scenario.id == sid]
    items = [(p, lo) for p, lo in finished if lo.game.scenario.id == sid]
    class_endings = Counter(e.id for _, lo in items if (e := lo.game.ending) is not None)
    chosen: dict[str, Counter[str]] = {}
    for lo in every:  # unfinished games count here: their choices were made
        for r in lo.game.records:
            if r.event is not None and r.choice_id is not None:
                chosen.setdefault(r.event, Counter())[r.choice_id] += 1
    return {
        "games": len(items),
        "unfinished": len(every) - len(items),
        "class_codes": sorted({lo.class_code for lo in every if lo.class_code}),
        "endings": dict(class_endings.most_common()),
        "baseline": _baseline(model, sid, baseline_runs),
        "event_order": _event_order(model, every),
        "choices": {ev: dict(c.most_common()) for ev, c in sorted(chosen.items())},
        "most_different": _most_different(model, items),
    }


def _warnings(t, versions: Counter[str], other_content: int) -> list[str]:
    """What makes the hand-ins hard to compare: several game versions, other content."""
    warnings = []
    if len(versions) > 1:
        shown = ", ".join(
            f"{v if v != '?' else t('class.version_unknown')} ({n})"
            for v, n in sorted(versions.items())
        )
        warnings.append(t("class.warn_versions", versions=shown))
    if other_content:
        warnings.append(t("class.warn_content", n=other_content))
    return warnings


def _most_different(model, items: list) -> list[dict]:
    """The pair of games whose decades differ most (meters over all turns), to discuss side by side."""
    if len(items) < 2:
        return []
    series = []
    for _path, lo in items:
        h = lo.game.history()
        padded = (
            np.vstack([h, np.repeat(h[-1:], 21 - h.shape[0], axis=0)])
            if h.shape[0] < 21
            else h[:21]
        )
        series.append(padded)
    best, pair = -1.0, (0, 1)
    for i in range(len(series)):
        for j in range(i + 1, len(series)):
            d = float(np.abs(series[i] - series[j]).mean())
            if d > best:
                best, pair = d, (i, j)
    out = []
    for k in pair:
        path, lo = items[k]
        out.append(
            {
                "file": path_text(rel(str(path))),
                "ending": lo.game.ending.id,
                "turns": len(lo.game.records),
            }
        )
    return out


# --- shared by the terminal and the page ----------------------------------------------------


def _heading_parts(model, t, sid: str, s: dict, lang: str) -> list[str]:
    """'Scenario (City)', 'CULT-2690', '25 games': what the class recognises at a glance."""
    sc = model.scenarios[sid]
    parts = [f"{sc.title[lang]} ({sc.city})", *s["class_codes"]]
    parts.append(t("class.games", n=s["games"] + s["unfinished"]))
    return parts


def _heading(model, t, sid: str, s: dict, lang: str) -> str:
    return " · ".join(_heading_parts(model, t, sid, s, lang))


def _choice_rows(model, s: dict, lang: str) -> list[tuple[str, list[tuple[str, int]]]]:
    """Per event in playing order: its title and (choice label, count) in the card's order."""
    out = []
    for ev_id in s["event_order"]:
        ev = model.events[model.event_index(ev_id)]
        got = s["choices"].get(ev_id, {})
        out.append(
            (ev.title[lang], [(c.label[lang], got[c.id]) for c in ev.choices if got.get(c.id)])
        )
    return out


def _max_count(model, data: dict, lang: str) -> int:
    """The largest choice count on the page: every bar is scaled to it, so bars compare."""
    counts = [
        n
        for sid, s in data["scenarios"].items()
        for _, rows in _choice_rows(model, s, lang)
        for _, n in rows
    ]
    return max(counts, default=1)


def _unfinished(data: dict) -> list[str]:
    """'Daan (WIJK-4821-daan.json)': who still has to finish, by name."""
    return [
        f"{r['name']} ({r['file']})"
        for r in data["students"]
        if r["replay_ok"] and not r["finished"]
    ]


def _yes(t, value: bool) -> str:
    return t("class.yes") if value else t("class.no")


def _student_cells(model, t, row: dict, lang: str) -> list[str]:
    sc = model.scenarios.get(row["scenario"] or "")
    return [
        row["name"],
        sc.title[lang] if sc else (row["scenario"] or "-"),
        row["ending_title"] or "-",
        str(row["turns"]),
        _yes(t, row["finished"]),
        _yes(t, row["replay_ok"]),
    ]


def _student_header(t) -> list[str]:
    return [
        t(f"class.col.{k}") for k in ("name", "scenario", "ending", "turns", "finished", "replay")
    ]


# --- the terminal ---------------------------------------------------------------------------


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def text(model, data: dict, lang: str) -> str:
    from game.classroom.report import Strings

    t = Strings(model, lang)
    lines = [
        f"{t('class.title')}: {data['folder']}",
        _counts(t, data),
    ]
    lines += [f"! {w}" for w in data["warnings"]]
    titles = {e.id: e.title[lang] for e in model.endings}
    top = _max_count(model, data, lang)
    for sid, s in data["scenarios"].items():
        lines += ["", _heading(model, t, sid, s, lang), ""]
        if s["games"]:
            lines.append(f"  {t('class.endings_head')}")
            lines.append(f"  {'':<44}{t('class.class'):>8}{t('class.random'):>13}")
            for e in model.endings:
                n = s["endings"].get(e.id, 0)
                base = s["baseline"].get(e.id, 0.0)
                if n or base >= 0.005:
                    lines.append(
                        f"  {_fit(titles[e.id], 42):<44}{n:>3} ={100 * n / s['games']:>3.0f}%"
                        f"{100 * base:>12.0f}%"
                    )
        lines += ["", f"  {t('class.choices')}"]
        if s["unfinished"]:
            lines.append(f"  {t('class.choices_note', n=s['unfinished'])}")
        for title, rows in _choice_rows(model, s, lang):
            lines.append(f"  {title}")
            for label, n in rows:
                bar = "█" * max(1, round(_BAR * n / top))
                lines.append(f"    {_fit(label, 40):<41}{n:>3}  {bar}")
        if s["most_different"]:
            a, b = s["most_different"]
            lines += [
                "",
                f"  {t('class.most_different')}: {a['file']} ({titles[a['ending']]})"
                f" <> {b['file']} ({titles[b['ending']]})",
            ]
    if data["copies"]:
        lines += ["", t("class.copies") + ":"] + [f"  {' = '.join(g)}" for g in data["copies"]]
    if data["unfinished"]:
        lines += ["", t("class.unfinished") + ":"] + [f"  {u}" for u in _unfinished(data)]
    if data["rejections"]:
        lines += ["", t("class.rejected") + ":"]
        lines += [f"  {r['file']}: {r['reason']}" for r in data["rejections"]]
    if data["students"]:
        header = _student_header(t)
        cells = [_student_cells(model, t, r, lang) for r in data["students"]]
        widths = [min(28, max(len(x[i]) for x in [header, *cells])) for i in range(len(header))]
        lines += ["", t("class.students") + ":"]
        for r in [header, *cells]:
            lines.append(
                "  "
                + "  ".join(_fit(c, w).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
            )
    lines += ["", f"Koorddanser {data['game_version']}"]
    # Everything read from files is shown without control characters (no escape sequences).
    return "\n".join(printable(line) for line in lines) + "\n"


def _counts(t, data: dict) -> str:
    return t(
        "class.counts",
        files=data["files"],
        finished=data["finished"],
        unfinished=len(data["unfinished"]),
        rejected=len(data["rejected"]),
    )


# --- the page for the projector -------------------------------------------------------------

# The page's look lives in game/templates/ (class.html.j2, class_overview.html.j2) and the one
# stylesheet every page shares; the serve teacher page inlines the same stylesheet.
HTML_CSS = htmlpage.stylesheet()


def _width(share: float) -> float:
    """A bar's width in percent of its column (bars on one page share one scale)."""
    return max(0.0, min(1.0, share)) * 100


def html_page(model, data: dict, lang: str) -> str:
    """The overview as one self-contained page to project: tables and bars, no scripts."""
    title, body = html_parts(model, data, lang)
    return htmlpage.render(
        "class.html.j2",
        lang=lang,
        frame="projector",
        main_class="overview",
        title=title,
        overview=htmlpage.markup("\n".join(body)),  # rendered (and escaped) by its template
    )


def _endings_rows(model, s: dict, titles: dict[str, str]) -> list[tuple] | None:
    """(title, count, class bar, random bar, class %, random %) per ending worth showing."""
    n = s["games"]
    if not n:
        return None
    shown = [
        (en, s["endings"].get(en.id, 0) / n, s["baseline"].get(en.id, 0.0)) for en in model.endings
    ]
    shown = [(en, c, b) for en, c, b in shown if c or b >= 0.005]
    widest = max((max(c, b) for _, c, b in shown), default=1.0) or 1.0
    # class and random on one scale: the largest share
    return [
        (
            titles[en.id],
            s["endings"].get(en.id, 0),
            _width(c / widest),
            _width(b / widest),
            f"{100 * c:.0f}",
            f"{100 * b:.0f}",
        )
        for en, c, b in shown
    ]


def _scenario_part(model, t, sid: str, s: dict, lang: str, several: bool, top: int) -> dict:
    """What the page shows of one scenario: endings against random play, then the choices."""
    titles = {en.id: en.title[lang] for en in model.endings}
    pair = None
    if s["most_different"]:
        pair = [{"file": x["file"], "ending": titles[x["ending"]]} for x in s["most_different"]]
    return {
        "heading": _heading(model, t, sid, s, lang) if several else None,
        "endings": _endings_rows(model, s, titles),
        "unfinished": s["unfinished"],
        "choices": [
            (ev_title, [(label, count, _width(count / top)) for label, count in rows])
            for ev_title, rows in _choice_rows(model, s, lang)
        ],
        "most_different": pair,
    }


def html_parts(model, data: dict, lang: str) -> tuple[str, list[str]]:
    """The page's title and its body as HTML (the serve teacher page embeds the body)."""
    from game.classroom.report import Strings

    t = Strings(model, lang)
    scen = list(data["scenarios"].items())
    if len(scen) == 1:
        ((sid, one),) = scen
        parts = _heading_parts(model, t, sid, one, lang)
    else:
        parts = [t("class.title")]
    top = _max_count(model, data, lang)
    body = htmlpage.render(
        "class_overview.html.j2",
        t=t,
        parts=parts,
        counts=_counts(t, data),
        warnings=data["warnings"],
        scenarios=[_scenario_part(model, t, sid, s, lang, len(scen) > 1, top) for sid, s in scen],
        copies=data["copies"],
        unfinished=_unfinished(data) if data["unfinished"] else [],
        rejections=data["rejections"],
        student_header=_student_header(t),
        students=[_student_cells(model, t, r, lang) for r in data["students"]],
        version=data["game_version"],
    )
    return " · ".join(parts), [body]


# --- the gradebook --------------------------------------------------------------------------


def csv_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: a leading = + - @ would start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(data: dict) -> str:
    """One row per file (UTF-8, comma-separated, header first): for Moodle or Canvas import."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for r in data["students"]:
        w.writerow(
            csv_cell(v)
            for v in (
                r["name"],
                r["ending"] or "",
                r["ending_title"] or "",
                r["turns"],
                int(r["finished"]),
                r["file"],
                int(r["replay_ok"]),
            )
        )
    return out.getvalue()
