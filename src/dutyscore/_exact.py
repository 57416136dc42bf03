"""Exact amounts: ``Decimal`` where it is exact, ``Fraction`` where it is not.

Decimal is fast and prints as people expect; a third (年终考核 三种方式各占三分之一)
or the mean of seven monthly scores has no finite decimal, so it stays a
Fraction until the scheme rounds it. These helpers mix the two without ever
passing through a binary float, and fold a Fraction back into a Decimal as soon
as that is exact (0.3 × 256/3 is Decimal 25.6).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

Exact = Decimal | Fraction
ZERO = Decimal(0)


def terminates(value: Fraction) -> bool:
    """Whether ``value`` has a finite decimal expansion (denominator 2^a·5^b)."""
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def normal(value: Exact | int) -> Exact:
    """A Decimal when exact, else the Fraction."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if value.denominator == 1:
        return Decimal(value.numerator)
    if terminates(value):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return value


def add(a: Exact, b: Exact) -> Exact:
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a + b
    return normal(Fraction(a) + Fraction(b))


def sub(a: Exact, b: Exact) -> Exact:
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a - b
    return normal(Fraction(a) - Fraction(b))


def mul(a: Exact, b: Exact) -> Exact:
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a * b
    return normal(Fraction(a) * Fraction(b))


def total(values: Iterable[Exact]) -> Exact:
    """The exact sum; stays Decimal while every term is one."""
    out: Exact = ZERO
    for v in values:
        out = add(out, v)
    return out


def magnitude(value: Exact) -> Exact:
    """The absolute value, typed as exact (``abs`` of a union loses the type)."""
    return -value if value < 0 else value


def text(value: Exact) -> str:
    """6, 5.5, 0.3 or 256/3: the exact value as people read it."""
    v = normal(value)
    if isinstance(v, Fraction):
        return f"{v.numerator}/{v.denominator}"
    s = format(v.normalize(), "f")
    return "0" if s in ("-0", "") else s
