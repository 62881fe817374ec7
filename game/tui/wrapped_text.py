"""WrappedText: lines with hanging indents and unbreakable pieces, laid out for the width at hand.

Textual wraps a Static's text itself, but it cannot indent the second line of a bullet or
keep "Energy −4" together; this widget does both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from textual.content import Content
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widget import Widget


@dataclass(frozen=True)
class Para:
    """A paragraph: ``prefix`` on its first line, later lines indented by the prefix's width."""

    body: Content
    prefix: Content = field(default_factory=lambda: Content(""))


@dataclass(frozen=True)
class Pack:
    """Pieces that are never split, packed on lines ``sep`` apart, after ``prefix``."""

    pieces: Sequence[Content]
    prefix: Content = field(default_factory=lambda: Content(""))
    sep: str = "  "


Block = Para | Pack


def layout(blocks: Sequence[Block], width: int, owners: list[int] | None = None) -> list[Content]:
    """The lines of ``blocks`` at ``width`` cells; ``owners`` gets each line's block index."""
    width = max(width, 8)
    out: list[Content] = []
    for index, block in enumerate(blocks):
        start = len(out)
        out.extend(_block_lines(block, width))
        if owners is not None:
            owners.extend([index] * (len(out) - start))
    return out


def _block_lines(block: Block, width: int) -> list[Content]:
    pre = block.prefix
    indent = Content(" " * pre.cell_length)
    room = max(4, width - pre.cell_length)
    if isinstance(block, Para):
        lines = block.body.wrap(room) if block.body.plain else [Content("")]
        return [
            Content.assemble(pre if i == 0 else indent, line.rstrip())
            for i, line in enumerate(lines)
        ]
    out: list[Content] = []
    line: Content | None = None
    for piece in block.pieces:
        if line is None:
            line = piece
        elif line.cell_length + len(block.sep) + piece.cell_length <= room:
            line = Content.assemble(line, block.sep, piece)
        else:
            out.append(Content.assemble(pre, line))
            line, pre = piece, indent
    if line is not None:
        out.append(Content.assemble(pre, line))
    return out


class WrappedText(Widget):
    """Shows a list of blocks; call :meth:`set_blocks` to change them."""

    DEFAULT_CSS = """
    WrappedText {
        height: auto;
    }
    """

    # Textual's virtual_size asks for a layout when it changes. This widget does not scroll:
    # its virtual size is its size, set by the layout that just ran, so asking for another
    # one would only draw the same screen twice (set_blocks asks for the layout it needs).
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False, repaint=False)

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._blocks: list[Block] = []
        self._lines: tuple[int, list[Content], list[int]] | None = None

    def set_blocks(self, blocks: Sequence[Block]) -> None:
        self._blocks = list(blocks)
        self._lines = None
        self._content_height_cache = (None, 0)
        self._content_width_cache = (None, 0)
        self.refresh(layout=True)

    def lines(self, width: int) -> list[Content]:
        """The laid-out lines at ``width`` (kept until the blocks or the width change)."""
        if self._lines is None or self._lines[0] != width:
            owners: list[int] = []
            self._lines = (width, layout(self._blocks, width, owners), owners)
        return self._lines[1]

    def block_at(self, y: int) -> int | None:
        """The index of the block shown on line ``y`` (for clicks)."""
        self.lines(self.size.width)
        assert self._lines is not None
        owners = self._lines[2]
        return owners[y] if 0 <= y < len(owners) else None

    def line_of(self, block: int) -> int | None:
        """The first line showing block ``block`` (to scroll to it)."""
        self.lines(self.size.width)
        assert self._lines is not None
        owners = self._lines[2]
        return owners.index(block) if block in owners else None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width)) if width else 0

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.size.width))

    @property
    def plain(self) -> str:
        """The text as shown, for tests."""
        return "\n".join(line.plain for line in self.lines(self.size.width or 80))
