"""Koorddanser's themes: a warm dark one (default), a light one and a high-contrast one."""

from __future__ import annotations

from textual.theme import Theme

# Colours are chosen so that a 16-colour terminal (TERM=linux) still gets green for good
# news, red for bad news and yellow for emphasis after Textual reduces them.
DARK = Theme(
    name="koorddanser",
    primary="#C0903A",
    secondary="#5B8FD0",
    accent="#E6B450",
    warning="#E6B450",
    error="#E0605A",
    success="#5FBF5F",
    foreground="#E8E3D8",
    background="#1B1D23",
    surface="#23262E",
    panel="#2E323C",
    dark=True,
)

LIGHT = Theme(
    name="koorddanser-light",
    primary="#9A5B16",
    secondary="#2F6690",
    accent="#9A5B16",
    warning="#8A5A00",
    error="#B3261E",
    success="#2E7D32",
    foreground="#1F1C17",
    background="#F7F3EA",
    surface="#EFE9DC",
    panel="#E3DBC9",
    dark=False,
)

CONTRAST = Theme(
    name="koorddanser-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFFF00",
    error="#FF6E6E",
    success="#00FF66",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#FFFFFF",
    dark=True,
    text_alpha=1.0,
    variables={
        "text-muted": "#FFFFFF",
        "footer-key-foreground": "#FFFF00",
        "footer-description-foreground": "#FFFFFF",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "input-cursor-background": "#FFFF00",
        "input-cursor-foreground": "#000000",
        "border": "#FFFFFF",
        "border-blurred": "#FFFFFF",
        "scrollbar": "#FFFFFF",
        "scrollbar-hover": "#FFFF00",
    },
)

THEMES = (DARK, LIGHT, CONTRAST)
DEFAULT_THEME = DARK.name
