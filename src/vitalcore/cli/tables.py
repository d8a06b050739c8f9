"""The tables every command draws: a cell too wide for its column folds onto the next
line instead of being cut to an ellipsis, so nothing printed at 80 columns is lost
(docs/cli.md)."""

from __future__ import annotations

from typing import Any

from rich.table import Table as RichTable


class Table(RichTable):
    """rich's Table whose columns fold (overflow="fold") unless a column says otherwise."""

    def add_column(self, *args: Any, **kwargs: Any) -> None:  # noqa: ANN401 - rich's own
        kwargs.setdefault("overflow", "fold")
        super().add_column(*args, **kwargs)
