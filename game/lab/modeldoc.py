"""Writes docs/model.md, the summary of the model for facilitators and researchers.

    python -m game.lab.modeldoc [--runs 20000] > docs/model.md

Everything is read from the content (meters, rules with their formulas and sources,
world settings, endings) and the figures come from the simulator (game/lab/claims.py), so
the document says what the game does — regenerate it after changing the model.
"""

from __future__ import annotations

import argparse
import sys

from game.engine.model import Model
from game.lab.claims import Lab, measure_all


def head(lang: str) -> dict[str, str]:
    """The page's headings and introductions in ``lang`` (content/ui-modeldoc.yaml)."""
    from game.content.ui_table import content_table
    from game.i18n import lookup

    table = content_table("ui-modeldoc")
    return {k.removeprefix("modeldoc."): lookup((table,), k, lang, {}) for k in table}


def _sep(header: str) -> str:
    return "|" + "|".join("---" for _ in header.strip("|").split("|")) + "|"


def _code(text: str) -> str:
    return "`" + text.replace("|", "\\|") + "`"


OLD_NAMES = {"tightrope": "balanced", "management": "careerist"}  # policies renamed in issue 9


def before_after(model: Model, runs: int, seed: int) -> dict | None:
    """Ending shares now, beside those recorded before the calibration (docs/calibration-before.json)."""
    import json
    from pathlib import Path

    import numpy as np

    from game.engine import simulate

    path = Path(__file__).resolve().parents[2] / "docs" / "calibration-before.json"
    if not path.exists():  # an installed copy has no docs/: the page is written from a checkout
        return None
    before = json.loads(path.read_text(encoding="utf-8"))
    after: dict[str, dict[str, dict[str, float]]] = {}
    for sid in sorted(model.scenarios):
        for name, pol in model.policies.items():
            r = simulate(model, sid, before["runs"], before["seed"], pol)
            counts = np.bincount(r.ending.astype(np.int64), minlength=len(model.endings))
            after.setdefault(sid, {})[name] = {
                e.id: float(c) / before["runs"] for e, c in zip(model.endings, counts, strict=True)
            }
    return {"before": before, "after": after}


def _share(counts: dict[str, int] | None, runs: int, ids: list[str]) -> float | None:
    return None if counts is None else sum(counts.get(i, 0) for i in ids) / runs


def _cell(old: float | None, new: float) -> str:
    return f"{'–' if old is None else f'{100 * old:.0f}'} → {100 * new:.0f}"


def render_before_after(model: Model, data: dict, lang: str) -> list[str]:
    """Per scenario: endings (rows) by policy (columns), before → after."""
    h = head(lang)
    before, after = data["before"], data["after"]
    runs = before["runs"]
    out = [
        "",
        f"### {h['calibration']}",
        "",
        h["calibration_intro"].format(runs=runs, seed=before["seed"], commit=before["commit"]),
    ]
    groups = [
        (h["good_row"], [e.id for e in model.endings if e.good]),
        (h["active_row"], [e.id for e in model.endings if e.person not in ("burnout", "other_work")]),
        (h["burnout_row"], [e.id for e in model.endings if e.person == "burnout"]),
    ]
    for sid, pols in after.items():
        old = before["scenarios"].get(sid, {})
        names = list(pols)
        header = f"| {sid} | " + " | ".join(f"`{n}`" for n in names) + " |"
        out += ["", header, _sep(header)]
        for label, ids in groups:
            cells = []
            for n in names:
                was = _share(old.get(OLD_NAMES.get(n, n)), runs, ids)
                # the old model's good endings were its own: count them by its ids
                cells.append(_cell(was, sum(pols[n].get(i, 0.0) for i in ids)))
            out.append(f"| **{label}** | " + " | ".join(cells) + " |")
        for e in model.endings:
            cells = []
            for n in names:
                was = old.get(OLD_NAMES.get(n, n))
                cells.append(_cell(None if was is None else was.get(e.id, 0) / runs, pols[n][e.id]))
            out.append(f"| {e.title[lang]} | " + " | ".join(cells) + " |")
    return out


def render(
    model: Model,
    lab: Lab | None,
    lang: str,
    measured: list | None = None,
    calibration: dict | None = None,
) -> str:
    """One language's half of the document."""
    h = head(lang)
    out = [f"## {h['title']}", "", h["intro"], ""]
    out += _model_tables(model, h, lang)
    out += _endings_and_scenarios(model, h, lang)
    if calibration is not None:
        out += render_before_after(model, calibration, lang)
    if measured is not None and lab is not None:
        out += _claims(model, h, lang, lab, measured)
    return "\n".join(out) + "\n"


