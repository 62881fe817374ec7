"""The small helpers behind the screens: numbers, sparklines, sources, hints, the why order."""

from __future__ import annotations

from textual.content import Content

from game.engine import Game
from game.engine.model import Model
from game.tui.format import essay_lines, good, hint_signs, number, ranked_why, sample, spark
from game.tui.wrapped_text import Pack, Para, layout


def test_numbers_read_as_a_person_reads_them() -> None:
    assert number(4.2, "nl", signed=True) == "+4"
    assert number(-3.6, "en", signed=True) == "−4"
    assert number(0.4, "nl", signed=True) == "+0,4"
    assert number(-0.4, "en", signed=True) == "−0.4"
    assert number(0, "nl") == "0"


def test_good_news_depends_on_the_meter() -> None:
    assert good("energy", 3) and not good("energy", -3)
    assert good("workload", -3) and not good("workload", 3)


def test_a_sparkline_has_a_fixed_scale() -> None:
    assert spark([0, 100], 2) == "▁█"
    assert spark([50, 50, 50], 3) == "▅▅▅"  # flat is flat, not stretched
    assert len(spark(list(range(21)), 10)) == 10
    assert sample([1, 2, 3, 4, 5], 3) == [1, 3, 5]


def test_essay_lines_come_from_the_source() -> None:
    assert essay_lines("Arrow 5: spills over; essay 671-682") == "671–682"
    assert essay_lines("no passage") is None


def test_the_why_puts_the_choice_first_then_the_largest(model: Model, scenario_id: str) -> None:
    game = Game(model, model.scenarios[scenario_id], 3)
    record = game.choose(game.open_choices().index(True))
    ranked = ranked_why(record, model.meter_ids)
    assert ranked[0][0].kind == "choice"
    sizes = [sum(abs(v) for v in d.values()) for c, d in ranked[1:]]
    assert sizes == sorted(sizes, reverse=True)


def test_hints_give_a_direction_for_every_direct_effect(model: Model, scenario_id: str) -> None:
    game = Game(model, model.scenarios[scenario_id], 3)
    for choice in game.event.choices:
        signs = hint_signs(choice, game, model.meter_ids)
        meters = [e.name for e in choice.effects if e.name in model.meter_ids]
        assert [m for m, _s in signs] == [m for m in meters if m in dict(signs)]
        assert all(s in "+-~" for _m, s in signs)


def test_wrapped_text_indents_and_keeps_pieces_whole() -> None:
    lines = layout(
        [
            Para(Content("one two three four five six seven"), Content("• ")),
            Pack(
                [Content("Energy −4"), Content("Home support −2"), Content("Funding +3")],
                Content("  "),
            ),
        ],
        20,
    )
    text = [line.plain for line in lines]
    assert text[0].startswith("• ") and all(t.startswith("  ") for t in text[1:])
    assert all(len(t) <= 20 for t in text)
    assert any("Home support −2" in t for t in text)
