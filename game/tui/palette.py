"""The command palette in the player's language (Textual's own says "No matches found")."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option


class KPalette(CommandPalette):
    """Textual's command palette with its one built-in message translated."""

    def __init__(self, *args, no_matches: str = "", **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._no_matches_text = no_matches

    def _start_no_matches_countdown(self, search_value: str) -> None:  # textual 8.2 internals
        self._stop_no_matches_countdown()

        def show() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(self._no_matches_text, style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)
