"""Count what a key press costs the app: layout passes and frames (compositor renders).

Textual (pinned in pyproject) lays a screen out in ``Screen._refresh_layout`` and turns the
dirty regions into terminal output in ``Compositor.render_update``, once per frame. Both are
wrapped here for the time of a ``with FrameCounter() as count:`` block; the counts only
include what happened inside the block.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual._compositor import Compositor
from textual.screen import Screen


@dataclass
class FrameCounter:
    """``layouts`` and ``frames`` drawn while the block runs (for every screen of every app)."""

    layouts: int = 0
    frames: int = 0
    _saved: dict[str, Any] = field(default_factory=dict)

    def __enter__(self) -> FrameCounter:
        refresh_layout = Screen._refresh_layout
        render_update = Compositor.render_update
        self._saved = {"layout": refresh_layout, "render": render_update}
        counter = self

        def counted_layout(screen: Screen, *args: Any, **kwargs: Any) -> None:
            counter.layouts += 1
            refresh_layout(screen, *args, **kwargs)

        def counted_render(compositor: Compositor, *args: Any, **kwargs: Any) -> Any:
            counter.frames += 1
            return render_update(compositor, *args, **kwargs)

        Screen._refresh_layout = counted_layout  # type: ignore[method-assign]
        Compositor.render_update = counted_render  # type: ignore[method-assign]
        return self

    def __exit__(self, *_exc: object) -> None:
        Screen._refresh_layout = self._saved["layout"]  # type: ignore[method-assign]
        Compositor.render_update = self._saved["render"]  # type: ignore[method-assign]

    def reset(self) -> None:
        """Start counting again from zero (the wrappers stay in place)."""
        self.layouts = self.frames = 0


async def cost_of(pilot: Any, key: str, counter: FrameCounter, settle: float = 0.1) -> tuple[int, int]:
    """``(layouts, frames)`` caused by pressing ``key``, counted until the app is idle again.

    ``settle`` seconds are waited on top, so frames that come late (a callback after the
    refresh, the key bar's signal) are counted too.
    """
    await pilot.pause()
    counter.reset()
    await pilot.press(key)
    await pilot.pause(settle)
    return counter.layouts, counter.frames
