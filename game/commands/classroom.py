"""`koorddanser class DIR`: what a class's handed-in games show, next to random play.

Every file is checked by replay first: invalid or tampered files are listed, not counted.
Finished games give the ending distribution; unfinished ones are counted apart.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from game.textsafe import path_text, printable

from .common import model_or_exit, output_or_exit, rel, runs_within_memory


def _files(folder: Path) -> tuple[list[Path], list[str]]:
    """The folder's saves, found as `saves check` finds them (saves.find_saves)."""
    from game.saves import find_saves

    return find_saves([folder])


def overview(model, folder: Path, baseline_runs: int, lang: str) -> dict:
    """The class overview as plain data (the JSON of `class --json`)."""
    from game import saves
    from game.engine import simulate
    from game.engine.policy import builtin

    files, rejected = _files(folder)
    skipped = len(rejected)  # names that are not text: counted as files, listed as rejected
    games = []
    for path in files:
        problems = saves.check(model, path)
        if problems:
            full, shown = path_text(path), path_text(rel(str(path)))
            rejected.extend(
                shown + p[len(full) :] if p.startswith(full) else p for p in problems[:1]
            )
            continue
        try:
            loaded = saves.load(model, path)
        except saves.SaveError as exc:
            rejected.append(str(exc))
            continue
        games.append((path, loaded))
    finished = [(p, lo) for p, lo in games if lo.game.finished]
    unfinished = [path_text(rel(str(p))) for p, lo in games if not lo.game.finished]
    copies = [[path_text(rel(str(p))) for p in group] for group in saves.find_copies(games)]
    by_scenario: dict[str, list] = {}
    for p, lo in finished:
        by_scenario.setdefault(lo.game.scenario.id, []).append((p, lo))

    endings = Counter(lo.game.ending.id for _, lo in finished)
    person = Counter(lo.game.ending.person for _, lo in finished)
    initiative = Counter(lo.game.ending.initiative for _, lo in finished)
    scenarios = {}
    for sid, items in sorted(by_scenario.items()):
        base = simulate(model, sid, baseline_runs, 1, builtin("random"))
        counts = np.bincount(base.ending.astype(np.int64), minlength=len(model.endings))
        baseline = {
            e.id: round(float(c) / baseline_runs, 4)
            for e, c in zip(model.endings, counts, strict=True)
            if c
        }
        class_endings = Counter(lo.game.ending.id for _, lo in items)
        chosen: dict[str, dict[str, int]] = {}
        for _, lo in items:
            for r in lo.game.records:
                if r.event is not None and r.choice_id is not None:
                    chosen.setdefault(r.event, Counter())[r.choice_id] += 1
        codes = sorted({lo.class_code for _, lo in items if lo.class_code})
        scenarios[sid] = {
            "games": len(items),
            "class_codes": codes,
            "endings": dict(class_endings.most_common()),
            "baseline": baseline,
            "choices": {ev: dict(c.most_common()) for ev, c in sorted(chosen.items())},
            "most_different": _most_different(model, items),
        }
    return {
        "folder": path_text(folder),
        "files": len(files) + skipped,
        "finished": len(finished),
        "unfinished": unfinished,
        "copies": copies,
        "rejected": rejected,
        "endings": dict(endings.most_common()),
        "person": dict(person.most_common()),
        "initiative": dict(initiative.most_common()),
        "scenarios": scenarios,
    }


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


def _text(model, data: dict, lang: str) -> str:
    from game.report import Strings

    t = Strings(model, lang)
    lines = [
        f"{t('class.title')}: {data['folder']}",
        t(
            "class.counts",
            files=data["files"],
            finished=data["finished"],
            unfinished=len(data["unfinished"]),
            rejected=len(data["rejected"]),
        ),
    ]
    titles = {e.id: e.title[lang] for e in model.endings}
    for sid, s in data["scenarios"].items():
        sc = model.scenarios[sid]
        lines += [
            "",
            f"{sc.title[lang]} ({s['games']}) {' '.join(s['class_codes'])}",
            f"  {t('class.ending'):<44}{t('class.class'):>8}{t('class.random'):>13}",
        ]
        for e in model.endings:
            n = s["endings"].get(e.id, 0)
            base = s["baseline"].get(e.id, 0.0)
            if n or base >= 0.005:
                lines.append(
                    f"  {titles[e.id][:42]:<44}{100 * n / s['games']:>7.0f}%{100 * base:>12.0f}%"
                )
        lines.append(f"  {t('class.choices')}:")
        for ev_id, counts in s["choices"].items():
            ev = model.events[model.event_index(ev_id)]
            labels = {c.id: i + 1 for i, c in enumerate(ev.choices)}
            lines.append(
                f"    {ev.title[lang][:40]:<42}"
                + "  ".join(
                    f"{labels.get(c, '?')}: {n}"
                    for c, n in sorted(counts.items(), key=lambda kv: labels.get(kv[0], 9))
                )
            )
        if s["most_different"]:
            a, b = s["most_different"]
            lines.append(
                f"  {t('class.most_different')}: {a['file']} ({titles[a['ending']]}) <> {b['file']} ({titles[b['ending']]})"
            )
    if data["copies"]:
        lines += ["", t("class.copies") + ":"] + [f"  {' = '.join(g)}" for g in data["copies"]]
    if data["unfinished"]:
        lines += ["", t("class.unfinished") + ":"] + [f"  {u}" for u in data["unfinished"]]
    if data["rejected"]:
        lines += ["", t("class.rejected") + ":"] + [f"  {r}" for r in data["rejected"]]
    return "\n".join(printable(line) for line in lines) + "\n"


