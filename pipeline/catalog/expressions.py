"""Rule expressions: field keys, numbers, ``+ - * /`` and parentheses (DHIS2-style left/right sides).

Parsed with :mod:`ast` and a whitelist – never ``eval``. One parsed expression renders two ways:
evaluated in the pipeline (:func:`evaluate`) and as an Excel formula (:func:`to_excel`).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from functools import lru_cache

_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


class ExpressionError(ValueError):
    pass


@lru_cache(maxsize=1024)  # a catalog has a few dozen rules, checked on every form
def parse(expr: str) -> ast.expr:
    """The expression's tree (shared between calls: read it, never change it)."""
    try:
        tree = ast.parse(expr.strip(), mode="eval")
    except SyntaxError as e:
        raise ExpressionError(f"biểu thức không hợp lệ: {expr!r}") from e
    _check(tree.body, expr)
    return tree.body


def _check(node: ast.AST, expr: str) -> None:
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        _check(node.left, expr)
        _check(node.right, expr)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        _check(node.operand, expr)
    elif isinstance(node, ast.Name):
        pass
    elif (
        isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
    ):
        pass
    else:
        raise ExpressionError(f"biểu thức chỉ được dùng khóa trường, số, + - * / và ngoặc: {expr!r}")


def field_keys(expr: str) -> list[str]:
    """Field keys an expression refers to, in order of appearance, without repeats."""
    return list(_field_keys(expr))


@lru_cache(maxsize=1024)
def _field_keys(expr: str) -> tuple[str, ...]:
    out: list[str] = []
    for node in ast.walk(parse(expr)):
        if isinstance(node, ast.Name) and node.id not in out:
            out.append(node.id)
    return tuple(out)


def evaluate(expr: str, values: Mapping[str, float | None]) -> float | None:
    """Value of ``expr``; ``None`` when a key it needs is missing (the caller applies the
    missing-value strategy first by substituting 0 where the strategy says so)."""

    def ev(node: ast.AST) -> float | None:
        if isinstance(node, ast.Constant):
            return float(node.value)
        if isinstance(node, ast.Name):
            v = values.get(node.id)
            return None if v is None else float(v)
        if isinstance(node, ast.UnaryOp):
            v = ev(node.operand)
            return None if v is None else -v
        a, b = ev(node.left), ev(node.right)
        if a is None or b is None:
            return None
        op = _BINOPS[type(node.op)]
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        return None if b == 0 else a / b

    return ev(parse(expr))


def to_excel(expr: str, ref: Callable[[str], str]) -> str:
    """Render as an Excel formula fragment, each key replaced by ``ref(key)`` (e.g. ``"$E$8"``)."""

    def r(node: ast.AST) -> str:
        if isinstance(node, ast.Constant):
            return repr(node.value)
        if isinstance(node, ast.Name):
            return ref(node.id)
        if isinstance(node, ast.UnaryOp):
            return f"(-{r(node.operand)})"
        return f"({r(node.left)}{_BINOPS[type(node.op)]}{r(node.right)})"

    return r(parse(expr))


COMPARE: dict[str, Callable[[float, float], bool]] = {
    "==": lambda a, b: abs(a - b) < 1e-9,
    "!=": lambda a, b: abs(a - b) >= 1e-9,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b - 1e-9,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b + 1e-9,
}

EXCEL_OPERATOR = {"==": "=", "!=": "<>", ">": ">", ">=": ">=", "<": "<", "<=": "<="}
