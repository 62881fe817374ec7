"""The ending and the debrief: the story, ten years of meters, key moments, choices, findings, questions.

The data comes from ``game.classroom.debrief`` so this screen and the exported report agree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content

from game.classroom.explain import Words

from .format import spark
from .key_bar import KeyBar
from .log_panel import log_line
from .screen_base import KScreen
from .why_panel import BULLET, INDENT, delta_pieces
from .wording import Wording
from .wrapped_text import Block, Pack, Para, WrappedText

if TYPE_CHECKING:
    from game.classroom.debrief import Debrief
    from game.engine import Game

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

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game  # a finished game (or one with no event left)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="debrief"):
            for name in SECTIONS:
                yield WrappedText(id=f"debrief-{name}", classes="debrief-section")
        yield KeyBar()

    def on_mount(self) -> None:
        self.relabel()

    def relabel(self) -> None:
        from game.classroom import debrief

        words, game = self.kapp.wording, self.game
        data = debrief.build(game.model, game)
        for name in SECTIONS:
            blocks = getattr(self, f"_{name}")(words, game, data)
            self.query_one(f"#debrief-{name}", WrappedText).set_blocks(blocks)

    # -- sections ------------------------------------------------------------------------------
    def _ending(self, words: Wording, game: Game, data: Debrief) -> list[Block]:
        ending = game.ending
        t = words.t
        blocks: list[Block] = [_title(words.text(ending.title) if ending else t("debrief.no_ending"))]
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
        when = words.season_year(last.year, last.season) if last else ""
        seed = (
            t("debrief.class_code", code=self.kapp.class_code)
            if self.kapp.class_code
            else t("debrief.seed", seed=game.seed)
        )
        played = t(
            "debrief.played",
            scenario=words.text(game.scenario.title),
            when=when,
            turns=data.turns_played,
            seed=seed,
        )
        if self.kapp.student:
            played = t("debrief.student", name=self.kapp.student) + " · " + played
        blocks.append(Para(Content.styled(played, "$text-muted")))
        return blocks

    def _story(self, words: Wording, game: Game, data: Debrief) -> list[Block]:
        ending = game.ending
        return [Para(Content(words.text(ending.story) if ending else ""))]

    def _meters(self, words: Wording, game: Game, data: Debrief) -> list[Block]:
        meters = game.model.meters
        labels = [words.text(m.label) for m in meters]
        width = min(max(len(s) for s in labels), 16)
        blocks: list[Block] = [_title(words.t("debrief.meters"))]
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

    def _deciding(self, words: Wording, game: Game, data: Debrief) -> list[Block]:
        """Why this ending: each part of its condition with your value, then the nearest miss."""
        if game.ending is None:
            return []
        explain = Words(game.model, words.lang)
        blocks: list[Block] = [_title(words.t("explain.deciding"))]
        for check in data.deciding:
            style = "" if check.held else "$error"
            blocks.append(Para(Content.styled(explain.check(check), style), BULLET))
        if not data.deciding:
            blocks.append(Para(Content(explain.t("explain.fallback")), BULLET))
        if data.nearest_miss is not None:
            blocks.append(Para(Content.styled(explain.miss(data.nearest_miss), "italic"), BULLET))
        return blocks

    def _moments(self, words: Wording, game: Game, data: Debrief) -> list[Block]:
        blocks: list[Block] = [_title(words.t("debrief.moments"))]
        if not data.moments:
            blocks.append(Para(Content.styled(words.t("debrief.no_moments"), "$text-muted")))
        explain = Words(game.model, words.lang)
        mine = words.t("explain.your_choice")
        for moment in data.moments:
            record = game.records[moment.turn]
            blocks.append(Para(log_line(words, game, record), BULLET))
            # What the choice itself did, then each rule that did the rest of the swing.
            pieces = delta_pieces(words, game.model, dict(moment.choice)) or [Content.styled(words.t("explain.nothing"), "$text-muted")]
            blocks.append(Pack([Content.styled(mine + ":", "$text-muted"), *pieces], INDENT))
            for rule in moment.rules:
                head = Content.styled(explain.cause(rule) + ":", "italic $text-muted")
                blocks.append(Pack([head, *delta_pieces(words, game.model, dict(rule.moved[:3]))], INDENT))
        return blocks

    def _tags(self, words: Wording, game: Game, data: Debrief) -> list[Block]:
        blocks: list[Block] = [_title(words.t("debrief.tags"))]
        if not data.tags:
            blocks.append(Para(Content.styled(words.t("debrief.no_moments"), "$text-muted")))
        labels = {
            tag: _capital(words.text(game.model.tag_labels.get(tag)) or tag) for tag in data.tags
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

    def _findings(self, words: Wording, game: Game, data: Debrief) -> list[Block]:
        blocks: list[Block] = [_title(words.t("debrief.findings"))]
        for finding in data.findings:
            kind, _, letter = finding.partition(" ")
            name = f"{words.t(f'label.{kind}')} {letter}"
            text = words.text(game.model.findings.get(finding))
            blocks.append(Para(Content.assemble((name + ": ", "bold"), text), BULLET))
            evidence = Words(game.model, words.lang).evidence(data, finding)
            if evidence:
                blocks.append(Para(Content.styled(evidence, "italic $text-muted"), INDENT))
        return blocks

    def _questions(self, words: Wording, game: Game, data: Debrief) -> list[Block]:
        blocks: list[Block] = [_title(words.t("debrief.questions"))]
        ending = game.ending
        for k, q in enumerate(ending.questions if ending else (), start=1):
            blocks.append(Para(Content(words.text(q)), Content.styled(f"{k}. ", "bold $accent")))
        return blocks

    def _credit(self, words: Wording, game: Game, data: Debrief) -> list[Block]:
        return [Para(Content.styled(words.t("debrief.credit"), "italic $text-muted"))]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
