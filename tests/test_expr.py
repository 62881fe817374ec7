"""The expression language: what it computes, what it refuses, and that nothing else escapes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine.expr import Comparison, ExprError, clauses, compile_expr, parse, to_text

NAMES = {"energy": 0, "motivation": 1, "world.grant_years": 2, "flag.pilot": 3}


class Env:
    def __init__(self, rows: np.ndarray) -> None:
        self.rows = rows

    def get(self, row: int) -> np.ndarray:
        return self.rows[row]

    def rand(self, purpose: int) -> np.ndarray:
        return np.full(self.rows.shape[1], 0.5)


ENV = Env(np.array([[10, 50], [80, 0], [1, 2], [0, 1]], dtype=np.float32))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3", [7, 7]),
        ("(1 + 2) * 3", [9, 9]),
        ("-energy + 5", [-5, -45]),
        ("energy / world.grant_years", [10, 25]),
        ("energy / 0", [0, 0]),
        ("energy > 20", [0, 1]),
        ("energy >= 10 and motivation > 10", [1, 0]),
        ("not flag.pilot", [1, 0]),
        ("energy < 20 or flag.pilot", [1, 1]),
        ("min(energy, motivation, 30)", [10, 0]),
        ("max(energy, motivation)", [80, 50]),
        ("clip(energy * 3, 0, 100)", [30, 100]),
        ("if(flag.pilot, 1, -1)", [-1, 1]),
        ("abs(motivation - energy)", [70, 50]),
        ("chance(0.7)", [1, 1]),
        ("chance(0.2)", [0, 0]),
        ("energy == 10", [1, 0]),
        ("energy != 10", [0, 1]),
    ],
)
def test_computes(text: str, expected: list[float]) -> None:
    out = np.broadcast_to(np.asarray(compile_expr(text, NAMES)(ENV), dtype=np.float32), (2,))
    assert out.tolist() == expected


def test_constants_fold_and_numbers_pass() -> None:
    assert compile_expr("2 * (3 + 4)", NAMES).constant == 14
    assert compile_expr(-5, NAMES).constant == -5
    assert compile_expr("energy", NAMES).constant is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty expression"),
        ("energy +", "expected a number"),
        ("strength > 3", "unknown name 'strength'"),
        ("eval(1)", "unknown function 'eval'"),
        ("__import__('os')", "unexpected character"),
        ("min(1)", "min() takes 2 to 8 arguments"),
        ("1 < 2 < 3", "chained comparisons"),
        ("(1 + 2", "expected ')'"),
        ("energy; 1", "unexpected character ';'"),
        ("(" * 100 + "1" + ")" * 100, "nested too deeply"),
        ("1" * 20, "number too large"),
        ("x" * 700, "longer than"),
    ],
)
def test_refuses_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(ExprError) as info:
        compile_expr(text, NAMES)
    assert message in info.value.message


def test_refuses_non_text() -> None:
    for bad in (True, None, [1], {"a": 1}, float("inf")):
        with pytest.raises(ExprError):
            compile_expr(bad, NAMES)  # type: ignore[arg-type]


ALPHABET = st.sampled_from(
    list("0123456789.+-*/<>=!()&|, _abcxyz")
    + [
        "and",
        "or",
        "not",
        "energy",
        "min(",
        "max(",
        "clip(",
        "if(",
        "chance(",
        "world.grant_years",
        "1e9",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map(" ".join))
def test_token_soup_only_raises_expr_error(text: str) -> None:
    try:
        fn = compile_expr(text, NAMES)
    except ExprError:
        return
    out = np.asarray(fn(ENV), dtype=np.float64)
    assert out.size in (1, 2)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_only_raises_expr_error(text: str) -> None:
    try:
        compile_expr(text, NAMES)(ENV)
    except ExprError:
        pass


def test_clauses_split_a_conjunction_and_read_simple_comparisons() -> None:
    parts = clauses("completed and energy >= 25 and (walked_away or x) and 50 > trust")
    assert [c.text for c in parts] == ["completed", "energy >= 25", "walked_away or x", "50 > trust"]
    assert parts[0].comparison is None
    assert parts[1].comparison == Comparison("energy", ">=", 25.0)
    assert parts[2].comparison is None
    assert parts[3].comparison == Comparison("trust", "<", 50.0)  # turned round
    assert [c.text for c in clauses("a or b and c")] == ["a or b and c"]
    assert clauses("max(a, 1) >= 3")[0].comparison is None


@pytest.mark.parametrize(
    "text",
    [
        "(a < b) < c",
        "-(a + b) * 2",
        "a - (b - c)",
        "not a and (b or not c)",
        "(not a) + 1",
        "if(a > 1, b, -c) / (a / b)",
        "a == (b != c)",
    ],
)
def test_clause_text_means_what_the_source_meant(text: str) -> None:
    names = {"a": 0, "b": 1, "c": 2}
    env = Env(np.array([[0.0, 1, 2, 3, -1], [1, 1, 0, 2, 5], [2, 0, 0, -3, 1]], dtype=np.float32))
    whole = np.asarray(compile_expr(text, names)(env))
    assert np.array_equal(np.asarray(compile_expr(to_text(parse(text)), names)(env)), whole)
    joined = " and ".join(f"({c.text})" for c in clauses(text))
    truth = np.asarray(compile_expr(f"({text}) != 0", names)(env))
    assert np.array_equal(np.asarray(compile_expr(f"({joined}) != 0", names)(env)), truth)
