"""A new game: pick a scenario (who you are, where) or the municipality's role, the language,
and optionally a class code or seed. A municipality class code (GEM-1420) picks that role."""

from __future__ import annotations

from typing import TypedDict

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, OptionList, Static

from .key_bar import KeyBar
from .lang_toggle import LangToggle
from .marked_option_list import MarkedOptionList
from .muni import MUNI_ID
from .screen_base import KModal


class NewGame(TypedDict):
    """What the dialog hands back: the arguments of ``KoorddanserApp.new_game``."""

    scenario_id: str
    seed: int | None
    class_code: str | None
    lang: str
    student: str | None


class NewGameScreen(KModal[NewGame | None]):
    """Dismisses with ``{scenario_id, seed, class_code, lang, student}``, or None when cancelled.

    A class code needs the student's name: it goes into the save and its file name.
    """

    AUTO_FOCUS = "#new-scenarios"
    BINDINGS = [
        Binding("escape", "cancel", "cancel", id="cancel"),
        Binding("ctrl+s", "start", "start", id="start"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._ids: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="new-dialog"):
            yield Static(id="new-title", classes="dialog-title")
            with VerticalScroll(id="new-body"):
                yield Static(id="new-scenario-label", classes="field-label")
                yield MarkedOptionList(id="new-scenarios")
                yield Static(id="new-who")
                with Horizontal(classes="field-row"):
                    yield Static(id="new-lang-label", classes="field-label")
                    yield LangToggle(id="new-lang")
                yield Static(id="new-seed-label", classes="field-label")
                yield Input(id="new-seed", max_length=60, compact=True)
                yield Static(id="new-seed-note")
                yield Static(id="new-name-label", classes="field-label")
                yield Input(id="new-name", max_length=80, compact=True)
                yield Static(id="new-name-note")
            with Horizontal(id="new-buttons"):
                yield Button(id="new-start", variant="primary", compact=True)
                yield Button(id="new-cancel", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        app = self.kapp
        self.query_one("#new-seed", Input).cursor_blink = app.cursor_blink
        self.query_one(LangToggle).value = app.lang
        seed = app.class_code or (str(app.default_seed) if app.default_seed is not None else "")
        self.query_one("#new-seed", Input).value = seed
        name = self.query_one("#new-name", Input)
        name.cursor_blink = app.cursor_blink
        name.value = app.student or ""
        self.relabel()
        self.run_worker(self._fill_scenarios(), exclusive=True)

    async def _fill_scenarios(self) -> None:
        if await self.kapp.get_model() is not None:
            self.relabel()

    def _lang(self) -> str:
        return self.query_one(LangToggle).value

    def relabel(self) -> None:
        app = self.kapp
        t = app.t
        self.query_one("#new-title", Static).update(t("new.title"))
        self.query_one("#new-scenario-label", Static).update(t("new.scenario"))
        self.query_one("#new-lang-label", Static).update(t("new.language"))
        self.query_one("#new-seed-label", Static).update(t("new.seed"))
        self.query_one("#new-seed", Input).placeholder = t("new.seed.placeholder")
        self.query_one("#new-name-label", Static).update(t("new.name"))
        self.query_one("#new-name", Input).placeholder = t("new.name.placeholder")
        self.query_one(LangToggle).refresh(layout=True)
        self.query_one("#new-start", Button).label = t("new.start")
        self.query_one("#new-cancel", Button).label = t("new.cancel")
        menu = self.query_one("#new-scenarios", MarkedOptionList)
        model = app.model
        if model is None:
            menu.set_choices([(Content(t("help.loading")), None, True)], None)
            return
        highlighted = menu.highlighted if self._ids else None
        preferred = app.default_scenario if app.default_scenario in model.scenarios else None
        self._ids = sorted(model.scenarios)
        if highlighted is None:
            highlighted = self._ids.index(preferred) if preferred else 0
        prompts = []
        for sid in self._ids:
            sc = model.scenarios[sid]
            prompts.append(
                (
                    Content.assemble((app.text(sc.title), "bold"), (f"  {sc.city}", "$text-muted")),
                    sid,
                    False,
                )
            )
        city = app.city_def()
        if city is not None:
            # The other role: the municipality of a city with several best persons.
            self._ids.append(MUNI_ID)
            prompts.append(
                (
                    Content.assemble(
                        (t("muni.role"), "bold"), (f"  {app.text(city.title)}", "$text-muted")
                    ),
                    MUNI_ID,
                    False,
                )
            )
        menu.set_choices(prompts, highlighted)
        self._show_who()

    def _show_who(self) -> None:
        app = self.kapp
        model = app.model
        menu = self.query_one("#new-scenarios", OptionList)
        if model is None or menu.highlighted is None or not self._ids:
            return
        sid = self._ids[menu.highlighted]
        if sid == MUNI_ID:
            self.query_one("#new-who", Static).update(Content(app.t("muni.role_help")))
            return
        sc = model.scenarios[sid]
        self.query_one("#new-who", Static).update(Content(app.text(sc.who)))

    @on(OptionList.OptionHighlighted, "#new-scenarios")
    def _highlighted(self) -> None:
        self._show_who()

    @on(OptionList.OptionSelected, "#new-scenarios")
    def _selected(self) -> None:
        self.query_one("#new-seed", Input).focus()

    @on(LangToggle.Changed, "#new-lang")
    def _lang_changed_here(self) -> None:
        # Show the dialog itself in the language being chosen.
        lang = self._lang()
        if lang != self.kapp.lang:
            self.kapp.lang = lang

    @on(Input.Submitted, "#new-seed")
    def _submitted(self) -> None:
        parsed = self._parse()
        if parsed is None:
            return
        if parsed[2] and not self.query_one("#new-name", Input).value.strip():
            self.query_one("#new-name", Input).focus()  # a class code: the name comes next
            return
        self.action_start()

    @on(Input.Submitted, "#new-name")
    def _name_submitted(self) -> None:
        self.action_start()

    @on(Input.Changed, "#new-name")
    def _name_changed(self) -> None:
        self.query_one("#new-name-note", Static).update("")

    def _student(self, class_code: str | None) -> tuple[bool, str | None]:
        """(ok, name): a class game needs a valid name; a practice game keeps none."""
        from game.saves.best_person import SaveError, clean_student

        note = self.query_one("#new-name-note", Static)
        typed = self.query_one("#new-name", Input).value
        if not class_code:
            return True, None
        if not typed.strip():
            note.update(Content.styled(self.kapp.t("new.name_needed"), "bold $error"))
            return False, None
        try:
            return True, clean_student(typed)
        except SaveError as exc:
            note.update(
                Content.styled(self.kapp.t("new.bad_name", error=exc.text(self.kapp.lang)), "bold $error")
            )
            return False, None

    @on(Button.Pressed, "#new-start")
    def _start_pressed(self) -> None:
        self.action_start()

    @on(Button.Pressed, "#new-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def _parse(self) -> tuple[str | None, int | None, str | None] | None:
        """The typed code or seed, or None (with a message) when it cannot be read."""
        from .app import seed_from_text

        note = self.query_one("#new-seed-note", Static)
        city_code = self.kapp.city_code(self.query_one("#new-seed", Input).value)
        if city_code is not None:
            note.update(Content.styled(self.kapp.t("new.code_sets", scenario=self.kapp.t("muni.role")), "$success"))
            return MUNI_ID, city_code[0], city_code[1]
        try:
            scenarios = self.kapp.model.scenarios if self.kapp.model is not None else {}
            parsed = seed_from_text(self.query_one("#new-seed", Input).value, scenarios)
        except ValueError:
            note.update(Content.styled(self.kapp.t("new.bad_code"), "bold $error"))
            return None
        sid = parsed[0]
        model = self.kapp.model
        if sid is not None and model is not None and sid in model.scenarios:
            title = self.kapp.text(model.scenarios[sid].title)
            note.update(Content.styled(self.kapp.t("new.code_sets", scenario=title), "$success"))
        else:
            note.update("")
        return parsed

    @on(Input.Changed, "#new-seed")
    def _seed_changed(self) -> None:
        self.query_one("#new-seed-note", Static).update("")

    def action_start(self) -> None:
        menu = self.query_one("#new-scenarios", OptionList)
        if not self._ids or menu.highlighted is None:
            return
        parsed = self._parse()
        if parsed is None:
            self.query_one("#new-seed", Input).focus()
            return
        sid, seed, code = parsed
        ok, student = self._student(code)
        if not ok:
            self.query_one("#new-name", Input).focus()
            return
        self.dismiss(
            NewGame(
                scenario_id=sid or self._ids[menu.highlighted],
                seed=seed,
                class_code=code,
                lang=self._lang(),
                student=student,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
