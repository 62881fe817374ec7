"""The municipality role inside KoorddanserApp: start, save, continue, load and export a decade.

A mixin, so the app's own file stays about the best person. The municipality's game lives
in ``app.muni`` (an engine ``City``); it is saved after every decision to its own slot in
the save folder's ``municipality`` folder (``game.saves.municipality``), like the command line does.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from game.content.save_texts import said
from game.i18n import known

if TYPE_CHECKING:
    from game.classroom.muni_report import MuniDebrief
    from game.engine.municipality import City, CityDef
    from game.saves.municipality import Saver

    from .app import KoorddanserApp

MUNI_ID = "@municipality"  # the role's row in the new-game dialog (no scenario has an "@")


class MuniMixin:
    """The municipality's decade in the main app (mixed into KoorddanserApp)."""

    muni: City | None = None
    _muni_saver: Saver | None = None
    _city_def: CityDef | None = None

    @property
    def _app(self) -> KoorddanserApp:
        """This mixin as the app it is mixed into (the app's own attributes, typed)."""
        return cast("KoorddanserApp", self)

    def city_def(self) -> CityDef | None:
        """The municipality content (loaded once); None after a message when it is broken."""
        app = self._app
        if self._city_def is None and app.model is not None:
            from game.content import ContentInvalid
            from game.content.municipality import load_city

            try:
                self._city_def = load_city(app.model)
            except ContentInvalid as exc:
                from game.content.yamlsafe import problem_text

                first = problem_text(exc.problems[0] if exc.problems else exc, app.lang)
                app.notify(app.t("notify.load_failed", error=first), severity="error", timeout=8)
                return None
        return self._city_def

    def city_code(self, text: str) -> tuple[int, str] | None:
        """(seed, canonical code) when ``text`` is a class code of the municipality role."""
        from game.classroom import classcode

        city = self.city_def()
        got = classcode.split(text or "")
        if city is None or got is None or got[0] != city.code:
            return None
        return got[1], f"{city.code}-{got[1]:04d}"

    def muni_release(self) -> None:
        """Let the municipality game's file go (another game is about to start)."""
        saver, self._muni_saver = self._muni_saver, None
        if saver is not None:
            saver.close()

    async def new_muni(
        self,
        seed: int | None = None,
        class_code: str | None = None,
        lang: str | None = None,
        student: str | None = None,
    ) -> None:
        """Start a decade as the municipality (a class code fixes the seed for the group)."""
        from game.engine.municipality import City
        from game.saves import municipality as muni_saves

        app = self._app
        model = await app.get_model()
        city = self.city_def() if model is not None else None
        if model is None or city is None:
            return
        await app.saved()
        app._release_slot()
        self.muni_release()
        app.game = None
        app.class_code = class_code
        app.student = student if class_code else None
        if known(lang):
            app.lang = lang
        if seed is None:
            import secrets  # here: its hmac and hashlib are not needed for the title

            seed = secrets.randbelow(1_000_000)
        self.muni = City(model, city, seed)
        folder = app.resolved_save_dir()
        if folder is not None:
            self._muni_saver = muni_saves.Saver(folder, class_code, app.student)
        self.muni_autosave()
        self.show_muni()

    def show_muni(self) -> None:
        from .muni_screens import MuniDebriefScreen, MuniGameScreen

        app = self._app
        app.to_title()
        if self.muni is not None:
            screen = MuniDebriefScreen(self.muni) if self.muni.finished else MuniGameScreen(self.muni)
            app.push_screen(screen)

    def muni_autosave(self) -> None:
        """Save the decade as it is now; a failure is said once, the game goes on."""
        from game.saves import best_person as saves

        app = self._app
        if self._muni_saver is None or self.muni is None:
            return
        try:
            self._muni_saver(self.muni, app.lang)
        except (saves.SaveError, OSError) as exc:
            if not app._save_warned:
                app._save_warned = True
                app.notify(app.t("notify.save_failed", error=said(exc, app.lang)), severity="error", timeout=8)

    def last_muni(self) -> Path | None:
        """The newest unfinished municipality game in the save folder, if any."""
        from game.saves import municipality as muni_saves

        app = self._app
        folder = app.resolved_save_dir()
        city = self.city_def()
        if folder is None or city is None:
            return None
        return muni_saves.last_game(folder, city.turns)

    async def load_muni(self, path: Path) -> None:
        """Open a municipality save (replayed and checked) where it was left."""
        from game.saves import best_person as saves
        from game.saves import municipality as muni_saves

        app = self._app
        model = await app.get_model()
        city = self.city_def() if model is not None else None
        if model is None or city is None:
            return
        try:
            loaded = muni_saves.load(model, city, Path(path))
        except saves.SaveError as exc:
            app.notify(app.t("notify.load_failed", error=said(exc, app.lang)), severity="error", timeout=8)
            return
        await app.saved()
        app._release_slot()
        self.muni_release()
        app.game = None
        self.muni = loaded.game
        app.class_code = loaded.class_code
        app.student = loaded.student
        if known(loaded.lang):
            app.lang = loaded.lang
        if loaded.note:
            app.notify(str(loaded.note), timeout=6)
        folder = app.resolved_save_dir()
        if folder is not None:
            self._muni_saver = muni_saves.Saver(
                folder, loaded.class_code, loaded.student, continuing=Path(path)
            )
        self.show_muni()

    def muni_export(self, data: MuniDebrief) -> None:
        """Write the debrief (HTML) into the save folder under a name no file has yet."""
        from game.classroom import muni_report
        from game.classroom.report import Strings
        from game.files.textsafe import path_text
        from game.saves import best_person as saves

        app = self._app
        folder = app.resolved_save_dir()
        if folder is None or self.muni is None:
            app.notify(app.t("notify.no_saves"), severity="warning")
            return
        assert app.model is not None  # a municipality game is played on the loaded model
        stem = f"koorddanser-{self.muni.city.id}-{self.muni.seed}"
        if app.student:
            stem += "-" + "".join(c if c.isalnum() else "-" for c in app.student)
        target, n = Path(folder) / f"{stem}.html", 2
        while target.exists():  # never over another file
            target, n = Path(folder) / f"{stem}-{n}.html", n + 1
        html = muni_report.html_page(data, Strings(app.model, app.lang))
        try:
            saves.write_atomic(target, html.encode("utf-8"))
        except saves.SaveError as exc:
            app.notify(app.t("notify.save_failed", error=said(exc, app.lang)), severity="error", timeout=8)
            return
        app.notify(app.t("muni.report_written", path=path_text(target)), timeout=8)
