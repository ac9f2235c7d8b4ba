"""Written answers, graded by hand one question at a time, with no names in sight.

For every homework with written questions, ``GRADEBOOK/manual/<homework>/`` holds, per question:

* ``<question>.html``: the question, then every student's answer rendered
  (Markdown and math, offline), each under an anonymous code;
* ``<question>.csv``: a row per answer, ``answer`` (the code), ``max_points``,
  ``points`` and ``comment``, for the TA to fill in (any spreadsheet opens it),
  then ``status`` and ``version`` (see :mod:`.manual_keys`): an answer changed
  since it was graded is "to grade again", its old points and comment in
  ``status``, and counts 0 until graded again.
  Answers left blank come with 0 points and the comment "no answer".

:func:`merge` (``course-grade manual GRADEBOOK``) takes what was entered
into the records, so into the gradebook, the exports and the students'
feedback; the sheets keep their entries when they are written again, and
answers a rerun adds get new rows; :func:`apply_scores` puts the merged scores
back into the records a regrade rewrites.  The codes come from a key kept in
``manual/key`` (mode 600; the course key when one is given), so neither the
pages nor the sheets name anyone.
"""

import hashlib
import hmac
import os
import pathlib
import secrets

from . import csvsafe, gradebook, manual_keys, render
from .manual_keys import SHEET, TO_GRADE_AGAIN, read_sheet  # noqa: F401 - the sheets' format

NO_ANSWER = "no answer"
MAX_ANSWER = 20000       # characters of a written answer (and of its question) kept in a record
PLACEHOLDER = "YOUR ANSWER HERE"


def _dict(value):
    return value if isinstance(value, dict) else {}


def written_answers(nb, homework):
    """The record's entries for the homework's written questions, with the answers found in the notebook
    (a submitted notebook: any part of its JSON may be of the wrong type)."""
    found = {}
    for cell in _dict(nb).get("cells", []):
        cell = _dict(cell)
        grade_id = _dict(_dict(cell.get("metadata")).get("nbgrader")).get("grade_id")
        source = cell.get("source", "")
        source = "".join(s for s in source if isinstance(s, str)) if isinstance(source, list) else \
            source if isinstance(source, str) else ""
        if isinstance(grade_id, str) and cell.get("cell_type") == "markdown":
            found.setdefault(grade_id, source)
    entries = []
    for w in homework.written if homework else ():
        answer = found.get(w.id, "").strip()
        answered = bool(answer) and answer != PLACEHOLDER
        entries.append({"id": w.id, "points": float(w.points), "prompt": w.prompt[:MAX_ANSWER],
                        "answer": answer[:MAX_ANSWER] if answered else "", "answered": answered,
                        "score": None, "comment": ""})
    return entries


def _key(out_dir):
    path = pathlib.Path(out_dir) / "manual" / "key"
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(secrets.token_hex(16))
    return path.read_text().strip()


def code(key, student, homework, question):
    """The anonymous code of one answer (8 letters and digits)."""
    mac = hmac.new(key.encode(), f"{student}\0{homework}\0{question}".encode(), hashlib.sha256)
    return mac.hexdigest()[:8].upper()


def _answers(records, key):
    """``{(homework, question): [(code, record, entry)]}`` sorted by code."""
    found = {}
    for r in records:
        for w in r.get("written", []):
            found.setdefault((r["homework"], w["id"]), []).append((code(key, r["student"], r["homework"], w["id"]),
                                                                  r, w))
    return {k: sorted(v, key=lambda t: t[0]) for k, v in found.items()}


def _row(entry, old):
    """``(points, comment, status)`` of an answer's sheet row, from the row it had (if any): a row written for
    another text of the answer is cleared and marked to grade again, with what it had."""
    blank = not entry.get("answered")
    points, comment = ("0", NO_ANSWER) if blank else ("", "")
    if not old:
        return points, comment, ""
    if manual_keys.written_for(old, entry):
        kept, status = (old.get("points") or "").strip(), old.get("status", "")
        return (old.get("points", points), old.get("comment", comment),
                status if not kept or status.startswith(manual_keys.REGRADE) else "")
    was, said = (old.get("points") or "").strip(), (old.get("comment") or "").strip()
    if not was and not said:
        return points, comment, ""
    return points, comment, (f"{TO_GRADE_AGAIN}: the answer changed; it had "
                             f"{was or 'no points'} / {gradebook.fmt_score(entry['points'])}"
                             + (f", comment: {said}" if said else ""))


