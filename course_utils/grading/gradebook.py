"""The gradebook on disk: one JSON record per submission, written atomically, and a CSV.

Layout of an output folder::

    records/<student>/<homework>.json   one per graded submission
    run.json                            what the run was: versions, protections, tests, options, times
    gradebook.csv                       a row per submission, rebuilt from the records (see exports.py)

A record is only ever replaced whole (write to a temporary file, fsync,
rename), so a grader killed at any moment leaves complete records or none,
and rerunning resumes where it stopped.
"""

import contextlib
import hashlib
import json
import os
import pathlib
import tempfile

from . import csvsafe


def atomic_write(path, text):
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


MAX_NAME_BYTES = 200      # of a file name made from a student's or a notebook's name (the system allows 255)


def file_name(name, suffix=""):
    """A file name for ``name`` + ``suffix``: as it is when short enough, else its start and a digest of it
    (a notebook's own name may take all of the 255 bytes a name can have, leaving no room for a suffix)."""
    if len(name.encode()) + len(suffix.encode()) <= MAX_NAME_BYTES:
        return name + suffix
    digest = hashlib.sha256(name.encode(errors="surrogateescape")).hexdigest()[:16]
    start = name.encode(errors="surrogateescape")[:100].decode(errors="ignore")
    return f"{start}~{digest}{suffix}"


def record_path(out_dir, student, homework):
    return pathlib.Path(out_dir) / "records" / file_name(student) / file_name(homework, ".json")


def write_record(out_dir, record):
    atomic_write(record_path(out_dir, record["student"], record["homework"]),
                 json.dumps(record, indent=1, sort_keys=True) + "\n")


def read_record(path):
    """A record, or ``None`` if it is missing or unreadable (then it is graded again)."""
    try:
        record = json.loads(pathlib.Path(path).read_text())
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and "questions" in record else None


def is_current(out_dir, student, homework, notebook_sha256, tests_sha256):
    record = read_record(record_path(out_dir, student, homework))
    return (record is not None and record.get("notebook_sha256") == notebook_sha256
            and record.get("tests_sha256") == tests_sha256)


def all_records(out_dir):
    records = []
    for path in sorted((pathlib.Path(out_dir) / "records").glob("*/*.json")):
        record = read_record(path)
        if record is not None:
            records.append(record)
    return records


def fmt_score(value):
    """A score as every export prints it: 3, 2.5, 0.33 (never 3.0 or 0.0)."""
    return f"{round(float(value), 2):g}"


def totals(record):
    """Set the record's score and maximum: its automatic questions plus its written answers graded so far."""
    written = record.get("written", [])
    record["auto_score"] = sum(q["score"] for q in record["questions"])
    record["written_score"] = sum(w["score"] or 0.0 for w in written)
    record["score"] = record["auto_score"] + record["written_score"]
    from .late import adjust       # a late policy's deduction; the record keeps the raw score

    adjust(record)
    record["max_score"] = sum(q["points"] for q in record["questions"]) + sum(w["points"] for w in written)
    record["written_pending"] = sum(1 for w in written if w["score"] is None)
    return record


def columns(records):
    """``[(homework, kind, name)]`` in a stable order: each homework's questions, then its written answers."""
    found = []
    for record in sorted(records, key=lambda r: r["homework"]):
        for kind, items, key in (("code", record["questions"], "function"), ("written", record.get("written", []), "id")):
            for item in items:
                if (record["homework"], kind, item[key]) not in found:
                    found.append((record["homework"], kind, item[key]))
    return found


def csv_text(records):
    """The gradebook as plain CSV (the header on line 1): a row per submission, its score, each question."""
    cols = columns(records)
    header = ["student", "homework", "score", "max_score", "written_ungraded", "error"]
    for hw, kind, name in cols:
        header += [f"{hw}:{name}", f"{hw}:{name} status"] if kind == "code" else [f"{hw}:{name} (written)"]
    rows = [header]
    for r in sorted(records, key=lambda r: (r["student"], r["homework"])):
        row = [r["student"], r["homework"], fmt_score(r["score"]), fmt_score(r["max_score"]),
               r.get("written_pending", 0), r.get("error") or ""]
        code = {q["function"]: q for q in r["questions"]}
        written = {w["id"]: w for w in r.get("written", [])}
        for hw, kind, name in cols:
            if kind == "code":
                q = code.get(name) if hw == r["homework"] else None
                row += ["", ""] if q is None else [fmt_score(q["score"]), q["status"]]
            else:
                w = written.get(name) if hw == r["homework"] else None
                row.append("" if w is None or w["score"] is None else fmt_score(w["score"]))
        rows.append(row)
    return csvsafe.text(rows)


def protections(records):
    """The protections every sandbox of these records had (the unreadable submissions ran none)."""
    ran = [set(r["protections"]) for r in records if r.get("protections")]
    return sorted(set.intersection(*ran)) if ran else []


def run_info(options, homeworks, fingerprints, protections, started, **counts):
    """What a grading run was, for ``run.json``: versions, protections, each homework's tests and points."""
    import datetime
    import platform
    from importlib import metadata

    import numpy

    try:
        version = metadata.version("softmax-course")
    except metadata.PackageNotFoundError:
        version = "unknown"
    now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    return {"started": started, "finished": now, "python": platform.python_version(), "numpy": numpy.__version__,
            "course_grade": version, "protections": protections, "options": options,
            "homework": {name: {"tests_sha256": fingerprints.get(name), "points": {
                "code": sum(q.points for q in hw.questions), "written": sum(w.points for w in hw.written)}}
                for name, hw in homeworks.items()}, **counts}


def write_run(out_dir, info):
    """``run.json``: what a grading run was (versions, protections, tests, options, times)."""
    atomic_write(pathlib.Path(out_dir) / "run.json", json.dumps(info, indent=1, sort_keys=True) + "\n")


def read_run(out_dir):
    try:
        return json.loads((pathlib.Path(out_dir) / "run.json").read_text())
    except (OSError, ValueError):
        return None


def merge(shard_dirs, out_dir):
    """Combine the records of shard output folders into ``out_dir``, once they are every shard of one run
    (see :func:`shards.check_complete`); conflicting duplicates are an error."""
    from .shards import check_complete

    check_complete(shard_dirs, read_run)
    seen = {}
    for shard in shard_dirs:
        for record in all_records(shard):
            key = (record["student"], record["homework"])
            if key in seen and seen[key] != record:
                raise ValueError(f"{key[0]}/{key[1]} was graded differently in two shards; regrade it")
            seen[key] = record
    for record in seen.values():
        write_record(out_dir, record)
    write_run(out_dir, {"merged_from": [read_run(shard) for shard in shard_dirs],
                        "protections": protections(list(seen.values()))})
    return len(seen)
