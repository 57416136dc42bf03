"""The commands of the ``dutyscore`` CLI, imported once the arguments are parsed.

``cli`` itself imports only ``argparse``, so that ``dutyscore --help`` and a usage
error answer without loading pydantic, jsonschema and the scheme models.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TextIO, cast

from ._calendar import WorkingCalendar
from ._exits import EXIT_OK, EXIT_USAGE
from ._messages import language
from ._problems import DutyscoreError, Problem, RecordsInvalid, SchemeInvalid
from ._shown import SafeText
from .compliance.report import compliance
from .records.columns import columnar_available, load_records_columnar, memory_limited
from .records.model import RawRecord, Record
from .records.read import iter_raw, parse_raw, read_files
from .records.units import Unit, load_units
from .records.validate import Skipped, load_records, record_validator, validate_records, validated
from .records.workbook import ReadWarning
from .results import tables
from .results.display import Display
from .results.entry_template import template_csv, template_xlsx
from .results.evaluation import Evaluation, ResultHead, write_result_json
from .results.explain import explain
from .results.models import (
    InterimRankingModel,
    InterimRowModel,
    result_schema_text,
)
from .results.render import render
from .results.rubric import rubric
from .results.sheet import sheets
from .results.written import WrittenUnit
from .results.xlsx import rubric_xlsx, sheets_xlsx
from .scheme.load import check_scheme, load_scheme
from .scheme.model import Scheme
from .scheme.resolve import bundled_scheme_ids
from .scheme.schema import schema_text
from .scoring.evaluate import evaluate
from .scoring.interim import interim_ranking
from .scoring.rank import load_previous_streaks
from .scoring.stream import evaluate_stream


def print_problems(problems: Sequence[Problem], err: TextIO) -> None:
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


def _cmd_validate(refs: Sequence[str], folders: Sequence[str], out: TextIO, err: TextIO) -> int:
    status = EXIT_OK
    for ref in refs:
        try:
            scheme, problems = check_scheme(ref, folders=folders)
        except SchemeInvalid as exc:
            scheme, problems = None, exc.problems
        print_problems(problems, err)
        if scheme is None:
            status = EXIT_USAGE
            continue
        name = " ← ".join([scheme.path or ref, *scheme.bases])
        out.write(
            f"{name}: ok ({scheme.id} {scheme.version}, {len(scheme.rules)} rules, "
            f"{len(scheme.obligations)} obligations)\n"
        )
    return status


def _scheme(args: argparse.Namespace) -> Scheme:
    """The scheme the options name: id, id@version or path; the version in force on --as-of."""
    return load_scheme(args.scheme, as_of=args.as_of, folders=args.scheme_dir)


def _raws(args: argparse.Namespace) -> tuple[list[RawRecord], list[Problem]]:
    """The raw records of the EVENTS files and the problems reading them; ``-`` reads standard
    input in ``--stdin-format``."""
    files = [e for e in args.events if e != "-"]
    raws, problems = (
        parse_raw(sys.stdin.read(), "<stdin>", f".{args.stdin_format}") if "-" in args.events else ([], [])
    )
    more, more_problems = read_files(files, args.encoding, hidden_sheets=args.hidden_sheets)
    return [*raws, *more], [*problems, *more_problems]


def _records(args: argparse.Namespace, scheme: Scheme, units: Sequence[Unit] | None) -> Sequence[Record]:
    """The records of the EVENTS files, every one valid. With a units file, a record of a unit it
    does not list is a problem located in its file."""
    ids = None if units is None else [u.id for u in units]
    if "-" not in args.events and (
        args.reader == "columnar" or (args.reader == "auto" and not memory_limited() and columnar_available())
    ):
        return load_records_columnar(
            args.events, scheme, encoding=args.encoding, units=ids, hidden_sheets=args.hidden_sheets
        )
    if "-" not in args.events:
        return load_records(
            args.events, scheme, encoding=args.encoding, units=ids, hidden_sheets=args.hidden_sheets
        )
    raws, problems = _raws(args)
    return validated(raws, scheme, problems, units=ids)


def _records_skipping(
    args: argparse.Namespace, scheme: Scheme, units: Sequence[Unit] | None
) -> tuple[list[Record], Skipped]:
    """``--skip-invalid``: the valid records, and the invalid ones left out. A file that cannot
    be read is still an error (how many records it held is not known)."""
    raws, problems = _raws(args)
    if problems:
        raise RecordsInvalid(problems)
    records, invalid = validate_records(raws, scheme, units=None if units is None else [u.id for u in units])
    return records, Skipped.of(raws, records, invalid)


def _progress(units: Iterator[WrittenUnit], total: int, err: TextIO) -> Iterator[WrittenUnit]:
    """A progress bar on stderr when it is a terminal and tqdm (the ``progress`` extra) is there."""
    if not (hasattr(err, "isatty") and err.isatty()):
        return units
    try:
        from tqdm import tqdm  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        return units
    return iter(tqdm(units, total=total, unit="unit", file=err, leave=False))


def _score_stream(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``score --stream``: read the files once per pass, unit by unit, and write the JSON as it goes."""
    if not args.units or args.period is None or args.format != "json":
        raise DutyscoreError("--stream needs --units, --period and --format json")
    if args.skip_invalid:
        raise DutyscoreError("--skip-invalid reads every record before scoring: not with --stream")
    scheme = _scheme(args)
    units = load_units(args.units, scheme, encoding=args.encoding)
    problems: list[Problem] = []
    passes: list[int] = []
    validate = record_validator(scheme, units=[u.id for u in units])

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

    previous = _previous(args, scheme)
    streamed = evaluate_stream(
        scheme, groups, units=units, period=args.period, calendar=_calendar(args), previous_streaks=previous
    )
    if problems:
        raise RecordsInvalid(problems)
    head = ResultHead.of(scheme, args.period)
    write_result_json(out, head, _progress(streamed.written_units(), len(units), err), streamed.warnings)
    return EXIT_OK


