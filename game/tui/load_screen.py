"""Load a saved game: the saves in the save folder, newest first."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static

from game.files.textsafe import path_text, printable

from .key_bar import KeyBar
from .marked_option_list import MarkedOptionList
from .screen_base import KModal

if TYPE_CHECKING:
    from game.saves.best_person import SaveError, SaveInfo


class LoadScreen(KModal[None]):
    """Lists saves; Enter loads the highlighted one, Escape goes back."""

    AUTO_FOCUS = "#load-list"
    BINDINGS = [
        Binding("escape", "close", "close", id="close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._paths: list[Path | None] = []  # per row of the list; None: a broken file
        self._entries: list[SaveInfo | SaveError] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="load-dialog"):
            yield Static(id="load-title", classes="dialog-title")
            yield Static(id="load-where")
            yield MarkedOptionList(id="load-list")
        yield KeyBar()

    def on_mount(self) -> None:
        self.relabel()
        self.run_worker(self._read(), exclusive=True)

    async def _read(self) -> None:
        app = self.kapp
        await app.get_model()  # scenario titles
        saves = app._saves()
        folder = app.resolved_save_dir()
        if saves is not None and folder is not None:
            self._entries = list(await asyncio.to_thread(saves.list_saves, folder))
        self.relabel()

    def relabel(self) -> None:
        from game.saves.best_person import SaveError

        app = self.kapp
        t = app.t
        self.query_one("#load-title", Static).update(t("load.title"))
        folder = app.save_dir
        self.query_one("#load-where", Static).update(
            Content.styled(
                t("load.where", folder=path_text(folder)) if folder else t("notify.no_saves"),
                "$text-muted",
            )
        )
        menu = self.query_one("#load-list", MarkedOptionList)
        self._paths = []
        prompts: list[tuple[Content, str | None, bool]] = []
        model = app.model
        for entry in self._entries:
            if isinstance(entry, SaveError):  # a broken file: listed, never loaded
                text = t(
                    "load.broken",
                    file=path_text(Path(str(entry.path)).name),
                    error=printable(entry.text(app.lang)),
                )
                prompts.append((Content.styled(text, "$error"), None, True))
                self._paths.append(None)
                continue
            sc = model.scenarios.get(entry.scenario) if model is not None else None
            scenario = app.text(sc.title) if sc else entry.scenario
            when = app.season_year(entry.year, entry.season)
            state = t("load.ended") if entry.ending else t("load.playing", when=when)
            modified = datetime.fromtimestamp(entry.modified).strftime("%Y-%m-%d %H:%M")
            name = printable(entry.name)
            if getattr(entry, "student", None):
                name = f"{name} ({entry.student})"
            if name == "autosave":
                name = t("load.autosave")
            elif name.startswith("autosave-"):
                name = t("load.autosave_kept")
            prompts.append(
                (
                    Content.assemble(
                        (name, "bold"),
                        "  ",
                        scenario,
                        "\n  ",
                        (state, "$text-muted"),
                        ("  " + modified, "$text-muted"),
                    ),
                    None,
                    False,
                )
            )
            self._paths.append(Path(entry.path))
        if not prompts:
            prompts.append((Content.styled(t("load.none"), "$text-muted"), None, True))
        menu.set_choices(prompts, menu.highlighted)

    @on(OptionList.OptionSelected, "#load-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        index = event.option_index
        path = self._paths[index] if 0 <= index < len(self._paths) else None
        if path is not None:
            self.dismiss(None)
            self.app.run_worker(self.kapp.load_game(path), group="start", exclusive=True)

    def action_close(self) -> None:
        self.dismiss(None)
