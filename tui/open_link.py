"""`w`: open the selected source's URL in the web browser, the URL shown first.

In Sources (6) the source is the selected one (its URL, else where a quote of it was
read), or the one whose evidence is shown; elsewhere it is the source of the selected
item's citation. The URL is shown in a
confirmation dialog and opened (``webbrowser``, in a thread: a browser may take its
time) only on "Open". A URL that is not http(s), or holds white space or a control
character, is never handed to a browser.
"""

from __future__ import annotations

import re
import webbrowser
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from models.safe_text import UNSAFE_OUTPUT
from models.schema import Dossier, Item, Source
from tui.text import visible

if TYPE_CHECKING:
    from tui.screens.main import MainScreen

__all__ = ["fold_url", "open_selected_link", "safe_url", "selected_source", "url_of"]

_HTTP = re.compile(r"https?://[^\s/?#]+\S*", re.IGNORECASE)


def safe_url(url: str | None) -> str | None:
    """``url`` if it is one http(s) URL with nothing in it that could act on a
    terminal or a shell (no white space, no control character), else None."""
    if not url or UNSAFE_OUTPUT.search(url) or _HTTP.fullmatch(url) is None:
        return None
    return url


def url_of(source: Source, read_at: str | None = None) -> str | None:
    """The source's URL, else where its quote was read when that is a URL."""
    return source.url or (read_at if read_at and _HTTP.match(read_at) else None)


def selected_source(screen: MainScreen) -> tuple[Source, str | None] | None:
    """The source ``w`` is about and its URL, or None when nothing is selected."""
    from tui.views.sources import SourcesView

    dossier: Dossier | None = screen.dossier
    if dossier is None or not screen.ready:
        return None
    view = screen.current_view
    index = 0
    if isinstance(view, SourcesView) and view.evidence_for is None:
        item_id = view.current_id
        if item_id is None or not dossier.has_item(item_id):
            return None
        thing = dossier.item(item_id)
        if not isinstance(thing, Source):
            return None
        read_at = next((c.read_at for _, c in dossier.iter_citations()
                        if c.source == thing.id and c.read_at and _HTTP.match(c.read_at)), None)
        return thing, url_of(thing, read_at)
    if isinstance(view, SourcesView):
        index = view.citation_index
    item = screen.selected_item()
    if not isinstance(item, Item) or not item.citations:
        return None
    citation = item.citations[min(index, len(item.citations) - 1)]
    source = dossier.source(citation.source)
    return source, url_of(source, citation.read_at)


def open_selected_link(screen: MainScreen) -> None:
    """Show the selected source's URL and open it on confirmation; say why not otherwise."""
    from tui.screens.confirm import ConfirmDialog

    found = selected_source(screen)
    if found is None:
        screen.notify("Select an item or a source first.", severity="warning", timeout=3)
        return
    source, url = found
    if not url:
        screen.notify(visible(f"“{source.title}” has no URL in the dossier."), title="No URL",
                      severity="warning", timeout=5, markup=False)
        return
    safe = safe_url(url)
    if safe is None:
        screen.notify(visible(f"Not opened: {url!r} is not a plain http(s) URL."), severity="error",
                      timeout=8, markup=False)
        return

    def answered(yes: bool | None) -> None:
        if yes:
            screen.run_worker(lambda: _open(screen, safe), thread=True, group="open-link",
                              description="Opening a URL in the browser")

    question = f"Open in the web browser?\n\n{fold_url(safe)}\n\n({source.title})"
    screen.app.push_screen(ConfirmDialog(question, "Open", "Cancel"), answered)


#: Marks the end of a line that the URL goes on after.
CONTINUED = " ↩"


def fold_url(url: str, width: int = 60) -> str:
    """A URL to be read whole in a dialog: lines of at most ``width`` characters, broken
    after a "/", "-", "?", "&" or "=" where one is near the end, each line but the last
    ending in " ↩", so the pieces never pass for separate strings."""
    lines: list[str] = []
    while len(url) > width:
        cut = max((url.rfind(ch, width // 2, width) for ch in "/-?&="), default=-1)
        cut = cut + 1 if cut > 0 else width
        lines.append(url[:cut] + CONTINUED)
        url = url[cut:]
    return "\n".join([*lines, url])


def _open(screen: MainScreen, url: str) -> None:
    try:
        opened = webbrowser.open(url)
    except webbrowser.Error:
        opened = False
    # The toast names the site only: it would fold a long URL into pieces (the dialog showed it whole).
    site = urlsplit(url).hostname or url
    if opened:
        screen.app.call_from_thread(screen.notify, f"Opened {site} in the web browser.", timeout=4, markup=False)
    else:
        screen.app.call_from_thread(screen.notify, "No web browser could be started. y copies the citation "
                                    "with its URL.", title="Not opened", severity="error", timeout=10, markup=False)