def _previous(args: argparse.Namespace, scheme: Scheme) -> dict[str, int] | None:
    """Last year's streaks from ``--previous``: a result of this scheme, of the year before."""
    if not args.previous:
        return None
    return load_previous_streaks(args.previous, scheme=scheme.id, period=args.period)


def _unit_of(item: RawRecord) -> object:
    """Consecutive records of one unit form a group."""
    return item.data.get("unit") if isinstance(item.data, dict) else None


def _calendar(args: argparse.Namespace) -> WorkingCalendar | None:
    return WorkingCalendar.from_file(args.calendar) if args.calendar else None


def _units(args: argparse.Namespace, scheme: Scheme) -> list[Unit] | None:
    return load_units(args.units, scheme, encoding=args.encoding) if args.units else None


def _evaluate(args: argparse.Namespace, err: TextIO) -> Evaluation:
    scheme = _scheme(args)
    calendar = _calendar(args)
    units = _units(args, scheme)
    skipped = None
    records: Sequence[Record]
    if getattr(args, "skip_invalid", False):
        records, skipped = _records_skipping(args, scheme, units)
        if skipped.records:
            for problem in skipped.problems:
                err.write(f"skipped: {problem}\n")
            err.write(f"{skipped.records} invalid record(s) skipped; {len(records)} scored\n")
            touched = sorted(skipped.by_unit)
            if touched:
                err.write(
                    f"{len(touched)} unit(s) touched, their totals, ranks and grades provisional: "
                    f"{', '.join(touched)}\n"
                )
    else:
        records = _records(args, scheme, units)
    previous = _previous(args, scheme)
    return evaluate(
        scheme,
        records,
        units=units,
        period=args.period,
        calendar=calendar,
        previous_streaks=previous,
        skipped=skipped,
    )


