"""The ending and the debrief: the story, ten years of meters, key moments, choices, findings, questions.

The data comes from ``game.debrief`` so this screen and the exported report agree.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content

from game.explain import Words

from .format import spark
from .key_bar import KeyBar
from .log_panel import log_line
from .screen_base import KScreen
from .why_panel import BULLET, INDENT, delta_pieces
from .wrapped_text import Block, Pack, Para, WrappedText

SECTIONS = ("ending", "story", "deciding", "meters", "moments", "tags", "findings", "questions", "credit")


def _title(text: str) -> Para:
    return Para(Content.styled(text, "bold $accent"))


class DebriefScreen(KScreen):
    """What became of you and your initiative, and what to talk about."""

    AUTO_FOCUS = "#debrief"
    BINDINGS = [
        Binding("enter", "app.to_title", "title", id="debrief-title"),
        Binding("n", "app.new_game_dialog", "new", id="debrief-new"),
        Binding("e", "app.export", "export", id="debrief-export"),
        Binding("w", "app.whatif", "what if", id="debrief-whatif"),
        Binding("l", "app.log", "log", id="log"),
        Binding("t", "app.toggle_language", "language", show=False, id="language"),
        # Help stays on ? and F1, out of the key bar: 80 columns hold no more.
        Binding("question_mark", "app.help", "help", show=False, id="help"),
        Binding("escape", "app.to_title", "title", show=False, id="to-title"),
        Binding("q", "app.quit", "quit", id="quit"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="debrief"):
            for name in SECTIONS:
                yield WrappedText(id=f"debrief-{name}", classes="debrief-section")
        yield KeyBar()

    def on_mount(self) -> None:
        self.relabel()

    def relabel(self) -> None:
        from game import debrief

        app: Any = self.app
        game = app.game
        if game is None:
            return
        data = debrief.build(game.model, game)
        for name in SECTIONS:
            blocks = getattr(self, f"_{name}")(app, game, data)
            self.query_one(f"#debrief-{name}", WrappedText).set_blocks(blocks)

    # -- sections ------------------------------------------------------------------------------
    def _ending(self, app: Any, game: Any, data: Any) -> list[Block]:
        ending = game.ending
        t = app.t
        blocks: list[Block] = [_title(app.text(ending.title) if ending else t("debrief.no_ending"))]
        if ending is not None:
            blocks.append(
                Pack(
                    [
                        Content.assemble(
                            (t("debrief.person") + " ", "$text-muted"),
                            (t(f"label.person.{data.person}"), "bold"),
                        ),
                        Content.assemble(
                            (t("debrief.initiative") + " ", "$text-muted"),
                            (t(f"label.initiative.{data.initiative}"), "bold"),
                        ),
                    ],
                    sep="   ",
                )
            )
        last = game.records[-1] if game.records else None
        when = app.season_year(last.year, last.season) if last else ""
        seed = (
            t("debrief.class_code", code=app.class_code)
            if app.class_code
            else t("debrief.seed", seed=game.seed)
        )
        played = t(
            "debrief.played",
            scenario=app.text(game.scenario.title),
            when=when,
            turns=data.turns_played,
            seed=seed,
        )
        if getattr(app, "student", None):
            played = t("debrief.student", name=app.student) + " · " + played
        blocks.append(Para(Content.styled(played, "$text-muted")))
        return blocks

    def _story(self, app: Any, game: Any, data: Any) -> list[Block]:
        ending = game.ending
        return [Para(Content(app.text(ending.story) if ending else ""))]

    def _meters(self, app: Any, game: Any, data: Any) -> list[Block]:
        meters = game.model.meters
        labels = [app.text(m.label) for m in meters]
        width = min(max(len(s) for s in labels), 16)
        blocks: list[Block] = [_title(app.t("debrief.meters"))]
        for i, _m in enumerate(meters):
            series = [float(v) for v in data.history[:, i]]
            blocks.append(
                Para(
                    Content.assemble(
                        labels[i][:width].ljust(width),
                        " ",
                        f"{series[0]:3.0f}",
                        (" → ", "$text-muted"),
                        (f"{series[-1]:3.0f}", "bold"),
                        "  ",
                        (spark(series, 42), "$secondary"),
                    )
                )
            )
        return blocks

    def _deciding(self, app: Any, game: Any, data: Any) -> list[Block]:
        """Why this ending: each part of its condition with your value, then the nearest miss."""
        if game.ending is None:
            return []
        words = Words(game.model, app.lang)
        blocks: list[Block] = [_title(app.t("explain.deciding"))]
        for check in data.deciding:
            style = "" if check.held else "$error"
            blocks.append(Para(Content.styled(words.check(check), style), BULLET))
        if not data.deciding:
            blocks.append(Para(Content(words.t("explain.fallback")), BULLET))
        if data.nearest_miss is not None:
            blocks.append(Para(Content.styled(words.miss(data.nearest_miss), "italic"), BULLET))
        return blocks

    def _moments(self, app: Any, game: Any, data: Any) -> list[Block]:
        blocks: list[Block] = [_title(app.t("debrief.moments"))]
        if not data.moments:
            blocks.append(Para(Content.styled(app.t("debrief.no_moments"), "$text-muted")))
        words = Words(game.model, app.lang)
        mine = app.t("explain.your_choice")
        for moment in data.moments:
            record = game.records[moment.turn]
            blocks.append(Para(log_line(app, record), BULLET))
            # What the choice itself did, then each rule that did the rest of the swing.
            pieces = delta_pieces(app, dict(moment.choice)) or [Content.styled(app.t("explain.nothing"), "$text-muted")]
            blocks.append(Pack([Content.styled(mine + ":", "$text-muted"), *pieces], INDENT))
            for rule in moment.rules:
                head = Content.styled(words.cause(rule) + ":", "italic $text-muted")
                blocks.append(Pack([head, *delta_pieces(app, dict(rule.moved[:3]))], INDENT))
        return blocks

    def _tags(self, app: Any, game: Any, data: Any) -> list[Block]:
        blocks: list[Block] = [_title(app.t("debrief.tags"))]
        if not data.tags:
            blocks.append(Para(Content.styled(app.t("debrief.no_moments"), "$text-muted")))
        labels = {
            tag: _capital(app.text(game.model.tag_labels.get(tag)) or tag) for tag in data.tags
        }
        width = max((len(s) for s in labels.values()), default=0)
        for tag, n in data.tags.items():
            blocks.append(
                Para(
                    Content.assemble(
                        labels[tag].ljust(width), " ", (f"{n:2d} ", "bold"), ("█" * n, "$primary")
                    )
                )
            )
        return blocks

    def _findings(self, app: Any, game: Any, data: Any) -> list[Block]:
        blocks: list[Block] = [_title(app.t("debrief.findings"))]
        for finding in data.findings:
            kind, _, letter = finding.partition(" ")
            name = f"{app.t(f'label.{kind}')} {letter}"
            text = app.text(game.model.findings.get(finding))
            blocks.append(Para(Content.assemble((name + ": ", "bold"), text), BULLET))
            evidence = Words(game.model, app.lang).evidence(data, finding)
            if evidence:
                blocks.append(Para(Content.styled(evidence, "italic $text-muted"), INDENT))
        return blocks

    def _questions(self, app: Any, game: Any, data: Any) -> list[Block]:
        blocks: list[Block] = [_title(app.t("debrief.questions"))]
        ending = game.ending
        for k, q in enumerate(ending.questions if ending else (), start=1):
            blocks.append(Para(Content(app.text(q)), Content.styled(f"{k}. ", "bold $accent")))
        return blocks

    def _credit(self, app: Any, game: Any, data: Any) -> list[Block]:
        return [Para(Content.styled(app.t("debrief.credit"), "italic $text-muted"))]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
