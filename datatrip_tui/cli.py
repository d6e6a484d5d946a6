"""The ``datatrip`` command.

    datatrip [--db PATH] [--lang nl|en]          open the trip in the terminal UI
    datatrip demo [--db PATH] [--no-ui]           create (if missing) and open the demo trip
    datatrip --version

Problems with the trip file are one line on stderr and exit code 2, never a traceback. Only what a
command needs is imported, and the UI (textual) is imported last, after the file has been checked.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workshop_data import __version__
from workshop_data.common.errors import DatatripError
from workshop_data.common.i18n import LANGUAGES, printable, set_language, t, tn

from .argparse_text import metavar, speak as speak_argparse
from .settings import Settings, default_demo_path, default_trip_path

EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
    # --db and --lang are accepted before or after the command; SUPPRESS keeps a sub-command's
    # unset option from overwriting the value given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar=metavar("path"), default=argparse.SUPPRESS,
                        help=t("cli.db_help"))
    common.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS,
                        help=t("cli.lang_help"))
    parser = argparse.ArgumentParser(prog="datatrip", parents=[common],
                                     description=t("cli.description"))
    parser.add_argument("--version", action="version", version=f"datatrip {__version__}",
                        help=t("cli.argparse.version"))
    commands = parser.add_subparsers(dest="command", metavar=metavar("command"))
    demo = commands.add_parser("demo", parents=[common], help=t("cli.demo_help"))
    demo.add_argument("--no-ui", action="store_true", help=t("cli.no_ui_help"))
    results = commands.add_parser("results", parents=[common], help=t("ranking.cli.help"))
    results.add_argument("--round", metavar=metavar("id"), help=t("ranking.cli.round_help"))
    results.add_argument("--json", action="store_true", help=t("ranking.cli.json_help"))
    codes = commands.add_parser("codes", parents=[common], help=t("ranking.cards.cli_help"))
    codes.add_argument("--round", metavar=metavar("id"), help=t("ranking.cards.cli_round"))
    codes.add_argument("--to", metavar=metavar("file"), required=True, help=t("ranking.cards.cli_to"))
    codes.add_argument("--host", metavar=metavar("host"), help=t("ranking.cards.cli_host"))
    codes.add_argument("--port", metavar=metavar("port"), type=_whole_number, help=t("ranking.cards.cli_port"))
    room = commands.add_parser("room", parents=[common], help=t("room.cli.help"))
    room.add_argument("--round", metavar=metavar("id"), help=t("room.cli.round"))
    room.add_argument("--host", metavar=metavar("host"), help=t("room.cli.host"))
    room.add_argument("--port", metavar=metavar("port"), type=_whole_number, help=t("room.cli.port"))
    sync = commands.add_parser("sync", parents=[common], help=t("cli.sync_help"))
    sync.add_argument("--dry-run", action="store_true", help=t("cli.dry_run_help"))
    sync.add_argument("--now", action="store_true", help=t("cli.sync_now_help"))
    sync.add_argument("--time-limit", type=_seconds, metavar=metavar("seconds"),
                      help=t("cli.sync_time_limit_help"))
    portal = commands.add_parser("portal", parents=[common], help=t("cli.portal_help"))
    portal.add_argument("--confirm", action="store_true", help=t("cli.portal_confirm_help"))
    portal.add_argument("--yes", action="store_true", help=t("merge.cli.yes_help"))
    cat = commands.add_parser("catalogue", parents=[common], help=t("cli.catalogue_help"))
    cat.add_argument("action", choices=["pull"], help=t("cli.catalogue_pull_help"))
    export = commands.add_parser("export", parents=[common], help=t("export.cli.help"))
    export.add_argument("--to", metavar=metavar("file_or_dir"), required=True, help=t("export.cli.to_help"))
    export.add_argument("--format", action="append", metavar=metavar("format"),
                        choices=["xlsx", "csv", "md", "html", "datapackage", "ckan"],
                        help=t("export.cli.format_help"))
    export.add_argument("--public", action="store_true", help=t("export.cli.public_help"))
    merge = commands.add_parser("merge", parents=[common], help=t("merge.cli.help"))
    merge.add_argument("other", metavar=metavar("other"), help=t("merge.cli.other_help"))
    merge.add_argument("--yes", action="store_true", help=t("merge.cli.yes_help"))
    recover = commands.add_parser("recover", parents=[common], help=t("recover.cli_help"))
    recover.add_argument("damaged", metavar=metavar("damaged"), help=t("recover.damaged_help"))
    recover.add_argument("--to", metavar=metavar("new"), required=True, help=t("recover.to_help"))
    inspect = commands.add_parser("inspect", parents=[common], help=t("inspect.cli_help"))
    inspect.add_argument("file", metavar=metavar("file"), help=t("inspect.file_help"))
    inspect.add_argument("--json", action="store_true", help=t("inspect.json_help"))
    _inspect_overrides(inspect)
    return parser


def _ui_arguments(argv: list[str]) -> argparse.Namespace | None:
    """The arguments of the plain ``datatrip [--db PATH] [--lang nl|en]``, read without building
    the parser of every command (some milliseconds before the first frame); None for anything
    else, which the full parser reads (and explains, when it is wrong)."""
    values: dict[str, str] = {}
    words = list(argv)
    while words:
        word = words.pop(0)
        name, equals, value = word.partition("=")
        if name not in ("--db", "--lang") or name[2:] in values:
            return None
        if not equals:
            if not words or words[0].startswith("-"):
                return None
            value = words.pop(0)
        values[name[2:]] = value
    if values.get("lang", LANGUAGES[0]) not in LANGUAGES:
        return None
    return argparse.Namespace(command=None, **values)


# ``datatrip inspect`` takes the choices the explorer's keys and dialog make, named like
# csvkit's options; unset ones are detected.
_TEXT_OPTIONS = ("sheet", "encoding", "delimiter", "decimal", "thousands")
_NUMBER_OPTIONS = ("skip_top", "header_rows", "skip_bottom")


def _inspect_overrides(inspect) -> None:
    for name in _TEXT_OPTIONS:
        inspect.add_argument(f"--{name}", metavar=metavar(name), help=t(f"inspect.opt.{name}"))
    for name in _NUMBER_OPTIONS:
        inspect.add_argument(f"--{name.replace('_', '-')}", type=_whole_number, metavar=metavar("n"),
                             help=t(f"inspect.opt.{name}"))
    inspect.add_argument("--na", action="append", metavar=metavar("text"), help=t("inspect.opt.na"))
    inspect.add_argument("--text-columns", action="append", metavar=metavar("names"),
                         help=t("inspect.opt.text_columns"))
    inspect.add_argument("--number-columns", action="append", metavar=metavar("names"),
                         help=t("inspect.opt.number_columns"))
    inspect.add_argument("--keep-totals", action="store_true", default=None,
                         help=t("inspect.opt.keep_totals"))


def _whole_number(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(t("inspect.opt.whole_number", value=text))
    return int(text)


def _seconds(text: str) -> float:
    try:
        seconds = float(text.replace(",", "."))
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:  # also NaN
        raise argparse.ArgumentTypeError(t("cli.seconds_invalid", value=text))
    return seconds


def _names(values: list[str] | None) -> list[str] | None:
    """`--text-columns a,b --text-columns c` -> ["a", "b", "c"]."""
    if values is None:
        return None
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


def _inspect_options(args):
    from workshop_data.explorer.loading import LoadOptions

    given = {name: getattr(args, name) for name in _TEXT_OPTIONS + _NUMBER_OPTIONS}
    if given["delimiter"] in ("tab", "\\t"):
        given["delimiter"] = "\t"
    if given["thousands"] in ("none", "geen"):
        given["thousands"] = ""
    given["na_values"] = _names(args.na)
    given["text_columns"] = _names(args.text_columns)
    given["number_columns"] = _names(args.number_columns)
    given["keep_totals"] = args.keep_totals
    return LoadOptions(**{k: v for k, v in given.items() if v is not None})


def _language_asked(argv: list[str] | None) -> str | None:
    """``--lang`` looked up before the parser is built, so its help speaks that language."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang", choices=LANGUAGES)
    try:
        return early.parse_known_args(argv)[0].lang
    except SystemExit:  # a wrong --lang: the real parser says so
        return None