def _cmd_rank(args: argparse.Namespace, out: TextIO) -> int:
    scheme = _scheme(args)
    units = _units(args, scheme)
    calendar = _calendar(args)
    rows = interim_ranking(scheme, _records(args, scheme, units), args.period, units, calendar)
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
    show = Display.of(scheme, exact=args.exact)
    for r in rows:
        rank = f"{r.rank}/{r.cohort_size}" if r.rank is not None else "-"
        table_rows.append(
            [r.unit.id, r.unit.name, r.unit.category or "-", rank, show.amount(r.score), str(r.months)]
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
        _records(args, scheme, units),
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
    out.write(tables.compliance_table(model, language(args.lang)) + "\n")
    return EXIT_OK


def dispatch(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run the parsed command; what the readers left out on purpose (:class:`ReadWarning`) is
    said on ``err`` as ``file: warning: …`` lines, before any error."""
    target = getattr(args, "output", None)
    workbook = getattr(args, "format", None) == "xlsx"  # show, sheet, template: bytes, to the file
    if workbook and not target:
        raise DutyscoreError("a workbook is written to a file: give --output FILE.xlsx")
    if args.command == "template":
        return _cmd_template(args, out)
    if target and not workbook:
        return _to_file(args, Path(target), err)
    err = cast(TextIO, SafeText(err))
    if getattr(args, "format", "table") in ("table", "md"):  # JSON and HTML escape for themselves
        out = cast(TextIO, SafeText(out))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReadWarning)
        try:
            return _dispatch(args, out, err)
        finally:
            for w in caught:
                if isinstance(w.message, ReadWarning):
                    err.write(f"{w.message.problem}\n")
                else:
                    warnings.showwarning(w.message, w.category, w.filename, w.lineno)


def _to_file(args: argparse.Namespace, target: Path, err: TextIO) -> int:
    """``--output FILE``: the command's output in UTF-8, line ends as written (the CSV's are
    CRLF), written whole or not at all (:func:`_written`)."""

    def write(fd: int) -> int:
        with open(fd, "w", encoding="utf-8", newline="") as handle:
            return dispatch(argparse.Namespace(**{**vars(args), "output": None}), handle, err)

    return _written(target, write)


def _written(target: Path, write: Callable[[int], int]) -> int:
    """Run ``write`` on a file beside ``target`` and move it onto ``target`` when it returns
    success, so that a failed run leaves no half-written file (nor an old one half overwritten)."""
    if target.is_dir():
        raise DutyscoreError(f"--output {target}: is a folder; name a file")
    try:
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    except OSError as exc:
        raise DutyscoreError(f"--output {target}: {exc.strerror or exc}") from None
    done = False
    try:
        code = write(fd)
        if code == EXIT_OK:
            os.replace(name, target)
            done = True
        return code
    finally:
        if not done:
            with contextlib.suppress(OSError):
                os.unlink(name)


def _workbook_out(args: argparse.Namespace, data: bytes) -> int:
    """A workbook's bytes to ``--output``, whole or not at all."""

    def write(fd: int) -> int:
        with open(fd, "wb") as handle:
            handle.write(data)
        return EXIT_OK

    return _written(Path(args.output), write)


def _cmd_template(args: argparse.Namespace, out: TextIO) -> int:
    """``dutyscore template``: an entry workbook (to ``--output``, which :func:`dispatch` has
    checked is given), or the CSV header."""
    scheme = load_scheme(args.scheme, folders=args.scheme_dir)
    if args.format == "csv":
        text = template_csv(scheme)
        if not args.output:
            out.write(text)
            return EXIT_OK
        data = ("\ufeff" + text).encode("utf-8")
    else:
        units = load_units(args.units, scheme, encoding=args.encoding) if args.units else []
        data = template_xlsx(scheme, units)
    return _workbook_out(args, data)


def _dispatch(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.command == "list":
        return _cmd_list(out)
    if args.command == "validate":
        return _cmd_validate(args.schemes, args.scheme_dir, out, err)
    if args.command == "show":
        shown = load_scheme(args.scheme, folders=args.scheme_dir)
        if args.format == "xlsx":
            return _workbook_out(args, rubric_xlsx(rubric(shown)))
        out.write(render(rubric(shown), "rubric", args.format))
        return EXIT_OK
    if args.command == "schema":
        out.write(schema_text() if args.result is None else result_schema_text(args.result))
        return EXIT_OK
    if args.command == "rank":
        return _cmd_rank(args, out)
    if args.command == "due":
        return _cmd_due(args, out, err)
    if args.command == "score" and args.stream:
        return _score_stream(args, out, err)
    ev = _evaluate(args, err)
    if args.command == "sheet":
        model = sheets(ev, args.unit, exact=args.exact)
        if args.format == "xlsx":
            return _workbook_out(args, sheets_xlsx(model))
        out.write(render(model, "sheet", args.format))
        return EXIT_OK
    if args.command == "score":
        if args.format == "json":
            ev.write_json(out)
        elif args.format == "csv":
            utf = (getattr(out, "encoding", None) or "utf-8").lower().replace("_", "-").startswith("utf-8")
            bom = "\ufeff" if utf else ""  # a BOM tells Excel it is UTF-8
            out.write(bom + tables.score_csv(ev, exact=args.exact))
            for w in ev.warnings:
                err.write(f"warning: {w.message}\n")
        else:
            out.write(tables.score_table(ev, exact=args.exact) + "\n")
    else:
        out.write(explain(ev, args.unit, exact=args.exact, lang=language(args.lang)) + "\n")
    return EXIT_OK
