"""What ``run_autograder`` runs in Gradescope's container: grade the submission, write ``results.json``.

``python -m course_utils.grading.gradescope_run ROOT`` (ROOT: ``$AUTOGRADER_ROOT``, default ``/autograder``)
reads ``ROOT/source`` (the zip of :mod:`.gradescope`), picks the notebook of ``ROOT/submission`` named like
the homework, lays it out as ``SUBMISSIONS/<student>/<homework>.ipynb`` in a private folder and grades it
with ``course-grade grade``: the same checks, sandbox and limits as a class's gradebook.  Where the sandbox
cannot start (Gradescope's container may not allow bubblewrap its namespaces), it grades again with
``--no-isolation``, and the output says so.  ``ROOT/results/results.json`` is always written (see
:mod:`.gradescope_results`); the exit status is 0 once it is, whatever the submission did.
"""

import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

from . import gradebook, gradescope_results, layouts
from .cli import CANNOT_GRADE
from .gradescope import CONFIG

STUDENT = "submission"
MAX_LISTED = 10        # notebook names listed when none matches


def pick(folder, homework):
    """``(the submitted notebook graded as homework, None)``, or ``(None, why none is)``.

    A notebook named ``<homework>.ipynb`` counts; else one named as a browser or an LMS renames a repeated
    file (``<homework> (1).ipynb``, ``<homework>-1.ipynb``), if it is the only one.
    """
    try:
        names = sorted(e.name for e in os.scandir(folder))
    except OSError as exc:
        names, problem = [], f" ({exc.strerror})"
    else:
        problem = ""
    if f"{homework}.ipynb" in names:
        return pathlib.Path(folder) / f"{homework}.ipynb", None
    near = [n for n in names if n.endswith(".ipynb") and layouts.homework_of(n[:-6], [homework]) == homework]
    if len(near) == 1:
        return pathlib.Path(folder) / near[0], None
    shown = ", ".join(repr(n[:80]) for n in names[:MAX_LISTED]) + (" ..." if len(names) > MAX_LISTED else "")
    if near:
        return None, (f"{len(near)} notebooks could be {homework}.ipynb ({shown}): submit one notebook named "
                      f"{homework}.ipynb")
    return None, (f"no notebook named {homework}.ipynb was submitted (found: {shown or 'nothing'}{problem}): "
                  f"submit your notebook under that name")


def grade_argv(subs, tests, out, options, isolate=True):
    """``course-grade grade`` of one submission with the zip's options (one worker)."""
    argv = [sys.executable, "-m", "course_utils.grading.cli", "grade", str(subs), "--tests", str(tests), "--out",
            str(out), "--workers", "1", "--wall-seconds", str(options["wall_seconds"]), "--notebook-seconds",
            str(options["notebook_seconds"]), "--memory-mb", str(options["memory_mb"])]
    for name in options.get("allow_package") or ():
        argv += ["--allow-package", name]
    return argv + ([] if isolate else ["--no-isolation"])


def _grade(subs, tests, out, options, homework, questions):
    """Grade with the sandbox, else without it: ``(the record, the protections, why there was no sandbox)``.

    ``homework`` is its name, ``questions`` how many questions it has (for the time limit)."""
    why = None
    # the grader bounds the notebook and each call itself; this only keeps a hung grader from outliving them
    deadline = 120 + 3 * (options["notebook_seconds"] + options["wall_seconds"] * (questions + 1))
    for isolate in (True, False):
        proc = subprocess.run(grade_argv(subs, tests, out, options, isolate), capture_output=True, text=True,
                              timeout=deadline)
        print(proc.stderr, end="", flush=True)        # the instructor's log (Gradescope's stdout)
        said = [line for line in proc.stderr.splitlines() if line.startswith(f"course-grade: {CANNOT_GRADE}")]
        if not (isolate and proc.returncode == 2 and said):
            break
        why = said[0][len(f"course-grade: {CANNOT_GRADE}"):]
    record = gradebook.read_record(gradebook.record_path(out, STUDENT, homework))
    if record is None:
        raise RuntimeError(f"course-grade grade exited with status {proc.returncode} and no record: "
                           f"{proc.stderr.strip()[-500:]}")
    return record, (gradebook.read_run(out) or {}).get("protections", []), why


def sandbox_text(protections, why):
    """The top-level output's line on the sandbox: the protections that were active, or that none was."""
    if why is not None:
        return (f"Sandbox: none. It could not start here ({why}), so the notebook ran without isolation, with "
                "the autograder's rights.")
    return "Sandbox: " + "; ".join(protections) if protections else "Sandbox: none (the notebook did not run)."


def grade(root):
    """The ``results.json`` of the submission in ``root/submission``, graded with the zip in ``root/source``."""
    from .grader import finish, new_record
    from .spec import load_homework
    from .submissions import SubmissionError, read_submission

    started = time.monotonic()
    source = root / "source"
    config = json.loads((source / CONFIG).read_text())
    homework_name, options = config["homework"], config["options"]
    homework = load_homework(source / "tests" / f"{homework_name}.py")
    notebook, why_not = pick(root / "submission", homework_name)
    record, protections, why = None, [], None
    if notebook is not None:
        try:
            raw = read_submission(notebook)
        except SubmissionError as exc:
            why_not = str(exc)
    if why_not is not None:
        record = finish(new_record(STUDENT, homework_name, None), homework, why_not)
    else:
        work = pathlib.Path(tempfile.mkdtemp(prefix="gradescope-run-"))
        try:
            subs = work / "submissions"
            (subs / STUDENT).mkdir(parents=True)
            (subs / STUDENT / f"{homework_name}.ipynb").write_bytes(raw)
            record, protections, why = _grade(subs, source / "tests", work / "out", options, homework_name,
                                               len(homework.questions))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    name = notebook.name if notebook is not None else None
    extra = {"homework": homework_name, "notebook": name, "protections": protections, "sandbox_unavailable": why}
    return gradescope_results.results(record, homework, name, sandbox_text(protections, why),
                                      time.monotonic() - started, extra)


def failed(exc, seconds):
    """``results.json`` when the autograder itself failed: 0 points, and a message for the student."""
    return {"score": 0.0, "execution_time": max(0, int(round(seconds))), "visibility": "visible",
            "stdout_visibility": "hidden", "extra_data": {"error": f"{type(exc).__name__}: {str(exc)[:500]}"},
            "output": "The autograder failed before it could grade this submission; your instructor has its log.",
            "tests": []}


def main(argv=None):
    """Write ``ROOT/results/results.json``; exit status 0 once it is written."""
    argv = sys.argv[1:] if argv is None else argv
    root = pathlib.Path(argv[0] if argv else os.environ.get("AUTOGRADER_ROOT", "/autograder"))
    started = time.monotonic()
    try:
        found = grade(root)
    except Exception as exc:  # noqa: BLE001 - Gradescope must get a results.json whatever failed
        print(f"gradescope_run: the autograder failed: {type(exc).__name__}: {exc}", flush=True)
        found = failed(exc, time.monotonic() - started)
    gradescope_results.write(root / "results" / "results.json", found)
    print(f"results.json: score {found['score']}; " + found["output"].replace("\n", "\n  "), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
