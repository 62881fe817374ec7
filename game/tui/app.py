"""KoorddanserApp: the Textual front end. It shows engine state and sends choices; no rules here.

The game lives in one place, ``app.game`` (an engine ``Game``); saves take it from there.
The title appears before the model is loaded: the interface strings are read on their
own. The model (numpy, the content: 0.4 s and 18 MiB) loads in a thread once the player
has answered the title's first key or click, or at once when a game needs it; an idle
title costs nothing more than the screen.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.events import Resize
from textual.geometry import Size
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerFailed

from game.content.save_texts import said

from .commands import KoorddanserCommands
from .muni import MUNI_ID, MuniMixin
from .strings import LANGS, Strings, read_strings
from .themes import DEFAULT_THEME, THEMES
from .title_screen import TitleScreen
from .wording import Wording

if TYPE_CHECKING:
    from game.engine import Game
    from game.engine.model import Model, Scenario
    from game.saves.best_person import Slot

    from .new_game_screen import NewGame

SEED_LIMIT = 2**63
# Below this the cards do not fit (too_small_screen.MIN_SIZE says the same).
MIN_WIDTH, MIN_HEIGHT = 80, 24


def seed_from_text(
    text: str, scenarios: Mapping[str, Scenario]
) -> tuple[str | None, int | None, str | None]:
    """What the player typed in "class code or seed": ``(scenario, seed, class_code)``.

    A number is a seed; a class code (``CULT-4821``) fixes scenario and seed for a whole
    class; empty gives ``(None, None, None)``. Anything else raises ValueError.
    """
    text = " ".join(text.split())
    if not text:
        return None, None, None
    if text.isdigit():
        if int(text) >= SEED_LIMIT:
            raise ValueError(text)
        return None, int(text), None
    from game.classroom import classcode

    try:
        sid, seed = classcode.parse(text, scenarios)
    except classcode.ClassCodeError as exc:
        raise ValueError(str(exc)) from None
    return sid, seed, classcode.make(scenarios[sid], seed)


class KoorddanserApp(MuniMixin, App[int]):
    """Ten years as a best person in a Dutch neighbourhood, 2010-2020."""

    CSS_PATH = "app.tcss"
    TITLE = "Koorddanser"
    COMMANDS = {KoorddanserCommands}
    BINDINGS = [
        Binding("ctrl+p", "command_palette", "palette", show=False, priority=True, id="palette"),
        Binding("f1", "help", "help", show=False, id="help-f1"),
        Binding("ctrl+q", "quit", "quit", show=False, priority=True, id="quit-now"),
        Binding("ctrl+c", "help_quit", show=False, system=True),
    ]

    lang: reactive[str] = reactive("nl")
    hints: reactive[bool] = reactive(False)
    # Taking back the last choice: a setting, on for practice; never in a class game.
    undo_allowed: reactive[bool] = reactive(True)

    def __init__(
        self,
        save_dir: str | Path | None = None,
        scenario: str | None = None,
        seed: int | None = None,
        lang: str = "nl",
        class_code: str | None = None,
        hints: bool = False,
        undo: bool = True,
        keymap: Mapping[str, str] | None = None,
        model: Model | None = None,
        theme: str | None = None,
        settings_file: Path | None = None,
        student: str | None = None,
        resume: bool = False,
        role: str | None = None,
    ) -> None:
        super().__init__()
        # "municipality": the app opens on that role's decade (play --role gemeente).
        self._role = role
        for known in THEMES:
            self.register_theme(known)
        self._first_theme(theme if theme in self.available_themes else DEFAULT_THEME)
        # Where the player's preferences are remembered (None: nothing is written).
        self.settings_file = settings_file
        self.strings = Strings(read_strings())
        self.set_reactive(KoorddanserApp.lang, lang if lang in LANGS else LANGS[0])
        self.set_reactive(KoorddanserApp.hints, bool(hints))
        self.save_dir: Path | None = Path(save_dir).expanduser() if save_dir else None
        self.default_scenario = scenario
        self.default_seed = seed
        self._undo_wanted = bool(undo)  # the player's setting; a class code overrules it
        self._class_code: str | None = None
        self.class_code = class_code
        self.model: Model | None = None
        self.game: Game | None = None
        self._model_worker: Worker[Model] | None = None
        self._save_worker: Worker[Path] | None = None
        self._saved_turns = -1  # turns played when the game was last saved
        self._save_warned = False
        # The student's name in a class game (asked by the new-game dialog when missing).
        self.student: str | None = student
        self._resume = resume  # --continue: the last game opens at once
        # The file this game is saved to, claimed at its first save (game.saves.best_person.Slot), and
        # the file it was loaded from (kept unless another window plays it).
        self._slot: Slot | None = None
        self._continuing: Path | None = None
        self.cursor_blink = True  # tests and snapshots switch it off
        if keymap:
            self.set_keymap(dict(keymap))
        if model is not None:
            self.use_model(model)

    def _first_theme(self, name: str) -> None:
        """The theme to start in, set before the app runs.

        What App._watch_theme does (classes, colour filter, CSS variables) without the CSS
        refresh it queues: the stylesheet is parsed for the first time at start anyway, and
        parsing it twice cost the title some milliseconds. Later changes go through
        ``self.theme`` as usual.
        """
        self.set_reactive(App.theme, name)
        current = self.current_theme
        classes = {c: False for c in self.classes if c.startswith("-theme-")}
        classes.update({f"-theme-{name}": True, "-dark-mode": current.dark})
        classes["-light-mode"] = not current.dark
        self.update_classes(classes, update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        self.stylesheet.set_variables(self.get_css_variables())

    @property
    def class_code(self) -> str | None:
        """The class code of the game being played (None for practice)."""
        return self._class_code

    @class_code.setter
    def class_code(self, code: str | None) -> None:
        self._class_code = code
        allowed = self._undo_wanted and not code
        if self.is_running:
            self.undo_allowed = allowed
        else:
            self.set_reactive(KoorddanserApp.undo_allowed, allowed)

    def validate_undo_allowed(self, allowed: bool) -> bool:
        return bool(allowed) and not self.class_code

    # -- words -----------------------------------------------------------------------------
    @property
    def wording(self) -> Wording:
        """The interface strings in the current language, to hand to a screen's widgets."""
        return Wording(self.strings, self.lang)

    def t(self, key: str, **values: object) -> str:
        """The interface string ``key`` in the current language."""
        return self.wording.t(key, **values)

    def text(self, value: Mapping[str, str] | None) -> str:
        """A content text ``{nl: ..., en: ...}`` in the current language."""
        return self.wording.text(value)

    def season_year(self, year: int, season: int) -> str:
        """A half-year in words in the current language."""
        return self.wording.season_year(year, season)

    def get_default_screen(self) -> Screen:
        return TitleScreen(id="title")

    def watch_lang(self, lang: str) -> None:
        self.sub_title = self.t("app.subtitle")
        self.remember(lang=lang)

    def watch_hints(self, hints: bool) -> None:
        self.remember(hints=hints)

    def remember(self, **changes: object) -> None:
        """Write changed preferences to the settings file (when the app has one)."""
        if self.settings_file is not None:
            from game.saves import settings

            settings.update(self.settings_file, **changes)

    def on_mount(self) -> None:
        self.sub_title = self.t("app.subtitle")
        self.theme_changed_signal.subscribe(self, lambda theme: self.remember(theme=theme.name))

    def on_ready(self) -> None:
        if self._resume:
            self._resume = False
            self.run_worker(self.continue_game(self._role), group="start", exclusive=True)
        elif self._role == "municipality":
            self.run_worker(
                self.new_muni(self.default_seed, self.class_code, None, self.student),
                group="start",
                exclusive=True,
            )
        self._check_size()

    def on_resize(self, event: Resize) -> None:
        self._check_size(event.size)

    def _check_size(self, size: Size | None = None) -> None:
        """Below 80x24 the cards do not fit: say so instead of showing them clipped."""
        size = size or self.size
        small = size.width < MIN_WIDTH or size.height < MIN_HEIGHT
        showing = type(self.screen).__name__ == "TooSmallScreen"
        if small == showing:
            return  # the usual case: no need to import the screen
        from .too_small_screen import TooSmallScreen

        if small and not showing:
            self.push_screen(TooSmallScreen())
        elif not small and showing:
            self.pop_screen()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notifications carry file names and messages from files: never read as markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    # -- the model, loaded in a thread --------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        # The first key or click: answer it first (the load would slow that frame down),
        # then load the model while the player reads the menu.
        if (
            self.model is None
            and self._model_worker is None
            and isinstance(event, (events.Key, events.MouseDown))
            and self.is_running
        ):
            self.call_after_refresh(self.start_model_load)
        await super().on_event(event)

    def start_model_load(self) -> None:
        """Load the model in a thread (once)."""
        if self.model is None and self._model_worker is None:
            self._model_worker = self.run_worker(
                _load_model, name="load-model", thread=True, exit_on_error=False
            )

    async def get_model(self) -> Model | None:
        """The model, waiting for the loader if needed; None (after a message) if it failed."""
        if self.model is not None:
            return self.model
        self.start_model_load()
        assert self._model_worker is not None
        try:
            model = await self._model_worker.wait()
        except WorkerFailed as exc:
            self._content_broken(exc.error)
            return None
        self.use_model(model)
        return model

    def use_model(self, model: Model) -> None:
        """Take the loaded model (also lets tests hand in one loaded earlier)."""
        self.model = model
        self.strings.shared = model.ui
        # The model, Textual and numpy live as long as the app: move them out of the
        # garbage collector's way, so a full collection in mid-turn stays short.
        gc.freeze()

    def _content_broken(self, error: BaseException) -> None:
        problems = getattr(error, "problems", None) or [error]
        from game.content.yamlsafe import problem_text

        lines = "\n".join(problem_text(p, self.lang) for p in problems[:10])
        self.exit(return_code=1, message=f"{self.t('error.content')}\n{lines}")

    # -- saves (game.saves.best_person may still be missing: then the game plays without saving) ------------
    def _saves(self) -> Any:  # the module game.saves.best_person (a module has no type to name here)
        try:
            from game.saves import best_person as saves
        except ImportError:
            return None
        return saves

    def resolved_save_dir(self) -> Path | None:
        if self.save_dir is None:
            # game.saves.folder, not game.saves.best_person: the title asks this before any game is played
            from game.saves.folder import default_save_dir

            self.save_dir = Path(default_save_dir())
        return self.save_dir

    def _write(self, game: Game, folder: Path, lang: str, code: str | None, student: str | None) -> Path:
        """In the save thread: claim this game's slot at its first save, then write it."""
        saves = self._saves()
        if self._slot is None:
            self._slot = saves.open_slot(folder, code, student, self._continuing)
            if self._slot.busy is not None:
                self.call_from_thread(
                    self.notify, self.t("notify.busy", file=self._slot.path.name), timeout=8
                )
        return self._slot.write(game, saves.Owner(lang, code, student))

    def _release_slot(self) -> None:
        """Let the current game's file go (a new or another game is about to start)."""
        slot, self._slot = self._slot, None
        if slot is not None:
            slot.close()

    def autosave(self) -> None:
        """Save the game in a thread; the next turn waits for it."""
        saves, game = self._saves(), self.game
        folder = self.resolved_save_dir()
        if saves is None or game is None or folder is None:
            return
        self._saved_turns = len(game.choices)
        self._save_worker = self.run_worker(
            partial(self._write, game, folder, self.lang, self.class_code, self.student),
            name="autosave",
            description="autosave",  # the default, repr(work), would print the whole game
            group="save",
            thread=True,
            exit_on_error=False,
        )

    async def saved(self) -> None:
        """Wait until the game is saved as it is now (saving first if a save is still due)."""
        if self.game is not None and self._saved_turns != len(self.game.choices):
            self.autosave()
        worker, self._save_worker = self._save_worker, None
        if worker is None:
            return
        try:
            await worker.wait()
        except WorkerFailed as exc:
            if not self._save_warned:
                self._save_warned = True
                self.notify(
                    self.t("notify.save_failed", error=exc.error), severity="error", timeout=8
                )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name == "load-model" and event.worker.error is not None:
            self._content_broken(event.worker.error)
            return
        if (
            event.worker.name == "autosave"
            and event.worker.error is not None
            and not self._save_warned
        ):
            self._save_warned = True
            self.notify(
                self.t("notify.save_failed", error=event.worker.error), severity="error", timeout=8
            )

    # -- starting, continuing and leaving games ---------------------------------------------
    async def new_game(
        self,
        scenario_id: str | None = None,
        seed: int | None = None,
        class_code: str | None = None,
        lang: str | None = None,
        from_dialog: bool = False,
        student: str | None = None,
    ) -> None:
        """Start a game; without a seed, the one given on the command line or a random one.

        It is saved to a file of its own: the game played before stays where it is.
        A class game without a name opens the new-game dialog to ask for one.
        """
        if not from_dialog and self.class_code and not self.student:
            self.action_new_game_dialog()
            return
        if scenario_id == MUNI_ID:
            await self.new_muni(seed, class_code, lang, student)
            return
        model = await self.get_model()
        if model is None:
            return
        from game.engine import Game

        await self.saved()
        self._release_slot()
        self.muni_release()
        self.muni = None
        self._continuing = None
        sid = scenario_id or self.default_scenario
        if sid is None or sid not in model.scenarios:
            sid = sorted(model.scenarios)[0]
        if from_dialog:
            self.class_code = class_code
            self.student = student if class_code else None
        if seed is None:
            seed = self.default_seed if self.default_seed is not None and not from_dialog else None
        if seed is None:
            import secrets  # here: its hmac and hashlib are not needed for the title

            seed = secrets.randbelow(1_000_000)
        if lang in LANGS:
            self.lang = lang
        self.game = Game(model, model.scenarios[sid], seed)
        self._saved_turns = -1
        self.autosave()
        self.show_game()

    def show_game(self) -> None:
        """Show the current game from the title: the game screen, or the debrief when it is over."""
        from .debrief_screen import DebriefScreen
        from .game_screen import GameScreen

        self.to_title()
        if self.game is None:
            return
        if self.game.finished:
            self.push_screen(DebriefScreen(self.game))
        else:
            self.push_screen(GameScreen(self.game, self.wording, self.hints))

    def to_title(self) -> None:
        """Close every screen above the title."""
        while len(self.screen_stack) > 1:
            self.pop_screen()

    async def continue_game(self, role: str | None = None) -> None:
        """Open the newest unfinished game, of either role (or of ``role`` only)."""
        saves = self._saves()
        folder = self.resolved_save_dir()
        if saves is None or folder is None:
            self.notify(self.t("notify.no_saves"), severity="warning")
            return
        path = saves.last_game(folder) if role != "municipality" else None
        if role != "person" and await self.get_model() is not None:
            muni = self.last_muni()
            if muni is not None and (path is None or _newer(muni, path)):
                await self.load_muni(muni)
                return
        if path is None:
            self.notify(self.t("notify.nothing_to_continue"), severity="warning")
            return
        await self.load_game(path)

    async def load_game(self, path: Path) -> None:
        saves = self._saves()
        model = await self.get_model()
        if saves is None or model is None:
            return
        from game.saves import municipality as muni_saves

        if muni_saves.is_municipality_save(path):
            await self.load_muni(Path(path))
            return
        await self.saved()
        try:
            loaded = saves.load(model, Path(path))
        except saves.SaveError as exc:
            self.notify(self.t("notify.load_failed", error=said(exc, self.lang)), severity="error", timeout=8)
            return
        self._release_slot()
        self.muni_release()
        self.muni = None
        self._continuing = Path(path)
        self.game = loaded.game
        self.class_code = loaded.class_code
        self.student = loaded.student
        if loaded.lang in LANGS:
            self.lang = loaded.lang
        if getattr(loaded, "note", None):
            self.notify(str(loaded.note), timeout=6)
        self._saved_turns = len(self.game.choices)
        self._claim_continued(saves)
        self.show_game()

    def _claim_continued(self, saves: Any) -> None:
        """A continued game claims its file at once, not at its next save: a second window
        continuing the same game meanwhile plays on in a copy and neither overwrites the
        other's turns."""
        folder = self.resolved_save_dir()
        if folder is None:
            return
        try:
            self._slot = saves.open_slot(folder, self.class_code, self.student, self._continuing)
        except saves.SaveError as exc:
            self.notify(self.t("notify.save_failed", error=said(exc, self.lang)), severity="error", timeout=8)
            return
        if self._slot.busy is not None:
            self.notify(self.t("notify.busy", file=self._slot.path.name), timeout=8)

    async def save_as(self, name: str) -> None:
        saves, game = self._saves(), self.game
        folder = self.resolved_save_dir()
        if saves is None or folder is None:
            self.notify(self.t("notify.no_saves"), severity="warning")
            return
        if game is None:
            return
        await self.saved()  # the slot exists now, holding the latest turn
        try:
            if self._slot is None:  # saving failed before: claim a slot for the name
                self._slot = saves.open_slot(folder, self.class_code, self.student)
            # "Save as" names this game's file: every later turn is written there too, so
            # the named file is never a frozen copy of an earlier state.
            path = self._slot.rename(name)
            self._slot.write(game, saves.Owner(self.lang, self.class_code, self.student))
        except (saves.SaveError, OSError, ValueError) as exc:
            self.notify(self.t("notify.save_failed", error=said(exc, self.lang)), severity="error", timeout=8)
            return
        self.notify(self.t("notify.saved", name=Path(path).stem))

    async def on_exit_app(self, _message: object) -> None:
        """Closing from outside too (`koorddanser serve` ends an idle or replaced session with
        textual-serve's "quit"): a save still being written finishes before the app goes."""
        await self.saved()

    async def action_quit(self) -> None:
        """Leave the game; the game in progress is saved first."""
        await self.saved()
        self._release_slot()
        self.muni_release()
        self.exit(0)

    def action_help_quit(self) -> None:
        self.notify(self.t("notify.how_to_quit"))

    # -- actions every screen shares ---------------------------------------------------------
    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from .palette import KPalette

        # is_open takes an App[object]; App is invariant in its return type (ours is int).
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(
                KPalette(
                    id="--command-palette",
                    placeholder=self.t("palette.placeholder"),
                    no_matches=self.t("palette.no_matches"),
                )
            )

    def action_theme(self) -> None:
        from textual.theme import ThemeProvider

        from .palette import KPalette

        self.push_screen(
            KPalette(
                providers=[ThemeProvider],
                placeholder=self.t("palette.theme"),
                no_matches=self.t("palette.no_matches"),
            )
        )

    def action_toggle_language(self) -> None:
        self.lang = LANGS[(LANGS.index(self.lang) + 1) % len(LANGS)] if self.lang in LANGS else LANGS[0]

    def action_toggle_hints(self) -> None:
        self.hints = not self.hints
        self.notify(self.t("notify.hints_on" if self.hints else "notify.hints_off"), timeout=3)

    def action_toggle_undo(self) -> None:
        if self.class_code:
            self.notify(self.t("notify.undo_class"), severity="warning", timeout=4)
            return
        self._undo_wanted = not self.undo_allowed
        self.undo_allowed = self._undo_wanted
        self.remember(undo=self._undo_wanted)
        self.notify(self.t("notify.undo_on" if self.undo_allowed else "notify.undo_off"), timeout=3)

    def can_undo(self) -> bool:
        """Whether ``u`` takes a choice back now: undo is on and a choice was made."""
        game = self.game
        return bool(self.undo_allowed and game is not None and any(c != -1 for c in game.choices))

    async def action_undo(self) -> None:
        """Take back the last choice (practice only), save, and show the game from there."""
        saves, model, game = self._saves(), self.model, self.game
        if game is None or model is None:
            return
        if not self.undo_allowed:
            self.notify(
                self.t("notify.undo_class" if self.class_code else "notify.undo_off"),
                severity="warning",
            )
            return
        if saves is None:
            self.notify(self.t("notify.no_saves"), severity="warning")
            return
        await self.saved()  # the last save must not land after the shorter game's
        if self.game is not game:
            return
        try:
            undone = saves.undo(model, game)
        except ValueError:
            self.notify(self.t("notify.nothing_to_undo"), severity="warning", timeout=3)
            return
        self.game = undone
        self.autosave()  # the same game (scenario, seed), so autosave.json is overwritten
        self.show_game()
        self.notify(self.t("notify.undone", when=self.season_year(*undone.year_season)), timeout=3)

    def action_export(self) -> None:
        """Hand in: write the finished game (.json) and its debrief (.html) to a chosen path."""
        from .export_screen import ExportScreen, deliver_export

        if (
            self.game is not None
            and self.game.finished
            and not isinstance(self.screen, ExportScreen)
        ):
            if self.is_web:  # `koorddanser serve`: a download in the student's browser
                deliver_export(self)
                return
            self.push_screen(ExportScreen())

    def action_whatif(self) -> None:
        """Play one past turn differently and compare the two decades."""
        from .whatif_screen import WhatIfScreen

        game = self.game
        if (
            game is not None
            and game.finished
            and self.model is not None
            and not isinstance(self.screen, WhatIfScreen)
        ):
            self.push_screen(WhatIfScreen(self.model, game))

    def action_help(self) -> None:
        from .help_screen import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_credits(self) -> None:
        from .credits_screen import CreditsScreen

        if not isinstance(self.screen, CreditsScreen):
            self.push_screen(CreditsScreen())

    def action_new_game_dialog(self) -> None:
        from .new_game_screen import NewGameScreen

        self.push_screen(NewGameScreen(), self._new_game_chosen)

    def _new_game_chosen(self, settings: NewGame | None) -> None:
        if settings:
            self.run_worker(
                self.new_game(**settings, from_dialog=True), group="start", exclusive=True
            )

    def action_load(self) -> None:
        from .load_screen import LoadScreen

        self.push_screen(LoadScreen())

    def action_save(self) -> None:
        from .save_screen import SaveScreen

        if self.game is not None:
            self.push_screen(SaveScreen())

    def action_log(self) -> None:
        from .log_screen import LogScreen

        if self.game is not None and not isinstance(self.screen, LogScreen):
            self.push_screen(LogScreen(self.game))

    async def action_continue_game(self) -> None:
        await self.continue_game()

    def action_to_title(self) -> None:
        if self.game is not None and self._saved_turns != len(self.game.choices):
            self.autosave()
        self.to_title()

    def palette_commands(self, screen: Screen) -> Iterable[tuple[str, str, Callable[[], object]]]:
        """The command palette's commands for ``screen``: (title, help, callback)."""
        from .debrief_screen import DebriefScreen
        from .game_screen import GameScreen

        t = self.t
        in_game = self.game is not None and len(self.screen_stack) > 1
        yield t("cmd.new"), t("cmd.new.help"), self.action_new_game_dialog
        yield t("cmd.continue"), t("cmd.continue.help"), self.action_continue_game
        if in_game:
            yield t("cmd.save"), t("cmd.save.help"), self.action_save
        yield t("cmd.load"), t("cmd.load.help"), self.action_load
        yield t("cmd.language"), t("cmd.language.help"), self.action_toggle_language
        yield t("cmd.theme"), t("cmd.theme.help"), self.action_theme
        hints_state = t("state.on" if self.hints else "state.off")
        yield t("cmd.hints", state=hints_state), t("cmd.hints.help"), self.action_toggle_hints
        undo_state = t("state.on" if self.undo_allowed else "state.off")
        yield (
            t("cmd.undo_setting", state=undo_state),
            t("cmd.undo_setting.help"),
            self.action_toggle_undo,
        )
        if self.game is not None and any(isinstance(s, GameScreen) for s in self.screen_stack):
            if self.can_undo():
                yield t("cmd.undo"), t("cmd.undo.help"), self.action_undo
            yield t("cmd.log"), t("cmd.log.help"), self.action_log
        if (
            self.game is not None
            and self.game.finished
            and any(isinstance(s, DebriefScreen) for s in self.screen_stack)
        ):
            yield t("cmd.export"), t("cmd.export.help"), self.action_export
            yield t("cmd.whatif"), t("cmd.whatif.help"), self.action_whatif
        yield t("cmd.help"), t("cmd.help.help"), self.action_help
        yield t("cmd.credits"), t("cmd.credits.help"), self.action_credits
        if in_game:
            yield t("cmd.title"), t("cmd.title.help"), self.action_to_title
        yield t("cmd.quit"), t("cmd.quit.help"), self.action_quit


def _newer(a: Path, b: Path) -> bool:
    """Whether file ``a`` was saved after ``b`` (a file gone counts as old)."""
    try:
        return a.stat().st_mtime > b.stat().st_mtime
    except OSError:
        return False


def _load_model() -> Model:
    from game.content import load_model

    return load_model()
