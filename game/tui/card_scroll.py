"""CardScroll: the scrolling column of the event card and the why, told its height in advance.

Textual lays a screen out, then notices that the scroll view's content got taller or shorter
(its virtual size) and that the scrollbar must appear or go, and lays it out a second time,
drawing a second frame. The column's content is one WrappedText whose height is known
before the layout (its lines at the column's width), so the game screen tells the column
that height inside its batch of changes: the one layout then places the scrollbar right.
A wrong guess costs nothing but the second layout Textual would have done anyway.
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.reactive import Reactive
from textual.scrollbar import ScrollBar


class _Bar(ScrollBar):
    """A scrollbar whose first appearance costs no second layout.

    Its size comes from the layout that shows it; Textual's virtual_size would ask for
    one more layout when it changes, which a scrollbar (it does not scroll) never needs.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False, repaint=False)


class CardScroll(VerticalScroll):
    """A VerticalScroll that can be told the height its content will have."""

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """The vertical scrollbar, created on first use as Widget.vertical_scrollbar does."""
        if self._vertical_scrollbar is None:
            bar = _Bar(vertical=True, name="vertical", thickness=self.scrollbar_size_vertical)
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar

    def content_width(self) -> int:
        """The width its children get (the scrollbar gutter is reserved: it never changes)."""
        return self.scrollable_content_region.width

    def expect_content_height(self, height: int) -> None:
        """Set the virtual size and the scrollbar as the coming layout would set them."""
        container = self.container_size
        if not container or not self.is_mounted:
            return  # not laid out yet: the first layout finds out itself
        expected = Size(self.content_width(), max(height, container.height))
        if expected == self.virtual_size:
            return
        self.virtual_size = expected
        # What Widget._size_updated does after a layout (Textual is pinned in pyproject).
        self._scroll_update(expected)
