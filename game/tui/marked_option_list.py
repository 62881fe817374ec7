"""An OptionList that also marks the highlighted option with ▸, so it reads without colour."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

# No colour of its own: it sits on the highlighted row and takes that row's colour, which
# always contrasts with the cursor (an accent mark went yellow on yellow in high contrast).
MARK = Content.styled("▸ ", "bold")
BLANK = Content("  ")


class MarkedOptionList(OptionList):
    """Use :meth:`set_choices` to fill it; the mark follows the highlight."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._prompts: list[Content] = []
        self._marked: int | None = None

    def set_choices(
        self, prompts: Sequence[tuple[Content, str | None, bool]], highlighted: int | None
    ) -> None:
        """``[(prompt, id, disabled)]``; keeps ``highlighted`` when it still exists."""
        self._prompts = [p for p, _id, _off in prompts]
        self._marked = None
        self.clear_options()
        self.add_options(
            [Option(Content.assemble(BLANK, p), id=oid, disabled=off) for p, oid, off in prompts]
        )
        if prompts:
            index = min(highlighted or 0, len(prompts) - 1)
            self.highlighted = index
            self._mark(index)

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        self._mark(highlighted)

    def _mark(self, index: int | None) -> None:
        if index == self._marked or not self._prompts:
            return
        if self._marked is not None and self._marked < len(self._prompts):
            self.replace_option_prompt_at_index(
                self._marked, Content.assemble(BLANK, self._prompts[self._marked])
            )
        if index is not None and index < len(self._prompts):
            self.replace_option_prompt_at_index(index, Content.assemble(MARK, self._prompts[index]))
        self._marked = index
