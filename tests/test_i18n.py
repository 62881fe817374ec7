"""game.i18n: one rule for a missing text, and every text the code names exists in every language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game import i18n
from game.content.paths import content_dir
from game.engine.model import Model
from game.i18n import LANGS, Catalog, MissingText, Texts, lookup
from game.lab.claims import CLAIMS

GAME = Path(__file__).resolve().parents[1] / "game"
TABLE = {"a": {"nl": "een {n}", "en": "one {n}"}, "half": {"nl": "alleen Nederlands", "en": ""}}


def test_strict_mode_raises_for_a_missing_key_language_or_value() -> None:
    assert i18n.strict()  # tests/conftest.py sets it for every test
    t = Texts(TABLE, "en")
    assert t("a", n=2) == "one 2"
    with pytest.raises(MissingText, match="'nope'"):
        t("nope")
    with pytest.raises(MissingText, match="'half'"):
        t("half")
    with pytest.raises(MissingText, match="does not fit"):
        t("a", m=2)
    with pytest.raises(MissingText):
        Texts(TABLE, "xx")("a", n=1)


def test_in_play_a_missing_text_shows_visibly_never_crashes(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv(i18n.STRICT_ENV)
    assert not i18n.strict()
    assert lookup((TABLE,), "half", "en", {}) == "alleen Nederlands"  # the other language
    assert lookup((TABLE,), "nope", "en", {}) == "[nope]"  # the key, bracketed
    assert lookup((TABLE,), "a", "en", {"m": 1}) == "one {n}"  # unfilled, not a traceback
    shared = Catalog({}, {"a": {"nl": "x", "en": "y"}})
    assert shared.get("a", "en") == "y" and shared.has("a") and not shared.has("b")


def test_languages_come_from_one_list() -> None:
    assert i18n.default_lang() == LANGS[0] == "nl"
    assert i18n.teacher_lang({"LANG": "en_GB.UTF-8"}) == "en"
    assert i18n.teacher_lang({"LANG": "C"}) == "nl"
    assert i18n.from_locale("EN-us,en;q=0.9") == "en"
    assert i18n.known("en") and not i18n.known("de") and not i18n.known(None)


def _all_keys(model: Model) -> dict[str, dict[str, str]]:
    from game.tui.strings import read_strings

    keys: dict[str, dict[str, str]] = {}
    for path in sorted(content_dir().glob("ui*.yaml")):
        keys.update(read_strings(path))
    assert set(model.ui) <= set(keys)
    return keys


# t("key"), self.t("key"), words.t("key"), usage_error("key"), ForceError("key"), lookup((ui,), "key", ...),
# said("key") (the validator's messages, content/ui-validate.yaml)
LITERAL = re.compile(
    r"""(?:\bt\(|_error\(|ForceError\(|\bsaid\(|lookup\(\([^)]*\),)\s*["']([a-z][a-z0-9_]*(?:\.[a-z0-9_\-]+)+)["']"""
)


def used_keys() -> dict[str, str]:
    """Every literal UI key in game/ (all modules, not only the app's) -> the first file."""
    found: dict[str, str] = {}
    for path in sorted(GAME.rglob("*.py")):
        for key in LITERAL.findall(path.read_text(encoding="utf-8")):
            found.setdefault(key, str(path.relative_to(GAME)))
    return found


def test_every_key_named_in_the_code_exists_in_every_language(model: Model) -> None:
    keys = _all_keys(model)
    used = used_keys()
    assert len(used) > 300  # the scan really sees the code
    missing = [
        f"{where}: {key}"
        for key, where in sorted(used.items())
        if key not in keys or not all(keys[key].get(lang) for lang in LANGS)
    ]
    assert not missing, missing


def test_every_claim_has_its_words_in_every_language(model: Model) -> None:
    for claim in CLAIMS:
        for lang in LANGS:
            assert claim.text(model.ui, lang) and claim.measure_text(model.ui, lang)
            higher, lower = claim.sides(model.ui, lang)
            assert higher and lower and higher != lower


def test_half_year_names_come_from_content(model: Model) -> None:
    from game.classroom import debrief
    from game.classroom.authoring import parse_force, season_words

    assert debrief.season_name(1, "nl", model.ui) == model.ui["season.1"]["nl"] == "najaar"
    assert season_words(model.ui) == {"voorjaar": 0, "spring": 0, "najaar": 1, "autumn": 1}
    assert parse_force("media_attention@2016-Najaar", model.ui) == ("media_attention", 2016, 1)
