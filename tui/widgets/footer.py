"""The footer: Textual's look, its keys updated in place.

Textual's Footer builds a new widget for every key it shows each time the active
bindings change (every change of focus, every view switch), each bound to the
footer's ``compact`` and restyled twice on mount. Styling a key makes a throwaway DOM
node per component class, tied up in reference cycles: 19 in 20 of the objects the
garbage collector freed while switching views were the footer's, and the collections
they caused took 20–90 ms each, on the event loop. Its data bindings also leaked (in
Textual 8.2.8): every key ever shown stayed alive.

:class:`ExplorerFooter` keeps Textual's Footer (its CSS, the command palette's key
docked on the right) but shows each key with a :class:`FooterEntry` that it updates
in place: widgets are only added or removed when the number of keys changes. When the
keys do not fit at full size, it shows them compact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual import events
from textual.reactive import reactive
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

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


class FooterEntry(FooterKey):
    """One key in the footer, updated in place (a FooterKey, so Footer's CSS applies)."""

    compact = reactive(False, init=False)  # the footer is never compact

    def __init__(self, shown: Shown, *, classes: str = "") -> None:
        super().__init__(shown.key, shown.key_display, shown.description, shown.action,
                         disabled=not shown.enabled, tooltip=shown.tooltip, classes=classes)
        self.shown = shown

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
        event.prevent_default()  # FooterKey's own handler would press the key again
        if self.shown.enabled:
            self.app.simulate_key(self.shown.key)
        else:
            self.app.bell()


class ExplorerFooter(Footer):
    """The keys that work here, and the command palette's on the right."""

    def compose(self):
        return ()  # keys are mounted once the screen's bindings are known

    def bindings_changed(self, screen: Screen) -> None:
        if not screen.app.app_focus and self.children:
            # As Textual's footer: keep showing the keys while the app is unfocused. But an
            # app can start unfocused (a browser tab not yet clicked): show them once then.
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._show_keys)

    def shown_keys(self) -> tuple[list[Shown], Shown | None]:
        """The keys to show, one per action, and the command palette's (or None)."""
        active = self.screen.active_bindings
        by_action: dict[str, Shown] = {}
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in by_action:
                by_action[binding.action] = Shown(binding.key, self.app.get_key_display(binding),
                                                  binding.description, binding.action, enabled, tooltip)
        palette = None
        found = active.get(self.app.COMMAND_PALETTE_BINDING)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE and found is not None:
            _node, binding, enabled, tooltip = found
            palette = Shown(binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                            enabled, binding.tooltip or binding.description)
        return list(by_action.values()), palette

    async def _show_keys(self) -> None:
        # Checked again after every await: the app may have begun to exit meanwhile (q
        # pressed as the first keys were mounted), and Textual then refuses to mount.
        if not self.is_attached:
            return
        keys, palette = self.shown_keys()
        entries = [child for child in self.children if isinstance(child, FooterEntry)]
        palette_entry = next((e for e in entries if e.has_class("-command-palette")), None)
        entries = [e for e in entries if e is not palette_entry]
        for entry, shown in zip(entries, keys):
            entry.show(shown)
        if len(entries) > len(keys):
            await self.remove_children(entries[len(keys):])
        elif len(keys) > len(entries):
            new = [FooterEntry(shown, classes="-compact" if self.compact else "") for shown in keys[len(entries):]]
            if palette_entry is None:
                await self.mount_all(new)
            else:
                await self.mount_all(new, before=palette_entry)
        if not self.is_attached:
            return  # went away meanwhile (the app closing as a dialog opened)
        if palette is None and palette_entry is not None:
            await palette_entry.remove()
        elif palette is not None and palette_entry is None:
            # Compact, as Textual's footer shows it (its key is not bound to the footer's style).
            await self.mount(FooterEntry(palette, classes="-command-palette -compact"))
        elif palette is not None and palette_entry is not None:
            palette_entry.show(palette)
        self._fit(keys, palette)

    def on_resize(self) -> None:
        if self.is_attached:
            self._fit(*self.shown_keys())

    def _fit(self, keys: list[Shown], palette: Shown | None) -> None:
        """Compact (a space between keys, none inside them) when the keys do not fit at
        full size: the Notes view's nine keys at 80 columns."""
        full = sum(cell_len(k.key_display) + 2 + (cell_len(k.description) + 1 if k.description else 0)
                   for k in keys)
        if palette is not None:
            full += cell_len(palette.key_display) + cell_len(palette.description) + 3  # and its border
        compact = full > self.size.width
        if compact != self.compact:
            self.compact = compact
            for entry in self.query_children(FooterEntry):
                if not entry.has_class("-command-palette"):
                    entry.set_class(compact, "-compact")
