"""Cells that leave Partner Desk: CSV export (CLI and GUI) and Ctrl+C copy (issue 12 item 4).

Qt-free; every path that writes cells for a spreadsheet goes through this module.

Spreadsheet formula injection (OWASP "CSV Injection"): a cell that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return is read as a formula by Excel,
LibreOffice and Google Sheets. As OWASP recommends, such a cell is prefixed with a
single quote, so the spreadsheet shows it as text; the rest of the text is kept as it
was (the quote is the only change). Leading spaces do not protect a cell (some
spreadsheets trim them), so they are looked through; the full-width forms
(``＝ ＋ － ＠``) are treated like the ASCII ones. Quotes and separators inside a
cell are escaped by the ``csv`` module.

Copied text (tab-separated) additionally loses every control character: a tab or line
break inside a cell becomes a space (it would start a new cell or row), the others are
dropped.
"""

from __future__ import annotations

import csv
import os
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

FORMULA_STARTS = frozenset("=+-@\t\r＝＋－＠")
_SPACES = " \u00a0\u3000"


def neutralise_cell(value: object) -> str:
    """The cell as text, prefixed with ``'`` when a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    head = text.lstrip(_SPACES)
    if head and head[0] in FORMULA_STARTS:
        return "'" + text
    return text


def strip_controls(text: str) -> str:
    """Tabs and line breaks → one space; every other control character dropped."""
    out = []
    for ch in text:
        if ch in "\t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029":
            out.append(" ")
        elif unicodedata.category(ch) == "Cc":
            continue
        else:
            out.append(ch)
    return "".join(out)


def copy_cell(value: object) -> str:
    """One cell of copied text: no control characters, neutralised."""
    return neutralise_cell(strip_controls("" if value is None else str(value)))


def tsv_text(lines: Iterable[Sequence[object]]) -> str:
    """Rows as tab-separated text for the clipboard (one line per row, final newline)."""
    return "".join("\t".join(copy_cell(cell) for cell in line) + "\n" for line in lines)


def write_csv(fh: TextIO, lines: Iterable[Sequence[object]]) -> int:
    """Write the rows as CSV with every cell neutralised; returns the number of rows."""
    writer = csv.writer(fh)
    n = 0
    for line in lines:
        writer.writerow([neutralise_cell(cell) for cell in line])
        n += 1
    return n


class ExportWriteError(OSError):
    """The export file could not be written; ``message`` is one line for the user."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def write_text_atomic(target: Path, text: str, *, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``target`` through a temp file in the same folder + rename.

    On any failure the temp file is removed and :class:`ExportWriteError` says what
    went wrong in one line; ``target`` is then untouched.
    """
    write_bytes_atomic(target, text.encode(encoding))


def write_bytes_atomic(target: Path, data: bytes) -> None:
    """:func:`write_text_atomic` for bytes (an XLSX file, or text already encoded)."""
    folder = target.parent if str(target.parent) else Path(".")
    tmp: str | None = None
    try:
        if target.is_dir():
            raise IsADirectoryError(21, "Is a directory")
        fd, tmp = tempfile.mkstemp(prefix=".export-", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise ExportWriteError(
            f"Cannot write {target}: {exc.strerror or type(exc).__name__}."
        ) from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
