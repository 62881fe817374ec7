"""Load test of `koorddanser serve`: N students join and play at once.

Each student is a websocket client speaking textual-serve's protocol (what the browser's
textual.js sends: ["stdin", key], ["resize", {...}]), with a cookie jar of its own; the
server is started as a teacher would (`python -m game serve ...`) in a temporary class folder.

Measured:
- time to the first game screen: websocket opened -> the title (with the class code) drawn;
- key-to-screen: a key sent -> the first screen update back (server, game process and the
  network path; the browser's own drawing, a few ms in xterm.js, is not in it);
- memory: RSS and PSS of the server and of every game process at the busiest moment
  (PSS shares the libraries fairly between processes: the better per-student figure).

    python benchmarks/serve.py [--students 30] [--turns 5] [--arrival SECONDS] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

REPO = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _kib(pid: int, field: str, file: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _parent(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return -1


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _children(pid: int) -> list[int]:
    """Every descendant of ``pid`` (Linux /proc)."""
    parent: dict[int, int] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
                parent[int(d.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        kids = [c for c, pp in parent.items() if pp == p]
        out += kids
        todo += kids
    return out


def memory(server_pid: int) -> dict:
    everyone = _children(server_pid)
    # The fork server (zygote) that forks the games is not a student.
    # (the games are forked from it, so they carry its command line too: its parent decides)
    zygote = [
        p for p in everyone
        if _parent(p) == server_pid and b"game.serve.zygote" in _cmdline(p)
    ]  # fmt: skip
    games = [p for p in everyone if p not in zygote]
    rss = [_kib(p, "VmRSS", "status") for p in games]
    pss = [_kib(p, "Pss", "smaps_rollup") for p in games]
    return {
        "server_rss_mib": round(_kib(server_pid, "VmRSS", "status") / 1024, 1),
        "games": len(games),
        "game_rss_mib_mean": round(statistics.mean(rss) / 1024, 1) if rss else 0,
        "game_rss_mib_max": round(max(rss) / 1024, 1) if rss else 0,
        "game_pss_mib_mean": round(statistics.mean(pss) / 1024, 1) if pss else 0,
        "fork_server_rss_mib": round(sum(_kib(p, "VmRSS", "status") for p in zygote) / 1024, 1),
        "total_rss_mib": round((sum(rss) + _kib(server_pid, "VmRSS", "status")) / 1024, 1),
        "total_pss_mib": round(
            sum(_kib(p, "Pss", "smaps_rollup") for p in [server_pid, *everyone]) / 1024, 1
        ),
    }


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


async def student(base: str, ws_base: str, i: int, code: str, turns: int, result: dict,
                  go: asyncio.Event, arrival: float = 0.0) -> None:
    """Join (``arrival`` spreads the joins over that many seconds), wait for the title,
    start the class game, play ``turns`` turns."""
    rng = random.Random(i)
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as http:
        await go.wait()
        await asyncio.sleep(rng.uniform(0, arrival))
        form = {"name": f"Student {i:02d}", "phrase": f"phrase-{i}", "lang": "en"}
        await http.post(base + "/join", data=form, allow_redirects=False)
        opened = time.monotonic()
        async with http.ws_connect(f"{ws_base}/ws?width=120&height=36", heartbeat=None) as ws:
            seen = b""
            marker = code.encode()
            while marker not in seen:
                msg = await ws.receive(timeout=120)
                if msg.type != aiohttp.WSMsgType.BINARY:
                    if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                        result["errors"].append(f"{i}: closed before the first screen")
                        return
                    continue
                seen += msg.data
            result["first_screen"].append(time.monotonic() - opened)

            async def key(k: str) -> None:
                while True:  # drain what is still arriving from the previous key
                    try:
                        await ws.receive(timeout=0.05)
                    except TimeoutError:
                        break
                sent = time.monotonic()
                await ws.send_json(["stdin", k])
                while True:
                    msg = await ws.receive(timeout=30)
                    if msg.type == aiohttp.WSMsgType.BINARY:
                        result["key_to_screen"].append(time.monotonic() - sent)
                        return
                    if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                        raise ConnectionError("closed")

            await asyncio.sleep(rng.uniform(0.2, 1.0))
            await key("\r")  # the title's "new game": the class game starts
            for _ in range(turns):
                await asyncio.sleep(rng.uniform(0.8, 2.0))  # reading the event
                await key(str(rng.randint(1, 2)))
                await asyncio.sleep(rng.uniform(0.5, 1.5))  # reading the why
                await key("\r")
            result["done"] += 1
            await go_idle(ws, result)


async def go_idle(ws: aiohttp.ClientWebSocketResponse, result: dict) -> None:
    """Stay connected until every student is done, so memory is measured with all playing.

    Reading keeps answering the server's heartbeat pings, as the browser does."""
    while not result["all_done"].is_set():
        try:
            msg = await ws.receive(timeout=0.2)
        except TimeoutError:
            continue
        if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
            result["errors"].append("closed while waiting for the others")
            return


