"""Writes docs/model.md, the summary of the model for facilitators and researchers.

    python -m game.modeldoc [--runs 20000] > docs/model.md

Everything is read from the content (meters, rules with their formulas and sources,
world settings, endings) and the figures come from the simulator (game/claims.py), so
the document says what the game does — regenerate it after changing the model.
"""

from __future__ import annotations

import argparse
import sys

from game.claims import Lab, measure_all
from game.engine.model import Model

HEAD = {
    "en": {
        "title": "The model of Koorddanser",
        "intro": "Koorddanser turns Schema 1 of Van Hulst & Matelski (2021) — the needs, work and context of best persons over time — into meters and rules. Every turn (a half-year, autumn 2010 to spring 2020) the clocks advance, one event is drawn, the player chooses, and then all rules below apply at once to the state after the choice; their changes add up and meters are kept within 0–100. Everything here is data in `content/model.yaml`, `content/events/`, `content/endings.yaml` and `scenarios/`: change it there and regenerate this page with `python -m game.modeldoc > docs/model.md`.",
        "meters": "Meters (0–100)",
        "derived": "Derived each turn",
        "clocks": "Clocks",
        "world": "World settings (per scenario, overridable with `--set world.KEY=VALUE`)",
        "rules": "Rules",
        "endings": "How endings are decided",
        "claims": "What the simulator shows (the research must emerge)",
        "scenarios": "Scenarios",
        "endings_intro": "A game ends when energy reaches 0 (exhausted), motivation reaches 0 (disheartened), the player chooses to leave (walked away), or after the last turn (completed). The endings below are tried in order; the first whose condition holds is the ending. The last is the fallback. 'Best' marks the endings the balance lab counts as best — none is a trophy.",
        "claims_intro": "Each claim compares two simulations with the same seed ({runs} runs each, random play unless a policy is named) that differ in one thing. The figure on the left should be higher; margin {margin}. Figures per scenario. The essay gives the direction of each effect, not its size: the sizes below are the model's, so discuss them as 'what if the world worked like this', not as measurements.",
        "cols_meter": "| meter | part | what it is |",
        "cols_rule": "| rule | arrow | when | effects | source |",
        "cols_world": "| setting | default | range | what it does |",
        "cols_end": "| ending | person | initiative | best | condition |",
        "cols_claim": "| scenario | {a} | {b} | holds |",
        "always": "always",
        "yes": "yes",
        "no": "no",
        "fallback": "(fallback)",
        "calibration": "Before and after the calibration (issue 9)",
        "calibration_intro": "The share of {runs} games per scenario and policy (seed {seed}) that reached each ending, before the calibration (commit {commit}, when the essay's own advice lost in three of four scenarios) and now: before → after, in %. The targets the balance must meet are in `content/calibration.yaml`; `koorddanser balance --check` measures them. `balanced` and `careerist` of the old model are today's `tightrope` and `management`; `comply` is new.",
        "good_row": "good endings",
        "active_row": "still active in 2020",
        "burnout_row": "burn-out",
        "holds_all": "holds in all scenarios",
        "fails": "DOES NOT HOLD",
        "cols_scen": "| scenario | city | role | world |",
    },
    "nl": {
        "title": "Het model van Koorddanser",
        "intro": "Koorddanser vertaalt Schema 1 van Van Hulst & Matelski (2021) — behoeften, werk en context van best persons door de tijd — naar meters en regels. Elke beurt (een halfjaar, najaar 2010 tot voorjaar 2020) lopen de klokken door, komt er één gebeurtenis, kiest de speler, en daarna gelden alle regels hieronder tegelijk, op de toestand na de keuze; hun veranderingen tellen op en meters blijven tussen 0 en 100. Alles staat als data in `content/model.yaml`, `content/events/`, `content/endings.yaml` en `scenarios/`: pas het daar aan en maak deze pagina opnieuw met `python -m game.modeldoc > docs/model.md`.",
        "meters": "Meters (0–100)",
        "derived": "Elke beurt berekend",
        "clocks": "Klokken",
        "world": "Wereldinstellingen (per scenario, aan te passen met `--set world.KEY=WAARDE`)",
        "rules": "Regels",
        "endings": "Hoe de afloop wordt bepaald",
        "claims": "Wat de simulator laat zien (het onderzoek moet eruit volgen)",
        "scenarios": "Scenario's",
        "endings_intro": "Een spel eindigt als energie op 0 komt (opgebrand), motivatie op 0 komt (ontmoedigd), de speler zelf vertrekt, of na de laatste beurt. De afloop hieronder wordt op volgorde geprobeerd; de eerste waarvan de voorwaarde klopt, is het. De laatste is de vangnet-afloop. 'Beste' markeert wat de balanstest als beste telt — geen ervan is een trofee.",
        "claims_intro": "Elke bewering vergelijkt twee simulaties met dezelfde seed ({runs} runs elk, willekeurig spel tenzij een strategie genoemd is) die in één ding verschillen. Het linker getal hoort hoger te zijn; marge {margin}. Cijfers per scenario. Het essay geeft de richting van elk effect, niet de grootte: de groottes hieronder zijn die van het model. Bespreek ze als 'wat als de wereld zo werkte', niet als metingen.",
        "cols_meter": "| meter | deel | wat het is |",
        "cols_rule": "| regel | pijl | wanneer | effecten | bron |",
        "cols_world": "| instelling | standaard | bereik | wat het doet |",
        "cols_end": "| afloop | persoon | initiatief | beste | voorwaarde |",
        "cols_claim": "| scenario | {a} | {b} | klopt |",
        "always": "altijd",
        "yes": "ja",
        "no": "nee",
        "fallback": "(vangnet)",
        "calibration": "Voor en na de kalibratie (issue 9)",
        "calibration_intro": "Het aandeel van {runs} spellen per scenario en strategie (seed {seed}) dat elk einde haalde, vóór de kalibratie (commit {commit}, toen het eigen advies van het essay in drie van de vier scenario's verloor) en nu: voor → na, in %. De doelen die de balans moet halen staan in `content/calibration.yaml`; `koorddanser balance --check` meet ze. `balanced` en `careerist` van het oude model heten nu `tightrope` en `management`; `comply` is nieuw.",
        "good_row": "goede afloop",
        "active_row": "nog actief in 2020",
        "burnout_row": "burn-out",
        "holds_all": "klopt in alle scenario's",
        "fails": "KLOPT NIET",
        "cols_scen": "| scenario | stad | rol | wereld |",
    },
}


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

    path = Path(__file__).resolve().parent.parent / "docs" / "calibration-before.json"
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
    h = HEAD[lang]
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
    h = HEAD[lang]
    out = [
        f"## {h['title']}",
        "",
        h["intro"],
        "",
        f"### {h['meters']}",
        "",
        h["cols_meter"],
        _sep(h["cols_meter"]),
    ]
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
    out += [
        "",
        f"### {h['endings']}",
        "",
        h["endings_intro"],
        "",
        h["cols_end"],
        _sep(h["cols_end"]),
    ]
    for e in model.endings:
        cond = _code(e.when.text) if e.when else h["fallback"]
        out.append(
            f"| {e.title[lang]} (`{e.id}`) | {e.person} | {e.initiative} | {h['yes'] if e.good else h['no']} | {cond} |"
        )
    out += ["", f"### {h['scenarios']}", "", h["cols_scen"], _sep(h["cols_scen"])]
    for sid, sc in sorted(model.scenarios.items()):
        world = ", ".join(f"{k} {v:g}" for k, v in sc.world.items())
        out.append(f"| {sc.title[lang]} (`{sid}`) | {sc.city} | {sc.role} | {world} |")
    if calibration is not None:
        out += render_before_after(model, calibration, lang)
    if measured is not None and lab is not None:
        out += [
            "",
            f"### {h['claims']}",
            "",
            h["claims_intro"].format(runs=lab.runs, margin="5 pts"),
        ]
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
                fa, fb = (
                    (f"{100 * hi:.1f}%", f"{100 * lo:.1f}%") if pct else (f"{hi:.1f}", f"{lo:.1f}")
                )
                out.append(f"| {sid} | {fa} | {fb} | {h['yes'] if holds else h['no']} |")
    return "\n".join(out) + "\n"


def document(model: Model, runs: int = 20_000, seed: int = 2021) -> str:
    """The whole page: English, then Dutch, with the simulator's figures."""
    lab = Lab(model, runs=runs, seed=seed)
    measured = measure_all(lab)
    calibration = before_after(model, runs, seed)
    parts = [
        "# Koorddanser — the model / het model",
        "",
        "*Generated from the content by `python -m game.modeldoc`; do not edit by hand. / Gemaakt uit de content; niet met de hand bewerken.*",
        "",
        "[English](#the-model-of-koorddanser) · [Nederlands](#het-model-van-koorddanser)",
        "",
        render(model, lab, "en", measured, calibration),
        render(model, lab, "nl", measured, calibration),
    ]
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    from game.content import load_model

    ap = argparse.ArgumentParser(prog="python -m game.modeldoc")
    ap.add_argument("--runs", type=int, default=20_000)
    args = ap.parse_args(argv)
    sys.stdout.write(document(load_model(), args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
