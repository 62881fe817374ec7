"""The HTML of `koorddanser serve`: start, full, error, game and teacher pages.

Every page is self-contained (styles inline, system fonts): nothing is fetched from elsewhere.
Every text comes from content/ui-serve.yaml (nl/en); every value is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import quote

from game.i18n import LANGS

T = Callable[..., str]
e = html.escape

CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  margin: 0; background: #f4f1ea; color: #1d1d1b; line-height: 1.45; }
main { max-width: 42rem; margin: 3rem auto; padding: 2rem 2.2rem; background: #fff;
  border-radius: 10px; box-shadow: 0 2px 14px rgba(0,0,0,.08); }
main.wide { max-width: 70rem; }
h1 { margin-top: 0; font-size: 1.7rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
label { display: block; font-weight: 600; margin-top: 1.1rem; }
input[type=text], input[type=password] { width: 100%; box-sizing: border-box; font-size: 1.1rem;
  padding: .55rem .7rem; border: 1px solid #888; border-radius: 6px; margin-top: .3rem; }
button, .button { display: inline-block; margin-top: 1.4rem; font-size: 1.1rem; padding: .6rem 1.6rem;
  background: #1f5fa8; color: #fff; border: 0; border-radius: 6px; text-decoration: none;
  cursor: pointer; }
.hint, .meta { color: #555; font-size: .92rem; }
.error { background: #fdecea; border-left: 4px solid #b3261e; padding: .6rem .9rem; }
.lang { float: right; font-size: .95rem; }
table { border-collapse: collapse; width: 100%; margin-top: .6rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #ddd; }
td.n, th.n { text-align: right; }
.on { color: #1b7d2a; font-weight: 600; }
"""


def page(title: str, body: str, lang: str, wide: bool = False, head: str = "") -> str:
    """A whole page around ``body`` (already HTML)."""
    cls = ' class="wide"' if wide else ""
    return (
        f'<!doctype html>\n<html lang="{e(lang)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">{head}'
        f"<title>{e(title)}</title><style>{CSS}</style></head>"
        f"<body><main{cls}>{body}</main></body></html>\n"
    )


def start(
    t: T, lang: str, code: str, error: str | None = None, name: str = "", known: str | None = None
) -> str:
    """The start page: name and pass phrase; the other language one click away."""
    other = LANGS[(LANGS.index(lang) + 1) % len(LANGS)] if lang in LANGS else LANGS[0]
    parts = [
        f'<a class="lang" href="/?lang={other}" lang="{other}">{e(t("serve.start.other_lang"))}</a>',
        f"<h1>{e(t('serve.start.heading'))}</h1>",
        f"<p>{e(t('serve.start.intro'))}</p>",
        f"<p class=meta>{e(t('serve.start.code', code=code))}</p>",
    ]
    if known:
        parts.append(
            f'<p><a class="button" id="continue" href="/play">'
            f"{e(t('serve.start.continue_as', name=known))}</a></p>"
            f"<p class=hint>{e(t('serve.start.not_you'))}</p>"
        )
    if error:
        parts.append(f'<p class="error" role="alert">{e(error)}</p>')
    parts.append(
        '<form method="post" action="/join">'
        f'<input type="hidden" name="lang" value="{e(lang)}">'
        f'<label for="name">{e(t("serve.start.name"))}</label>'
        f'<input type="text" id="name" name="name" maxlength="80" required autofocus '
        f'autocomplete="name" value="{e(name)}">'
        f'<label for="phrase">{e(t("serve.start.phrase"))}</label>'
        '<input type="password" id="phrase" name="phrase" minlength="4" maxlength="64" required '
        'autocomplete="current-password">'
        f"<p class=hint>{e(t('serve.start.phrase_hint'))}</p>"
        f'<button type="submit" id="join">{e(t("serve.start.button"))}</button></form>'
    )
    return page(t("serve.title"), "".join(parts), lang)


def message(t: T, lang: str, title: str, text: str, link: str = "/", link_text: str = "") -> str:
    """A page that says one thing and offers one way on (errors, a full class)."""
    body = (
        f"<h1>{e(title)}</h1><p role=alert>{e(text)}</p>"
        f'<p><a class="button" href="{e(link)}">{e(link_text or t("serve.back"))}</a></p>'
    )
    return page(title, body, lang)


def game(t: T, lang: str, ws_url: str, font_size: int = 16) -> str:
    """The terminal page: textual-serve's client (its JS, CSS and Roboto Mono from /static).

    Its own template loads the font from a third-party service; this one declares it from
    our server instead. Downloads open as same-page links, not pop-ups a browser may block.
    """
    return GAME_TEMPLATE.format(
        lang=e(lang),
        title=e(t("serve.title")),
        ws=e(ws_url),
        font_size=int(font_size),
        loading=e(t("serve.play.loading")),
        closed=e(t("serve.play.closed")),
        restart=e(t("serve.play.restart")),
        leave=e(t("serve.play.leave")),
    )


GAME_TEMPLATE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="/static/css/xterm.css">
<style>
@font-face {{ font-family: "Roboto Mono"; font-weight: 100 700; font-style: normal;
  src: url("/static/fonts/RobotoMono-VariableFont_wght.ttf") format("truetype"); }}
