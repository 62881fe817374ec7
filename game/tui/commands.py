"""The command palette's provider: new game, save, load, language, theme, hints, help…"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from .app import KoorddanserApp


class KoorddanserCommands(Provider):
    """Offers the app's commands, titled in the player's language."""

    def _commands(self) -> Iterable[tuple[str, str, Callable[[], object]]]:
        # Textual types a provider's app as App[object]; this provider serves only ours.
        return cast("KoorddanserApp", self.app).palette_commands(self.screen)

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = max(matcher.match(title), matcher.match(help_text) * 0.5)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
