"""dutyscore: China's two-duties assessment rules as versioned YAML schemes.

Load a scheme, read and validate event records, evaluate them into itemized
scores with a ledger that explains every point::

    import dutyscore
    scheme = dutyscore.load_scheme("jiangsu-platform-2018")
    records = dutyscore.load_records(["events.yaml"], scheme)
    result = dutyscore.evaluate(scheme, records, units=dutyscore.load_units("units.yaml", scheme))
    result.to_model()  # pydantic; .model_dump_json() for systems
"""

from __future__ import annotations

from ._calendar import CalendarError, WorkingCalendar
from ._evaluate import Evaluation, UnitOutcome, cohort_metrics, evaluate
from ._ledger import Decision, Entry
from ._obligations import ComplianceReport, ComplianceRow, compliance
from ._problems import (
    DutyscoreError,
    EvaluationError,
    Problem,
    RecordsInvalid,
    SchemeInvalid,
    UnitsInvalid,
)
from ._rank import Standing, load_previous_streaks
from ._records import Record, load_records, validate_records
from ._result import (
    ComplianceReportModel,
    ComplianceRowModel,
    DecisionModel,
    ItemScoreModel,
    LedgerEntryModel,
    RecordOutcomeModel,
    ResultModel,
    UnitResultModel,
)
from ._scheme_load import (
    bundled_scheme_ids,
    iter_scheme_problems,
    load_scheme,
    load_scheme_text,
    scheme_json_schema,
)
from ._scheme_model import Scheme
from ._units import Unit, load_units

__version__ = "0.1.0"

__all__ = [
    "CalendarError",
    "ComplianceReport",
    "ComplianceReportModel",
    "ComplianceRow",
    "ComplianceRowModel",
    "Decision",
    "DecisionModel",
    "DutyscoreError",
    "Entry",
    "Evaluation",
    "EvaluationError",
    "ItemScoreModel",
    "LedgerEntryModel",
    "Problem",
    "Record",
    "RecordOutcomeModel",
    "RecordsInvalid",
    "ResultModel",
    "Scheme",
    "SchemeInvalid",
    "Standing",
    "Unit",
    "UnitOutcome",
    "UnitResultModel",
    "UnitsInvalid",
    "WorkingCalendar",
    "__version__",
    "bundled_scheme_ids",
    "cohort_metrics",
    "compliance",
    "evaluate",
    "iter_scheme_problems",
    "load_previous_streaks",
    "load_records",
    "load_scheme",
    "load_scheme_text",
    "load_units",
    "scheme_json_schema",
    "validate_records",
]
