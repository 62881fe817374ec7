"""The Textual front end: ``from game.tui import KoorddanserApp``."""

from .app import KoorddanserApp

__all__ = ["KoorddanserApp"]
