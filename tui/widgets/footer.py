"""The footer: Textual's look, its keys updated in place, the keys that matter kept.

Textual's Footer builds a new widget for every key it shows each time the active
bindings change (every change of focus, every view switch), each bound to the
footer's ``compact`` and restyled twice on mount. Styling a key makes a throwaway DOM
node per component class, tied up in reference cycles: 19 in 20 of the objects the
garbage collector freed while switching views were the footer's, and the collections
they caused took 20–90 ms each, on the event loop. Its data bindings also leaked (in
Textual 8.2.8): every key ever shown stayed alive.

:class:`ExplorerFooter` keeps Textual's (public) Footer, its CSS and the command
palette's key docked on the right, but shows each key with a :class:`FooterEntry` of
our own (public API only: Textual's key widget lives in a private module) that it
updates in place: widgets are only added or removed when the number of keys changes.
When the keys do not fit at full size, it shows them compact; when they do not fit
compact either, it leaves out the keys of the innermost widget first (the focused
pane's scroll keys), so the screen's and the app's (a, y, ?, q) always show.

Textual's Footer, for an upstream report (8.2.8): keys that do not fit run on under the
command palette's key, and in compact mode that key's ``margin-right: 1`` uncovers a
column where they show through::

    from textual.app import App
    from textual.widgets import Footer

    class Many(App):
        BINDINGS = [(k, "bell", f"Action {k}") for k in "abcdefghijklmnop"]
        def compose(self):
            yield Footer(compact=True)

    # Many().run() at 80 columns: the "Action" keys are cut at the palette's key,
    # and one stray character of them shows to its right, after "palette".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.widget import Widget
from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.screen import Screen

__all__ = ["ExplorerFooter", "FooterEntry", "Shown"]


@dataclass(frozen=True, slots=True)
class Shown:
    """What one key of the footer shows."""

    key: str
    key_display: str
    description: str
    action: str
    enabled: bool
    tooltip: str
    #: How far from the focus the binding's node is (0: the focused widget): the keys
    #: of the innermost nodes are left out first when they do not all fit.
    level: int = 0

    def width(self, compact: bool) -> int:
        """Columns taken in the footer (its margin included)."""
        key = cell_len(self.key_display)
        description = cell_len(self.description)
        if compact:
            return key + (description + 1 if description else 0) + 1
        return key + 2 + (description + 1 if description else 0)


class FooterEntry(Widget):
    """One key in the footer, updated in place: its key, then what it does."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer-entry--key", "footer-entry--description"}
    DEFAULT_CSS = """
    FooterEntry {
        width: auto;
        height: 1;
        text-wrap: nowrap;
        background: $footer-item-background;
        .footer-entry--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
            padding: 0 1;
        }
        .footer-entry--description {
            padding: 0 1 0 0;
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        &:hover {
            pointer: pointer;
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        &.-disabled {
            text-style: dim;
        }
        &.-compact {
            margin-right: 1;
            .footer-entry--key {
                padding: 0;
            }
            .footer-entry--description {
                padding: 0 0 0 1;
            }
        }
        &.-command-palette {
            dock: right;
            margin-right: 0;
            padding-right: 1;
            border-left: vkey $foreground 20%;
        }
    }
    """

    def __init__(self, shown: Shown, *, classes: str = "") -> None:
        super().__init__(classes=classes)
        self.shown = shown
        self.key, self.key_display, self.description, self.action = (
            shown.key, shown.key_display, shown.description, shown.action)
        self.set_class(not shown.enabled, "-disabled")
        self.set_reactive(Widget.shrink, False)
        if shown.tooltip:
            self.tooltip = shown.tooltip

    def render(self) -> Text:
        key_padding = self.get_component_styles("footer-entry--key").padding
        text = Text()  # styles as spans: Text(..., style) would style the whole line
        text.append(" " * key_padding.left + self.key_display + " " * key_padding.right,
                    self.get_component_rich_style("footer-entry--key"))
        if self.description:
            padding = self.get_component_styles("footer-entry--description").padding
            text.append(" " * padding.left + self.description + " " * padding.right,
                        self.get_component_rich_style("footer-entry--description"))
        text.stylize_before(self.rich_style)
        return text

    def show(self, shown: Shown) -> None:
        """Show another key (the widget stays)."""
        if shown == self.shown:
            return
        resized = (len(shown.key_display), len(shown.description)) != (len(self.shown.key_display),
                                                                       len(self.shown.description))
        self.shown = shown
        self.key, self.key_display, self.description, self.action = (
            shown.key, shown.key_display, shown.description, shown.action)
        self.set_class(not shown.enabled, "-disabled")
        self.tooltip = shown.tooltip or None
        self.refresh(layout=resized)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if self.shown.enabled:
            self.app.simulate_key(self.shown.key)
        else:
            self.app.bell()


