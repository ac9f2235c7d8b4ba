"""The gradebook on disk: one JSON record per submission, written atomically, and a CSV.

Layout of an output folder::

    records/<student>/<homework>.json   one per graded submission
    gradebook.csv                       a row per submission, rebuilt from the records

A record is only ever replaced whole (write to a temporary file, fsync,
rename), so a grader killed at any moment leaves complete records or none,
and rerunning resumes where it stopped.
"""

import contextlib
import csv
import io
import json
import os
import pathlib
import tempfile


def atomic_write(path, text):
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
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


def record_path(out_dir, student, homework):
    return pathlib.Path(out_dir) / "records" / student / f"{homework}.json"


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


def csv_text(records):
    """The gradebook as CSV: header comments (protections), then a row per submission."""
    questions = []
    for record in sorted(records, key=lambda r: r["homework"]):
        for q in record["questions"]:
            if (record["homework"], q["function"]) not in questions:
                questions.append((record["homework"], q["function"]))
    ran = [set(r["protections"]) for r in records if r.get("protections")]      # not the unreadable ones
    protections = sorted(set.intersection(*ran)) if ran else []
    buf = io.StringIO()
    buf.write(f"# protections active for every sandbox: {'; '.join(protections) or 'none recorded'}\n")
    writer = csv.writer(buf, lineterminator="\n")
    header = ["student", "homework", "score", "max_score", "error"]
    for hw, name in questions:
        header += [f"{hw}:{name}", f"{hw}:{name} status"]
    writer.writerow(header)
    for r in sorted(records, key=lambda r: (r["student"], r["homework"])):
        row = [r["student"], r["homework"], f"{r['score']:g}", f"{r['max_score']:g}", r.get("error") or ""]
        by_name = {q["function"]: q for q in r["questions"]}
        for hw, name in questions:
            q = by_name.get(name) if hw == r["homework"] else None
            row += ["", ""] if q is None else [f"{q['score']:g}", q["status"]]
        writer.writerow(row)
    return buf.getvalue()


def write_csv(out_dir):
    atomic_write(pathlib.Path(out_dir) / "gradebook.csv", csv_text(all_records(out_dir)))


def merge(shard_dirs, out_dir):
    """Combine the records of shard output folders into ``out_dir``; conflicting duplicates are an error."""
    seen = {}
    for shard in shard_dirs:
        for record in all_records(shard):
            key = (record["student"], record["homework"])
            if key in seen and seen[key] != record:
                raise ValueError(f"{key[0]}/{key[1]} was graded differently in two shards; regrade it")
            seen[key] = record
    for record in seen.values():
        write_record(out_dir, record)
    write_csv(out_dir)
    return len(seen)
