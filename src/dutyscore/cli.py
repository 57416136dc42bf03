"""The ``dutyscore`` command: list, validate, score, explain, rank, due, schema.

Exit codes: 0 success; 1 the evaluation failed; 2 bad usage or bad input (a
scheme, records, units or calendar that does not validate). Each error class
carries its exit code (``DutyscoreError.exit_code``), so one handler serves all.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import sys
from collections.abc import Iterator, Sequence
from typing import TextIO

from ._calendar import WorkingCalendar
from ._exact import text
from ._problems import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    DutyscoreError,
    Problem,
    RecordsInvalid,
    SchemeInvalid,
)
from .compliance.report import compliance
from .records.model import Record
from .records.read import RawRecord, iter_raw, parse_raw, read_files
from .records.units import Unit, load_units
from .records.validate import load_records, record_validator, validated
from .results import tables
from .results.evaluation import Evaluation, ResultHead, write_result_json
from .results.explain import explain
from .results.models import (
    InterimRankingModel,
    InterimRowModel,
    UnitResultModel,
    result_schema_text,
)
from .scheme.load import bundled_scheme_ids, load_scheme, load_scheme_text, read_scheme_text
from .scheme.model import Scheme
from .scheme.schema import schema_text
from .scoring.evaluate import evaluate
from .scoring.interim import interim_ranking
from .scoring.rank import load_previous_streaks
from .scoring.stream import evaluate_stream


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="dutyscore", description="Score two-duties assessments from YAML schemes.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    sub.add_parser("list", help="list the bundled schemes (id, version, title)")
    v = sub.add_parser(
        "validate", help="check scheme files or bundled ids; every problem with file:line:column"
    )
    v.add_argument("schemes", nargs="+", metavar="SCHEME", help="bundled scheme id or path to a .yaml file")
    sc = sub.add_parser("schema", help="print the JSON Schema of the scheme format (or of the result JSON)")
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
        sp.add_argument(
            "--scheme-dir",
            action="append",
            default=[],
            metavar="DIR",
            help="a folder of scheme files (repeatable)",
        )
        sp.add_argument(
            "--as-of",
            type=_iso_date,
            metavar="YYYY-MM-DD",
            required=as_of == "the report date",
            help=f"{as_of}; the scheme version in force on it is used",
        )
        sp.add_argument("--units", help="units file (YAML, JSON or CSV: id, name, category)")
        sp.add_argument("--calendar", help="local calendar file: holidays, working_days, known_years")
        sp.add_argument(
            "--encoding", help="the encoding of the record and units files (default: UTF-8 or GBK, detected)"
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
            help="record files (.yaml .json .jsonl .csv), or - for stdin",
        )

    def scoring_inputs(sp: argparse.ArgumentParser) -> None:
        inputs(sp, "a date")
        sp.add_argument("--period", type=int, help="the year to score (default: the records' only year)")
        sp.add_argument("--previous", metavar="RESULT.json", help="last year's JSON result, for streaks")

    s = sub.add_parser("score", help="score every unit and print a table or JSON")
    scoring_inputs(s)
    s.add_argument("--format", choices=("table", "json"), default="table")
    s.add_argument(
        "--stream",
        action="store_true",
        help="score one unit at a time (JSONL or CSV records grouped by unit; needs --units, --period "
        "and --format json); memory stays bounded by the largest unit",
    )
    q = sub.add_parser("rank", help="interim (quarterly) ranking from the months so far")
    inputs(q, "a date")
    q.add_argument("--period", required=True, metavar="YYYY-Qn", help="the quarter, e.g. 2017-Q3")
    q.add_argument("--format", choices=("table", "json"), default="table")
    d = sub.add_parser("due", help="compliance report as of a date: met, missed, warned or due")
    inputs(d, "the report date")
    d.add_argument(
        "--status",
        action="append",
        choices=("met", "missed", "warned", "due"),
        help="only rows with this status (repeatable)",
    )
    d.add_argument("--format", choices=("table", "json"), default="table")
    e = sub.add_parser("explain", help="the ledger of one unit, from the base to the total")
    scoring_inputs(e)
    e.add_argument("--unit", required=True, help="the unit id to explain")
    return p


def _print_problems(problems: Sequence[Problem], err: TextIO) -> None:
    for problem in problems:
        err.write(f"{problem}\n")
    n = sum(p.severity == "error" for p in problems)
    if n:
        err.write(f"{n} error{'s' if n != 1 else ''}\n")


def _cmd_list(out: TextIO) -> int:
    rows = [["id", "version", "title"]]
    for sid in bundled_scheme_ids():
        sch = load_scheme(sid)
        rows.append([sch.id, sch.version, sch.title])
    out.write(tables.table(rows, [False, False, False]) + "\n")
    return EXIT_OK


def _cmd_validate(refs: Sequence[str], out: TextIO, err: TextIO) -> int:
    status = EXIT_OK
    for ref in refs:
        try:
            text, name = read_scheme_text(ref)
            scheme, warnings = load_scheme_text(text, name)
        except SchemeInvalid as exc:
            _print_problems(exc.problems, err)
            status = EXIT_USAGE
            continue
        _print_problems(warnings, err)
        out.write(
            f"{name}: ok ({scheme.id} {scheme.version}, {len(scheme.rules)} rules, "
            f"{len(scheme.obligations)} obligations)\n"
        )
    return status


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def _scheme(args: argparse.Namespace) -> Scheme:
    """The scheme the options name: id, id@version or path; the version in force on --as-of."""
    return load_scheme(args.scheme, as_of=args.as_of, folders=args.scheme_dir)


def _records(args: argparse.Namespace, scheme: Scheme) -> list[Record]:
    """The records of the EVENTS files; ``-`` reads standard input in ``--stdin-format``."""
    if "-" not in args.events:
        return load_records(args.events, scheme, encoding=args.encoding)
    files = [e for e in args.events if e != "-"]
    raws, problems = parse_raw(sys.stdin.read(), "<stdin>", f".{args.stdin_format}")
    more, more_problems = read_files(files, args.encoding)
    return validated([*raws, *more], scheme, [*problems, *more_problems])


def _progress(models: Iterator[UnitResultModel], total: int, err: TextIO) -> Iterator[UnitResultModel]:
    """A progress bar on stderr when it is a terminal and tqdm (the ``progress`` extra) is there."""
    if not (hasattr(err, "isatty") and err.isatty()):
        return models
    try:
        from tqdm import tqdm  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        return models
    return iter(tqdm(models, total=total, unit="unit", file=err, leave=False))


def _score_stream(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``score --stream``: read the files once per pass, unit by unit, and write the JSON as it goes."""
    if not args.units or args.period is None or args.format != "json":
        raise DutyscoreError("--stream needs --units, --period and --format json")
    scheme = _scheme(args)
    units = load_units(args.units, scheme, encoding=args.encoding)
    problems: list[Problem] = []
    passes: list[int] = []
    validate = record_validator(scheme)

    def groups() -> Iterator[tuple[str, list[Record]]]:
        first = not passes
        passes.append(1)

        def raws() -> Iterator[RawRecord]:
            for path in args.events:
                for item in iter_raw(path, args.encoding):
                    if isinstance(item, RawRecord):
                        yield item
                    elif first:
                        problems.append(item)

        for uid, batch in itertools.groupby(raws(), key=_unit_of):
            records, invalid = validate(batch)
            if first:
                problems.extend(invalid)
            if isinstance(uid, str) and records:
                yield uid, records

    previous = load_previous_streaks(args.previous) if args.previous else None
    streamed = evaluate_stream(
        scheme, groups, units=units, period=args.period, calendar=_calendar(args), previous_streaks=previous
    )
    if problems:
        raise RecordsInvalid(problems)
    head = ResultHead(scheme.id, scheme.version, str(args.period))
    write_result_json(out, head, _progress(streamed.units(), len(units), err), streamed.warnings)
    return EXIT_OK


