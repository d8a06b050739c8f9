"""Statistical disclosure control for public tables: primary and complementary
suppression of a two-way table of counts with its margins.

Primary suppression hides every cell and margin below k (zeros included, so a table
never tells that "nobody" or "one person" in an area spoke of something). A hidden
value must also not be derivable from the published ones: each row, column and the
margins obey a linear equation (cells add up to their totals), so after hiding, we
solve that system symbolically and, for every hidden value the others still determine,
hide one more value in one of its equations (the smallest, to lose the least), until no
hidden value is determined. "Determined" is exact linear algebra over the rationals:
x_i is determined iff the unit vector e_i lies in the row space of the constraint
matrix restricted to the hidden values, i.e. iff its reduced row echelon form has a row
whose only non-zero entry is at i.

What this does not do: protect against interval attacks. Counts are non-negative, so
an attacker can still narrow a hidden cell to a range (never to one value); see
docs/security.md.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from fractions import Fraction

Element = Hashable  # ('cell', row, col) | ('row', row) | ('col', col) | ('all',)


@dataclass(frozen=True)
class SuppressedTable:
    """A table of counts with margins; None marks a suppressed value."""

    k: int
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: dict[tuple[str, str], int | None]
    row_totals: dict[str, int | None]
    column_totals: dict[str, int | None]
    total: int | None


def _equations(rows: Sequence[str], columns: Sequence[str]) -> list[dict[Element, int]]:
    equations: list[dict[Element, int]] = []
    for r in rows:
        eq: dict[Element, int] = {("cell", r, c): 1 for c in columns}
        eq[("row", r)] = -1
        equations.append(eq)
    for c in columns:
        eq = {("cell", r, c): 1 for r in rows}
        eq[("col", c)] = -1
        equations.append(eq)
    equations.append({**{("row", r): 1 for r in rows}, ("all",): -1})
    equations.append({**{("col", c): 1 for c in columns}, ("all",): -1})
    return equations


def determined(hidden: Sequence[Element], equations: list[dict[Element, int]]) -> set[Element]:
    """The hidden elements whose value the equations and the shown values fix."""
    index = {e: i for i, e in enumerate(hidden)}
    matrix = []
    for eq in equations:
        row = [Fraction(0)] * len(hidden)
        for element, coefficient in eq.items():
            if element in index:
                row[index[element]] = Fraction(coefficient)
        if any(row):
            matrix.append(row)
    pivot_row = 0
    for col in range(len(hidden)):
        found = next((i for i in range(pivot_row, len(matrix)) if matrix[i][col]), None)
        if found is None:
            continue
        matrix[pivot_row], matrix[found] = matrix[found], matrix[pivot_row]
        lead = matrix[pivot_row][col]
        matrix[pivot_row] = [v / lead for v in matrix[pivot_row]]
        for i in range(len(matrix)):
            if i != pivot_row and matrix[i][col]:
                factor = matrix[i][col]
                matrix[i] = [a - factor * b for a, b in zip(matrix[i], matrix[pivot_row],
                                                            strict=True)]
        pivot_row += 1
        if pivot_row == len(matrix):
            break
    fixed = set()
    for row in matrix[:pivot_row]:
        nonzero = [i for i, v in enumerate(row) if v]
        if len(nonzero) == 1:
            fixed.add(hidden[nonzero[0]])
    return fixed


def suppress(
    counts: dict[tuple[str, str], int], rows: Sequence[str], columns: Sequence[str], k: int
) -> SuppressedTable:
    """Margins of `counts` (missing cells count 0), with every value below k hidden and
    enough others hidden that no hidden value can be derived from the equations."""
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    values: dict[Element, int] = {}
    for r in rows:
        for c in columns:
            values[("cell", r, c)] = counts.get((r, c), 0)
    for r in rows:
        values[("row", r)] = sum(values[("cell", r, c)] for c in columns)
    for c in columns:
        values[("col", c)] = sum(values[("cell", r, c)] for r in rows)
    values[("all",)] = sum(values[("row", r)] for r in rows)

    equations = _equations(rows, columns)
    hidden = {e for e, v in values.items() if v < k}
    while hidden:
        leaks = determined(sorted(hidden, key=repr), equations)
        if not leaks:
            break
        leak = min(leaks, key=repr)
        candidates = [e for eq in equations if leak in eq for e in eq if e not in hidden]
        candidates = candidates or [e for e in values if e not in hidden]
        if not candidates:
            break
        # Prefer inner cells to totals, then the smallest value: least information lost.
        hidden.add(min(candidates, key=lambda e: (e[0] != "cell", values[e], repr(e))))

    def shown(e: Element) -> int | None:
        return None if e in hidden else values[e]

    return SuppressedTable(
        k=k,
        rows=tuple(rows),
        columns=tuple(columns),
        cells={(r, c): shown(("cell", r, c)) for r in rows for c in columns},
        row_totals={r: shown(("row", r)) for r in rows},
        column_totals={c: shown(("col", c)) for c in columns},
        total=shown(("all",)),
    )
