"""Base classes for Koorddanser's screens: footer keys in the player's language.

Bindings are declared once with an ``id`` (keymap style, so a keymap can move them); the
footer shows the description ``key.<id>`` from ui.yaml in the current language.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, TypeVar

from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import VerticalScroll
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


CHOOSE = Binding.Group("choose", compact=True)


def choice_keys(action: str = "choose") -> list[Binding]:
    """Keys 1-4 for the choices on a card, one compact group in the footer: ``action(i)``."""
    return [
        Binding(str(i + 1), f"{action}({i})", str(i + 1), id=f"choose-{i + 1}", group=CHOOSE)
        for i in range(4)
    ]


def turn_keys(*own: Binding) -> list[BindingType]:
    """The keys of a half-year's turn (the player's and the municipality's), in footer order:
    the choices, Enter to go on, the screen's ``own`` keys, then language, help, menu, quit
    and PgDn for what goes on below the fold."""
    return [
        *choice_keys(),
        Binding("enter", "next", "next", id="next"),
        *own,
        Binding("t", "app.toggle_language", "language", show=False, id="language"),
        Binding("question_mark", "app.help", "help", id="help"),
        Binding("escape", "app.to_title", "menu", show=False, id="to-title"),
        Binding("q", "app.quit", "quit", id="quit"),
        Binding("pagedown", "more", "more", key_display="PgDn", priority=True, id="more"),
    ]


class TurnScreen(KScreen):
    """A half-year's turn: a card of choices in a column that scrolls (``SCROLL``)."""

    SCROLL = ""  # the id selector of the scrolling column

    def can_take(self, opens: list[bool], index: int, closed_key: str) -> bool:
        """Whether choice ``index`` may be taken; a bell when there is no such choice, a
        note (``closed_key``) when it is closed now."""
        if not 0 <= index < len(opens):
            self.app.bell()
            return False
        if not opens[index]:
            self.notify(self.kapp.t(closed_key), severity="warning", timeout=3)
            return False
        return True

    def action_more(self) -> None:
        self.query_one(self.SCROLL, VerticalScroll).scroll_page_down(animate=False)
