"""Command-line interface: ``python -m geo COMMAND ...``.

Commands: build, search (more are registered by later modules). Output goes
to stdout; progress and diagnostics to stderr. Exit codes: 0 success,
1 some inputs failed, 2 usage or setup error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from geo.errors import GeoError
from geo.gazetteer import Gazetteer, build_gazetteer, default_db_path, open_gazetteer

__all__ = ["main", "build_parser"]


def _progress() -> Callable[..., Any]:
    """A tqdm factory writing to stderr (silent when stderr is not a terminal)."""
    from tqdm import tqdm

    def factory(iterable: Any, total: int | None = None, desc: str = "", unit: str = "it") -> Any:
        return tqdm(iterable, total=total, desc=desc, unit=unit, file=sys.stderr, mininterval=0.5, leave=False, disable=None)

    return factory


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="gazetteer database path (default: $GEO_GAZETTEER or the user data dir)")
    p.add_argument(
        "--profile", choices=("full", "small"), default="full",
        help="gazetteer profile to build when the database is missing (default: full)",
    )


def open_for_cli(args: argparse.Namespace) -> Gazetteer:
    """Open (building with progress if missing) the gazetteer the args name."""
    db = args.db or default_db_path(getattr(args, "profile", "full"))
    return open_gazetteer(db, profile=getattr(args, "profile", "full"), progress=_progress())


def cmd_build(args: argparse.Namespace) -> int:
    """``build``: build the gazetteer database."""
    db = args.db or default_db_path(args.profile)
    report = build_gazetteer(db, profile=args.profile, progress=_progress())
    print(
        f"built {report.path} ({report.profile}): {report.places:,} places, {report.names:,} names, "
        f"{report.bytes / 1e6:.1f} MB in {report.seconds:.1f} s",
        file=sys.stderr,
    )
    for name, count in report.per_source.items():
        print(f"  {name}: {count:,}", file=sys.stderr)
    for stage, seconds in report.stage_seconds.items():
        print(f"  {stage}: {seconds:.1f} s", file=sys.stderr)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    """``search``: prefix search, best first."""
    gaz = open_for_cli(args)
    places = gaz.search(args.query, limit=args.limit)
    if args.json:
        json.dump([p.to_json() for p in places], sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    for p in places:
        where = ", ".join(x for x in (p.admin1, p.country) if x)
        print(f"{p.id:>8}  {p.name:<40.40} {p.kind:<8} {p.feature:<10} {where:<12} "
              f"{p.lat:9.4f} {p.lon:10.4f}  pop {p.population:,}")
    return 0


#: Sub-command name → (handler, argument adder, help). Later modules add theirs.
COMMANDS: dict[str, tuple[Callable[[argparse.Namespace], int], Callable[[argparse.ArgumentParser], None], str]] = {}


def _args_build(p: argparse.ArgumentParser) -> None:
    p.add_argument("--profile", choices=("full", "small"), default="full", help="full (default) or small (tests)")
    p.add_argument("--db", help="output path (default: $GEO_GAZETTEER or the user data dir)")


def _args_search(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", help="name or name prefix")
    p.add_argument("--limit", type=int, default=10, help="most results (default 10)")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    _add_db(p)


COMMANDS["build"] = (cmd_build, _args_build, "build the gazetteer database")
COMMANDS["search"] = (cmd_search, _args_search, "search the gazetteer by name prefix")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every registered sub-command."""
    _register_optional_commands()
    parser = argparse.ArgumentParser(prog="python -m geo", description="Offline news geoparser and gazetteer.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (handler, add_args, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        add_args(p)
        p.set_defaults(handler=handler)
    return parser


def _register_optional_commands() -> None:
    """Import the modules that register further sub-commands."""
    import importlib

    for module in ("geo.cli_parse", "layers.cli_export", "geo.batch"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the process exit code."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except GeoError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