@font-face {{ font-family: "Roboto Mono"; font-weight: 100 700; font-style: italic;
  src: url("/static/fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype"); }}
html, body {{ margin: 0; height: 100%; background: #0c181f; }}
#terminal {{ position: absolute; inset: 0; }}
.textual-terminal {{ opacity: 0; transition: opacity .3s ease-out; }}
body.-first-byte .textual-terminal {{ opacity: 1; }}
.dialog {{ position: absolute; inset: 0; display: flex; align-items: center;
  justify-content: center; z-index: 10; background: #0c181f; color: #eee;
  font: 18px system-ui, sans-serif; text-align: center; }}
body.-first-byte .intro {{ display: none; }}
.closed {{ display: none; }} body.-closed .closed {{ display: flex; }}
.dialog a {{ display: inline-block; margin: 1rem .5rem 0; padding: .6rem 1.4rem;
  background: #1f5fa8; color: #fff; text-decoration: none; border-radius: 6px; }}
</style>
<script>
// textual.js opens each download with window.open; a second pop-up is blocked by browsers,
// so a download becomes a link clicked in this page instead.
(function () {{
  const open = window.open.bind(window);
  window.open = function (url, target) {{
    if (typeof url === "string" && url.indexOf(location.origin + "/download/") === 0) {{
      const a = document.createElement("a");
      a.href = url; a.download = ""; document.body.appendChild(a); a.click(); a.remove();
      return null;
    }}
    return open(url, target);
  }};
}})();
</script>
<script src="/static/js/textual.js"></script>
</head><body>
<div class="dialog intro"><p>{loading}</p></div>
<div class="dialog closed"><div><p>{closed}</p>
<a href="/play" id="restart">{restart}</a><a href="/leave" id="leave">{leave}</a></div></div>
<div id="terminal" class="textual-terminal" data-session-websocket-url="{ws}"
 data-font-size="{font_size}"></div>
</body></html>
"""


def teacher(
    t: T,
    lang: str,
    *,
    code: str,
    folder: str,
    token: str,
    refresh: int,
    rows: Iterable[dict],
    online: int,
    limit: int,
    overview_parts: tuple[str, list[str]] | None,
    overview_css: str,
) -> str:
    """The live teacher page: who plays, at which turn, links; below it `class`'s overview."""
    q = f"token={quote(token)}"
    head = f'<meta http-equiv="refresh" content="{int(refresh)}">'
    parts = [
        f"<h1>{e(t('serve.teacher.title'))}</h1>",
        f"<p class=meta>{e(t('serve.teacher.intro', code=code, folder=folder, seconds=refresh))}"
        "</p>",
        f"<h2>{e(t('serve.teacher.live'))}</h2>",
        f"<p class=meta id=online>{e(t('serve.teacher.online_count', n=online, max=limit))}</p>",
    ]
    rows = list(rows)
    if rows:
        cols = ("name", "online", "turn", "ending", "report")
        head_row = "".join(
            f"<th{' class=n' if c == 'turn' else ''}>{e(t('serve.teacher.col.' + c))}</th>"
            for c in cols
        )
        body_rows = []
        for r in rows:
            on = t("serve.teacher.yes") if r["online"] else t("serve.teacher.no")
            link = (
                f'<a href="/teacher/report?{q}&amp;file={quote(r["file"])}">'
                f"{e(t('serve.teacher.report'))}</a>"
                if r.get("file")
                else ""
            )
            body_rows.append(
                f'<tr data-student="{e(r["slug"])}"><td>{e(r["name"])}</td>'
                f"<td class={'on' if r['online'] else 'off'}>{e(on)}</td>"
                f"<td class=n>{e(str(r['turn']))}</td><td>{e(r['ending'])}</td><td>{link}</td></tr>"
            )
        parts.append(f"<table id=live><tr>{head_row}</tr>{''.join(body_rows)}</table>")
    else:
        parts.append(f"<p>{e(t('serve.teacher.none'))}</p>")
    parts.append(
        f"<h2>{e(t('serve.teacher.downloads'))}</h2><ul>"
        f'<li><a id=csv href="/teacher/class.csv?{q}" download>{e(t("serve.teacher.csv"))}</a></li>'
        f'<li><a id=html href="/teacher/class.html?{q}" download>{e(t("serve.teacher.html"))}</a>'
        "</li></ul>"
    )
    parts.append(f"<h2>{e(t('serve.teacher.overview'))}</h2>")
    if overview_parts is None:
        parts.append(f"<p>{e(t('serve.teacher.no_games'))}</p>")
    else:
        parts.append('<section class="overview">' + "\n".join(overview_parts[1]) + "</section>")
    head += f"<style>.overview {{ }} {overview_css}</style>" if overview_css else ""
    return page(t("serve.teacher.title"), "\n".join(parts), lang, wide=True, head=head)


def folder_text(folder: Path) -> str:
    """The class folder as shown to the teacher (never raises on odd names)."""
    from game.files.textsafe import path_text

    return path_text(folder)
