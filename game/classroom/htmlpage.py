"""Every HTML page of the game from one set of Jinja2 templates (game/templates/).

One base template and one stylesheet, so the debriefs, the class overview and the sweep look
like one product. Autoescape is on for every template: a value from a save, a file name or the
content is text, never markup; only what Python marks as :class:`markupsafe.Markup` (the SVG
chart, already escaped where it holds text) passes through unchanged. Jinja2 is imported on
the first page, not at start-up: the title screen never pays for it.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import Environment

STYLESHEET_NAME = "koorddanser.css"


@cache
def stylesheet() -> str:
    """The one stylesheet every page inlines (self-contained pages: nothing is fetched)."""
    return files("game").joinpath("templates", STYLESHEET_NAME).read_text(encoding="utf-8")


@cache
def _env() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined
    from markupsafe import Markup

    env = Environment(
        loader=PackageLoader("game", "templates"),
        autoescape=True,  # every template, whatever its name: values are text, not markup
        undefined=StrictUndefined,  # a misspelt name is an error in the tests, not a blank
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["stylesheet"] = Markup(stylesheet())
    return env


def render(template: str, **context: Any) -> str:
    """The page or fragment ``template`` filled with ``context`` (every value escaped)."""
    return _env().get_template(template).render(**context)


def markup(html: str) -> Any:
    """HTML built and escaped in Python (the SVG chart) that a template shows as is."""
    from markupsafe import Markup

    return Markup(html)
