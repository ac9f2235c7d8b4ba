"""CSV files a spreadsheet opens safely: every cell that could start a formula is neutralised.

A student controls file names, folder names and the text that lands in the
gradebook's cells; a spreadsheet (Excel, LibreOffice, Google Sheets) runs a
cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
as a formula (``=HYPERLINK(...)``).  OWASP's rule for CSV injection: prefix
such a cell with a single quote, which spreadsheets show as text.  A plain
number (``-1.5``) is no formula and is left as it is.  :func:`restore` takes
the quote off again when the grader reads its own sheet back (a TA's comment
``- see line 3`` round-trips unchanged).

Examples
--------
>>> neutral("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> neutral("-2"), neutral("alice")
('-2', 'alice')
>>> restore(neutral("@sum")), restore(neutral("'=x"))
('@sum', "'=x")
"""

import csv
import io
import re

#: The first characters a spreadsheet reads as the start of a formula (OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


def neutral(cell):
    """``cell`` with a ``'`` in front if it is a string a spreadsheet would run as a formula, or one that only
    quotes stand in front of (``'=x`` becomes ``''=x``, so that :func:`restore` gives it back unchanged)."""
    if isinstance(cell, str) and cell.lstrip("'").startswith(FORMULA_START) and not NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def restore(cell):
    """The text :func:`neutral` was given: the quote it put in front taken off."""
    if isinstance(cell, str) and cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_START):
        return cell[1:]
    return cell


def _lines(cell):
    """A carriage return inside a cell made a line feed: with ``\\n`` line ends the csv module quotes a cell that
    holds ``\\n`` but not one that holds only ``\\r``, which some readers take for the end of a row."""
    return cell.replace("\r\n", "\n").replace("\r", "\n") if isinstance(cell, str) else cell


def text(rows):
    """The CSV text of ``rows`` (a list of lists), every cell neutralised, ``\\n`` line ends."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([[_lines(neutral(c)) for c in row] for row in rows])
    return buf.getvalue()
