"""Traces in the core: a root its steps do not support is never shown."""

from __future__ import annotations

import pytest
import sympy as sp

from service.calculus.differentiation import traces

x = sp.Symbol("x", real=True)


def test_a_trace_that_disagrees_with_the_derivative_is_never_shown() -> None:
    with pytest.raises(traces.TraceMismatch):
        traces.check_agreement(sp.cos(x), -sp.cos(x), x)
    traces.check_agreement(sp.sec(x) ** 2, sp.tan(x) ** 2 + 1, x)
