"""The model's small expression language, parsed by our own code and compiled to numpy.

Content is untrusted, so expressions are never handed to ``eval``. The grammar::

    expr  := or ;  or := and ("or" and)* ;  and := not ("and" not)*
    not   := "not" not | cmp ;  cmp := sum (("<"|"<="|">"|">="|"=="|"!=") sum)?
    sum   := prod (("+"|"-") prod)* ;  prod := unary (("*"|"/") unary)*
    unary := ("-"|"+") unary | atom
    atom  := NUMBER | NAME | NAME "(" expr ("," expr)* ")" | "(" expr ")"

Names are resolved when compiling (``energy``, ``world.grant_years``, ``flag.pilot``…);
truth is 1.0 and falsehood 0.0. Functions: ``min``, ``max``, ``clip``, ``abs``, ``if``
and ``chance(p)`` (1 with probability p, drawn from the counter-based generator).
Division by zero gives 0 rather than inf or NaN, so no content can poison a meter.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol, TypeAlias, cast

import numpy as np
import numpy.typing as npt

MAX_LENGTH = 600
MAX_DEPTH = 40

Array: TypeAlias = npt.NDArray[np.float32]
"""One number per run: a meter row, or what an expression gives over all runs."""
Value: TypeAlias = npt.NDArray[np.floating[Any]] | float
Truth: TypeAlias = npt.NDArray[np.bool_] | bool  # a comparison before it is turned into 1.0/0.0


class ExprError(ValueError):
    """A problem in an expression; ``column`` is 1-based within the expression text."""

    def __init__(self, message: str, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


class Env(Protocol):
    """What a compiled expression reads: variables by row and random numbers."""

    def get(self, row: int) -> npt.NDArray[np.float32]: ...

    def rand(self, purpose: int) -> npt.NDArray[np.float64]: ...


@dataclass(frozen=True)
class Compiled:
    """A compiled expression: call it with an :class:`Env`."""

    text: str
    fn: Callable[[Env], Value]
    names: frozenset[str]
    constant: float | None  # the value when it reads no variables and draws nothing

    def __call__(self, env: Env) -> Value:
        return self.fn(env)


_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d*)?|\.\d+)|(?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)"
    r"|(?P<op><=|>=|==|!=|[-+*/<>(),]))"
)
_KEYWORDS = {"and", "or", "not"}
_FUNCS = {
    "min": (2, 8),
    "max": (2, 8),
    "clip": (3, 3),
    "abs": (1, 1),
    "if": (3, 3),
    "chance": (1, 1),
}


def _tokenize(text: str) -> list[tuple[str, str, int]]:
    tokens: list[tuple[str, str, int]] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            col = pos + 1 + (len(text[pos:]) - len(text[pos:].lstrip()))
            bad = text[col - 1] if col - 1 < len(text) else "?"
            raise ExprError(f"unexpected character {bad!r}", col)
        kind = m.lastgroup or "op"
        value = m.group(kind)
        tokens.append((kind, value, m.start(kind) + 1))
        pos = m.end()
    tokens.append(("end", "", len(text) + 1))
    return tokens


# The tree: tagged tuples; mypy narrows a Node by comparing ``node[0]`` with its tag.
NumNode: TypeAlias = tuple[Literal["num"], float]
NameNode: TypeAlias = tuple[Literal["name"], str, int]  # name, column
CallNode: TypeAlias = tuple[Literal["call"], str, "list[Node]", int]  # function, args, column
UnNode: TypeAlias = tuple[Literal["un"], str, "Node"]
BinNode: TypeAlias = tuple[Literal["bin"], str, "Node", "Node"]
Node: TypeAlias = NumNode | NameNode | CallNode | UnNode | BinNode


class _Parser:
    def __init__(self, text: str) -> None:
        self.toks = _tokenize(text)
        self.i = 0
        self.depth = 0

    def peek(self) -> tuple[str, str, int]:
        return self.toks[self.i]

    def take(self) -> tuple[str, str, int]:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def expect(self, value: str) -> None:
        kind, v, col = self.take()
        if v != value or kind not in ("op",):
            raise ExprError(f"expected {value!r} but found {v or 'the end'!r}", col)

    def enter(self, col: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError("expression nested too deeply", col)

    def parse(self) -> Node:
        node = self.or_()
        kind, v, col = self.peek()
        if kind != "end":
            raise ExprError(f"unexpected {v!r}", col)
        return node

    def or_(self) -> Node:
        node = self.and_()
        while self.peek()[:2] == ("name", "or"):
            self.take()
            node = ("bin", "or", node, self.and_())
        return node

    def and_(self) -> Node:
        node = self.not_()
        while self.peek()[:2] == ("name", "and"):
            self.take()
            node = ("bin", "and", node, self.not_())
        return node

    def not_(self) -> Node:
        kind, v, col = self.peek()
        if (kind, v) == ("name", "not"):
            self.take()
            self.enter(col)
            node: UnNode = ("un", "not", self.not_())
            self.depth -= 1
            return node
        return self.cmp()

    def cmp(self) -> Node:
        node = self.sum_()
        kind, v, _ = self.peek()
        if kind == "op" and v in ("<", "<=", ">", ">=", "==", "!="):
            self.take()
            node = ("bin", v, node, self.sum_())
            kind2, v2, col2 = self.peek()
            if kind2 == "op" and v2 in ("<", "<=", ">", ">=", "==", "!="):
                raise ExprError("chained comparisons are not allowed; use 'and'", col2)
        return node

    def sum_(self) -> Node:
        node = self.prod()
        while self.peek()[0] == "op" and self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            node = ("bin", op, node, self.prod())
        return node

    def prod(self) -> Node:
        node = self.unary()
        while self.peek()[0] == "op" and self.peek()[1] in ("*", "/"):
            op = self.take()[1]
            node = ("bin", op, node, self.unary())
        return node

    def unary(self) -> Node:
        kind, v, col = self.peek()
        if kind == "op" and v in ("-", "+"):
            self.take()
            self.enter(col)
            node: UnNode = ("un", v, self.unary())
            self.depth -= 1
            return node
        return self.atom()

    def atom(self) -> Node:
        kind, v, col = self.take()
        if kind == "num":
            value = float(v)
            if not value < 1e9:
                raise ExprError("number too large", col)
            return ("num", value)
        if kind == "name":
            if v in _KEYWORDS:
                raise ExprError(f"unexpected {v!r}", col)
            if self.peek()[:2] == ("op", "("):
                if v not in _FUNCS:
                    raise ExprError(f"unknown function {v!r}", col)
                self.take()
                self.enter(col)
                args = [self.or_()]
                while self.peek()[:2] == ("op", ","):
                    self.take()
                    args.append(self.or_())
                self.expect(")")
                self.depth -= 1
                lo, hi = _FUNCS[v]
                if not lo <= len(args) <= hi:
                    want = str(lo) if lo == hi else f"{lo} to {hi}"
                    raise ExprError(f"{v}() takes {want} arguments, got {len(args)}", col)
                return ("call", v, args, col)
            return ("name", v, col)
        if (kind, v) == ("op", "("):
            self.enter(col)
            node = self.or_()
            self.expect(")")
            self.depth -= 1
            return node
        raise ExprError(f"expected a number, name or '(' but found {v or 'the end'!r}", col)


def parse(text: str) -> Node:
    """Parse an expression into a tree, raising :class:`ExprError` on any problem."""
    if not isinstance(text, str):
        raise ExprError("an expression must be text or a number")
    if len(text) > MAX_LENGTH:
        raise ExprError(f"expression longer than {MAX_LENGTH} characters")
    if text.strip() == "":
        raise ExprError("empty expression", 1)
    return _Parser(text).parse()


def _names(node: Node, out: set[str]) -> None:
    out.update(n[1] for n in _name_nodes(node))


def _truth(x: Value) -> Truth:
    if isinstance(x, np.ndarray):
        # numpy's stubs type an array comparison as Any; it is a bool array.
        return cast("npt.NDArray[np.bool_]", x != 0)
    return x != 0


def _as_num(b: Value | Truth) -> Value:
    if isinstance(b, np.ndarray):
        return b.astype(np.float32)
    return 1.0 if b else 0.0


def _div(a: Value, b: Value) -> Value:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a_arr = np.asarray(a, dtype=np.float32)
        b_arr = np.asarray(b, dtype=np.float32)
        safe = np.where(b_arr == 0, np.float32(1), b_arr)
        return np.where(b_arr == 0, np.float32(0), a_arr / safe).astype(np.float32)
    return 0.0 if b == 0 else float(a) / float(b)


# no mutate: _compare and _minmax run once, at import, before mutmut picks a mutant; their
# results (the operators) are tested through compile_expr in tests/test_expr.py.
def _compare(
    ufunc: Callable[[Value, Value], Truth],
) -> Callable[[Value, Value], Value]:  # pragma: no mutate block
    """A comparison or logic operator as 1.0/0.0; numpy's ufuncs take arrays and floats alike."""
    return lambda a, b: _as_num(ufunc(a, b))


