"""A page per student and homework that the student can read: every question, its points and its diagnosis.

``GRADEBOOK/feedback/<student>/<homework>.html``, made from the record alone:
the score, each code question's status, points and diagnosis (a hidden-test
failure says no more than that), each written answer with the question, the
student's answer, the points and the TA's comment (Markdown and math, like
the answer; or "not graded yet"), and the notebook cells that raised.  A
timeout names the time limit that applied (the record's ``limits``).
Static, offline HTML that runs no script (see
:mod:`course_utils.grading.render`).
"""

import pathlib

from . import gradebook, late, render

STATUS_CLASSES = ("correct", "incorrect", "error", "timeout", "forbidden")   # coloured by render.STYLE


def time_limit(record, question):
    """Which time limit a question's timeout met, as the record says (empty for a record without limits)."""
    limits = record.get("limits") or {}
    if question.get("status") != "timeout" or not limits:
        return ""
    if str(question.get("diagnosis", "")).startswith("the notebook stopped"):
        return (f"time limit exceeded: running the notebook had {gradebook.fmt_score(limits['notebook_seconds'])} s "
                "in all (--notebook-seconds)")
    return (f"time limit exceeded: the question's checks had {gradebook.fmt_score(limits['wall_seconds'])} s "
            "in all (--wall-seconds)")


def _code(record):
    rows = ["<tr><th>exercise</th><th>points</th><th>status</th><th>what the checks found</th></tr>"]
    for q in record["questions"]:
        status = (str(q["status"]).split() or [""])[0]
        status = status if status in STATUS_CLASSES else ""
        diagnosis = "\n".join(t for t in (str(q["diagnosis"]), time_limit(record, q)) if t)
        rows.append(f'<tr><td class="code">{render.text(q["function"])}</td>'
                    f'<td>{gradebook.fmt_score(q["score"])} / {gradebook.fmt_score(q["points"])}</td>'
                    f'<td class="{status}">{render.text(q["status"])}</td><td>{render.text(diagnosis)}</td></tr>')
    return "<h2>Code</h2>\n<table>" + "\n".join(rows) + "</table>" if record["questions"] else ""


def _written(record):
    parts = []
    for w in record.get("written", []):
        points = ("not graded yet" if w["score"] is None else
                  f"{gradebook.fmt_score(w['score'])} / {gradebook.fmt_score(w['points'])} points")
        answer = render.markdown(w["answer"]) if w.get("answered") else '<p class="muted">no answer</p>'
        comment = f"<p><b>Comment:</b></p>{render.markdown(w['comment'])}" if w.get("comment") else ""
        parts.append(f'<div class="answer"><h2>{render.text(w["id"])} (written): {points}</h2>'
                     f'<div class="prompt">{render.markdown(w.get("prompt", ""))}</div>'
                     f"<p><b>Your answer</b></p>{answer}{comment}</div>")
    return "\n".join(parts)


def page(record):
    """The feedback page of one record, as HTML."""
    pending = record.get("written_pending", 0)
    waiting = f"{pending} written answer{' is' if pending == 1 else 's are'} not graded yet"
    summary = (f"<p><b>{gradebook.fmt_score(record['score'])} / {gradebook.fmt_score(record['max_score'])} "
               f"points</b>{f' so far: {waiting}' if pending else ''}.</p>")
    if record.get("error"):
        shown = record.get("student_error") or record["error"]      # student_error: no instructor-facing detail
        summary += f'<p class="error">This notebook could not be graded: {render.text(shown)}</p>'
    summary += late.html(record)
    cells = record.get("cells_with_errors", [])
    raised = ("<h2>Cells that raised an error</h2><ul>" + "".join(
        f"<li>cell {render.text(c['cell'])}: {render.text(c['error'])}: {render.text(c['message'])}</li>"
        for c in cells) + "</ul>") if cells else ""
    notes = "".join(f'<p class="muted">{render.text(n)}</p>' for n in record.get("notes", []))
    return render.page(f"{record['homework']}: {record['student']}",
                       "\n".join([summary, _code(record), _written(record), raised, notes]))


def write_all(out_dir, records):
    for record in records:
        path = (pathlib.Path(out_dir) / "feedback" / gradebook.file_name(record["student"])
                / gradebook.file_name(record["homework"], ".html"))
        gradebook.atomic_write(path, page(record))