def main(argv: list[str] | None = None) -> int:
    settings = Settings.load()
    set_language(_language_asked(argv) or settings.language)
    speak_argparse()
    args = _ui_arguments(sys.argv[1:] if argv is None else argv) or _parser().parse_args(argv)
    if getattr(args, "lang", None):
        set_language(args.lang)
        # Remembered only as the choice of the interface itself (`datatrip --lang nl`); a
        # command's --lang is for that command (`datatrip inspect --lang nl FILE`).
        if args.command is None:
            settings.language = args.lang
            settings.save()
    try:
        if args.command == "demo":
            return _demo(args, settings)
        if args.command == "results":
            return _results(args, settings)
        if args.command == "codes":
            from .room_commands import codes

            return codes(_existing_trip(args, settings), args)
        if args.command == "room":
            from .room_commands import room

            return room(_existing_trip(args, settings), args)
        if args.command == "sync":
            from .portal_commands import sync

            return sync(_existing_trip(args, settings), settings, dry_run=args.dry_run,
                        now=args.now, time_limit=args.time_limit)
        if args.command == "catalogue":
            from .portal_commands import pull

            return pull(_existing_trip(args, settings), settings)
        if args.command == "portal":
            from .portal_commands import portal

            return portal(_existing_trip(args, settings), settings, confirm=args.confirm,
                          yes=args.yes)
        if args.command == "export":
            return _export(args, settings)
        if args.command == "merge":
            return _merge(args, settings)
        if args.command == "inspect":
            return _inspect(args)
        if args.command == "recover":
            return _recover(args)
        return _open(args, settings)
    except DatatripError as error:
        print(f"datatrip: {printable(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def _trip_path(args, default: Path) -> Path:
    if getattr(args, "db", None):
        return Path(args.db)
    default.parent.mkdir(parents=True, exist_ok=True)
    return default


def _existing_trip(args, settings: Settings) -> Path:
    """The trip file a non-interactive command works on: it must exist and hold a trip."""
    from workshop_data.common.tripfile import check

    path = Path(args.db) if getattr(args, "db", None) else Path(
        settings.last_trip or default_trip_path())
    state = check(path)
    if not state.exists or not state.has_trip:
        raise DatatripError(t("cli.no_trip", path=path))
    return path


def _demo(args, settings: Settings) -> int:
    from workshop_data.common.tripfile import check

    path = _trip_path(args, default_demo_path())
    check(path)
    if args.no_ui:
        from workshop_data.common.demo import create_demo
        from workshop_data.common.summary import trip_summary

        store = create_demo(path)
        summary = trip_summary(store)
        store.close()
        print(t("cli.demo_ready", path=path, name=summary.trip_name,
                participants=tn("count.participants", summary.participants),
                datasets=tn("count.datasets", summary.datasets),
                stakeholders=tn("count.stakeholders", summary.stakeholders)))
        return 0
    return _run_ui(path, settings, demo=True)


def _results(args, settings: Settings) -> int:
    """``datatrip results``: what the results screen shows, as text or JSON."""
    from workshop_data.ranking import ballots, tally
    from workshop_data.common.errors import NotFound
    from workshop_data.common.tripfile import check

    if getattr(args, "db", None):
        path = Path(args.db)
    else:
        path = Path(settings.last_trip or default_trip_path())
    if not check(path).exists:
        raise DatatripError(t("ranking.cli.no_file", path=path))
    from workshop_data.common.store import open_store

    store = open_store(path)
    try:
        if args.round:
            try:
                rnd = store.rounds.get(args.round)
            except NotFound:
                raise DatatripError(t("ranking.cli.no_round", id=args.round)) from None
        else:
            rnd = ballots.latest_round(store)
            if rnd is None:
                raise DatatripError(t("ranking.cli.no_rounds"))
        if not rnd.revealed:
            raise DatatripError(t("ranking.cli.hidden", title=rnd.title))
        res = tally.results(store, rnd.id)
    finally:
        store.close()
    if args.json:
        import json

        print(json.dumps(tally.results_json(res), ensure_ascii=False, indent=1))
    else:
        print(tally.format_results(res))
    return 0


def _export(args, settings: Settings) -> int:
    """``datatrip export --to FILE|DIR``: Excel, CSV, report, Data Package or CKAN file."""
    from workshop_data.export import export
    from workshop_data.common.store import open_store

    path = _existing_trip(args, settings)
    show = sys.stderr.isatty()

    def progress(done: int, total: int, _what: str) -> None:
        if show:
            print(f"\r{t('export.cli.progress', done=done, total=total)}", end="",
                  file=sys.stderr, flush=True)

    store = open_store(path)
    try:
        written = export(store, args.to, formats=args.format, public=args.public,
                         progress=progress)
    finally:
        store.close()
        if show:
            print(file=sys.stderr)
    for output in written:
        print(t("export.cli.written", path=output))
    return 0


def _merge(args, settings: Settings) -> int:
    """``datatrip merge OTHER``: show what merging OTHER changes, ask, then commit it."""
    from workshop_data.merge.apply import apply_merge, plan_merge, summary_lines
    from workshop_data.common.store import open_store

    path = _existing_trip(args, settings)
    store = open_store(path)
    try:
        plan = plan_merge(store, args.other)
        print("\n".join(summary_lines(plan)))
        if plan.empty:
            apply_merge(store, args.other)  # only brings the sync point up to date
            return 0
        if not args.yes:
            if sys.stdin is None or not sys.stdin.isatty():
                raise DatatripError(t("merge.cli.no_stdin"))
            try:
                answer = input(t("merge.cli.confirm"))
            except EOFError:
                answer = ""
            if answer.strip().casefold() not in ("y", "yes", "j", "ja"):
                print(t("merge.cli.cancelled"))
                return 1
        done = apply_merge(store, args.other)
        print(t("merge.cli.done", path=path))
        if done.conflicts:
            print(t("merge.cli.conflicts", count=len(done.conflicts)))
    finally:
        store.close()
    return 0


def _recover(args) -> int:
    """``datatrip recover DAMAGED --to NEW``: what can be read of a damaged trip, in a new file."""
    from workshop_data.common.recover import recover

    done = recover(args.damaged, args.to)
    print(tn("recover.done", done.rows, rows=done.rows, path=done.target, damaged=args.damaged))
    lost = {**{k: 0 for k in done.orphans}, **done.unreadable}
    for table in sorted(lost):
        print(t("recover.lost", table=table, chunks=done.unreadable.get(table, 0),
                orphans=done.orphans.get(table, 0)))
    return 0


def _inspect(args) -> int:
    """``datatrip inspect FILE [--json]``: how the file is read, and the profile of its columns.
    Needs no trip file. The JSON form is ``inspect_file()``'s (documented in the README), with
    the values of columns holding personal data masked (never printed, not even on request)."""
    from workshop_data.explorer.bookkeeping import format_inspect
    from workshop_data.explorer.loading import inspect_file
    from workshop_data.explorer.masking import mask_report

    try:
        report = mask_report(inspect_file(args.file, _inspect_options(args)))
    except OSError as error:
        raise DatatripError(f"{args.file}: {error.strerror or error}") from None
    if args.json:
        import json

        text = json.dumps(report, ensure_ascii=False, indent=1)
    else:
        text = format_inspect(report)
    try:
        print(printable(text), flush=True)
    except BrokenPipeError:  # `datatrip inspect FILE | head`: the reader has seen enough
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _open(args, settings: Settings) -> int:
    from workshop_data.common.tripfile import check

    if getattr(args, "db", None):
        path = Path(args.db)
    elif settings.last_trip and Path(settings.last_trip).exists():
        path = Path(settings.last_trip)
    else:
        path = _trip_path(args, default_trip_path())
    check(path)
    return _run_ui(path, settings, demo=False)


def _run_ui(path: Path, settings: Settings, *, demo: bool) -> int:
    from .app import DatatripApp

    app = DatatripApp(path, settings=settings, demo=demo)
    app.run()
    if app.fatal_error:
        print(f"datatrip: {printable(app.fatal_error)}", file=sys.stderr)
        return EXIT_USAGE
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
