"""The detail panel: every field of the selected item, its caveats, notes and evidence."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tui.present import Details

__all__ = ["DetailPanel"]


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

    def compose(self) -> ComposeResult:
        yield Static(Content("Select an item to see its details and evidence."), classes="detail-title")

    def clear(self, message: str = "") -> None:
        self.item_id = None
        self.remove_children()
        if message:
            self.mount(Static(Content(message), classes="detail-title"))

    def show(self, item_id: str | None, details: Details) -> None:
        changed = item_id != self.item_id
        self.item_id = item_id
        widgets: list[Static | Grid] = [
            Static(details.title, classes="detail-title"),
            Static(details.subtitle, classes="detail-subtitle"),
        ]
        if details.fields:
            cells: list[Static] = []
            for label, value in details.fields:
                cells += [Static(Content(label), classes="field-label"), Static(value, classes="field-value")]
            grid = Grid(*cells, classes="detail-fields")
            grid.styles.grid_columns = f"{max(len(label) for label, _ in details.fields)} 1fr"
            widgets.append(grid)
        for heading, style, body in details.sections:
            widgets.append(Static(Content.styled(heading, style), classes="detail-heading"))
            widgets.append(Static(body, classes="detail-section"))
        with self.app.batch_update():
            self.remove_children()
            self.mount_all(widgets)
        if changed:
            self.scroll_home(animate=False)
