"""The reader's preferences (theme, the split between list and details, the last view),
kept in a small TOML file in the user config directory.

Preferences are a convenience: a damaged, unreadable or unwritable file never stops
the app. It says so once (a toast) and goes on with the defaults. A damaged file is
never lost: it is copied to ``preferences.toml.bak`` before anything is written over
it, and when even that copy cannot be made it is left untouched (nothing is saved).

``$MSS_EXPLORER_PREFERENCES`` points to another file (the tests set it: they must not
write to the real config directory).
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
import tomli_w

from models.paths import APP_NAME
from models.text import visible

if TYPE_CHECKING:
    from textual.app import App
    from textual.theme import Theme

__all__ = ["DETAILS_MODES", "PREFERENCES_ENV_VAR", "Preferences", "PreferencesFile", "preferences_path", "remember_theme"]

PREFERENCES_ENV_VAR = "MSS_EXPLORER_PREFERENCES"
PREFERENCES_FILE_NAME = "preferences.toml"
#: The details pane: beside (or under) the list, hidden, or alone (the list hidden).
DETAILS_MODES = ("split", "hidden", "max")
#: The list's share of the width (or height, stacked), in per cent, at the most and least.
SHARE_RANGE = (15, 85)


def preferences_path(env: Mapping[str, str] | None = None) -> Path:
    """``$MSS_EXPLORER_PREFERENCES`` if set, else ``preferences.toml`` in the platform's
    user config directory (``~/.config/mss-explorer`` on Linux)."""
    env = os.environ if env is None else env
    given = env.get(PREFERENCES_ENV_VAR)
    if given:
        return Path(given).expanduser().absolute()
    return platformdirs.user_config_path(APP_NAME) / PREFERENCES_FILE_NAME


@dataclass(frozen=True)
class Preferences:
    """What is remembered; None (or "split") is the default."""

    theme: str | None = None
    #: The list's share of the width (stacked: of the height), per cent; None: the layout's own.
    list_share: int | None = None
    details: str = "split"
    view: str | None = None

    @classmethod
    def from_toml(cls, data: Mapping[str, object]) -> Preferences:
        """What the file holds; a value of the wrong kind is the default (a newer or
        hand-edited file still gives what it can)."""
        theme, share, details, view = (data.get(key) for key in ("theme", "list_share", "details", "view"))
        low, high = SHARE_RANGE
        return cls(
            theme=theme if isinstance(theme, str) and theme else None,
            list_share=share if isinstance(share, int) and low <= share <= high else None,
            details=details if details in DETAILS_MODES else "split",
            view=view if isinstance(view, str) and view else None,
        )

    def to_toml(self) -> dict[str, object]:
        return {key: value for key, value in asdict(self).items() if value is not None}


class PreferencesFile:
    """The preferences and the file they live in. :attr:`problem` says (once) what went
    wrong reading or writing it; the caller shows it and clears it."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else preferences_path()
        self.preferences = Preferences()
        #: A message for the reader, not yet shown.
        self.problem: str | None = None
        #: False once the file cannot be written (or a damaged one cannot be kept aside).
        self.writable = True
        self._damaged = False
        self._warned_write = False

    @property
    def backup_path(self) -> Path:
        return self.path.with_name(self.path.name + ".bak")

    def load(self) -> Preferences:
        try:
            raw = self.path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):  # none yet
            return self.preferences
        except OSError as exc:
            self.writable = False  # what we cannot read we do not write over
            self.problem = f"{self.path} could not be read ({exc.strerror or exc}): the defaults are used."
            return self.preferences
        try:
            data = tomllib.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            self._damaged = True
            self.problem = self._keep_damaged(raw, str(exc))
            return self.preferences
        self.preferences = Preferences.from_toml(data)
        return self.preferences

    def _keep_damaged(self, raw: bytes, why: str) -> str:
        """Copy the damaged file aside, so that saving later loses nothing."""
        try:
            self.backup_path.write_bytes(raw)
        except OSError as exc:
            self.writable = False
            return (f"{self.path} is damaged ({why}) and could not be copied aside ({exc.strerror or exc}): "
                    "the defaults are used and the file is left as it is.")
        return (f"{self.path} is damaged ({why}): the defaults are used. It was copied to "
                f"{self.backup_path.name}; your next change of theme or layout is saved over it.")

    def update(self, *, save: bool = True, **changes: object) -> None:
        """Change some preferences and save them (when anything changed and ``save``)."""
        changed = replace(self.preferences, **changes)  # type: ignore[arg-type]
        if changed == self.preferences:
            return
        self.preferences = changed
        if save:
            self.save()

    def save(self) -> bool:
        if not self.writable:
            return False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".preferences-", suffix=".toml", dir=self.path.parent)
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(tomli_w.dumps(self.preferences.to_toml()).encode("utf-8"))
                os.replace(temporary, self.path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as exc:
            if not self._warned_write:
                self._warned_write = True
                self.problem = (f"Preferences could not be saved to {self.path} ({exc.strerror or exc}): "
                                "they last until you quit.")
            return False
        return True

    def take_problem(self) -> str | None:
        """The message not yet shown (then forgotten: each is shown once)."""
        problem, self.problem = self.problem, None
        return problem


def remember_theme(app: App, kept: PreferencesFile) -> None:
    """Start with the theme chosen last (when it still exists), save the one chosen
    next (in the command palette), and say once what went wrong reading the file."""
    theme = kept.preferences.theme
    if theme is not None and theme in app.available_themes:
        app.theme = theme

    def chosen(new: Theme) -> None:
        kept.update(theme=new.name)
        tell_problem(app, kept)

    app.theme_changed_signal.subscribe(app, chosen)
    tell_problem(app, kept)


def tell_problem(app: App, kept: PreferencesFile) -> None:
    problem = kept.take_problem()
    if problem:
        app.notify(visible(problem), title="Preferences", severity="warning", timeout=10, markup=False)
