"""Suppression: nothing below k is shown, and no hidden value follows from the rest."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vitalcore.analysis.disclosure import _equations, determined, suppress


def _shown(table) -> list[int]:  # noqa: ANN001 - a SuppressedTable
    values = [*table.cells.values(), *table.row_totals.values(),
              *table.column_totals.values(), table.total]
    return [v for v in values if v is not None]


def _hidden(table) -> list:  # noqa: ANN001 - a SuppressedTable
    hidden = [("cell", r, c) for (r, c), v in table.cells.items() if v is None]
    hidden += [("row", r) for r, v in table.row_totals.items() if v is None]
    hidden += [("col", c) for c, v in table.column_totals.items() if v is None]
    return hidden + ([("all",)] if table.total is None else [])


def test_a_single_small_cell_takes_a_partner_in_its_row_and_column() -> None:
    counts = {("a", "x"): 2, ("a", "y"): 10, ("b", "x"): 9, ("b", "y"): 12}
    table = suppress(counts, ["a", "b"], ["x", "y"], k=5)
    assert table.cells[("a", "x")] is None
    # Row a's total minus a,y would give a,x: something else in row a must go too.
    assert table.cells[("a", "y")] is None or table.row_totals["a"] is None
    assert table.cells[("b", "x")] is None or table.column_totals["x"] is None
    assert determined(_hidden(table), _equations(["a", "b"], ["x", "y"])) == set()


def test_a_table_with_nothing_small_is_shown_whole() -> None:
    counts = {("a", "x"): 5, ("a", "y"): 6, ("b", "x"): 7, ("b", "y"): 8}
    table = suppress(counts, ["a", "b"], ["x", "y"], k=5)
    assert _hidden(table) == [] and table.total == 26


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 4).flatmap(lambda rows: st.integers(1, 4).flatmap(
        lambda cols: st.tuples(
            st.just(rows), st.just(cols),
            st.lists(st.integers(0, 12), min_size=rows * cols, max_size=rows * cols),
        )
    )),
    st.integers(1, 6),
)
def test_suppression_never_leaks(shape: tuple[int, int, list[int]], k: int) -> None:
    n_rows, n_cols, values = shape
    rows = [f"r{i}" for i in range(n_rows)]
    cols = [f"c{j}" for j in range(n_cols)]
    counts = {(r, c): values[i * n_cols + j] for i, r in enumerate(rows)
              for j, c in enumerate(cols)}
    table = suppress(counts, rows, cols, k)
    assert all(v >= k for v in _shown(table))
    assert determined(_hidden(table), _equations(rows, cols)) == set()
    for (r, c), v in table.cells.items():
        assert v is None or v == counts[(r, c)]
