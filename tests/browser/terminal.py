"""The served page as a reader's browser shows it, read as text.

textual-serve's page draws the terminal (xterm.js) on a canvas, so its text is not in
the page's elements. xterm.js holds it, row by row, in its buffer: these tests read it
through xterm.js's public buffer API (``buffer.active.getLine(y).translateToString()``),
the text its accessibility layer would give a screen reader. Not through that layer
itself: turning on xterm.js's screen-reader mode changes the keys (shift+tab then leaves
the terminal for the browser), and these tests check the keys as a reader has them.
The page does not expose its terminal, so a script run before the page's own catches
it when the page stores it (as ``this.terminal``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Catches each xterm.js terminal as the page stores it, into window.__mssTerminals.
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true, enumerable: true});
    (window.__mssTerminals = window.__mssTerminals || []).push(value);
  },
});
"""
SCREEN_TEXT = """() => {
  const terminal = window.__mssTerminals[0], buffer = terminal.buffer.active, rows = [];
  for (let y = 0; y < terminal.rows; y++) rows.push(buffer.getLine(buffer.viewportY + y).translateToString(true));
  return rows.join("\\n");
}"""
#: Generous: a cold explorer on a loaded 2-core machine. Nothing here measures speed.
TIMEOUT_MS = 60_000


@dataclass
class TerminalPage:
    page: Any  # playwright.sync_api.Page
    url: str
    #: Every URL the page asked for.
    requests: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, page: Any, url: str) -> TerminalPage:
        terminal = cls(page, url)
        page.on("request", lambda request: terminal.requests.append(request.url))
        page.add_init_script(CATCH_TERMINAL)
        page.goto(url)
        page.wait_for_function("() => (window.__mssTerminals || []).length > 0", timeout=TIMEOUT_MS)
        terminal.wait_for("MSS Explorer")
        terminal.wait_for("? Help")  # the footer: the app is up and has bound its keys
        return terminal

    def text(self) -> str:
        """The screen's text, row by row, as the page holds it."""
        return self.page.evaluate(SCREEN_TEXT)

    def wait_for(self, *texts: str) -> str:
        """Wait until every one of ``texts`` is on the screen; the screen's text."""
        return self._wait("texts.every(t => screen.includes(t))", texts, "never showed")

    def wait_gone(self, *texts: str) -> str:
        """Wait until none of ``texts`` is on the screen; the screen's text."""
        return self._wait("!texts.some(t => screen.includes(t))", texts, "never went from")

    def _wait(self, condition: str, texts: tuple[str, ...], failure: str) -> str:
        from playwright.sync_api import TimeoutError

        try:
            self.page.wait_for_function(
                f"(texts) => {{ const screen = ({SCREEN_TEXT})(); return {condition}; }}",
                arg=list(texts), timeout=TIMEOUT_MS, polling=100,
            )
        except TimeoutError:
            raise AssertionError(f"the page {failure} the screen {list(texts)}; it shows:\n{self.text()}") from None
        return self.text()

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def screenshot(self, path: Any) -> None:
        self.page.screenshot(path=str(path))