def _unit_of(item: RawRecord) -> object:
    """Consecutive records of one unit form a group."""
    return item.data.get("unit") if isinstance(item.data, dict) else None


def _calendar(args: argparse.Namespace) -> WorkingCalendar | None:
    return WorkingCalendar.from_file(args.calendar) if args.calendar else None


def _units(args: argparse.Namespace, scheme: Scheme) -> list[Unit] | None:
    return load_units(args.units, scheme, encoding=args.encoding) if args.units else None


def _evaluate(args: argparse.Namespace) -> Evaluation:
    scheme = _scheme(args)
    calendar = _calendar(args)
    units = _units(args, scheme)
    records = _records(args, scheme)
    previous = load_previous_streaks(args.previous) if args.previous else None
    return evaluate(
        scheme, records, units=units, period=args.period, calendar=calendar, previous_streaks=previous
    )


def _cmd_rank(args: argparse.Namespace, out: TextIO) -> int:
    scheme = _scheme(args)
    units = _units(args, scheme)
    calendar = _calendar(args)
    rows = interim_ranking(scheme, _records(args, scheme), args.period, units, calendar)
    if args.format == "json":
        model = InterimRankingModel(
            scheme=scheme.id,
            scheme_version=scheme.version,
            period=args.period,
            units=[
                InterimRowModel(
                    unit=r.unit.id,
                    name=r.unit.name,
                    category=r.unit.category,
                    score=r.score,
                    rank=r.rank,
                    cohort_size=r.cohort_size,
                    months=r.months,
                )
                for r in rows
            ],
        )
        out.write(model.model_dump_json(indent=2) + "\n")
        return EXIT_OK
    title = (
        scheme.ranking.interim.title if scheme.ranking.interim and scheme.ranking.interim.title else "interim"
    )
    table_rows = [["单位 unit", "名称 name", "类别 cohort", "排名 rank", "得分 score", "月份 months"]]
    for r in rows:
        rank = f"{r.rank}/{r.cohort_size}" if r.rank is not None else "-"
        table_rows.append(
            [r.unit.id, r.unit.name, r.unit.category or "-", rank, text(r.score), str(r.months)]
        )
    out.write(f"{title} — {scheme.id} {args.period}\n")
    out.write(tables.table(table_rows, [False, False, False, True, True, True]) + "\n")
    return EXIT_OK


