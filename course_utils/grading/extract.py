"""Read a submitted notebook defensively and keep only what grading needs: imports and definitions.

Top-level statements of a student's notebook (training runs, plots, calls
to the checks) are not needed to grade a function and are dropped; so are
IPython magics.  Kept: ``import`` statements, ``def`` and ``class``
blocks, and assignments of literal constants (``EPS = 1e-12``).
"""

import ast
import json

MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024


class SubmissionError(Exception):
    """The submission cannot be graded at all (unreadable, malformed, wrong format)."""


def read_notebook(raw):
    """Parse notebook bytes; raise :class:`SubmissionError` with a reason a TA can act on."""
    if len(raw) > MAX_NOTEBOOK_BYTES:
        raise SubmissionError(f"notebook is {len(raw)} bytes, more than the limit of {MAX_NOTEBOOK_BYTES}")
    try:
        nb = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise SubmissionError(f"notebook is not valid JSON (truncated or corrupted?): {str(exc)[:200]}") from None
    if isinstance(nb, dict) and "nbformat" in nb and nb["nbformat"] != 4:
        raise SubmissionError(f"notebook format version must be 4; got {nb['nbformat']!r}")
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise SubmissionError("notebook JSON has no list of cells")
    return nb


def _source(cell):
    src = cell.get("source", "")
    if isinstance(src, list) and all(isinstance(s, str) for s in src):
        return "".join(src)
    return src if isinstance(src, str) else ""


def _literal(node):
    try:
        ast.literal_eval(node)
        return True
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False


def _keep(node):
    if isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return True
    if isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets):
        return _literal(node.value)
    return False


def definitions(nb):
    """Return ``(code, notes)``: the kept source of every code cell, and notes on skipped cells."""
    kept, notes = [], []
    for index, cell in enumerate(nb["cells"]):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        lines = _source(cell).split("\n")
        lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in lines]
        try:
            tree = ast.parse("\n".join(lines))
        except SyntaxError as exc:
            notes.append(f"cell {index} has a syntax error at line {exc.lineno}: {exc.msg}")
            continue
        except (ValueError, RecursionError, MemoryError):
            notes.append(f"cell {index} could not be parsed")
            continue
        kept.extend(ast.unparse(node) for node in tree.body if _keep(node))
    return "\n\n".join(kept) + "\n", notes
