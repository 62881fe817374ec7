"""The title: new game (Enter), choose a game, continue, load, language, help, credits, quit."""

from __future__ import annotations

import os
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.widgets import OptionList, Static

from game.files.textsafe import printable

from .key_bar import KeyBar
from .marked_option_list import MarkedOptionList
from .screen_base import KScreen

# (option id, key shown beside it, action)
MENU = (
    ("new", "⏎", "new_game"),
    ("choose", "n", "app.new_game_dialog"),
    ("continue", "c", "app.continue_game"),
    ("load", "l", "app.load"),
    ("language", "t", "app.toggle_language"),
    ("help", "?", "app.help"),
    ("credits", "i", "app.credits"),
    ("quit", "q", "app.quit"),
)


class TitleScreen(KScreen):
    """The first screen a player sees."""

    BINDINGS = [
        Binding("n", "app.new_game_dialog", "choose", id="title-choose"),
        Binding("c", "app.continue_game", "continue", id="title-continue"),
        Binding("l", "app.load", "load", show=False, id="title-load"),
        Binding("t", "app.toggle_language", "language", id="language"),
        Binding("question_mark", "app.help", "help", id="help"),
        Binding("i", "app.credits", "credits", show=False, id="credits"),
        Binding("q", "app.quit", "quit", id="quit"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            with Center():
                yield Static(id="title-art")
            yield Static(id="title-name")
            yield Static(id="title-tagline")
            with Center():
                yield MarkedOptionList(id="title-menu")
            yield Static(id="title-defaults")
            yield Static(id="title-credit")
        yield KeyBar()

    def on_mount(self) -> None:
        self.relabel()
        self.query_one(MarkedOptionList).focus()
        self._offer_continue()

    def on_screen_resume(self) -> None:
        self.relabel()
        self._offer_continue()

    def _offer_continue(self) -> None:
        """With a game in progress, Enter continues it: a new game must be chosen on purpose."""
        app = self.kapp
        current = app.game if app.game is not None else app.muni
        if current is not None:
            self._highlight("continue" if not current.finished else "new")
            return
        self.run_worker(self._find_last_game, thread=True, group="title-last", exclusive=True)

    def _find_last_game(self) -> None:
        folder = self.kapp.resolved_save_dir()
        if folder is not None and not _has_json(folder):
            return  # no save at all: no need to load the saves module (and numpy) for it
        saves = self.kapp._saves()
        if saves is not None and folder is not None and saves.last_game(folder) is not None:
            self.app.call_from_thread(self._highlight, "continue")
        elif self.kapp.model is not None and self.kapp.last_muni() is not None:
            self.app.call_from_thread(self._highlight, "continue")

    def _highlight(self, key: str) -> None:
        keys = [k for k, _shown, _action in MENU]
        # The search runs on a thread: by the time it answers, the app may be closing and the
        # menu gone (seen under load when a player quits at once). Then there is nothing to do.
        for menu in self.query(MarkedOptionList):
            menu.highlighted = keys.index(key)

    def relabel(self) -> None:
        t = self.kapp.t
        self.query_one("#title-art", Static).update(Content(t("title.art")))
        self.query_one("#title-name", Static).update(t("title.name"))
        self.query_one("#title-tagline", Static).update(t("title.tagline"))
        self.query_one("#title-credit", Static).update(t("title.credit"))
        defaults = []
        app = self.kapp
        if app.class_code:
            defaults.append(t("title.class_code", code=app.class_code))
        elif app.default_seed is not None:
            defaults.append(t("title.seed", seed=app.default_seed))
        if app.game is not None and not app.game.finished:
            year, season = app.game.year_season
            defaults.append(t("title.in_progress", when=app.season_year(year, season)))
        elif app.muni is not None and not app.muni.finished:
            year, season = app.muni.year_season
            defaults.append(t("title.in_progress", when=app.season_year(year, season)))
        # Content, not a markup string: the class code may come from a file ("[/]").
        self.query_one("#title-defaults", Static).update(Content(printable(" · ".join(defaults))))
        menu = self.query_one(MarkedOptionList)
        width = 32
        prompts = []
        for key, shown, _action in MENU:
            label = t(f"title.menu.{key}")
            pad = max(1, width - len(label) - len(shown))
            # the key in the row's own colour: an accent went yellow on yellow in high contrast
            prompts.append((Content.assemble(label, " " * pad, (shown, "bold")), key, False))
        menu.set_choices(prompts, menu.highlighted)

    @on(OptionList.OptionSelected, "#title-menu")
    async def _chosen(self, event: OptionList.OptionSelected) -> None:
        for key, _shown, action in MENU:
            if key == event.option_id:
                await self.run_action(action)
                return

    async def action_new_game(self) -> None:
        await self.kapp.new_game()


def _has_json(folder: Path) -> bool:
    """Whether ``folder`` holds a ``.json`` file (a save could be there); unreadable: maybe."""
    try:
        with os.scandir(folder) as entries:
            return any(e.name.lower().endswith(".json") for e in entries)
    except FileNotFoundError:
        return False
    except OSError:
        return True  # let the saves module say what is wrong