class ExplorerFooter(Footer):
    """The keys that work here, and the command palette's on the right."""

    # The keys are compact when the footer is: one restyle of the footer's children when
    # that changes (a class on each entry as well restyled every entry twice).
    DEFAULT_CSS = """
    ExplorerFooter.-compact > FooterEntry.-key {
        margin-right: 1;
        .footer-entry--key {
            padding: 0;
        }
        .footer-entry--description {
            padding: 0 0 0 1;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        #: The key entries, in order (the palette's apart): the first as many as there
        #: are keys show them, the others are hidden, kept for a view with more keys.
        #: Hidden rather than removed: a removal lands a few turns later, after the
        #: switch's paint, and costs a layout and a paint of its own.
        self._entries: list[FooterEntry] = []
        self._palette_entry: FooterEntry | None = None
        #: An update is due after the next refresh (several requests, one update).
        self._due = False

    def compose(self):
        return ()  # keys are mounted once the screen's bindings are known

    def bindings_changed(self, screen: Screen) -> None:
        if not screen.app.app_focus and self.children:
            # As Textual's footer: keep showing the keys while the app is unfocused. But an
            # app can start unfocused (a browser tab not yet clicked): show them once then.
            return
        if self.is_attached and screen is self.screen and not self._due:
            self._due = True
            self.call_after_refresh(self._show_keys_due)

    def shown_keys(self) -> tuple[list[Shown], Shown | None]:
        """The keys to show, one per action, and the command palette's (or None)."""
        active = self.screen.active_bindings
        by_action: dict[str, Shown] = {}
        levels: dict[int, int] = {}  # the nodes in the order met: the focused widget's first
        for node, binding, enabled, tooltip in active.values():
            level = levels.setdefault(id(node), len(levels))
            if binding.show and binding.action not in by_action:
                by_action[binding.action] = Shown(binding.key, self.app.get_key_display(binding),
                                                  binding.description, binding.action, enabled, tooltip, level)
        palette = None
        found = active.get(self.app.COMMAND_PALETTE_BINDING)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE and found is not None:
            _node, binding, enabled, tooltip = found
            palette = Shown(binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                            enabled, binding.tooltip or binding.description)
        return list(by_action.values()), palette

    def _show_keys_due(self) -> None:
        self._due = False
        self.show_keys_now()

    def show_keys_now(self) -> None:
        """Show the keys that work now, at once: the entries are updated in place (each
        repainted only if what it shows changed), the surplus removed, the missing
        mounted. Called by the main screen in the same turn as a view switch, so that
        the footer's new keys are laid out and painted with the view (a view switch
        changes the keys: Participants has c Chart, Sources c Next cite…)."""
        if not self.is_attached:
            return  # gone (the app closing as a dialog opened): Textual refuses mounts then
        keys, palette = self.shown_keys()
        keys, compact = fitting(keys, palette, self.size.width)
        self._set_compact(compact)
        entries = self._entries
        shown_count = len(keys)
        for entry, shown in zip(entries, keys):
            entry.show(shown)
            if not entry.display:
                entry.display = True
        for entry in entries[shown_count:]:
            if entry.display:
                entry.display = False  # kept for the next view with more keys
        if shown_count > len(entries):
            new = [FooterEntry(shown, classes="-key") for shown in keys[len(entries):]]
            entries.extend(new)
            if self._palette_entry is None:
                self.mount_all(new)
            else:
                self.mount_all(new, before=self._palette_entry)
        palette_entry = self._palette_entry
        if palette is None and palette_entry is not None:
            self._palette_entry = None
            palette_entry.remove()
        elif palette is not None and palette_entry is None:
            # Compact, as Textual's footer shows it (its key is not bound to the footer's style).
            self._palette_entry = FooterEntry(palette, classes="-command-palette -compact")
            self.mount(self._palette_entry)
        elif palette is not None and palette_entry is not None:
            palette_entry.show(palette)

    def on_resize(self) -> None:
        if self.is_attached and not self._due:
            self._due = True
            self.call_after_refresh(self._show_keys_due)  # which keys fit may change

    def _set_compact(self, compact: bool) -> None:
        if compact != self.compact:
            self.compact = compact  # the footer's class "-compact": its keys follow (CSS)


def fitting(keys: list[Shown], palette: Shown | None, width: int) -> tuple[list[Shown], bool]:
    """The keys that fit in ``width`` columns beside the palette's, and whether they are
    compact (a space between keys, none inside them): compact when they do not fit at
    full size (the Notes view's nine keys at 80 columns); when they do not fit compact
    either, the keys of the innermost node go first, its last key first (the focused
    pane's scroll keys before the view's, the view's before the screen's and the app's)."""
    if width <= 0:  # not laid out yet: all of them (a resize comes)
        return keys, False
    room = width - (palette.width(compact=True) + 1 if palette is not None else 0)  # and its border
    if sum(key.width(compact=False) for key in keys) <= room:
        return keys, False
    kept = list(keys)
    while kept and sum(key.width(compact=True) for key in kept) > room:
        innermost = min(key.level for key in kept)
        last = max(i for i, key in enumerate(kept) if key.level == innermost)
        del kept[last]
    return kept, True
