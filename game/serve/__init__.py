"""`koorddanser serve`: the class plays in a browser, the teacher watches live (issue 12).

A front end, like game.tui: it may use the TUI, saves and the class overview; nothing below
it imports it.
"""

from .server import ClassServer, Config

__all__ = ["ClassServer", "Config"]