_BIN: dict[str, Callable[[Value, Value], Value]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": _div,
    "<": _compare(np.less),
    "<=": _compare(np.less_equal),
    ">": _compare(np.greater),
    ">=": _compare(np.greater_equal),
    "==": _compare(np.equal),
    "!=": _compare(np.not_equal),
    "and": _compare(lambda a, b: np.logical_and(_truth(a), _truth(b))),
    "or": _compare(lambda a, b: np.logical_or(_truth(a), _truth(b))),
}


def _minmax(  # pragma: no mutate block
    np_fn: Callable[[Value, Value], Value], py_fn: Callable[[tuple[float, ...]], float]
) -> Callable[..., Value]:
    def f(*xs: Value) -> Value:
        if any(isinstance(x, np.ndarray) for x in xs):
            out = xs[0]
            for x in xs[1:]:
                out = np_fn(out, x)
            return np.asarray(out, dtype=np.float32)
        return float(py_fn(tuple(float(x) for x in xs)))

    return f


def _if(c: Value, a: Value, b: Value) -> Value:
    if isinstance(c, np.ndarray) or isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.where(_truth(c), a, b).astype(np.float32)
    return a if c != 0 else b


def _clip(x: Value, lo: Value, hi: Value) -> Value:
    if any(isinstance(v, np.ndarray) for v in (x, lo, hi)):
        return np.minimum(np.maximum(x, lo), hi).astype(np.float32)
    return float(min(max(x, lo), hi))


