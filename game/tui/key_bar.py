"""KeyBar: the footer line of keys, drawn as one line of text.

Textual's Footer rebuilds a widget per key whenever the bindings change — after every
choice here — which costs a layout pass per turn. This bar repaints one line instead.
Keys show their description in the player's language (see screen_base); a key that does
nothing right now is dimmed; a click on a key runs it.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.dom import DOMNode
from textual.events import Click
from textual.screen import Screen
from textual.widget import Widget

# One key of the bar: (keys shown, description, enabled, action, the node that runs it).
Item = tuple[str, str, bool, str, DOMNode]


class KeyBar(Widget):
    """The keys of the current screen, like Textual's Footer, in one repaint."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._spans: list[tuple[int, int, str, DOMNode]] = []
        self._shown: tuple[list[Item], Item | None] | None = None  # the items of the last render

    def on_mount(self) -> None:
        # At once, not on the next idle: a screen that changes its keys in a batch of
        # updates shows the new keys in the same frame instead of one frame later.
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed, immediate=True)

    def _bindings_changed(self, _screen: Screen[object]) -> None:
        # Bindings are refreshed after every key; most of the time the bar stays the same.
        if self._items() != self._shown:
            self.refresh()

    def _items(
        self,
    ) -> tuple[list[Item], Item | None]:
        """[(keys shown, description, enabled, action, namespace)], and the palette key apart."""
        app = self.app
        items: list[Item] = []
        last: list[Item] = []  # priority keys (PgDn) go at the end
        palette: Item | None = None
        seen_actions: set[str] = set()
        group_index: dict[Binding.Group, int] = {}
        for key, active in self.screen.active_bindings.items():
            node, binding, enabled = active.node, active.binding, active.enabled
            if key == app.COMMAND_PALETTE_BINDING and binding.action in (
                "command_palette",
                "app.command_palette",
            ):
                palette = (
                    app.get_key_display(binding),
                    binding.description,
                    enabled,
                    binding.action,
                    node,
                )
                continue
            if not binding.show or binding.action in seen_actions:
                continue
            seen_actions.add(binding.action)
            shown = app.get_key_display(binding)
            if binding.group is not None:
                if binding.group in group_index:
                    i = group_index[binding.group]
                    keys, desc, was, action, ns = items[i]
                    items[i] = (keys + shown, desc, was or enabled, action, ns)
                    continue
                group_index[binding.group] = len(items)
                items.append((shown, binding.group.description, enabled, binding.action, node))
                continue
            (last if binding.priority else items).append(
                (shown, binding.description, enabled, binding.action, node)
            )
        return items + last, palette

    def render(self) -> Content:
        self._shown = self._items()
        items, palette = self._shown
        parts: list[Content] = []
        spans: list[tuple[int, int, str, DOMNode]] = []
        x = 0
        for keys, desc, enabled, action, node in items:
            key_style = "bold $accent" if enabled else "$text-muted"
            piece = Content.assemble(
                (f" {keys} ", key_style), (f"{desc} ", "" if enabled else "$text-muted")
            )
            spans.append((x, x + piece.cell_length, action, node))
            parts.append(piece)
            x += piece.cell_length
        line = Content.assemble(*parts)
        if palette is not None:
            keys, desc, _enabled, action, node = palette
            tail = Content.assemble((f" {keys} ", "bold $accent"), f"{desc} ")
            gap = self.size.width - line.cell_length - tail.cell_length
            if gap >= 1:
                spans.append((x + gap, x + gap + tail.cell_length, action, node))
                line = Content.assemble(line, " " * gap, tail)
        self._spans = spans
        return line

    async def on_click(self, event: Click) -> None:
        for start, end, action, node in self._spans:
            if start <= event.x < end:
                event.stop()
                await self.app.run_action(action, node)
                return