async def run(n: int, turns: int, arrival: float = 0.0) -> dict:
    from game.classroom import classcode
    from game.content import load_model

    model = load_model()
    sid = sorted(model.scenarios)[0]
    code = classcode.make(model.scenarios[sid], 4821)
    folder = Path(tempfile.mkdtemp(prefix="koorddanser-serve-bench-")) / "class"
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "game", "serve", "--class-code", code, "--dir", str(folder),
         "--port", str(port), "--max-students", str(n), "--lang", "en"],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base, ws_base = f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}"
    result: dict = {
        "first_screen": [], "key_to_screen": [], "errors": [], "done": 0,
        "all_done": asyncio.Event(),
    }  # fmt: skip
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(300):
                try:
                    await http.get(base + "/")
                    break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.1)
        idle_mem = memory(server.pid)
        go = asyncio.Event()
        tasks = [asyncio.create_task(student(base, ws_base, i, code, turns, result, go, arrival))
                 for i in range(n)]  # fmt: skip
        started = time.monotonic()
        go.set()  # all at once: the start of a lesson
        peak: dict = {}
        while result["done"] + len(result["errors"]) < n and time.monotonic() - started < 600:
            await asyncio.sleep(1.0)
            now = memory(server.pid)
            if now["total_rss_mib"] > peak.get("total_rss_mib", 0):
                peak = now
            if any(t.done() and t.exception() for t in tasks):
                break
        result["all_done"].set()
        for t in tasks:
            try:
                await t
            except Exception as exc:  # a student that failed is counted, not hidden
                result["errors"].append(f"{type(exc).__name__}: {exc}")
        wall = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(30)
    saves_found = [  # save files only: not .student.json, nor the settings under .serve/
        p for p in folder.rglob("*.json")
        if not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]  # fmt: skip
    shutil.rmtree(folder.parent, ignore_errors=True)  # the class folder was the test's own
    fs, ks = result["first_screen"], result["key_to_screen"]
    return {
        "students": n,
        "turns_each": turns,
        "arrival_s": arrival,
        "cpus": os.cpu_count(),
        "completed": result["done"],
        "errors": result["errors"][:5],
        "error_count": len(result["errors"]),
        "wall_s": round(wall, 1),
        "first_screen_s": {"p50": round(pct(fs, 50), 2), "p95": round(pct(fs, 95), 2),
                           "max": round(max(fs), 2) if fs else None},
        "key_to_screen_ms": {"p50": round(1000 * pct(ks, 50)), "p95": round(1000 * pct(ks, 95)),
                             "max": round(1000 * max(ks)) if ks else None, "keys": len(ks)},
        "memory_idle_server": idle_mem,
        "memory_peak": peak,
        "save_files": len(saves_found),
    }  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--students", type=int, default=30)
    ap.add_argument("--turns", type=int, default=5)
    ap.add_argument(
        "--arrival", type=float, default=0.0,
        help="spread the joins over this many seconds (0: all in the same instant)",
    )
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    out = asyncio.run(run(args.students, args.turns, args.arrival))
    if args.json:
        print(json.dumps(out))
        return 0 if not out["error_count"] else 1
    fs, ks, mem = out["first_screen_s"], out["key_to_screen_ms"], out["memory_peak"]
    print(f"{out['students']} students x {out['turns_each']} turns on {out['cpus']} CPUs, "
          f"joining over {out['arrival_s']:g} s: "
          f"{out['completed']} completed, {out['error_count']} errors, {out['wall_s']} s")
    print(f"first game screen: p50 {fs['p50']} s, p95 {fs['p95']} s, max {fs['max']} s")
    print(f"key to screen:     p50 {ks['p50']} ms, p95 {ks['p95']} ms, max {ks['max']} ms "
          f"({ks['keys']} keys)")
    print(f"memory at peak:    server {mem.get('server_rss_mib')} MiB RSS; "
          f"{mem.get('games')} games, each {mem.get('game_rss_mib_mean')} MiB RSS "
          f"(max {mem.get('game_rss_mib_max')}), {mem.get('game_pss_mib_mean')} MiB PSS; "
          f"fork server {mem.get('fork_server_rss_mib')} MiB RSS; "
          f"all together {mem.get('total_pss_mib')} MiB PSS")
    print(f"save files: {out['save_files']}")
    for e in out["errors"]:
        print("error:", e)
    return 0 if not out["error_count"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
