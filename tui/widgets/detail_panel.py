"""The detail panel: every field of the selected item, its caveats, notes and evidence."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.selection import Selection
from textual.widgets import Static

from tui.present import Details
from tui.unbroken import Unbroken, linked

__all__ = ["DetailPanel"]


class DetailText(Static):
    """A block of the details drawn by :class:`Unbroken`; text selected with the mouse
    is taken from the lines as drawn."""

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        visual = self._render()
        if isinstance(visual, Unbroken):
            return selection.extract(visual.wrap(self.content_region.width).plain), "\n"
        return super().get_selection(selection)


def _shown(content: Content) -> Unbroken:
    """User text as the panel shows it: URLs are hyperlinks, and no URL or document
    symbol is broken across lines (see :mod:`tui.unbroken`)."""
    return Unbroken(linked(content))


class DetailPanel(VerticalScroll, can_focus=True):
    """Scrollable details laid out as a title, a grid of fields and headed sections.

    Focus it (tab) to scroll with j/k.
    """

    DEFAULT_CSS = """
    DetailPanel > .detail-fields {
        grid-size: 2;
        grid-gutter: 0 2;
        height: auto;
        margin: 1 0 0 0;
    }
    DetailPanel > .detail-fields > .field-label { text-style: bold; text-align: right; }
    DetailPanel > .detail-heading { margin-top: 1; }
    DetailPanel > .detail-section { height: auto; }
    """

    BINDINGS = [
        ("j", "scroll_down", "Scroll down"),
        ("k", "scroll_up", "Scroll up"),
        ("g", "scroll_home", "Top"),
        ("G", "scroll_end", "Bottom"),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.item_id: str | None = None
        #: The widgets shown (title, subtitle, field cells, section headings and bodies)
        #: and the shape they are for (number of fields, number of sections): the next
        #: item of the same shape updates them instead of building new ones.
        self._parts: tuple[Static, Static, Grid | None, list[Static], list[tuple[Static, Static]]] | None = None
        self._shape: tuple[int, int] | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content("Select an item to see its details and evidence."), classes="detail-title")

    def clear(self, message: str = "") -> None:
        self.item_id = None
        self._parts = self._shape = None
        self.remove_children()
        if message:
            self.mount(Static(Content(message), classes="detail-title"))

    def show(self, item_id: str | None, details: Details) -> None:
        changed = item_id != self.item_id
        self.item_id = item_id
        shape = (len(details.fields), len(details.sections))
        with self.app.batch_update():
            if self._parts is not None and shape == self._shape:
                self._update(details)  # moving along a list: mostly items of one shape
            else:
                self._build(details)
                self._shape = shape
        if changed:
            self.scroll_home(animate=False)

    def _build(self, details: Details) -> None:
        title = DetailText(_shown(details.title), classes="detail-title")
        subtitle = Static(details.subtitle, classes="detail-subtitle")
        widgets: list[Static | Grid] = [title, subtitle]
        grid = None
        cells: list[Static] = []
        if details.fields:
            for label, value in details.fields:
                cells += [Static(Content(label), classes="field-label"), DetailText(_shown(value), classes="field-value")]
            grid = Grid(*cells, classes="detail-fields")
            grid.styles.grid_columns = self._columns(details)
            widgets.append(grid)
        sections: list[tuple[Static, Static]] = []
        for heading, style, body in details.sections:
            sections.append((Static(Content.styled(heading, style), classes="detail-heading"),
                             DetailText(_shown(body), classes="detail-section")))
            widgets += sections[-1]
        self.remove_children()
        self.mount_all(widgets)
        self._parts = (title, subtitle, grid, cells, sections)

    def _update(self, details: Details) -> None:
        assert self._parts is not None
        title, subtitle, grid, cells, sections = self._parts
        title.update(_shown(details.title))
        subtitle.update(details.subtitle)
        for (label, value), label_cell, value_cell in zip(details.fields, cells[::2], cells[1::2], strict=True):
            label_cell.update(Content(label))
            value_cell.update(_shown(value))
        if grid is not None:
            grid.styles.grid_columns = self._columns(details)
        for (heading, style, body), (heading_widget, body_widget) in zip(details.sections, sections, strict=True):
            heading_widget.update(Content.styled(heading, style))
            body_widget.update(_shown(body))

    @staticmethod
    def _columns(details: Details) -> str:
        return f"{max(len(label) for label, _ in details.fields)} 1fr"