_HTML_CSS = (
    "body{font-family:Helvetica,Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}"
    "table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{padding:.25rem .6rem;text-align:left;vertical-align:middle}"
    "th{border-bottom:2px solid #444}td{border-bottom:1px solid #ddd}td.n{text-align:right;white-space:nowrap}"
    ".bar{display:inline-block;height:.8rem;background:#1f6fb2}.base{background:#bbb}"
    ".meta{color:#444}ul{margin-top:.25rem}@media print{body{margin:0}}"
)


def _bar(share: float, css: str = "bar") -> str:
    return f'<span class="{css}" style="width:{max(0.0, min(1.0, share)) * 12:.2f}rem"></span>'


def _html(model, data: dict, lang: str) -> str:
    """The overview as one self-contained page to project: tables and bars, no scripts."""
    from game.report import Strings

    t = Strings(model, lang)
    e = html.escape
    titles = {en.id: en.title[lang] for en in model.endings}
    counts = t(
        "class.counts",
        files=data["files"],
        finished=data["finished"],
        unfinished=len(data["unfinished"]),
        rejected=len(data["rejected"]),
    )
    body = [f"<h1>{e(t('class.title'))}</h1>", f"<p class=meta>{e(counts)}</p>"]
    for sid, sc_data in data["scenarios"].items():
        sc = model.scenarios[sid]
        n = sc_data["games"]
        codes = " ".join(sc_data["class_codes"])
        body.append(f"<h2>{e(sc.title[lang])} ({sc.city}) — {n} {e(codes)}</h2>")
        body.append(
            f"<table><tr><th>{e(t('class.ending'))}</th><th colspan=2>{e(t('class.class'))}</th><th colspan=2>{e(t('class.random'))}</th></tr>"
        )
        for en in model.endings:
            c = sc_data["endings"].get(en.id, 0) / n if n else 0.0
            b = sc_data["baseline"].get(en.id, 0.0)
            if c or b >= 0.005:
                body.append(
                    f"<tr><td>{e(titles[en.id])}</td><td class=n>{100 * c:.0f}%</td><td>{_bar(c)}</td><td class=n>{100 * b:.0f}%</td><td>{_bar(b, 'bar base')}</td></tr>"
                )
        body.append("</table>")
        body.append(f"<h3>{e(t('class.choices'))}</h3><table>")
        for ev_id, chosen in sc_data["choices"].items():
            ev = model.events[model.event_index(ev_id)]
            total = sum(chosen.values())
            cells = []
            for k, ch in enumerate(ev.choices):
                got = chosen.get(ch.id, 0)
                if got:
                    cells.append(
                        f"{k + 1}. {e(ch.label[lang])}: <strong>{got}</strong> {_bar(got / total)}"
                    )
            body.append(f"<tr><td>{e(ev.title[lang])}</td><td>{'<br>'.join(cells)}</td></tr>")
        body.append("</table>")
        if sc_data["most_different"]:
            a, b = sc_data["most_different"]
            body.append(
                f"<p><strong>{e(t('class.most_different'))}:</strong> {e(a['file'])} ({e(titles[a['ending']])}) ↔ {e(b['file'])} ({e(titles[b['ending']])})</p>"
            )
    for key, items in (
        ("class.copies", [" = ".join(g) for g in data["copies"]]),
        ("class.unfinished", data["unfinished"]),
        ("class.rejected", data["rejected"]),
    ):
        if items:
            body.append(
                f"<h3>{e(t(key))}</h3><ul>" + "".join(f"<li>{e(x)}</li>" for x in items) + "</ul>"
            )
    body.append(f"<hr><p class=meta>{e(t('report.citation'))}</p>")
    return (
        f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{e(t("class.title"))}</title><style>{_HTML_CSS}</style></head><body>\n'
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def run(args: argparse.Namespace) -> int:
    from game import saves

    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"{path_text(args.folder)}: not a folder", file=sys.stderr)
        return 2
    runs_within_memory(args.baseline_runs, "--baseline-runs")
    page = output_or_exit(args.html) if args.html else None
    model = model_or_exit()
    data = overview(model, folder, args.baseline_runs, args.lang)
    if args.html == "-":  # the page on standard output instead of the text overview
        sys.stdout.write(_html(model, data, args.lang))
        return 0
    if page is not None:
        try:
            saves.write_atomic(page, _html(model, data, args.lang).encode("utf-8"))
        except saves.SaveError as exc:
            print(str(exc), file=sys.stderr)
            return 1
    if args.json:
        # ASCII escapes: valid JSON whatever the locale's encoding (a Latin-1 terminal too)
        print(json.dumps(data, ensure_ascii=True))
    else:
        sys.stdout.write(_text(model, data, args.lang))
    return 0
