"""Exact amounts: ``Decimal`` where it is exact, ``Fraction`` where it is not.

Decimal is fast and prints as people expect; a third (年终考核 三种方式各占三分之一)
or the mean of seven monthly scores has no finite decimal, so it stays a
Fraction until the scheme rounds it. These helpers mix the two without ever
passing through a binary float, and fold a Fraction back into a Decimal as soon
as that is exact (0.3 × 256/3 is Decimal 25.6).

Decimal arithmetic rounds to 28 digits by default, silently. Here it runs in a
context that traps any rounding: a result that would need more digits is formed
as a Fraction instead, so an amount is exact at any size (``_limits`` bounds the
inputs, so this stays the rare path).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Context, Decimal, DivisionByZero, Inexact, InvalidOperation, Overflow
from fractions import Fraction

Exact = Decimal | Fraction
ZERO = Decimal(0)
ONE = Decimal(1)
#: Decimal arithmetic that never rounds: an inexact result raises ``Inexact`` instead.
EXACT = Context(prec=60, traps=[Inexact, InvalidOperation, DivisionByZero, Overflow])


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
        try:
            return EXACT.divide(Decimal(value.numerator), Decimal(value.denominator))
        except Inexact:
            return value  # more digits than the context holds: the Fraction is the exact value
    return value


def add(a: Exact, b: Exact) -> Exact:
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        try:
            return EXACT.add(a, b)
        except Inexact:
            pass
    return normal(Fraction(a) + Fraction(b))


def sub(a: Exact, b: Exact) -> Exact:
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        try:
            return EXACT.subtract(a, b)
        except Inexact:
            pass
    return normal(Fraction(a) - Fraction(b))


def mul(a: Exact, b: Exact) -> Exact:
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        try:
            return EXACT.multiply(a, b)
        except Inexact:
            pass
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


#: Texts already written: a result repeats a few amounts (-2, 0.5, 100) a million times.
_TEXTS: dict[Exact, str] = {}


def text(value: Exact) -> str:
    """6, 5.5, 0.3 or 256/3: the exact value as people read it (equal values read alike)."""
    found = _TEXTS.get(value)
    if found is None:
        found = _text(value)
        if len(_TEXTS) >= 65_536:
            _TEXTS.clear()
        _TEXTS[value] = found
    return found


def _text(value: Exact) -> str:
    v = normal(value)
    if isinstance(v, Fraction):
        return f"{v.numerator}/{v.denominator}"
    digits = len(v.as_tuple().digits)
    s = format(v.normalize(Context(prec=max(28, digits))), "f")  # the default context would round
    return "0" if s in ("-0", "") else s
