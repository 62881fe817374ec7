"""The JSON Schema in docs/schema: current with the loader's declarations, passed by every
shipped file, failed by broken ones."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from game.content import schema
from game.content.yamlsafe import load_file

ROOT = Path(__file__).parent.parent
BROKEN = Path(__file__).parent / "fixtures" / "broken"


def _plain(x):  # type: ignore[no-untyped-def]
    """LDict/LList as plain dict/list (jsonschema checks exact types)."""
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_plain(v) for v in x]
    return x


def _errors(kind: str, path: Path) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema.schemas()[kind])
    return [e.message for e in validator.iter_errors(_plain(load_file(path)))]


@pytest.mark.parametrize("stem", ["scenario", "event", "ending"])
def test_the_stored_schema_is_current(stem: str) -> None:
    stored = (ROOT / "docs" / "schema" / f"{stem}.schema.json").read_text(encoding="utf-8")
    assert stored == schema.render(schema.schemas()[stem]), (
        "regenerate: python -m game.content.schema docs/schema"
    )
    jsonschema.Draft202012Validator.check_schema(schema.schemas()[stem])


SHIPPED = [
    *[("scenario", p) for p in sorted((ROOT / "scenarios").glob("*.yaml"))],
    *[("event", p) for p in sorted((ROOT / "content" / "events").glob("*.yaml"))],
    ("ending", ROOT / "content" / "endings.yaml"),
]


@pytest.mark.parametrize(("kind", "path"), SHIPPED, ids=[p.name for _, p in SHIPPED])
def test_every_shipped_file_passes(kind: str, path: Path) -> None:
    assert _errors(kind, path) == []


@pytest.mark.parametrize(
    ("kind", "name", "wanted"),
    [
        ("event", "unknown_tag.yaml", "'dance' is not one of"),
        ("event", "missing_translation.yaml", "'en' is a required property"),
        ("event", "missing_source.yaml", "'source' is a required property"),
        ("scenario", "bad_scenario.yaml", "'code' is a required property"),
    ],
)
def test_broken_fixtures_fail(kind: str, name: str, wanted: str) -> None:
    errors = _errors(kind, BROKEN / name)
    assert any(wanted in e for e in errors), errors


def test_templates_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from game.cli import main
    from game.content import layers

    monkeypatch.setenv("KOORDDANSER_CONTENT_DIR", str(tmp_path))
    try:
        assert main(["new", "scenario", "my_place", "--code", "MYPL"]) == 0
        assert main(["new", "event", "my_event", "--scenario", "my_place"]) == 0
    finally:
        layers.set_extra_dirs(None)
    assert _errors("scenario", tmp_path / "scenarios" / "my_place.yaml") == []
    assert _errors("event", tmp_path / "events" / "my_event.yaml") == []
    first = (tmp_path / "events" / "my_event.yaml").read_text().splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=file://")
    assert first.endswith("event.schema.json") and Path(first.split("file://")[1]).is_file()
