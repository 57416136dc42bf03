"""How a person sees an amount: rounded for display, never as a fraction, with one minus sign.

The engine keeps every amount exact (``256/3`` is a Fraction until the scheme rounds it), and
the JSON keeps it so. A table, ``explain`` or a CSV for a spreadsheet shows it rounded to the
scheme's places (its ``rounding``, else two), trailing zeros dropped (``83.5``, ``80``), with
``≈`` where the shown value is not the exact one (``≈ 85.33`` for 256/3); ``--exact`` shows
the exact value instead. The minus sign is ASCII ``-``: a table pasted into Excel stays numbers
(U+2212 pastes as text).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction

from .._exact import Exact, normal, text
from ..scheme.model import Scheme

#: Places shown when the scheme declares no rounding.
PLACES = 2
_WIDE = Context(prec=80)


@dataclass(frozen=True)
class Display:
    """Amounts as one human format shows them (see the module's docstring)."""

    places: int = PLACES
    exact: bool = False
    #: Whether a value rounded for display is marked ``≈`` (not in a spreadsheet's number cells).
    mark: bool = True

    @classmethod
    def of(cls, scheme: Scheme, *, exact: bool = False, mark: bool = True) -> Display:
        places = scheme.rounding.places if scheme.rounding is not None else PLACES
        return cls(places, exact, mark)

    def rounded(self, value: Exact) -> tuple[str, bool]:
        """The value as shown and whether that is the exact value."""
        v = normal(value)
        if self.exact:
            return text(v), True
        wide = _WIDE.divide(Decimal(v.numerator), Decimal(v.denominator)) if isinstance(v, Fraction) else v
        shown = wide.quantize(Decimal(1).scaleb(-self.places), rounding=ROUND_HALF_UP)
        if isinstance(v, Decimal) and shown == v:  # 85.0800 has two places, trailing zeros aside
            return text(v), True
        return text(shown.normalize() if shown else Decimal(0)), False

    def amount(self, value: Exact) -> str:
        """``83.5``, ``-2``, ``≈ 85.33`` (or ``85.33`` where nothing is marked)."""
        shown, exact = self.rounded(value)
        return shown if exact or not self.mark else f"≈ {shown}"

    def signed(self, value: Exact) -> str:
        """``+1``, ``-0.5``, ``0``, ``≈ +0.33``: an amount as a ledger line reads it."""
        shown, exact = self.rounded(value)
        if shown == "0" and exact:
            return "0"
        signed = shown if shown.startswith("-") else f"+{shown}"
        return signed if exact or not self.mark else f"≈ {signed}"