def write_sheets(out_dir, records):
    """Write every question's page and sheet, keeping the points and comments entered for each answer's text."""
    answers = _answers(records, _key(out_dir)) if any(r.get("written") for r in records) else {}
    for (homework, question), items in answers.items():
        folder = pathlib.Path(out_dir) / "manual" / homework
        sheet = folder / f"{question}.csv"
        entered = read_sheet(sheet)
        rows = [list(SHEET)]
        cards = [f'<div class="prompt">{render.markdown(items[0][2].get("prompt", ""))}</div>',
                 f"<p>{len(items)} answers, {gradebook.fmt_score(items[0][2]['points'])} points each. "
                 f"Enter points and comments in <code>{render.text(question)}.csv</code>, then run "
                 f"<code>course-grade manual</code>.</p>"]
        for answer_code, _, entry in items:
            points, comment, status = _row(entry, entered.get(answer_code, (0, {}))[1])
            rows.append([answer_code, gradebook.fmt_score(entry["points"]), points, comment, status,
                         manual_keys.version(entry)])
            body = (f'<p class="muted">{NO_ANSWER}</p>' if not entry.get("answered")
                    else render.markdown(entry.get("answer", "")))
            flag = f'<p class="error">{render.text(status)}</p>' if status else ""
            cards.append(f'<div class="answer"><h2>Answer {answer_code}</h2>{flag}{body}</div>')
        cards[2:] = ['<div class="answers">', *cards[2:], "</div>"]
        gradebook.atomic_write(sheet, csvsafe.text(rows))
        gradebook.atomic_write(folder / f"{question}.html",
                               render.page(f"{homework}: {question} (written)", "\n".join(cards)))


def _store_key(homework, question, answer_code):
    return f"{homework}/{question}/{answer_code}"


def apply_scores(out_dir, records):
    """Put the merged scores back into records a regrade rewrote, for the answers' texts they were given for."""
    if not any(r.get("written") for r in records):
        return records
    store = manual_keys.read_store(out_dir)
    for (homework, question), items in _answers(records, _key(out_dir)).items():
        for answer_code, record, entry in items:
            kept = store.get(_store_key(homework, question, answer_code))
            if isinstance(kept, dict) and kept.get("version") == manual_keys.version(entry) and \
                    (entry["score"], entry["comment"]) != (kept.get("points"), kept.get("comment", "")):
                entry["score"], entry["comment"] = kept.get("points"), kept.get("comment", "")
                gradebook.write_record(out_dir, gradebook.totals(record))
    return records


def merge(out_dir):
    """Take the points and comments of every sheet into the records; ``(graded, still ungraded)``.

    A sheet with a point outside 0..max, or not a number, or a code that is no answer of this
    gradebook, is refused with every such line named, and nothing is merged.  A row written for another
    text of its answer (resubmitted since) does not count: the answer is to grade again.
    """
    records = gradebook.all_records(out_dir)
    answers = _answers(records, _key(out_dir)) if any(r.get("written") for r in records) else {}
    problems, updates = [], []
    for (homework, question), items in answers.items():
        sheet = pathlib.Path(out_dir) / "manual" / homework / f"{question}.csv"
        entered = read_sheet(sheet)
        known = {c for c, _, _ in items}
        problems += [f"{sheet}, line {line}: no answer has the code {c!r}" for c, (line, _) in entered.items()
                     if c not in known]
        for answer_code, record, entry in items:
            line, row = entered.get(answer_code, (None, {}))
            key = _store_key(homework, question, answer_code)
            current = manual_keys.written_for(row, entry)
            text = (row.get("points") or "").strip() if current else ""
            if not text:
                updates.append((key, entry, None, (row.get("comment") or "").strip()[:2000] if current else ""))
                continue
            try:
                points = float(text)
            except ValueError:
                problems.append(f"{sheet}, line {line}: points must be a number; got {text!r}")
                continue
            if not 0 <= points <= entry["points"]:
                problems.append(f"{sheet}, line {line}: points must be between 0 and "
                                f"{gradebook.fmt_score(entry['points'])}; got {text}")
                continue
            updates.append((key, entry, points, (row.get("comment") or "").strip()[:2000]))
    if problems:
        raise ValueError("the grading sheets were not merged:\n  " + "\n  ".join(problems))
    store = manual_keys.read_store(out_dir)
    for key, entry, points, comment in updates:
        entry["score"], entry["comment"] = points, comment
        store.pop(key, None)
        if points is not None:
            store[key] = {"version": manual_keys.version(entry), "points": points, "comment": comment}
    manual_keys.write_store(out_dir, store)
    for record in records:
        gradebook.write_record(out_dir, gradebook.totals(record))
    graded = sum(1 for _, _, p, _ in updates if p is not None)
    return graded, len(updates) - graded
