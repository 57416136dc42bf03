"""Workbooks built byte by byte for the tests: the hostile ones (a 1904 date system, error cells,
formulas with no cached value, hidden sheets, a cell at XFD1048576, a zip bomb) cannot be made
with a writer that only writes what Excel would."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from dutyscore.records.workbook import column_letters as column

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
HIDDEN = ' state="hidden"'


def cell_xml(ref: str, value: object) -> str:
    """One ``<c>``: text inline, numbers as numbers, ``("=", formula, cached)`` a formula (cached
    None: none stored), ``("#", "#DIV/0!")`` an error cell."""
    if isinstance(value, tuple) and value[0] == "=":
        cached = "" if value[2] is None else f"<v>{value[2]}</v>"
        return f'<c r="{ref}"><f>{escape(str(value[1]))}</f>{cached}</c>'
    if isinstance(value, tuple) and value[0] == "#":
        return f'<c r="{ref}" t="e"><v>{escape(str(value[1]))}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


@dataclass
class Sheet:
    name: str
    rows: Sequence[Sequence[object]]
    hidden: bool = False
    #: A ``<dimension ref=…>`` to declare (None: the cells' own extent is not declared).
    dimension: str | None = None
    #: Extra cells placed at a reference, beside the rows: {"XFD1048576": "x"}.
    cells: dict[str, object] = field(default_factory=dict)

    def xml(self) -> str:
        body = []
        for r, row in enumerate(self.rows, start=1):
            cells = "".join(
                cell_xml(f"{column(c)}{r}", v) for c, v in enumerate(row, start=1) if v is not None
            )
            body.append(f'<row r="{r}">{cells}</row>')
        for ref, value in self.cells.items():
            digits = "".join(ch for ch in ref if ch.isdigit())
            body.append(f'<row r="{digits}">{cell_xml(ref, value)}</row>')
        dim = f'<dimension ref="{self.dimension}"/>' if self.dimension else ""
        head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
        return f"{head}{dim}<sheetData>{''.join(body)}</sheetData></worksheet>"


def workbook(
    sheets: Sequence[Sheet], *, date1904: bool = False, extra: dict[str, bytes] | None = None
) -> bytes:
    """The bytes of an .xlsx holding ``sheets`` (and any ``extra`` members, written as given)."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}</Types>"
    )
    listed = "".join(
        f'<sheet name={quoteattr(s.name)} sheetId="{i}"{HIDDEN if s.hidden else ""}'
        f' r:id="rId{i}"/>'
        for i, s in enumerate(sheets, start=1)
    )
    book = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
        f"{'<workbookPr date1904=' + chr(34) + '1' + chr(34) + '/>' if date1904 else ''}"
        f"<sheets>{listed}</sheets></workbook>"
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr(
            "_rels/.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr("xl/workbook.xml", book)
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">{rels}</Relationships>',
        )
        for i, sheet in enumerate(sheets, start=1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", sheet.xml())
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buffer.getvalue()
