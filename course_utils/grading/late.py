"""Late work: when a notebook was submitted, how late that is, and what a late policy deducts.

The time comes from nbgrader's ``timestamp.txt`` beside the notebook
(``2026-03-01 12:34:56.789012 UTC``) or, failing that, the notebook file's
modification time; the record says which.  Lateness counts every day begun
after ``--due``: ``--late-penalty P`` deducts P % of the score per day,
``--late-cutoff`` (a date and time, or days after the due time) gives 0 after
it.  The record keeps the raw score in ``late.raw_score``; ``score`` (and so
every CSV) is the adjusted one.
"""

import datetime
import math
import os

from . import gradebook, render

UTC = datetime.timezone.utc
_NBGRADER_FORMATS = ("%Y-%m-%d %H:%M:%S.%f %Z", "%Y-%m-%d %H:%M:%S %Z", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S")


def parse_time(text, option="--due"):
    """An aware datetime from ISO 8601 text (UTC when it names no zone); ``ValueError`` saying what was expected."""
    try:
        when = datetime.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{option}: expected a date and time like 2026-03-01T23:59 or 2026-03-01 23:59+01:00 "
                         f"(UTC when no zone is given); got {text!r}") from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def parse_penalty(text):
    """``--late-penalty``: a percentage of the score per day late, more than 0 and at most 100."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 < value <= 100:
        raise ValueError(f"--late-penalty: expected a percentage per day late, more than 0 and at most 100; "
                         f"got {text!r}")
    return value


def parse_cutoff(text):
    """``--late-cutoff``: a date and time, or a number of days after the due time (``float``)."""
    try:
        days = float(text)
    except ValueError:
        return parse_time(text, "--late-cutoff")
    if not 0 <= days < 3650:
        raise ValueError(f"--late-cutoff: expected a date and time, or days after --due (0 or more); got {text!r}")
    return days


def policy(due, penalty=None, cutoff=None):
    """The policy as the records keep it, or None without ``--due``; ``ValueError`` on options that disagree."""
    if due is None:
        if penalty is not None or cutoff is not None:
            raise ValueError("--late-penalty and --late-cutoff need --due (the due date and time)")
        return None
    if isinstance(cutoff, float):
        cutoff = due + datetime.timedelta(days=cutoff)
    if cutoff is not None and cutoff < due:
        raise ValueError(f"--late-cutoff {cutoff.isoformat()} is before --due {due.isoformat()}")
    return {"due": due.isoformat(), "penalty_percent_per_day": penalty,
            "cutoff": cutoff.isoformat() if cutoff else None}


def describe(rules):
    """The policy in a sentence, for records and feedback pages."""
    parts = [f"due {rules['due']}"]
    if rules["penalty_percent_per_day"]:
        parts.append(f"{gradebook.fmt_score(rules['penalty_percent_per_day'])}% of the score deducted per day "
                     "late (each day begun counts)")
    if rules["cutoff"]:
        parts.append(f"0 after {rules['cutoff']}")
    if len(parts) == 1:
        parts.append("lateness recorded, nothing deducted")
    return "; ".join(parts)


def submitted_at(submission):
    """``(aware datetime, where it came from)``: nbgrader's timestamp.txt, else the file's modification time."""
    why = ""
    if submission.timestamp:
        try:
            with open(submission.timestamp, encoding="utf-8") as fh:
                text = fh.read(200).strip()
            for fmt in _NBGRADER_FORMATS:
                try:
                    return datetime.datetime.strptime(text, fmt).replace(tzinfo=UTC), "nbgrader's timestamp.txt"
                except ValueError:
                    continue
            why = f" (timestamp.txt holds {text[:40]!r}, not a time like 2026-03-01 12:34:56.789012 UTC)"
        except OSError as exc:
            why = "" if isinstance(exc, FileNotFoundError) else f" (timestamp.txt unreadable: {exc.strerror})"
    try:
        mtime = os.lstat(submission.path).st_mtime
    except OSError:
        return None, "no time: the notebook cannot be read"
    return datetime.datetime.fromtimestamp(mtime, UTC), "the notebook file's modification time" + why


def lateness(rules, when, source, hint=False):
    """The record's ``late`` entry: the policy, the time and its source, how late, the fraction deducted."""
    due = datetime.datetime.fromisoformat(rules["due"])
    late = {"policy": describe(rules), "rules": rules, "source": source, "lms_late_mark": hint,
            "submitted": when.isoformat() if when else None, "days_late": 0, "deducted_percent": 0.0}
    if when is None or when <= due:
        return late
    late["days_late"] = math.ceil((when - due) / datetime.timedelta(days=1))
    if rules["cutoff"] and when > datetime.datetime.fromisoformat(rules["cutoff"]):
        late["deducted_percent"] = 100.0
    elif rules["penalty_percent_per_day"]:
        late["deducted_percent"] = min(100.0, rules["penalty_percent_per_day"] * late["days_late"])
    return late


def adjust(record):
    """Apply the record's late deduction to its score (called by :func:`gradebook.totals`); the raw one is kept."""
    late = record.get("late")
    if late:
        late["raw_score"] = record["score"]
        late["deducted"] = round(record["score"] * late["deducted_percent"] / 100, 6)
        record["score"] = record["score"] - late["deducted"]


def stamp(out_dir, submissions, rules):
    """Set (or, without a policy, remove) each submission's lateness in its record, and its adjusted score."""
    for sub in submissions:
        path = gradebook.record_path(out_dir, sub.student, sub.homework)
        record = gradebook.read_record(path)
        if record is None:
            continue
        before = dict(record)
        record.pop("late", None)
        if rules is not None:
            record["late"] = lateness(rules, *submitted_at(sub), hint=sub.late_hint)
        gradebook.totals(record)
        if record != before:
            gradebook.write_record(out_dir, record)


def html(record):
    """The feedback page's paragraph on lateness ("" when no policy applied)."""
    late = record.get("late")
    if not late:
        return ""
    when = f"submitted {late['submitted']} (from {late['source']})" if late["submitted"] else late["source"]
    how = (f"{late['days_late']} day{'s' if late['days_late'] != 1 else ''} late" if late["days_late"]
           else "on time")
    taken = (f"; {gradebook.fmt_score(late['deducted_percent'])}% deducted: "
             f"{gradebook.fmt_score(late['deducted'])} of {gradebook.fmt_score(late['raw_score'])} points"
             if late["deducted_percent"] else "")
    return f"<p><b>Late policy:</b> {render.text(late['policy'])}. This notebook was {render.text(when)}, " \
           f"{how}{taken}.</p>"
