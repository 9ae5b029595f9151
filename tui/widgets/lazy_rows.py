"""The base of the explorer's long lists: rows drawn only while they are on screen.

A dossier at a thousand times the bundled one has tens of thousands of statements,
ballots and events. Building a widget, an option or even a rendered line for each of
them freezes the interface for seconds; a :class:`LazyRows` holds only how many rows
there are, how tall each is and which the cursor may rest on, and asks its subclass
to draw the few lines the screen shows (Textual's Line API: ``render_line``). Drawn
lines are cached until the rows, the width, the theme or what a row shows change, and
kept in the style they were drawn in: a list shown again at the same width, or focused
again, shows the lines it drew before (a view switch does both).

Keys: up/down and j/k move (skipping rows the cursor cannot rest on, such as
headings), pageup/pagedown a page, home/end and g/G (and ctrl+home/ctrl+end) to the
first/last row, enter chooses. Clicking a row moves the cursor; clicking it again
chooses it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.messages import ItemHighlighted
from tui.render_caches import LineCache

__all__ = ["LazyRows"]


class LazyRows(ScrollView, can_focus=True):
    """A cursor over rows that are drawn on demand.

    Subclasses implement :meth:`render_row_line` (and :meth:`render_header_line` when
    ``header_height`` is set). Rows are given by :meth:`set_row_ids`: a sequence of item
    ids, ``None`` for a row the cursor skips (a heading), and optionally the height of
    each row in lines.
    """

    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,g,ctrl+home", "first", "First", show=False),
        Binding("end,G,ctrl+end", "last", "Last", show=False),
        Binding("enter", "choose", "Choose", show=False),
    ]

    #: Whether up at the first row goes to the last (and down at the last to the first).
    WRAP = False

    @dataclass
    class Chosen(Message):
        """Enter (or a second click) on a row."""

        rows: LazyRows
        index: int
        item_id: str | None

        @property
        def control(self) -> LazyRows:
            return self.rows

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._ids: Sequence[str | None] = ()
        self._index: dict[str, int] | None = None
        #: Line offset of each row and, last, the total (None: every row is one line).
        self._offsets: tuple[int, ...] | None = None
        self._cursor: int | None = None
        #: Rendered lines: (row, line in row, is cursor, generation, scroll x, style) -> Strip.
        self._line_cache: LineCache[tuple, Strip] = LineCache(128)
        self._generation = 0
        #: The widths the cached lines were drawn at (see render_lines).
        self._drawn_widths: tuple[int, int] | None = None
        #: The theme the cached lines were drawn in (see notify_style_update).
        self._drawn_theme: str | None = None
        #: Lines fixed at the top (a table's header), not scrolled.
        self.header_height = 0

    # -- the rows -------------------------------------------------------------------

    def set_row_ids(self, ids: Sequence[str | None], heights: Sequence[int] | None = None) -> None:
        """Replace the rows (the cursor is left to the caller: see :meth:`move_cursor`).

        Kept as tuples of strings and numbers: the garbage collector stops walking
        those once it has seen them (a list of 30,000 ids it would walk every time).
        """
        self._ids = tuple(ids)
        self._index = None
        self._offsets = None if heights is None else (0, *accumulate(heights))
        if self._cursor is not None and self._cursor >= len(ids):
            self._cursor = None
        self._rows_changed()

    def _rows_changed(self) -> None:
        self._generation += 1
        self._line_cache.clear()
        self._update_virtual_size()
        self.refresh()

    @property
    def ids(self) -> Sequence[str | None]:
        """The id of every row, in order (None for rows the cursor skips)."""
        return self._ids

    @property
    def row_count(self) -> int:
        return len(self._ids)

    def index_of(self, item_id: str) -> int | None:
        if self._index is None:
            self._index = {row_id: index for index, row_id in enumerate(self._ids) if row_id is not None}
        return self._index.get(item_id)

    def enabled(self, index: int) -> bool:
        """Whether the cursor may rest on a row."""
        return self._ids[index] is not None

    def row_height(self, index: int) -> int:
        offsets = self._offsets
        return 1 if offsets is None else offsets[index + 1] - offsets[index]

    def row_y(self, index: int) -> int:
        """The first line of a row, counted from the first row (below any header)."""
        return index if self._offsets is None else self._offsets[index]

    @property
    def total_lines(self) -> int:
        return len(self._ids) if self._offsets is None else self._offsets[-1]

    def row_at_line(self, line: int) -> tuple[int, int] | None:
        """(row, line within it) shown on a line (counted from the first row)."""
        if line < 0 or line >= self.total_lines:
            return None
        if self._offsets is None:
            return line, 0
        index = bisect_right(self._offsets, line) - 1
        return index, line - self._offsets[index]

    def content_width(self) -> int:
        """The width of the rows (the virtual width)."""
        return self.scrollable_content_region.width

    def _update_virtual_size(self) -> None:
        size = Size(self.content_width(), self.header_height + self.total_lines)
        if size != self.virtual_size:
            self.virtual_size = size
            self._scroll_update(size)

    def clear_line_cache(self) -> None:
        """Forget every drawn line (what a row shows has changed)."""
        self._generation += 1
        self._line_cache.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        # Called on every change of style: the focus (every view switch), the hover, a
        # class, the theme. The lines are kept by the style they were drawn in (see
        # _style_key), so focusing the list again finds the lines it drew when last
        # focused; a new theme also changes what the rows' own styles ("$accent") mean,
        # which no style of the list's says: everything is drawn again then.
        super().notify_style_update()
        self._style = None
        theme = self.app.theme if self.is_attached else None
        if theme != self._drawn_theme:
            self._drawn_theme = theme
            self.clear_line_cache()

    def _style_key(self) -> tuple:
        """What the drawn lines' looks depend on besides the rows: the pseudo-classes
        (focus, hover), the list's style and its component classes' styles."""
        return (self.get_pseudo_class_state(), self.rich_style,
                *(self.get_component_rich_style(name) for name in sorted(self.COMPONENT_CLASSES)))

    _style: tuple | None = None

    def on_resize(self, event: events.Resize) -> None:
        # Textual sends a Resize to a widget shown again even at the same size (every
        # view switch): the drawn lines are dropped only if the width changed
        # (render_lines), not here.
        self._update_virtual_size()
        pending = self._scroll_pending
        if pending is not None and pending[0] == self._cursor and self.scrollable_content_region:
            self.scroll_to_row(*pending[0:1], top=pending[1])

    def on_show(self) -> None:
        self._update_virtual_size()

    # -- drawing ------------------------------------------------------------------------

    def render_row_line(self, index: int, line: int, cursor: bool) -> Strip:
        """Line ``line`` of row ``index``; ``cursor`` when the cursor is on it."""
        raise NotImplementedError

    def render_header_line(self, y: int) -> Strip:
        raise NotImplementedError

    def render_blank_line(self) -> Strip:
        return Strip.blank(self.size.width, self.rich_style)

    def render_lines(self, crop: Region) -> list[Strip]:
        widths = (self.size.width, self.scrollable_content_region.width)
        if widths != self._drawn_widths:  # the lines are drawn to the width: drawn again
            self._drawn_widths = widths
            self._generation += 1
            self._line_cache.clear()
        if self._style is None:
            self._style = self._style_key()
        # In every line's key (ItemTable's header's too, under this name).
        self._pseudo_state = self._style
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        if y < self.header_height:
            return self.render_header_line(y)
        found = self.row_at_line(y - self.header_height + int(self.scroll_offset.y))
        if found is None:
            return self.render_blank_line()
        index, line = found
        cursor = index == self._cursor
        key = (index, line, cursor, self._generation, int(self.scroll_offset.x), self._pseudo_state)
        strip = self._line_cache.get(key)
        if strip is None:
            strip = self.render_row_line(index, line, cursor)
            self._line_cache[key] = strip
        return strip

    _pseudo_state: object = None

    # -- the cursor ---------------------------------------------------------------------

    @property
    def cursor(self) -> int | None:
        return self._cursor

    @property
    def current_id(self) -> str | None:
        cursor = self._cursor
        if cursor is None or cursor >= len(self._ids):
            return None
        return self._ids[cursor]

    def move_cursor(self, index: int | None, *, scroll: bool = True, announce: bool = True, top: bool = False) -> None:
        """Put the cursor on a row (None: nowhere), scroll it into view and, when it
        moved, say which item is now under it."""
        if index is not None:
            if not self._ids:
                index = None
            else:
                index = max(0, min(index, len(self._ids) - 1))
        moved = index != self._cursor
        self._cursor = index
        if moved:
            self.refresh()
        if index is None:
            return
        if scroll:
            self.scroll_to_row(index, top=top)
        if moved and announce:
            self.announce()

    def announce(self) -> None:
        """Say which item the cursor is on (its details should show)."""
        item_id = self.current_id
        if item_id is not None:
            self.post_message(ItemHighlighted(item_id))

    def select_id(self, item_id: str) -> bool:
        """Move the cursor to an item's row; False when it is not shown."""
        index = self.index_of(item_id)
        if index is None:
            return False
        self.move_cursor(index)
        return True

    def scroll_to_row(self, index: int, *, top: bool = False) -> None:
        """Scroll so the whole row shows (once laid out, if the list is not yet)."""
        if not self.scrollable_content_region:
            self._scroll_pending = (index, top)
            return
        self._scroll_pending = None
        self._scroll_to_row(index, top=top)

    _scroll_pending: tuple[int, bool] | None = None

    def _scroll_to_row(self, index: int, *, top: bool = False) -> None:
        self.scroll_to_region(
            Region(0, self.header_height + self.row_y(index), self.scrollable_content_region.width,
                   self.row_height(index)),
            force=True, animate=False, top=top, immediate=True,
        )

    def _next_enabled(self, start: int, step: int, *, wrap: bool) -> int | None:
        """The first row from ``start`` (included) that way the cursor may rest on."""
        count = len(self._ids)
        index = start
        for _ in range(count):
            if wrap:
                index %= count
            elif not 0 <= index < count:
                return None
            if self.enabled(index):
                return index
            index += step
        return None

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        if not self._ids:
            return
        if self._cursor is None:
            start = 0 if step > 0 else len(self._ids) - 1
        else:
            start = self._cursor + step
        target = self._next_enabled(start, step, wrap=self.WRAP)
        if target is not None:
            self.move_cursor(target)

    def action_first(self) -> None:
        if self._ids:
            self.move_cursor(self._next_enabled(0, 1, wrap=False))

    def action_last(self) -> None:
        if self._ids:
            self.move_cursor(self._next_enabled(len(self._ids) - 1, -1, wrap=False))

    def _page_height(self) -> int:
        return max(1, self.scrollable_content_region.height - self.header_height)

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def _page(self, step: int) -> None:
        """Move the cursor by a page of lines, onto the nearest row it may rest on."""
        if not self._ids or not self.scrollable_content_region:
            return
        if self._cursor is None:
            self.action_first() if step < 0 else self.action_last()
            return
        line = self.row_y(self._cursor) + step * self._page_height()
        line = max(0, min(line, self.total_lines - 1))
        found = self.row_at_line(line)
        if found is None:
            return
        target = self._next_enabled(found[0], step, wrap=False)
        if target is None:
            target = self._next_enabled(found[0], -step, wrap=False)
        if target is not None:
            self.move_cursor(target)

    def action_choose(self) -> None:
        cursor = self._cursor
        if cursor is not None and cursor < len(self._ids) and self.enabled(cursor):
            self.post_message(self.Chosen(self, cursor, self._ids[cursor]))

    async def _on_click(self, event: events.Click) -> None:
        if event.y < self.header_height:
            return
        found = self.row_at_line(event.y - self.header_height + int(self.scroll_offset.y))
        if found is None or not self.enabled(found[0]):
            return
        event.stop()
        if found[0] == self._cursor:
            self.action_choose()
        else:
            self.move_cursor(found[0])
