"""Help: the keys, the meters with what they mean, and Schema 1 in a few lines."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from .key_bar import KeyBar
from .screen_base import KModal

KEYS = (
    "choose",
    "next",
    "log",
    "hints",
    "undo",
    "language",
    "help",
    "palette",
    "menu",
    "quit",
    "export",
    "whatif",
)
SCHEMA_LINES = ("a", "b", "c", "d", "e", "arrows", "balance")


class HelpScreen(KModal):
    """A dialog; Escape (or ?, q, Enter) closes it."""

    AUTO_FOCUS = "#help-body"
    BINDINGS = [
        Binding("escape,question_mark,q,enter", "close", "close", id="close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help-dialog"):
            yield Static(id="help-title", classes="dialog-title")
            with VerticalScroll(id="help-body"):
                yield Static(id="help-keys")
                yield Static(id="help-schema")
                yield Static(id="help-meters")
        yield KeyBar()

    def on_mount(self) -> None:
        self.relabel()
        self.run_worker(self._wait_for_model(), exclusive=True)

    async def _wait_for_model(self) -> None:
        if await self.kapp.get_model() is not None:
            self.relabel()

    def relabel(self) -> None:
        app = self.kapp
        t = app.t
        self.query_one("#help-title", Static).update(t("help.title"))
        keys = [Content.styled(t("help.keys"), "bold $accent")]
        if app.muni is not None and any(
            type(s).__name__.startswith("Muni") for s in app.screen_stack
        ):
            # Playing the municipality: its keys and what the shares mean come first.
            keys = [
                Content.styled(t("muni.role"), "bold $accent"),
                Content(t("muni.app_help")),
                Content(""),
                *keys,
            ]
        for k in KEYS:
            keys.append(
                Content.assemble((t(f"help.key.{k}.keys").ljust(10), "bold"), t(f"help.key.{k}"))
            )
        self.query_one("#help-keys", Static).update(Content("\n").join(keys))
        schema = [Content.styled(t("help.schema"), "bold $accent")]
        schema += [Content(t(f"help.schema.{k}")) for k in SCHEMA_LINES]
        self.query_one("#help-schema", Static).update(Content("\n").join(schema))
        meters = [Content.styled(t("help.meters"), "bold $accent")]
        model = app.model
        if model is None:
            meters.append(Content.styled(t("help.loading"), "$text-muted"))
        else:
            for m in model.meters:
                meters.append(
                    Content.assemble(
                        (app.text(m.label), "bold"),
                        (f" ({t('help.part', part=m.part)})", "$text-muted"),
                        ": ",
                        app.text(m.description),
                    )
                )
        self.query_one("#help-meters", Static).update(Content("\n").join(meters))

    def action_close(self) -> None:
        self.dismiss()
