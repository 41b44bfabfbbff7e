"""The `bantin` command line."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import NoReturn

from service.settings import get_settings


def _read_input(path: str) -> str:
    from service.text.ingest import read_upload

    data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    settings = get_settings()
    return read_upload(data, filename=None if path == "-" else path, max_bytes=settings.max_article_bytes,
                       ocr_command=settings.ocr_command)


def cmd_script(args: argparse.Namespace) -> int:
    from service.text.script import build_script

    script = build_script(_read_input(args.file), title=args.title)
    print(json.dumps(script.model_dump(), ensure_ascii=False, indent=1))
    return 0


def cmd_normalize(_: argparse.Namespace) -> int:
    from service.text.normalize import normalize

    for line in sys.stdin:
        print(normalize(line.rstrip("\n")), flush=False)
    sys.stdout.flush()
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    from service import running_order
    from service.storage import get_storage
    from service.text.script import build_script
    from workers.pipeline import programme_tags, render

    settings = get_settings()
    updates = {k: v for k, v in (("engines", args.engine), ("delivery_profile", args.profile)) if v}
    settings = settings.model_copy(update=updates) if updates else settings
    scripts = [build_script(_read_input(f), title=args.title if len(args.file) == 1 else None) for f in args.file]
    out = Path(args.output)
    programme = args.programme or len(scripts) > 1
    tags = programme_tags(scripts[0].title, station=settings.station_name, slot="programme" if programme else "preview")
    storage = get_storage(settings)
    result = render(scripts, out, template=running_order.for_station(settings, storage), settings=settings,
                    storage=storage, tags=tags, programme=programme)
    a = result.assembled
    print(json.dumps({
        "output": str(out), "duration_s": a.duration_s, "lufs": a.integrated_lufs,
        "true_peak_db": a.true_peak_db, "loudness_range_lu": a.loudness_range_lu, "profile": settings.delivery_profile,
        "engines": result.engines,
        "segments": [{"index": t["index"], "role": t["role"], "speaker": t["speaker"], "engine": t["engine"],
                      "start_s": t["start_s"]} for t in a.timeline if t["kind"] == "speech" and t["role"] != "station"],
        "timeline": a.timeline, "chapters": a.chapters, "warnings": result.warnings,
    }, ensure_ascii=False, indent=1))
    return 0


def cmd_engines(_: argparse.Namespace) -> int:
    from workers.tts import ENGINES, EngineError, get_engine

    for name in ENGINES:
        try:
            engine = get_engine(name)
            ok, why = engine.available()
            voices = engine.voices()
        except EngineError as exc:
            ok, why, voices = False, str(exc), []
        print(f"{name:8} {'available' if ok else 'unavailable':12} {why}")
        if voices:
            print(f"{'':8} voices: {', '.join(voices)}")
    return 0


def cmd_voices(args: argparse.Namespace) -> int:
    from workers.tts.piper_voices import install

    folder = get_settings().piper_voices_dir
    assert folder is not None
    name = install(Path(args.model), folder, name=args.name, replace=args.replace)
    print(f"installed piper voice {name!r} in {folder} (it loaded and spoke); add piper to BANTIN_ENGINES to use it")
    return 0


def cmd_doctor(_: argparse.Namespace) -> int:
    from bantin.doctor import diagnose

    findings = diagnose(get_settings())
    for f in findings:
        print(f"{f.level.upper():5} {f.check:10} {f.message}")
    failed = [f.check for f in findings if f.level == "fail"]
    print("all good" if not failed else f"{len(failed)} problem(s): {', '.join(failed)}")
    return 1 if failed else 0


def _station(session: object, name: str | None) -> object:
    from service.auth import get_or_create_station

    return get_or_create_station(session, name or get_settings().station_name)  # type: ignore[arg-type]


def cmd_user(args: argparse.Namespace) -> int:
    import getpass

    from service import auth
    from service.db import session_scope

    _migrate()
    role = "admin" if args.admin else args.role
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"Mật khẩu cho {args.username} (password): ")
    with session_scope() as session:
        station = _station(session, args.station)
        user = auth.add_user(session, station=station, username=args.username, role=role,  # type: ignore[arg-type]
                             password=password, display_name=args.display_name)
        print(f"user {user.username} ({user.role}) added to {station.name}")  # type: ignore[attr-defined]
    return 0


def cmd_relay(args: argparse.Namespace) -> int:
    from service import auth
    from service.db import session_scope

    _migrate()
    with session_scope() as session:
        station = _station(session, args.station)
        commune = auth.get_or_create_commune(session, station, args.commune)  # type: ignore[arg-type]
        name = args.username or f"relay-{commune.id[:8]}"
        relay = auth.add_user(session, station=station, username=name, role="relay", password=None,  # type: ignore[arg-type]
                              commune=commune)
        token, _ = auth.new_token(session, relay, name="relay")
        print(f"relay {relay.username} for {commune.name}; token (shown once): {token}")
    return 0


def cmd_lexicon(args: argparse.Namespace) -> int:
    from service import lexicon
    from service.db import session_scope

    _migrate()
    with session_scope() as session:
        station_id = _station(session, args.station).id  # type: ignore[attr-defined]
        if args.action == "add":
            entry = lexicon.add(session, station_id, term=args.term, spoken=args.spoken, note=args.note)
            print(f"added: {entry.term} -> {entry.spoken}")
        elif args.action == "remove":
            lexicon.remove(session, station_id, args.term)
            print(f"removed: {args.term}")
        else:
            for entry in lexicon.list_entries(session, station_id):
                print(f"{entry.term}\t{entry.spoken}" + (f"\t{entry.note}" if entry.note else ""))
    return 0


def _migrate() -> None:
    from service.db import migrate

    migrate()


def cmd_migrate(_: argparse.Namespace) -> int:
    """Bring the database to the newest schema (once, however many processes start together)."""
    from service.db import schema_revisions

    _migrate()
    current, head = schema_revisions()
    print(f"schema at {current} (newest: {head})")
    return 0 if current == head else 1


def _api_cmd() -> list[str]:
    s = get_settings()
    return [sys.executable, "-m", "uvicorn", "service.main:app", "--host", s.api_host, "--port", str(s.api_port),
            "--workers", str(s.api_workers)]


def _worker_cmd(concurrency: int | None = None) -> list[str]:
    cmd = [sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker", "--loglevel", "INFO",
           "--without-gossip", "--without-mingle"]
    return cmd + (["--concurrency", str(concurrency)] if concurrency else [])


def _beat_cmd() -> list[str]:
    schedule = get_settings().data_dir.resolve() / "celerybeat-schedule"
    return [sys.executable, "-m", "celery", "-A", "workers.celery_app", "beat", "--loglevel", "INFO",
            "--schedule", str(schedule)]


def _become(cmd: list[str]) -> NoReturn:
    """Replace this process with the server: it keeps the pid, so it receives SIGTERM itself (docker stop,
    systemd) and shuts down cleanly, instead of being orphaned when a parent that waited on it exits."""
    from service.db import get_engine

    get_engine().dispose()  # close the migration's connections properly; they would not survive the exec
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(cmd[0], cmd)


def cmd_api(_: argparse.Namespace) -> int:
    _migrate()
    _become(_api_cmd())


def cmd_worker(args: argparse.Namespace) -> int:
    _migrate()
    _become(_worker_cmd(args.concurrency))


def cmd_beat(_: argparse.Namespace) -> int:
    get_settings().data_dir.mkdir(parents=True, exist_ok=True)
    _become(_beat_cmd())


def cmd_run(_: argparse.Namespace) -> int:
    """API, one worker and the scheduler together, stopped together."""
    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    _migrate()
    procs = [subprocess.Popen(cmd) for cmd in (_api_cmd(), _worker_cmd(1), _beat_cmd())]
    print(f"bantin is running at http://{settings.api_host}:{settings.api_port} (Ctrl-C stops it)", flush=True)

    def stop(*_: object) -> None:
        for p in procs:
            if p.poll() is None:
                p.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        while all(p.poll() is None for p in procs):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        stop()
        for p in procs:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
    return max((p.returncode or 0) for p in procs)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bantin", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("script", help="print the script of an article as JSON")
    p.add_argument("file", help="article file, or - for standard input")
    p.add_argument("--title")
    p.set_defaults(func=cmd_script)
    sub.add_parser("normalize", help="spoken form of each line on stdin").set_defaults(func=cmd_normalize)
    p = sub.add_parser("render", help="render articles to MP3 in this process (no broker)")
    p.add_argument("file", nargs="+", help="one article (a preview), or several (a programme)")
    p.add_argument("--programme", action="store_true", help="the full programme template, even for one article")
    p.add_argument("--profile", help="delivery profile: loudspeaker, compat, archive")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--engine", help="engine chain, e.g. espeak or gtts,espeak")
    p.add_argument("--title")
    p.set_defaults(func=cmd_render)
    sub.add_parser("engines", help="speech engines, whether they work here, their voices").set_defaults(
        func=cmd_engines)
    p = sub.add_parser("voices", help="the station's piper voices")
    voices = p.add_subparsers(dest="action", required=True)
    add_voice = voices.add_parser("add", help="install NAME.onnx (with NAME.onnx.json beside it) after checking "
                                              "that piper loads it and speaks with it")
    add_voice.add_argument("model", help="the voice's .onnx file")
    add_voice.add_argument("--name", help="install it under this name (default: the file's name)")
    add_voice.add_argument("--replace", action="store_true", help="replace an installed voice of the same name")
    p.set_defaults(func=cmd_voices)
    p = sub.add_parser("user", help="accounts")
    users = p.add_subparsers(dest="action", required=True)
    add_user = users.add_parser("add", help="add a user (asks for the password; there is no default)")
    add_user.add_argument("username")
    add_user.add_argument("--role", choices=["admin", "editor", "approver"], default="editor")
    add_user.add_argument("--admin", action="store_true", help="the same as --role admin")
    add_user.add_argument("--station", help="the station's name (created if new); default BANTIN_STATION_NAME")
    add_user.add_argument("--display-name")
    add_user.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.set_defaults(func=cmd_user)
    p = sub.add_parser("relay", help="relay stations of communes")
    relays = p.add_subparsers(dest="action", required=True)
    add_relay = relays.add_parser("add", help="a relay for COMMUNE; prints its token once")
    add_relay.add_argument("commune")
    add_relay.add_argument("--station")
    add_relay.add_argument("--username")
    p.set_defaults(func=cmd_relay)
    p = sub.add_parser("lexicon", help="the station's own pronunciations")
    p.add_argument("--station")
    lex = p.add_subparsers(dest="action", required=True)
    add = lex.add_parser("add", help="add an entry: how TERM is read aloud")
    add.add_argument("term")
    add.add_argument("spoken")
    add.add_argument("--note")
    lex.add_parser("list", help="list the entries")
    rm = lex.add_parser("remove", help="remove the entry for TERM")
    rm.add_argument("term")
    p.set_defaults(func=cmd_lexicon)
    sub.add_parser("doctor", help="check this deployment and say what is wrong").set_defaults(func=cmd_doctor)
    sub.add_parser("run", help="API + worker + scheduler with embedded defaults").set_defaults(func=cmd_run)
    sub.add_parser("migrate", help="bring the database to the newest schema").set_defaults(func=cmd_migrate)
    sub.add_parser("api", help="the HTTP API and web page").set_defaults(func=cmd_api)
    p = sub.add_parser("worker", help="a Celery worker")
    p.add_argument("--concurrency", type=int)
    p.set_defaults(func=cmd_worker)
    sub.add_parser("beat", help="the Celery beat scheduler").set_defaults(func=cmd_beat)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from service.errors import Invalid, NotFound
    from service.text.ingest import ArticleInputError
    from workers.tts import EngineError

    try:
        return int(args.func(args) or 0)
    except (ArticleInputError, EngineError, Invalid, NotFound, OSError) as exc:
        print(f"bantin: {getattr(exc, 'message', None) or exc}", file=sys.stderr)
        return 2

