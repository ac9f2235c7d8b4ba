"""What a gradebook folder keeps for its exports: the roster, the assignments file and the ``--missing`` rule.

``course-grade grade --roster R --assignments A --missing M`` (or ``export``,
``manual``, ``merge``) checks each file it is given, then keeps a normalised
copy in the gradebook folder::

    roster.csv          folder, first_name, last_name, email, student_id, canvas_id, sis_login_id, section
    assignments.csv     homework, canvas_id, moodle_name
    exports.json        {"missing": "blank" or "zero"}

Every later command uses what is kept until a new option replaces it, so
``course-grade manual GRADEBOOK`` writes the same LMS files as the grading
run did.  ``merge`` takes what its shards kept when its ``--out`` folder
keeps nothing yet (the shards must agree).

The assignments file maps a homework to its Canvas assignment (``canvas_id``,
the number Canvas shows in the assignment's address and in its gradebook
export's header, ``HW1 (12345)``) and to the name of its Moodle grade item
(``moodle_name``; the homework's name when empty).
"""

import csv
import io
import json
import pathlib

from . import csvsafe, gradebook

ROSTER, ASSIGNMENTS, SETTINGS = "roster.csv", "assignments.csv", "exports.json"
ASSIGNMENT_COLUMNS = ("homework", "canvas_id", "moodle_name")
ROSTER_COLUMNS = ("folder", "first_name", "last_name", "email", "student_id", "canvas_id", "sis_login_id", "section")
MISSING = ("blank", "zero")


def read_table(path, columns, key, what, hint=""):
    """``{key: row}`` from a CSV whose header holds ``key`` and some of ``columns``; ``ValueError`` naming what is
    wrong (the roster and the assignments file are both read this way)."""
    try:
        text = pathlib.Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ValueError(f"{what} {path} cannot be read: {exc.strerror or exc}") from None
    reader = csv.DictReader(io.StringIO(text))
    fields = reader.fieldnames or []
    if key not in fields:
        raise ValueError(f"{what} {path} must have a {key!r} column{hint}; got columns {fields}")
    unknown = sorted(set(fields) - set(columns))
    if unknown:
        raise ValueError(f"{what} {path} has unknown columns {unknown}; expected some of {list(columns)}")
    table = {}
    for line, row in enumerate(reader, 2):
        name = csvsafe.restore((row.get(key) or "").strip())
        if not name or name in table:
            raise ValueError(f"{what} {path}, line {line}: " + (f"empty {key}" if not name else
                                                                f"{key} {name!r} listed twice"))
        table[name] = {k: csvsafe.restore((row.get(k) or "").strip()) for k in columns}
    return table


def read_roster(path):
    """``{folder: row}`` from a roster CSV; ``ValueError`` naming what is wrong with it."""
    return read_table(path, ROSTER_COLUMNS, "folder", "roster", " (the submission folder of each student)")


def read_assignments(path):
    """``{homework: {"homework", "canvas_id", "moodle_name"}}``; a Canvas ID is a number or empty."""
    table = read_table(path, ASSIGNMENT_COLUMNS, "homework", "assignments file")
    bad = {hw: row["canvas_id"] for hw, row in table.items() if row["canvas_id"] and not row["canvas_id"].isdigit()}
    if bad:
        raise ValueError(f"assignments file {path}: a canvas_id is the assignment's number (12345); got {bad}")
    return table


def _write_table(path, columns, table):
    gradebook.atomic_write(path, csvsafe.text([list(columns), *([row[c] for c in columns] for row in table.values())]))


def settle(out_dir, roster=None, assignments=None, missing=None, shards=()):
    """``{"roster", "assignments", "missing"}`` for the exports of ``out_dir``: what was given, else what the
    folder keeps, else what all the shard folders keep (they must agree), else nothing (and ``missing`` "blank")."""
    def kept(name, read):
        if (pathlib.Path(out_dir) / name).exists():
            return read(pathlib.Path(out_dir) / name)
        found = {str(s): read(pathlib.Path(s) / name) for s in shards if (pathlib.Path(s) / name).exists()}
        values = list(found.values())
        if any(v != values[0] for v in values):
            raise ValueError(f"the shards {sorted(found)} keep different {name} files; give the one to use")
        return values[0] if values else None

    return {"roster": roster if roster is not None else kept(ROSTER, read_roster),
            "assignments": assignments if assignments is not None else kept(ASSIGNMENTS, read_assignments),
            "missing": missing or kept(SETTINGS, read_settings) or "blank"}


def read_settings(path):
    """The ``--missing`` rule kept in ``exports.json``."""
    missing = json.loads(pathlib.Path(path).read_text()).get("missing")
    if missing not in MISSING:
        raise ValueError(f"{path}: 'missing' must be one of {list(MISSING)}; got {missing!r}")
    return missing


def save(out_dir, roster, assignments, missing):
    """Keep the exports' roster, assignments and ``--missing`` rule in ``out_dir`` for the next command."""
    out_dir = pathlib.Path(out_dir)
    if roster is not None:
        _write_table(out_dir / ROSTER, ROSTER_COLUMNS, roster)
    if assignments is not None:
        _write_table(out_dir / ASSIGNMENTS, ASSIGNMENT_COLUMNS, assignments)
    gradebook.atomic_write(out_dir / SETTINGS, json.dumps({"missing": missing}) + "\n")