def _cmd_due(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    as_of = args.as_of
    scheme = _scheme(args)
    if not scheme.obligations:
        err.write(f"dutyscore due: scheme {scheme.id} declares no obligations\n")
        return EXIT_USAGE
    calendar = _calendar(args)
    units = _units(args, scheme)
    report = compliance(
        scheme,
        _records(args, scheme),
        as_of,
        units=units,
        calendar=calendar,
    )
    model = report.to_model()
    if args.status:
        model = model.model_copy(update={"rows": [r for r in model.rows if r.status in args.status]})
    if args.format == "json":
        out.write(model.model_dump_json(indent=2) + "\n")
        return EXIT_OK
    out.write(tables.compliance_table(model) + "\n")
    return EXIT_OK


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the CLI; returns the exit code (the console script exits with it)."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        if args.command == "list":
            return _cmd_list(out)
        if args.command == "validate":
            return _cmd_validate(args.schemes, out, err)
        if args.command == "schema":
            out.write(schema_text() if args.result is None else result_schema_text(args.result))
            return EXIT_OK
        if args.command == "rank":
            return _cmd_rank(args, out)
        if args.command == "due":
            return _cmd_due(args, out, err)
        if args.command == "score" and args.stream:
            return _score_stream(args, out, err)
        ev = _evaluate(args)
        if args.command == "score":
            if args.format == "json":
                ev.write_json(out)
            else:
                out.write(tables.score_table(ev) + "\n")
        else:
            out.write(explain(ev, args.unit) + "\n")
        return EXIT_OK
    except DutyscoreError as exc:
        if exc.problems:
            _print_problems(exc.problems, err)
        else:
            prefix = "evaluation failed: " if exc.exit_code == EXIT_FAILED else ""
            err.write(f"{prefix}{exc}\n")
        return exc.exit_code


def run() -> None:
    """Console-script entry point."""
    raise SystemExit(main())


if __name__ == "__main__":
    run()
