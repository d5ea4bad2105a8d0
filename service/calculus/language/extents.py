"""Where a part of an already parsed token list ends, to rewrite it as another reading.

The reading warnings (readings.py) describe a second way to read a text (``e^2x`` as
``e^(2x)``) as edits of the text; these helpers find the tokens such an edit wraps. They
follow the grammar (grammar.py) on a token list that parsed, so every bracket has its match;
each returns the index just past the part.
"""

from __future__ import annotations

from service.calculus.language.tokens import (
    ABS_CLOSE,
    ABS_OPEN,
    BAR,
    CLOSE,
    END,
    FACTOR_STARTS,
    FRAC,
    FUNC,
    NUMBER,
    OP,
    OPEN,
    ROOT,
    SUB,
    Token,
)


def product_end(tokens: list[Token], index: int) -> int:
    """Past the implicit product that starts at ``index``: ``2x sin x`` in ``1/2x sin x``."""
    end = power_end(tokens, index)
    while tokens[end].kind in FACTOR_STARTS:
        end = power_end(tokens, end)
    return end


def power_end(tokens: list[Token], index: int) -> int:
    """Past the power term (an atom and its exponents) that starts at ``index``."""
    end = atom_end(tokens, index)
    if _is_op(tokens[end], "^"):
        exponent = end + 1
        while _is_op(tokens[exponent], "+", "-"):
            exponent += 1
        return power_end(tokens, exponent)
    return end


def atom_end(tokens: list[Token], index: int) -> int:
    """Past the atom (number, name, bracket, function, fraction, root) at ``index``."""
    kind = tokens[index].kind
    if kind in (OPEN, ABS_OPEN, BAR):
        return closing(tokens, index) + 1
    if kind == FUNC:
        return _function_end(tokens, index + 1)
    if kind == FRAC:
        return atom_end(tokens, atom_end(tokens, index + 1))
    if kind == ROOT:
        after = index + 1
        if tokens[after].kind == OPEN and tokens[after].text == "[":
            after = closing(tokens, after) + 1
        return atom_end(tokens, after)
    return min(index + 1, len(tokens) - 1)


def _function_end(tokens: list[Token], index: int) -> int:
    """Past a function's power, log base and argument, ``index`` just after its name."""
    if _is_op(tokens[index], "^"):
        index = atom_end(tokens, index + 1)
    if tokens[index].kind == SUB:
        index = atom_end(tokens, index + 1)
    if tokens[index].kind == OPEN and tokens[index].text in "({":
        return closing(tokens, index) + 1
    if tokens[index].kind == NUMBER and tokens[index + 1].kind in FACTOR_STARTS:
        return power_end(tokens, power_end(tokens, index))
    return power_end(tokens, index)


def closing(tokens: list[Token], index: int) -> int:
    """The index of the bracket or bar that closes the one at ``index``."""
    if tokens[index].kind == BAR:
        return _closing_bar(tokens, index)
    depth = 0
    for position in range(index, len(tokens)):
        kind = tokens[position].kind
        if kind in (OPEN, ABS_OPEN):
            depth += 1
        elif kind in (CLOSE, ABS_CLOSE):
            depth -= 1
            if depth == 0:
                return position
    return len(tokens) - 1


def _closing_bar(tokens: list[Token], index: int) -> int:
    """A bar after an operand closes the open bar (the grammar's rule)."""
    position = index + 1
    while tokens[position].kind != END:
        token = tokens[position]
        if token.kind == BAR and tokens[position - 1].kind not in (OP, BAR):
            return position
        position = atom_end(tokens, position) if token.kind != OP else position + 1
    return position


def _is_op(token: Token, *ops: str) -> bool:
    return token.kind == OP and token.text in ops