_FN_IMPL: dict[str, Callable[..., Value]] = {
    "min": _minmax(np.minimum, min),
    "max": _minmax(np.maximum, max),
    "clip": _clip,
    "abs": lambda x: np.abs(x) if isinstance(x, np.ndarray) else abs(x),
    "if": _if,
}


def stable_hash(text: str) -> int:
    """FNV-1a of a text, 32-bit: a purpose number that does not change between runs."""
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def compile_expr(text: str | int | float, names: Mapping[str, int], where: str = "") -> Compiled:
    """Compile an expression, resolving names to rows via ``names``.

    ``where`` identifies the expression (file and place) so that ``chance()`` draws a
    number that belongs to this expression only.
    """
    if isinstance(text, bool):
        raise ExprError("an expression must be text or a number, not true/false")
    if isinstance(text, int | float):
        if not np.isfinite(text):
            raise ExprError("a number must be finite")
        value = float(text)
        return Compiled(str(text), lambda env: value, frozenset(), value)
    tree = parse(text)
    used: set[str] = set()
    _names(tree, used)
    for name_node in _name_nodes(tree):
        if name_node[1] not in names:
            raise ExprError(f"unknown name {name_node[1]!r}", name_node[2])
    counter = [0]
    draws = [False]

    def build(node: Node) -> Callable[[Env], Value]:
        if node[0] == "num":
            v = node[1]
            return lambda env: v
        if node[0] == "name":
            row = names[node[1]]
            return lambda env: env.get(row)
        if node[0] == "un":
            inner = build(node[2])
            if node[1] == "-":
                return lambda env: -inner(env)
            if node[1] == "+":
                return inner
            return lambda env: _as_num(
                np.logical_not(_truth(x)) if isinstance(x := inner(env), np.ndarray) else x == 0
            )
        if node[0] == "bin":
            op = _BIN[node[1]]
            left, right = build(node[2]), build(node[3])
            return lambda env: op(left(env), right(env))
        # call
        fname, args = node[1], [build(a) for a in node[2]]
        if fname == "chance":
            draws[0] = True
            counter[0] += 1
            purpose = stable_hash(f"{where}|{text}|{counter[0]}")
            p_fn = args[0]
            return lambda env: _as_num(env.rand(purpose) < p_fn(env))
        impl = _FN_IMPL[fname]
        return lambda env: impl(*(a(env) for a in args))

    fn = build(tree)
    constant: float | None = None
    if not used and not draws[0]:
        try:
            constant = float(fn(_NoEnv()))
        except Exception as exc:  # pragma: no cover - arithmetic on constants cannot fail
            raise ExprError(f"cannot evaluate: {exc}") from exc
        if not np.isfinite(constant):
            raise ExprError("the expression is not a finite number")
        c = constant
        fn = lambda env: c  # noqa: E731 - fold constants once
    return Compiled(text, fn, frozenset(used), constant)


