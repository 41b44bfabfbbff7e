"""The `bantin-relay` command: init, sync, play, status. Each prints JSON lines on stdout."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from bantin_relay import config as config_mod
from bantin_relay.client import Server, Unreachable
from bantin_relay.config import EMERGENCY_MODES, Config

DEFAULT_DIR = os.environ.get("RELAY_BOX_DIR", "/var/lib/bantin-relay")


def emit(value: dict[str, Any]) -> None:
    print(json.dumps(value, ensure_ascii=False, sort_keys=True), flush=True)


def init(args: argparse.Namespace) -> int:
    config = Config(server=args.server.rstrip("/"), dir=str(Path(args.dir).resolve()))
    for name in ("player", "keep_days", "quota_mb", "poll_s", "late_s", "emergency"):
        if getattr(args, name) is not None:
            setattr(config, name, getattr(args, name))
    config_mod.save(config, args.token)
    try:  # the token opens the listing only for a relay account: a working link and the right account at once
        listing = Server(config.server, args.token, config.timeout_s).listing(etag=None, since=None)
    except Unreachable as exc:
        emit({"ok": False, "dir": config.dir, "error": str(exc)})
        return 1
    emit({"ok": True, "dir": config.dir, "server": config.server, "programmes": len(listing.programmes or []),
          "clock_offset_s": listing.clock_offset_s})
    return 0


def sync(args: argparse.Namespace) -> int:
    from bantin_relay import sync as sync_mod

    report = sync_mod.run(config_mod.load(Path(args.dir)))
    emit(report)
    return 0 if report["ok"] else 1


def play(args: argparse.Namespace) -> int:
    from bantin_relay import play as play_mod

    return play_mod.run(config_mod.load(Path(args.dir)), sync=not args.no_sync)


def status(args: argparse.Namespace) -> int:
    from bantin_relay import status as status_mod

    emit(status_mod.report(config_mod.load(Path(args.dir))))
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="bantin-relay", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True)
    p = commands.add_parser("init", help="write the configuration and check the server")
    p.add_argument("--server", required=True, help="bantin's address, e.g. https://bantin.example.vn")
    p.add_argument("--token", required=True, help="the relay account's token (`bantin relay add`)")
    p.add_argument("--player", help="command that plays a file; {file} stands for its path (mpg123 -q {file})")
    p.add_argument("--keep-days", type=float, dest="keep_days", help="keep programmes this long after air time")
    p.add_argument("--quota-mb", type=float, dest="quota_mb", help="disk for programmes")
    p.add_argument("--poll-s", type=float, dest="poll_s", help="how often `play` asks for news")
    p.add_argument("--late-s", type=float, dest="late_s", help="play a programme found this late after air time")
    p.add_argument("--emergency", choices=EMERGENCY_MODES, help="an emergency bulletin interrupts or precedes")
    p.set_defaults(run=init)
    commands.add_parser("sync", help="fetch new programmes, verify, clean up, send receipts").set_defaults(run=sync)
    p = commands.add_parser("play", help="play each programme at its air time (runs until stopped)")
    p.add_argument("--no-sync", action="store_true", help="do not sync in the background (a timer does)")
    p.set_defaults(run=play)
    commands.add_parser("status", help="last sync, next programme, disk, queued receipts, clock").set_defaults(
        run=status)
    for sub in commands.choices.values():
        sub.add_argument("--dir", default=DEFAULT_DIR, help=f"the box's folder (default {DEFAULT_DIR})")
    return top


def joined(argv: list[str]) -> list[str]:
    """`--token VALUE` as `--token=VALUE`: a token may begin with "-", which argparse takes for an option."""
    out, rest = [], iter(argv)
    for arg in rest:
        out.append(arg if arg != "--token" else f"--token={next(rest, '')}")
    return out


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(joined(sys.argv[1:] if argv is None else argv))
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
