"""Export a finished game to hand in: the save (.json) and, beside it, the debrief (.html)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from game.content.save_texts import said

from .key_bar import KeyBar
from .screen_base import KModal

if TYPE_CHECKING:
    from game.engine import Game
    from game.engine.model import Model


def default_export_path(game: Game, class_code: str | None, student: str | None) -> Path:
    """In the folder the app started in: ``CODE-name.json`` for a class game with a name
    (what the teacher's folder expects), else ``koorddanser-<code or scenario>-<seed>.json``."""
    if class_code and student:
        from game.saves.best_person import slot_base

        return Path.cwd() / f"{slot_base(class_code, student)}.json"
    return Path.cwd() / f"koorddanser-{class_code or game.scenario.id}-{game.seed}.json"


def write_export(
    model: Model,
    game: Game,
    target: Path,
    lang: str,
    class_code: str | None,
    student: str | None = None,
) -> tuple[Path, Path]:
    """Write the save and its HTML debrief; (json path, html path). SaveError/OSError on failure."""
    from game.classroom import report
    from game.saves import best_person as saves

    problem = saves.output_problem(target)
    if problem:  # a device, pipe or read-only file is not replaced by an export either
        raise saves.SaveError(target, problem.key, **problem.values)
    written = Path(saves.export(game, target, saves.Owner(lang, class_code, student)))
    page = written.with_suffix(".html")
    html = report.html_page(report.build(model, game, lang, class_code, student))
    saves.write_atomic(page, html.encode("utf-8"))
    return written, page


def export_texts(app: Any) -> tuple[tuple[str, str], tuple[str, str]]:
    """((json name, save JSON), (html name, debrief page)) of the app's finished game."""
    import json

    from game.classroom import report
    from game.saves import best_person as saves

    game, code, student = app.game, app.class_code, app.student
    owner = saves.Owner(app.lang, code, student)
    text = json.dumps(saves.to_dict(game, owner), ensure_ascii=False) + "\n"
    stem = default_export_path(game, code, student).stem
    page = report.html_page(report.build(app.model, game, app.lang, code, student))
    return (f"{stem}.json", text), (f"{stem}.html", page)


def deliver_export(app: Any) -> None:
    """Under a web driver: both files as downloads in the browser, nothing written on the server."""
    import io

    if app.game is None or app.model is None or not app.game.finished:
        return
    (json_name, text), (html_name, page) = export_texts(app)
    app.deliver_text(
        io.StringIO(text), save_filename=json_name, mime_type="application/json", encoding="utf-8"
    )
    app.deliver_text(
        io.StringIO(page), save_filename=html_name, mime_type="text/html", encoding="utf-8"
    )
    app.notify(app.t("notify.delivered", json=json_name, html=html_name), timeout=12)


class ExportScreen(KModal[None]):
    """Asks for a file name (prefilled); Enter exports, Escape goes back.

    A failure (no such folder, no permission, a full disk) is told in one line and the
    dialog stays open to try another path.
    """

    AUTO_FOCUS = "#export-path"
    BINDINGS = [
        Binding("escape", "close", "close", id="close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._busy = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export-dialog"):
            yield Static(id="export-title", classes="dialog-title")
            yield Static(id="export-label", classes="field-label")
            yield Input(id="export-path")
            yield Static(id="export-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.cursor_blink = self.kapp.cursor_blink
        app = self.kapp
        if app.game is not None:
            field.value = str(default_export_path(app.game, app.class_code, app.student))
            field.cursor_position = len(field.value)
        self.relabel()

    def relabel(self) -> None:
        t = self.kapp.t
        self.query_one("#export-title", Static).update(t("export.title"))
        self.query_one("#export-label", Static).update(t("export.label"))
        hint = t("export.busy") if self._busy else t("export.hint")
        self.query_one("#export-hint", Static).update(Content.styled(hint, "$text-muted"))

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text or self._busy:
            return
        target = Path(text).expanduser()
        if not target.is_absolute():
            target = Path.cwd() / target
        if not target.is_dir() and target.suffix.lower() != ".json":
            # x.html would be overwritten by its own debrief: the save is always .json.
            html = target.suffix.lower() in (".html", ".htm")
            target = (
                target.with_suffix(".json") if html else target.with_name(target.name + ".json")
            )
        folder = target if target.is_dir() else target.parent
        if not folder.is_dir():
            # saves.export would create the missing folders; a typo must not make a tree.
            self._failed(self.kapp.t("export.no_folder", folder=folder))
            return
        self._busy = True
        self.relabel()
        # On the app: the files are written even if the dialog is closed meanwhile.
        self.app.run_worker(self._export(target), group="export")

    async def _export(self, target: Path) -> None:
        app = self.kapp
        game, model = app.game, app.model
        try:
            if game is None or model is None:
                return
            from game.saves import best_person as saves

            try:
                written, page = await asyncio.to_thread(
                    write_export, model, game, target, app.lang, app.class_code, app.student
                )
            except (saves.SaveError, OSError) as exc:
                self._failed(said(exc, app.lang))
                return
            app.notify(app.t("notify.exported", json=written, html=page), timeout=12)
            if app.screen is self:
                self.dismiss(None)
        finally:
            self._busy = False
            if self.is_mounted:
                self.relabel()

    def _failed(self, error: str) -> None:
        line = " ".join(error.split())  # one line, whatever the OS said
        self.kapp.notify(
            self.kapp.t("notify.export_failed", error=line), severity="error", timeout=10
        )

    def action_close(self) -> None:
        self.dismiss(None)
