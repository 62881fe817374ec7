"""Base classes for Koorddanser's screens: footer keys in the player's language.

Bindings are declared once with an ``id`` (keymap style, so a keymap can move them); the
footer shows the description ``key.<id>`` from ui.yaml in the current language.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, TypeVar

from textual.binding import ActiveBinding
from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from .app import KoorddanserApp
    from .strings import Strings


def _translated(app: KoorddanserApp, bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    # Bindings may be asked for before the app has read its strings: untranslated then.
    strings: Strings | None = getattr(app, "strings", None)
    if strings is None:
        return bindings
    out: dict[str, ActiveBinding] = {}
    for key, active in bindings.items():
        b = shown = active.binding
        name = f"key.{b.id or b.action}"
        if strings.has(name):
            shown = dataclasses.replace(shown, description=app.t(name), tooltip="")
        if b.group is not None and strings.has(f"key.group.{b.group.description}"):
            group = dataclasses.replace(b.group, description=app.t(f"key.group.{b.group.description}"))
            shown = dataclasses.replace(shown, group=group)
        if shown is not b:
            active = ActiveBinding(active.node, shown, active.enabled, "")
        out[key] = active
    return out


class _Localised:
    """What every Koorddanser screen shares: the app, translated keys, relabel on a language switch."""

    app: Any

    @property
    def kapp(self) -> KoorddanserApp:
        return self.app

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return _translated(self.kapp, super().active_bindings)  # type: ignore[misc]

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._lang_changed, init=False)  # type: ignore[attr-defined]

    def _lang_changed(self, _lang: str) -> None:
        self.relabel()
        self.refresh_bindings()  # type: ignore[attr-defined]

    def relabel(self) -> None:
        """Show every text again in the current language (override)."""


class KScreen(_Localised, Screen):
    """A full screen whose footer speaks the player's language."""


ResultT = TypeVar("ResultT")


class KModal(_Localised, ModalScreen[ResultT]):
    """A dialog whose texts and footer follow the player's language."""