def _model_tables(model: Model, h: dict[str, str], lang: str) -> list[str]:
    """Meters, derived values, clocks, world settings and rules."""
    out = [f"### {h['meters']}", "", h["cols_meter"], _sep(h["cols_meter"])]
    for m in model.meters:
        out.append(f"| {m.label[lang]} (`{m.id}`) | {m.part} | {m.description[lang]} |")
    out += ["", f"### {h['derived']}", ""]
    for d in model.derived:
        out.append(f"- **{d.label[lang]}** (`{d.id}`) = {_code(d.expr.text)} — {d.source}")
    out += ["", f"### {h['clocks']}", ""]
    for c in model.clocks:
        out.append(f"- `{c.id}` = {_code(c.each_turn.text)} — {c.source}")
    out += ["", f"### {h['world']}", "", h["cols_world"], _sep(h["cols_world"])]
    for w in model.world:
        out.append(
            f"| {w.label[lang]} (`world.{w.id}`) | {w.default:g} | {w.low:g}–{w.high:g} | {w.description[lang]} |"
        )
    out += ["", f"### {h['rules']}", "", h["cols_rule"], _sep(h["cols_rule"])]
    for r in model.rules:
        effects = "<br>".join(f"{e.name} += {_code(e.expr.text)}" for e in r.effects)
        when = _code(r.when.text) if r.when else h["always"]
        out.append(
            f"| **{r.explain[lang]}** (`{r.id}`) | {r.arrow or '–'} | {when} | {effects} | {r.source} |"
        )
    return out


def _endings_and_scenarios(model: Model, h: dict[str, str], lang: str) -> list[str]:
    out = ["", f"### {h['endings']}", "", h["endings_intro"], "", h["cols_end"], _sep(h["cols_end"])]
    for e in model.endings:
        cond = _code(e.when.text) if e.when else h["fallback"]
        out.append(
            f"| {e.title[lang]} (`{e.id}`) | {e.person} | {e.initiative} | {h['yes'] if e.good else h['no']} | {cond} |"
        )
    out += ["", f"### {h['scenarios']}", "", h["cols_scen"], _sep(h["cols_scen"])]
    for sid, sc in sorted(model.scenarios.items()):
        world = ", ".join(f"{k} {v:g}" for k, v in sc.world.items())
        out.append(f"| {sc.title[lang]} (`{sid}`) | {sc.city} | {sc.role} | {world} |")
    return out


def _claims(model: Model, h: dict[str, str], lang: str, lab: Lab, measured: list) -> list[str]:
    """The essay's claims as measured, one table each."""
    out = ["", f"### {h['claims']}", "", h["claims_intro"].format(runs=lab.runs, margin="5 pts")]
    for claim, rows in measured:
        a, b = claim.sides(model.ui, lang)
        ok = all(r[3] for r in rows)
        out += [
            "",
            f"**{claim.text(model.ui, lang)}** — {claim.measure_text(model.ui, lang)}: {h['holds_all'] if ok else h['fails']}",
            "",
        ]
        header = h["cols_claim"].format(a=a, b=b)
        out += [header, _sep(header)]
        pct = claim.margin < 1
        for sid, hi, lo, holds in rows:
            fa, fb = (f"{100 * hi:.1f}%", f"{100 * lo:.1f}%") if pct else (f"{hi:.1f}", f"{lo:.1f}")
            out.append(f"| {sid} | {fa} | {fb} | {h['yes'] if holds else h['no']} |")
    return out


def document(model: Model, runs: int = 20_000, seed: int = 2021) -> str:
    """The whole page: English, then Dutch, with the simulator's figures."""
    lab = Lab(model, runs=runs, seed=seed)
    measured = measure_all(lab)
    calibration = before_after(model, runs, seed)
    parts = [
        "# Koorddanser — the model / het model",
        "",
        "*Generated from the content by `python -m game.lab.modeldoc`; do not edit by hand. / Gemaakt uit de content; niet met de hand bewerken.*",
        "",
        "[English](#the-model-of-koorddanser) · [Nederlands](#het-model-van-koorddanser)",
        "",
        render(model, lab, "en", measured, calibration),
        render(model, lab, "nl", measured, calibration),
    ]
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    from game.content import load_model

    ap = argparse.ArgumentParser(prog="python -m game.lab.modeldoc")
    ap.add_argument("--runs", type=int, default=20_000)
    args = ap.parse_args(argv)
    sys.stdout.write(document(load_model(), args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