def _name_nodes(node: Node) -> list[NameNode]:
    if node[0] == "name":
        return [node]
    if node[0] == "call":
        return [n for a in node[2] for n in _name_nodes(a)]
    if node[0] == "un":
        return _name_nodes(node[2])
    if node[0] == "bin":
        return _name_nodes(node[2]) + _name_nodes(node[3])
    return []


class _NoEnv:
    # no mutate: constant folding only reaches an expression that reads nothing
    def get(self, row: int) -> npt.NDArray[np.float32]:  # pragma: no cover, no mutate block
        raise ExprError("constant expression read a variable")

    def rand(self, purpose: int) -> npt.NDArray[np.float64]:  # pragma: no cover, no mutate block
        raise ExprError("constant expression drew a number")


# -- reading a condition back: which parts decided it -----------------------------------------

_PRECEDENCE = {"or": 1, "and": 2, "<": 4, "<=": 4, ">": 4, ">=": 4, "==": 4, "!=": 4}
_PRECEDENCE.update({"+": 5, "-": 5, "*": 6, "/": 6})
_COMPARISONS = ("<", "<=", ">", ">=", "==", "!=")
_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


@dataclass(frozen=True)
class Comparison:
    """A simple comparison ``name OP number`` (a reversed ``number OP name`` is turned round)."""

    name: str
    op: str
    number: float


@dataclass(frozen=True)
class Clause:
    """One top-level part of a conjunction: its text and, when it is simple, its comparison."""

    text: str
    comparison: Comparison | None


def to_text(node: Node, outer: int = 0) -> str:
    """An expression tree as text again, with only the parentheses it needs."""
    if node[0] == "num":
        v = node[1]
        return f"{v:g}"
    if node[0] == "name":
        return node[1]
    if node[0] == "call":
        return f"{node[1]}({', '.join(to_text(a) for a in node[2])})"
    if node[0] == "un":
        if node[1] == "not":
            text, prec = f"not {to_text(node[2], 3)}", 3
        else:
            text, prec = f"{node[1]}{to_text(node[2], 7)}", 7
        return f"({text})" if prec < outer else text
    op = node[1]
    prec = _PRECEDENCE[op]
    # Left-associative: the right side needs parentheses at equal precedence; comparisons
    # do not chain, so both of their sides do.
    left_prec = prec + 1 if op in _COMPARISONS else prec
    text = f"{to_text(node[2], left_prec)} {op} {to_text(node[3], prec + 1)}"
    return f"({text})" if prec < outer else text


def _conjuncts(node: Node) -> list[Node]:
    if node[0] == "bin" and node[1] == "and":
        return _conjuncts(node[2]) + _conjuncts(node[3])
    return [node]


def _comparison(node: Node) -> Comparison | None:
    if node[0] != "bin" or node[1] not in _COMPARISONS:
        return None
    left, right = node[2], node[3]
    if left[0] == "name" and right[0] == "num":
        return Comparison(left[1], node[1], right[1])
    if left[0] == "num" and right[0] == "name":
        return Comparison(right[1], _FLIPPED[node[1]], left[1])
    return None


def clauses(text: str) -> list[Clause]:
    """The top-level ``and`` parts of a condition, each with its simple comparison if it has one.

    ``"completed and energy >= 25 and (a or b)"`` gives three clauses: ``completed`` (no
    comparison), ``energy >= 25`` (energy, >=, 25) and ``a or b``. A debrief uses this to
    say which parts of an ending's condition held. Raises :class:`ExprError` like ``parse``.
    """
    return [Clause(to_text(n), _comparison(n)) for n in _conjuncts(parse(text))]
