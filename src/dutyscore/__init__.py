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

from importlib.metadata import PackageNotFoundError, version

from . import kinds as _kinds  # noqa: F401  (registers the built-in rule kinds)
from ._calendar import WorkingCalendar
from ._problems import (
    CalendarError,
    DutyscoreError,
    EvaluationError,
    NotFound,
    Problem,
    RecordsInvalid,
    SchemeInvalid,
    UnitsInvalid,
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
from .records.model import Record
from .records.read import RawRecord
from .records.units import Unit, load_units, units_from_frame, units_from_rows
from .records.validate import load_records, records_from_frame, records_from_rows, validate_records
from .results.evaluation import Evaluation
from .results.models import (
    ComplianceReportModel,
    ComplianceRowModel,
    ConsequenceModel,
    DecisionModel,
    ItemScoreModel,
    LedgerEntryModel,
    RecordOutcomeModel,
    ResultModel,
    UnitResultModel,
)
from .scheme.load import bundled_scheme_ids, iter_scheme_problems, load_scheme, load_scheme_text
from .scheme.model import Scheme
from .scheme.refs import RuleChecks
from .scheme.schema import scheme_json_schema
from .scoring.cohorts import cohort_metrics
from .scoring.context import UnitContext
from .scoring.evaluate import evaluate
from .scoring.ledger import Decision, Entry
from .scoring.rank import Standing, load_previous_streaks
from .scoring.stream import StreamedEvaluation, evaluate_stream

try:
    __version__ = version("dutyscore")
except PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "CalendarError",
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
    "ItemScoreModel",
    "LedgerEntryModel",
    "NotFound",
    "Problem",
    "RawRecord",
    "Read",
    "Record",
    "RecordOutcomeModel",
    "RecordsInvalid",
    "ResultModel",
    "RuleBase",
    "RuleChecks",
    "RuleKind",
    "Scheme",
    "SchemeInvalid",
    "Standing",
    "StreamedEvaluation",
    "Traits",
    "Unit",
    "UnitContext",
    "UnitResultModel",
    "UnitsInvalid",
    "WarningModel",
    "WorkingCalendar",
    "__version__",
    "bundled_scheme_ids",
    "cohort_metrics",
    "compliance",
    "evaluate",
    "evaluate_stream",
    "iter_scheme_problems",
    "load_previous_streaks",
    "load_records",
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
