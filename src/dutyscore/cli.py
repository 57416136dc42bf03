"""The ``dutyscore`` command: list, validate, score, explain, rank, due, schema.

Exit codes: 0 success; 1 the evaluation failed; 2 bad usage or bad input (a
scheme, records, units or calendar that does not validate). Each error class
carries its exit code (``DutyscoreError.exit_code``), so one handler serves all.
A closed output pipe ends the command quietly (exit 141, as a shell reports
SIGPIPE) and Ctrl-C with one line (exit 130); ``--debug`` shows the traceback of
an error instead of its one-line message.

This module imports only ``argparse``: the commands (``_commands``) are imported
once the arguments are parsed, so ``--help`` and usage errors answer at once.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import io
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO, TypeVar

from ._exits import EXIT_BROKEN_PIPE, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USAGE
from ._limits import date_problem, iso_date, year_problem

T = TypeVar("T")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(EXIT_USAGE)


#: An example of each command, shown at the end of its ``--help`` (run from the repository's
#: root, they work as written: a test runs each).
EXAMPLE = "examples/jiangsu-platform-2018"
EXAMPLES: dict[str, list[str]] = {
    "list": ["dutyscore list"],
    "validate": [
        "dutyscore validate jiangsu-platform-2018",
        "dutyscore validate examples/dangjian-county-2021/complete-index.yaml",
    ],
    "schema": ["dutyscore schema --output scheme.schema.json", "dutyscore schema --result score"],
    "template": [
        "dutyscore template jiangsu-platform-2018 --units examples/jiangsu-platform-2018/units.yaml "
        "--output 2018-entry.xlsx",
        "dutyscore template qinglian-jiguan --format csv",
    ],
    "sheet": [
        f"dutyscore sheet --scheme jiangsu-platform-2018 --units {EXAMPLE}/units.yaml --period 2018 "
        f"--unit nanjing {EXAMPLE}/duty-records.csv {EXAMPLE}/findings.yaml",
        f"dutyscore sheet --scheme jiangsu-platform-2018 --units {EXAMPLE}/units.yaml --period 2018 "
        f"--format html --output 2018-sheets.html {EXAMPLE}/duty-records.csv {EXAMPLE}/findings.yaml",
    ],
    "show": [
        "dutyscore show qinglian-jiguan",
        "dutyscore show jiangsu-platform-2018 --format html --output jiangsu-2018.html",
    ],
    "score": [
        f"dutyscore score --scheme jiangsu-platform-2018 --units {EXAMPLE}/units.yaml --period 2018 "
        f"{EXAMPLE}/duty-records.csv {EXAMPLE}/findings.yaml",
        f"dutyscore score --scheme jiangsu-platform-2018 --units {EXAMPLE}/units.yaml --period 2018 "
        f"--format csv --output 2018.csv {EXAMPLE}/duty-records.csv {EXAMPLE}/findings.yaml",
    ],
    "rank": [
        "dutyscore rank --scheme puyang-two-duties-2017 --period 2017-Q3 --units "
        "examples/puyang-two-duties-2017/units.yaml examples/puyang-two-duties-2017/monthly-reviews.csv"
    ],
    "due": [
        "dutyscore due --scheme jiangsu-two-duties-2015 --as-of 2016-10-20 "
        "--units examples/jiangsu-two-duties-2015/units.yaml examples/jiangsu-two-duties-2015/records.yaml"
    ],
    "explain": [
        f"dutyscore explain --scheme jiangsu-platform-2018 --unit nanjing --period 2018 "
        f"--units {EXAMPLE}/units.yaml {EXAMPLE}/duty-records.csv {EXAMPLE}/findings.yaml"
    ],
}


def _command(sub: Any, name: str, help: str) -> argparse.ArgumentParser:
    """A command's parser, its examples at the end of its ``--help``."""
    epilog = "例 examples:\n" + "\n".join(f"  {line}" for line in EXAMPLES[name])
    parser: argparse.ArgumentParser = sub.add_parser(
        name, help=help, description=help, epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    return parser


class _Version(argparse.Action):
    """``--version``: the installed package's version, looked up only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print dutyscore's version and exit", **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("dutyscore")
        except PackageNotFoundError:
            found = "0+unknown"
        sys.stdout.write(f"dutyscore {found}\n")
        raise SystemExit(0)


def _scheme_dir(sp: argparse.ArgumentParser) -> None:
    sp.add_argument(
        "--scheme-dir",
        action="append",
        default=[],
        metavar="DIR",
        help="a folder of scheme files, looked in before the bundled ones (repeatable; must exist)",
    )


def _named_scheme(sp: argparse.ArgumentParser) -> None:
    """A command about one scheme: named as ``--scheme`` names one, with its folders."""
    sp.add_argument("scheme", metavar="SCHEME", help="a scheme id (or in --scheme-dir), id@version, path")
    _scheme_dir(sp)


def _lang(sp: argparse.ArgumentParser) -> None:
    sp.add_argument(
        "--lang", choices=("zh", "en"), help="the language of the output (default: DUTYSCORE_LANG, else zh)"
    )


def _exact(sp: argparse.ArgumentParser) -> None:
    sp.add_argument(
        "--exact",
        action="store_true",
        help="show amounts exactly (fractions such as 256/3 too) instead of rounded for display; "
        "the JSON is always exact",
    )


def _formats(sp: argparse.ArgumentParser, formats: dict[str, str]) -> None:
    """``--format`` (the first is the default) and ``--output``."""
    said = "; ".join(f"{name}: {what}" for name, what in formats.items())
    sp.add_argument("--format", choices=tuple(formats), default=next(iter(formats)), help=said)
    _output(sp)


def _output(sp: argparse.ArgumentParser) -> None:
    sp.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write the output to FILE instead of standard output (written whole, or not at all)",
    )


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="dutyscore",
        description="Score two-duties assessments from YAML schemes. 按方案计分、解释、排名与督办。",
        epilog="例 examples:\n" + "\n".join(f"  {e[0]}" for e in EXAMPLES.values()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action=_Version)
    p.add_argument("--debug", action="store_true", help="show the traceback of an error (for a bug report)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    _command(sub, "list", "list the bundled schemes (id, version, title)")
    v = _command(sub, "validate", "check scheme files or bundled ids; every problem with file:line:column")
    v.add_argument("schemes", nargs="+", metavar="SCHEME", help="bundled scheme id or path to a .yaml file")
    _scheme_dir(v)
    sh = _command(sub, "show", "the scheme as the table it encodes (评分细则), to check beside its source")
    _named_scheme(sh)
    _formats(
        sh,
        {
            "md": "Markdown",
            "html": "one self-contained page that works offline and prints on A4",
            "xlsx": "a workbook (the xlsx extra; needs --output)",
        },
    )
    tp = _command(sub, "template", "an entry workbook for a scheme: a sheet per event kind, drop-downs")
    _named_scheme(tp)
    tp.add_argument("--units", type=_file, help="units file: its units fill the workbook's 单位名单 sheet")
    tp.add_argument("--encoding", help="the encoding of the units file (default: UTF-8 or GBK, detected)")
    _formats(tp, {"xlsx": "the xlsx extra; needs --output", "csv": "one header with a 类型 column"})
    sc = _command(sub, "schema", "print the JSON Schema of the scheme format (or of the result JSON)")
    _output(sc)
    sc.add_argument(
        "--result",
        choices=("score", "rank", "due"),
        nargs="?",
        const="score",
        help="the schema of a command's JSON output instead (score by default)",
    )

    def inputs(sp: argparse.ArgumentParser, as_of: str) -> None:
        """The inputs every evaluating command takes, the same flags everywhere."""
        sp.add_argument(
            "--scheme", required=True, help="scheme id (bundled, or in --scheme-dir), id@version, or path"
        )
        _scheme_dir(sp)
        sp.add_argument(
            "--as-of",
            type=_iso_date,
            metavar="YYYY-MM-DD",
            required=as_of == "the report date",
            help=f"{as_of}; the scheme version in force on it is used",
        )
        sp.add_argument("--units", type=_file, help="units file (YAML, JSON or CSV: id, name, category)")
        sp.add_argument(
            "--calendar", type=_file, help="local calendar file: holidays, working_days, known_years"
        )
        sp.add_argument(
            "--encoding", help="the encoding of the record and units files (default: UTF-8 or GBK, detected)"
        )
        sp.add_argument(
            "--reader",
            choices=("auto", "python", "columnar"),
            default="auto",
            help="how record files are read and validated: columnar reads CSV, JSONL and Parquet files as "
            "columns on "
            "polars (the columnar extra), python row by row (the reference); same records and "
            "problems either way; auto: columnar when polars is installed and no ulimit -v is set "
            "(polars aborts when memory runs out)",
        )
        sp.add_argument(
            "--hidden-sheets",
            action="store_true",
            help="also read the hidden sheets of a workbook (by default they are left out, with a warning)",
        )
        sp.add_argument(
            "--stdin-format",
            choices=("yaml", "json", "jsonl", "csv"),
            default="jsonl",
            help="the format of records read from standard input (EVENTS '-'; default jsonl)",
        )
        sp.add_argument(
            "events",
            nargs="+",
            metavar="EVENTS",
            help="record files (.yaml .json .jsonl .csv, .xlsx with the xlsx extra, .parquet with the "
            "columnar extra), or - for stdin",
        )

    def scoring_inputs(sp: argparse.ArgumentParser) -> None:
        inputs(sp, "a date")
        sp.add_argument("--period", type=_year, help="the year to score (default: the records' only year)")
        sp.add_argument(
            "--previous", type=_file, metavar="RESULT.json", help="last year's JSON result, for streaks"
        )

    s = _command(sub, "score", "score every unit and print a table or JSON")
    _output(s)
    _exact(s)
    scoring_inputs(s)
    s.add_argument(
        "--format",
        choices=("table", "json", "csv"),
        default="table",
        help="table (aligned text), json (the full result, ledger included) or csv (the table for a "
        "spreadsheet: UTF-8 with a byte order mark, input text never read as a formula; warnings on "
        "stderr)",
    )
    s.add_argument(
        "--skip-invalid",
        action="store_true",
        help="score the valid records and list the invalid ones (on stderr, and in the JSON result "
        "with the accounting); by default an invalid record stops the command",
    )
    s.add_argument(
        "--stream",
        action="store_true",
        help="score one unit at a time (JSONL or CSV records grouped by unit; needs --units, --period "
        "and --format json); memory stays bounded by the largest unit",
    )
    q = _command(sub, "rank", "interim (quarterly) ranking from the months so far")
    _output(q)
    _exact(q)
    inputs(q, "a date")
    q.add_argument("--period", required=True, metavar="YYYY-Qn", help="the quarter, e.g. 2017-Q3")
    q.add_argument("--format", choices=("table", "json"), default="table")
    d = _command(sub, "due", "compliance report as of a date: met, missed, warned or due")
    _output(d)
    inputs(d, "the report date")
    d.add_argument(
        "--status",
        action="append",
        choices=("met", "missed", "warned", "due"),
        help="only rows with this status (repeatable)",
    )
    d.add_argument("--format", choices=("table", "json"), default="table")
    _lang(d)
    sg = _command(sub, "sheet", "the 评分表 of each unit, to print and sign, and the ranking of each cohort")
    scoring_inputs(sg)
    sg.add_argument("--unit", action="append", metavar="UNIT", help="only this unit's sheet (repeatable)")
    _formats(
        sg,
        {
            "md": "Markdown",
            "html": "one self-contained page, a unit a page on A4",
            "xlsx": "a sheet per unit and per cohort's ranking with a chart (the xlsx extra; needs --output)",
        },
    )
    _exact(sg)
    e = _command(sub, "explain", "the ledger of one unit, from the base to the total")
    _lang(e)
    _output(e)
    _exact(e)
    scoring_inputs(e)
    e.add_argument("--unit", required=True, help="the unit id to explain")
    return p


def _argument(parse: Callable[[str], T], check: Callable[[T], str | None], what: str) -> Callable[[str], T]:
    """An argparse type: ``parse`` the text (a ValueError says it is not ``what``), then ``check``
    that the value is within what dutyscore scores."""

    def convert(text: str) -> T:
        try:
            value = parse(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {what}") from None
        why = check(value)
        if why is not None:
            raise argparse.ArgumentTypeError(why)
        return value

    return convert


_iso_date = _argument(iso_date, date_problem, "a date YYYY-MM-DD")
_year = _argument(int, year_problem, "a year")


def _file(text: str) -> str:
    """A file name; ``-`` (standard input) carries records only."""
    if text == "-":
        raise argparse.ArgumentTypeError("'-' (standard input) is for records (EVENTS); give a file")
    return text


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the CLI; returns the exit code (the console script exits with it)."""
    out = out or sys.stdout
    err = err or sys.stderr
    for stream in (out, err):
        _tolerant(stream)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        from ._commands import dispatch, print_problems
        from ._problems import DutyscoreError
        from ._shown import terminal_safe

        try:
            return dispatch(args, out, err)
        except DutyscoreError as exc:
            if args.debug:
                raise
            if exc.problems:
                shown = io.StringIO()
                print_problems(exc.problems, shown)
                err.write(terminal_safe(shown.getvalue()))
            else:
                prefix = "evaluation failed: " if exc.exit_code == EXIT_FAILED else ""
                err.write(terminal_safe(f"{prefix}{exc}\n"))
            return exc.exit_code
    except BrokenPipeError:
        _quiet_stdout(out)
        return EXIT_BROKEN_PIPE
    except MemoryError:
        if args.debug:
            raise
        err.write(
            "dutyscore: out of memory (a limit on this process, or the machine's); score a large "
            "export unit by unit with score --stream, or give the process more memory\n"
        )
        return EXIT_FAILED
    except KeyboardInterrupt:
        err.write("dutyscore: interrupted\n")
        return EXIT_INTERRUPTED


#: What a console that cannot show a sign gets instead (a GBK console has no U+2212 minus).
_PLAIN = {"\u2212": "-", "\u2192": "->", "\u00d7": "x", "\u2264": "<=", "\u2265": ">=", "\u2013": "-"}


def _plain(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return "".join(_PLAIN.get(c, "?") for c in bad), exc.end


codecs.register_error("dutyscore.plain", _plain)


def _tolerant(stream: TextIO) -> None:
    """Let a console in a narrower encoding (GBK on a Chinese Windows) print every result: signs
    it lacks become their ASCII spelling (a minus stays a minus), anything else a '?'."""
    if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
        with contextlib.suppress(ValueError, io.UnsupportedOperation):
            stream.reconfigure(errors="dutyscore.plain")


def _quiet_stdout(out: TextIO) -> None:
    """After the reader of our output went away, nothing more can be written to it: point the
    process's stdout at /dev/null so that the interpreter's final flush does not fail again."""
    if out is sys.stdout:
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())


def run() -> None:
    """Console-script entry point."""
    raise SystemExit(main())


if __name__ == "__main__":
    run()
