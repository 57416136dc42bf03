"""dutyscore: China's two-duties assessment rules as versioned YAML schemes.

Load a scheme, read and validate event records, evaluate them into itemized
scores with a ledger that explains every point::

    import dutyscore
    scheme = dutyscore.load_scheme("jiangsu-platform-2018")
    records = dutyscore.load_records(["events.yaml"], scheme)
    result = dutyscore.evaluate(scheme, records, units=dutyscore.load_units("units.yaml", scheme))
    result.to_model()  # pydantic; .model_dump_json() for systems

This module is the public API; the subpackages (``scheme``, ``records``,
``kinds``, ``scoring``, ``compliance``, ``results``) show the pipeline and may
change between releases. ``dutyscore.testing`` is public too.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._calendar import WorkingCalendar
    from ._problems import (
        CalendarError,
        DutyscoreError,
        EvaluationError,
        NotFound,
        PreviousInvalid,
        Problem,
        RecordsInvalid,
        SchemeInvalid,
        UnitsInvalid,
        UsageError,
        WarningModel,
    )
    from .compliance.report import ComplianceReport, ComplianceRow, compliance
    from .kinds.base import (
        Read,
        RuleBase,
        RuleKind,
        Traits,
        record_entry,
        register_rule_kind,
        signed,
        unregister_rule_kind,
    )
    from .records.columns import columnar_available, load_records_columnar
    from .records.compact import CompactRecords
    from .records.model import RawRecord, Record
    from .records.units import Unit, load_units, units_from_frame, units_from_rows
    from .records.validate import (
        Skipped,
        load_records,
        records_from_frame,
        records_from_rows,
        validate_records,
    )
    from .records.workbook import ReadWarning
    from .results.evaluation import Evaluation
    from .results.models import (
        AccountingModel,
        ComplianceReportModel,
        ComplianceRowModel,
        ConsequenceModel,
        DecisionModel,
        InvalidRecordModel,
        ItemScoreModel,
        LedgerEntryModel,
        RecordOutcomeModel,
        ResultModel,
        UnitResultModel,
    )
    from .results.written import WrittenUnit
    from .scheme.load import iter_scheme_problems, load_scheme, load_scheme_text
    from .scheme.model import Scheme
    from .scheme.refs import RuleChecks
    from .scheme.resolve import bundled_scheme_ids
    from .scheme.schema import scheme_json_schema
    from .scoring.cohorts import cohort_metrics
    from .scoring.context import UnitContext
    from .scoring.evaluate import evaluate
    from .scoring.ledger import Decision, Entry
    from .scoring.rank import Standing, load_previous_streaks
    from .scoring.stream import StreamedEvaluation, evaluate_stream

#: Public name → the module that defines it, imported on first use (PEP 562), so that
#: ``import dutyscore`` and ``dutyscore --help`` do not load pydantic, jsonschema and
#: the scheme models before anything needs them.
_WHERE: dict[str, str] = {
    "AccountingModel": ".results.models",
    "CalendarError": "._problems",
    "CompactRecords": ".records.compact",
    "ComplianceReport": ".compliance.report",
    "ComplianceReportModel": ".results.models",
    "ComplianceRow": ".compliance.report",
    "ComplianceRowModel": ".results.models",
    "ConsequenceModel": ".results.models",
    "Decision": ".scoring.ledger",
    "DecisionModel": ".results.models",
    "DutyscoreError": "._problems",
    "Entry": ".scoring.ledger",
    "Evaluation": ".results.evaluation",
    "EvaluationError": "._problems",
    "InvalidRecordModel": ".results.models",
    "ItemScoreModel": ".results.models",
    "LedgerEntryModel": ".results.models",
    "NotFound": "._problems",
    "PreviousInvalid": "._problems",
    "Problem": "._problems",
    "RawRecord": ".records.model",
    "Read": ".kinds.base",
    "ReadWarning": ".records.workbook",
    "Record": ".records.model",
    "RecordOutcomeModel": ".results.models",
    "RecordsInvalid": "._problems",
    "ResultModel": ".results.models",
    "RuleBase": ".kinds.base",
    "RuleChecks": ".scheme.refs",
    "RuleKind": ".kinds.base",
    "Scheme": ".scheme.model",
    "SchemeInvalid": "._problems",
    "Standing": ".scoring.rank",
    "Skipped": ".records.validate",
    "StreamedEvaluation": ".scoring.stream",
    "Traits": ".kinds.base",
    "Unit": ".records.units",
    "UnitContext": ".scoring.context",
    "UnitResultModel": ".results.models",
    "UnitsInvalid": "._problems",
    "UsageError": "._problems",
    "WarningModel": "._problems",
    "WorkingCalendar": "._calendar",
    "WrittenUnit": ".results.written",
    "bundled_scheme_ids": ".scheme.resolve",
    "cohort_metrics": ".scoring.cohorts",
    "columnar_available": ".records.columns",
    "compliance": ".compliance.report",
    "evaluate": ".scoring.evaluate",
    "evaluate_stream": ".scoring.stream",
    "iter_scheme_problems": ".scheme.load",
    "load_previous_streaks": ".scoring.rank",
    "load_records": ".records.validate",
    "load_records_columnar": ".records.columns",
    "load_scheme": ".scheme.load",
    "load_scheme_text": ".scheme.load",
    "load_units": ".records.units",
    "record_entry": ".kinds.base",
    "records_from_frame": ".records.validate",
    "records_from_rows": ".records.validate",
    "register_rule_kind": ".kinds.base",
    "scheme_json_schema": ".scheme.schema",
    "signed": ".kinds.base",
    "units_from_frame": ".records.units",
    "units_from_rows": ".records.units",
    "unregister_rule_kind": ".kinds.base",
    "validate_records": ".records.validate",
}
_SUBPACKAGES = frozenset({"compliance", "kinds", "records", "results", "scheme", "scoring", "testing"})


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("dutyscore")
        except PackageNotFoundError:  # a source tree that was never installed
            found = "0+unknown"
    elif name in _WHERE:
        found = getattr(importlib.import_module(_WHERE[name], __name__), name)
    elif name in _SUBPACKAGES:
        return importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module 'dutyscore' has no attribute {name!r}")
    globals()[name] = found
    return found


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


class _Package(types.ModuleType):
    """The package's module type: ``dutyscore.compliance`` is the function of that name.

    Importing the ``dutyscore.compliance`` subpackage binds the subpackage to that
    attribute of its parent (the import system's doing); the property keeps the public
    name pointing at the function whatever was imported first."""

    @property
    def compliance(self) -> Any:
        from .compliance.report import compliance

        return compliance

    @compliance.setter
    def compliance(self, value: Any) -> None:
        pass  # the subpackage, bound by the import system; reachable in sys.modules


sys.modules[__name__].__class__ = _Package

__all__ = [
    "AccountingModel",
    "CalendarError",
    "CompactRecords",
    "ComplianceReport",
    "ComplianceReportModel",
    "ComplianceRow",
    "ComplianceRowModel",
    "ConsequenceModel",
    "Decision",
    "DecisionModel",
    "DutyscoreError",
    "Entry",
    "Evaluation",
    "EvaluationError",
    "InvalidRecordModel",
    "ItemScoreModel",
    "LedgerEntryModel",
    "NotFound",
    "PreviousInvalid",
    "Problem",
    "RawRecord",
    "Read",
    "ReadWarning",
    "Record",
    "RecordOutcomeModel",
    "RecordsInvalid",
    "ResultModel",
    "RuleBase",
    "RuleChecks",
    "RuleKind",
    "Scheme",
    "SchemeInvalid",
    "Skipped",
    "Standing",
    "StreamedEvaluation",
    "Traits",
    "Unit",
    "UnitContext",
    "UnitResultModel",
    "UnitsInvalid",
    "UsageError",
    "WarningModel",
    "WorkingCalendar",
    "WrittenUnit",
    "__version__",
    "bundled_scheme_ids",
    "cohort_metrics",
    "columnar_available",
    "compliance",
    "evaluate",
    "evaluate_stream",
    "iter_scheme_problems",
    "load_previous_streaks",
    "load_records",
    "load_records_columnar",
    "load_scheme",
    "load_scheme_text",
    "load_units",
    "record_entry",
    "records_from_frame",
    "records_from_rows",
    "register_rule_kind",
    "scheme_json_schema",
    "signed",
    "units_from_frame",
    "units_from_rows",
    "unregister_rule_kind",
    "validate_records",
]
