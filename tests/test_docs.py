"""docs/model.md is generated from the content: it must name every meter, rule, setting and ending."""

from __future__ import annotations

from pathlib import Path

from game.engine.model import Model
from game.lab.modeldoc import render

DOC = Path(__file__).resolve().parent.parent / "docs" / "model.md"


def test_model_doc_is_current(model: Model) -> None:
    text = DOC.read_text(encoding="utf-8")
    names = (
        [m.id for m in model.meters]
        + [r.id for r in model.rules]
        + [f"world.{w.id}" for w in model.world]
        + [e.id for e in model.endings]
    )
    missing = [n for n in names if f"`{n}`" not in text]
    assert not missing, (
        f"regenerate docs/model.md (python -m game.lab.modeldoc > docs/model.md); missing: {missing}"
    )
    for r in model.rules:
        for e in r.effects:
            assert e.expr.text.replace("|", "\\|") in text, (
                f"formula of {r.id}.{e.name} changed; regenerate docs/model.md"
            )


def test_both_languages_render(model: Model) -> None:
    for lang in ("nl", "en"):
        page = render(model, None, lang)
        assert all(m.label[lang] in page for m in model.meters)
        assert all(e.title[lang] in page for e in model.endings)
