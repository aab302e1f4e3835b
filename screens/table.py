"""The office's table: Textual's DataTable, drawn at its final column widths.

A DataTable sizes its columns when it is next idle, after rows are added. Lines it drew before
that (at the headings' widths) stay in its caches unless a row needed its height computed, so
a table's first rows could show cut off ("24." for a date) until it was scrolled. This one
forgets those lines once the widths are known.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.widgets import DataTable
from textual.widgets.data_table import RowKey
from typing_extensions import override


class OfficeTable(DataTable[Any]):
    """A DataTable whose rows are drawn again once its columns have their widths."""

    @override
    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        super()._update_dimensions(new_rows)
        self._clear_caches()
        self.refresh()
