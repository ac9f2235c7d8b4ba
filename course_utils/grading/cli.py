"""``course-grade``: grade a class into a gradebook, grade the written answers, export for an LMS.

Usage::

    course-grade grade SUBMISSIONS --tests TESTS --out GRADEBOOK [--roster R] [--workers N] [--shard I/N|auto]
    course-grade manual GRADEBOOK [--roster R]     # merge the written answers' points entered by TAs
    course-grade manual GRADEBOOK --serve          # grade them in the browser first (Ctrl+C stops, then merges)
    course-grade export GRADEBOOK [--roster R]     # rewrite the CSVs, LMS files and feedback pages
    course-grade merge --out GRADEBOOK SHARD_OUT [SHARD_OUT ...] [--roster R]   # every shard 1..N of one run
    course-grade gradescope HOMEWORK --tests TESTS --out autograder.zip   # Gradescope's autograder zip

Every command also takes ``--assignments A`` and ``--missing zero|blank``; the
gradebook folder keeps the roster, A and the rule for the next commands (see
:mod:`course_utils.grading.keep`).

``SUBMISSIONS/<student>/<homework>.ipynb`` (or nbgrader's
``submitted/<student>/<assignment>/<homework>.ipynb``) are the students'
notebooks; ``TESTS/<homework>.py`` the instructor's grading modules (see
:mod:`course_utils.grading.spec`).  Each notebook runs in a bubblewrap
sandbox (see :mod:`course_utils.grading.walls`).  Submissions already graded
with the same notebook and tests are skipped, so rerunning resumes.  Exit
status: 0 when every submission has its record, 2 when grading cannot start
(nothing to grade, no sandbox, a broken grading module or roster, a
module's points disagreeing with the notebooks' nbgrader metadata), 1 when
some submissions could not be graded because a sandbox failed to start, 3
when every submission has its record but some notebooks' names match no
homework (a warning names each).
"""

import argparse
import concurrent.futures as cf
import datetime
import multiprocessing
import os
import pathlib
import sys
import threading

from . import gradebook, late, points, shards

_worker = {}
CANNOT_GRADE = "cannot grade: "      # the sandbox cannot start here (run_autograder then grades without it)


def _init_worker(walls, tests_dir, names):
    from .spec import load_homework

    _worker.update(walls=walls, tests_dir=tests_dir, load=load_homework, homeworks={}, names=frozenset(names))


def _peak_mb():
    """This process's peak resident memory so far, in MB (Linux reports ru_maxrss in KiB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss >> 10


def _grade(task):
    """Grade one submission in a worker: ``(submission, None or why it could not be graded, peak MB so far)``."""
    from .grader import finish, grade_submission, new_record
    from .sandbox import SandboxStartError

    submission, out_dir, tests_hash = task
    problem = None
    try:
        if submission.homework not in _worker["homeworks"]:     # only the homeworks found at start: a notebook
            tests = pathlib.Path(_worker["tests_dir"]) / f"{submission.homework}.py"  # named _helper never loads
            known = submission.homework in _worker["names"] and tests.is_file()      # _helper.py
            _worker["homeworks"][submission.homework] = _worker["load"](tests) if known else None
        record = grade_submission(_worker["walls"], submission, _worker["homeworks"][submission.homework], tests_hash)
    except SandboxStartError as exc:
        return submission, str(exc), _peak_mb()     # no record: a rerun grades it again
    except Exception as exc:  # noqa: BLE001 - one submission never stops the class: it gets a row saying why
        problem = f"the grader failed on this submission ({type(exc).__name__}: {str(exc)[:200]}); please report it"
        record = finish(new_record(submission.student, submission.homework, tests_hash),
                        _worker["homeworks"].get(submission.homework), problem)
    gradebook.write_record(out_dir, record)
    return submission, problem, _peak_mb()


def _progress(done, total, stream=sys.stderr):
    """A bar redrawn in place on a terminal; a line every 10 % in a log file."""
    width = 30
    filled = int(width * done / total) if total else width
    bar = f"grading [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
    if stream.isatty():
        stream.write(f"\r{bar}" + ("\n" if done == total else ""))
    elif done == total or done % max(1, total // 10) == 0:
        stream.write(bar + "\n")
    stream.flush()


def _fail(message):
    print(f"course-grade: {message}", file=sys.stderr)
    return 2


def _prepare(args, homeworks):
    """Walls with every homework's stand-in, after a sandbox showed it has every protection (or an error)."""
    from .protections import active, missing
    from .sandbox import Policy, Sandbox, SandboxStartError
    from .walls import IsolationUnavailable, Walls, explain_start_failure

    policy = Policy(wall_seconds=args.wall_seconds, notebook_seconds=args.notebook_seconds,
                    memory_bytes=args.memory_mb << 20)
    walls = Walls(policy, isolate=not args.no_isolation, packages=tuple(args.allow_package),
                  sandbox_uid=args.sandbox_uid)
    try:
        for homework in homeworks.values():
            walls.add_homework(homework)
        try:
            probe = Sandbox(walls, None)
        except SandboxStartError as exc:
            raise IsolationUnavailable(explain_start_failure(str(exc))) from None
        probe.close()
        protections, lacking = active(walls, probe.inside), missing(walls, probe.inside)
        if lacking:
            raise IsolationUnavailable(f"the sandbox lacks {', '.join(lacking)} (it has: {'; '.join(protections)})")
    except BaseException:
        walls.close()
        raise
    return walls, protections


def _start_method():
    """``fork`` from a single-threaded process (the command line): the workers start with the grader already
    imported, about 0.4 CPU-seconds less each; ``spawn`` from a threaded one (``main`` called inside a kernel
    or a test runner), where forking is unsafe."""
    return "fork" if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods() else "spawn"


def _run_pool(args, walls, todo, names):
    """Grade ``todo`` in worker processes: ``(failures, the largest peak memory of a worker in MB)``."""
    failures, peak = [], 0
    context = multiprocessing.get_context(_start_method())
    with cf.ProcessPoolExecutor(max_workers=min(args.workers, len(todo)), mp_context=context,
                                initializer=_init_worker,
                                initargs=(walls, str(pathlib.Path(args.tests).resolve()), names)) as pool:
        for done, future in enumerate(cf.as_completed([pool.submit(_grade, t) for t in todo]), 1):
            submission, problem, worker_peak = future.result()
            peak = max(peak, worker_peak)
            if problem:
                failures.append(f"{submission.student}/{submission.homework}: {problem}")
            _progress(done, len(todo))
    return failures, peak


def grade(args):
    from . import memlimit
    from .spec import load_homework, tests_fingerprint
    from .submissions import NoSubmissions, find_submissions, notebook_hash
    from .walls import IsolationUnavailable

    started = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    tests_dir = pathlib.Path(args.tests)
    if not tests_dir.is_dir():
        return _fail(f"--tests {args.tests} is not a folder of <homework>.py grading modules")
    try:
        homeworks = {p.stem: load_homework(p) for p in sorted(tests_dir.glob("*.py")) if not p.name.startswith("_")}
        submissions = find_submissions(args.submissions, homeworks)
        lms = _lms(args)
    except (NoSubmissions, ValueError, SyntaxError, ImportError, OSError) as exc:
        return _fail(str(exc))
    disagree = points.mismatches(homeworks, submissions)
    if disagree:
        return _fail("the grading modules' points disagree with the notebooks (fix the module or the "
                     "notebook):\n  " + "\n  ".join(disagree))
    out_dir = pathlib.Path(args.out).absolute()
    if out_dir.is_symlink():
        return _fail(f"--out {out_dir} is a symbolic link; give a real folder")
    out_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        _course_key(args, out_dir)
    except (ValueError, OSError) as exc:
        return _fail(str(exc))
    index, count = args.shard
    submissions = [s for i, s in enumerate(submissions) if i % count == index - 1]
    unmatched = [s for s in submissions if s.problem is None and s.homework not in homeworks]
    fingerprints = {name: tests_fingerprint(tests_dir / f"{name}.py", hw) for name, hw in homeworks.items()}
    todo = []
    for sub in submissions:
        current = notebook_hash(sub.path) if not sub.problem else f"unreadable: {sub.problem}"
        tests_hash = fingerprints.get(sub.homework, "no tests")
        if not gradebook.is_current(out_dir, sub.student, sub.homework, current, tests_hash):
            todo.append((sub, str(out_dir), tests_hash))
    print(f"{len(submissions)} submissions in this shard, {len(submissions) - len(todo)} already graded, "
          f"{len(todo)} to grade", file=sys.stderr)
    failures, protections, peak, memory = [], [], None, None
    if todo:
        try:
            walls, protections = _prepare(args, homeworks)
        except IsolationUnavailable as exc:
            return _fail(f"{CANNOT_GRADE}{exc}")
        print("sandbox: " + "; ".join(protections), file=sys.stderr)
        memory, warning = memlimit.summary(walls), memlimit.warning(walls)
        if warning:
            print(f"course-grade: warning: {warning}", file=sys.stderr)
        try:
            failures, peak = _run_pool(args, walls, todo, sorted(homeworks))
        finally:
            walls.close()
    late.stamp(out_dir, submissions, getattr(args, "late", None))
    try:
        records = _export(out_dir, lms)
    except ValueError as exc:
        return _fail(str(exc))
    options = {k: getattr(args, k) for k in ("wall_seconds", "notebook_seconds", "memory_mb", "workers", "shard")}
    options["late_policy"] = getattr(args, "late", None)
    gradebook.write_run(out_dir, gradebook.run_info(
        options, homeworks, fingerprints, protections or gradebook.protections(records), started,
        isolation=not args.no_isolation, memory=memory, submissions=len(submissions),
        graded=len(todo) - len(failures), worker_peak_mb=peak))
    status = _warn_unmatched(unmatched, tests_dir, homeworks)
    if failures:
        print(f"course-grade: {len(failures)} submissions could not be graded (rerun to retry them):\n  "
              + "\n  ".join(failures[:20]), file=sys.stderr)
        return 1
    return status


def _warn_unmatched(unmatched, tests_dir, homeworks):
    """Exit status 3 and a warning naming each notebook whose name matches no homework (its row says so)."""
    for sub in unmatched:
        print(f"course-grade: warning: {sub.path}: its name matches no homework of {tests_dir} (expected one of: "
              f"{', '.join(sorted(homeworks)) or 'none'}); its row has no score: rename it, or add "
              f"{sub.homework}.py", file=sys.stderr)
    return 3 if unmatched else 0


def _lms(args):
    """The roster, assignments file and ``--missing`` rule given on the command line (None: not given)."""
    from .keep import read_assignments, read_roster

    return {"roster": read_roster(args.roster) if args.roster else None,
            "assignments": read_assignments(args.assignments) if args.assignments else None,
            "missing": args.missing}


def _export(out_dir, lms, shards=()):
    from .exports import moodle_problem, write_exports
    from .keep import save, settle

    lms = settle(out_dir, **lms, shards=shards)
    records = write_exports(out_dir, **lms)
    save(out_dir, **lms)
    problem = moodle_problem(records, lms["roster"])
    if problem:
        print(f"course-grade: WARNING: {problem}", file=sys.stderr)
    pending = sum(r.get("written_pending", 0) for r in records)
    print(f"gradebook written to {out_dir / 'gradebook.csv'} (and students.csv, canvas.csv, "
          f"{'' if problem else 'moodle.csv, '}feedback/)"
          f"{f'; {pending} written answers to grade in ' + str(out_dir / 'manual') if pending else ''}",
          file=sys.stderr)
    return records


def _course_key(args, out_dir):
    """Install ``--course-key`` (see :mod:`.manual_keys`) as the gradebook's key for the anonymous codes."""
    if getattr(args, "course_key", None):
        from .manual_keys import use_course_key

        use_course_key(out_dir, args.course_key)


def _existing(path):
    out_dir = pathlib.Path(path).absolute()
    if not (out_dir / "records").is_dir():
        raise ValueError(f"{out_dir} is not a gradebook folder (it has no records/): run course-grade grade first")
    return out_dir


def _option(parse):
    """An argparse type from a parser raising ValueError: argparse then exits 2 with the parser's own message."""
    def check(text):
        try:
            return parse(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
    return check


def _limits(parser):
    """The options a submission is graded with: time and memory limits, the packages notebooks may import."""
    from .allowlist import DEFAULT_PACKAGES

    parser.add_argument("--wall-seconds", type=float, default=20.0, help="time limit per question (default 20)")
    parser.add_argument("--notebook-seconds", type=float, default=60.0,
                        help="time limit for running the notebook top to bottom (default 60)")
    parser.add_argument("--memory-mb", type=int, default=1024, help="memory limit per submission (default 1024)")
    parser.add_argument("--allow-package", action="append", default=None, metavar="NAME",
                        help="another distribution notebooks may import, with what it requires (always allowed: "
                             + ", ".join(DEFAULT_PACKAGES) + ")")


def main(argv=None):
    from .allowlist import DEFAULT_PACKAGES
    from .keep import MISSING
    from .walls import SANDBOX_UID

    parser = argparse.ArgumentParser(prog="course-grade", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("grade", help="grade a folder of submissions")
    g.add_argument("submissions", help="folder of <student>/<homework>.ipynb (or nbgrader's submitted/)")
    g.add_argument("--tests", required=True, help="folder of <homework>.py grading modules (instructor only)")
    g.add_argument("--out", required=True, help="gradebook folder (created)")
    g.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="parallel workers (default: cores)")
    g.add_argument("--shard", type=lambda text: shards.parse(text, os.environ), default=(1, 1),
                   help="grade only shard I of N (I/N), or auto under a Kubernetes Indexed Job or a Slurm array")
    _limits(g)
    g.add_argument("--sandbox-uid", type=int, default=SANDBOX_UID,
                   help=f"as root: the uid sandboxes run as, used by no account (default {SANDBOX_UID})")
    g.add_argument("--no-isolation", action="store_true",
                   help="grade WITHOUT a sandbox (trusted notebooks only); said in every record")
    g.add_argument("--due", type=_option(late.parse_time), metavar="DATETIME",
                   help="due date and time, ISO 8601 (UTC unless a zone is given): lateness is recorded")
    g.add_argument("--late-penalty", type=_option(late.parse_penalty), metavar="PERCENT_PER_DAY",
                   help="with --due: percent of the score deducted per day late (each day begun counts)")
    g.add_argument("--late-cutoff", type=_option(late.parse_cutoff), metavar="DATETIME|DAYS",
                   help="with --due: 0 points for a submission after this time (or this many days after --due)")
    m = sub.add_parser("merge", help="combine shard gradebooks")
    m.add_argument("--out", required=True)
    m.add_argument("shards", nargs="+")
    for name, text in (("manual", "merge the points TAs entered in GRADEBOOK/manual/ for the written answers"),
                       ("export", "rewrite the CSVs, the LMS files and the feedback pages from the records")):
        sub.add_parser(name, help=text).add_argument("gradebook")
    serve = sub.choices["manual"]
    serve.add_argument("--serve", action="store_true", help="grade the written answers in the browser: a local app "
                       "on 127.0.0.1 saving into the same sheets (its URL, with a token, is printed once)")
    serve.add_argument("--port", type=int, default=0, help="with --serve: the port (default: a free one)")
    serve.add_argument("--regrades", metavar="CSV", help="regrade requests to reopen first: student, homework, "
                       "question, reason")
    for command in sub.choices.values():
        command.add_argument("--roster", help="CSV: folder, first_name, last_name, email, student_id, ... (kept)")
        command.add_argument("--assignments", help="CSV: homework, canvas_id, moodle_name (kept)")
        command.add_argument("--missing", choices=MISSING,
                             help="an unsubmitted homework in every file: blank (no grade) or zero (kept; "
                                  "default blank)")
        command.add_argument("--course-key", metavar="FILE", help="the key of the written answers' anonymous "
                             "codes, kept outside the gradebook so they survive a new --out (created if missing)")
    s = sub.add_parser("gradescope", help="build the zip of a Gradescope programming assignment's autograder")
    s.add_argument("homework", help="the homework it grades: TESTS/<homework>.py, and notebooks <homework>.ipynb")
    s.add_argument("--tests", required=True, help="folder of <homework>.py grading modules (instructor only)")
    s.add_argument("--out", required=True, help="the zip to write (autograder.zip)")
    _limits(s)
    args = parser.parse_args(argv)
    if args.command in ("grade", "gradescope"):
        if args.memory_mb < 1:
            parser.error(f"--memory-mb must be at least 1 (MB); got {args.memory_mb}")
        args.extra_packages = args.allow_package or []
        args.allow_package = [*DEFAULT_PACKAGES, *args.extra_packages]
    if args.command == "gradescope":
        from .gradescope import command

        return command(args)
    if args.command == "grade":
        if args.workers < 1:
            parser.error("--workers must be >= 1")
        try:
            args.late = late.policy(args.due, args.late_penalty, args.late_cutoff)
        except ValueError as exc:
            parser.error(str(exc))
        return grade(args)
    try:
        lms = _lms(args)
        if args.command == "merge":
            n = gradebook.merge(args.shards, args.out)
            print(f"merged {n} records", file=sys.stderr)
            _course_key(args, pathlib.Path(args.out).absolute())
            _export(pathlib.Path(args.out).absolute(), lms, args.shards)
        elif args.command == "manual":
            from . import manual

            out_dir = _existing(args.gradebook)
            _course_key(args, out_dir)
            if args.regrades:
                from .app_regrades import reopen_requests

                print(f"{reopen_requests(out_dir, args.regrades)} answers reopened for a regrade", file=sys.stderr)
            if args.serve:
                from .app import serve

                _export(out_dir, lms)           # the sheets, up to date, before the app writes into them
                serve(out_dir, args.port, announce=lambda text: print(text, file=sys.stderr, flush=True))
            graded, pending = manual.merge(out_dir)
            print(f"{graded} written answers graded, {pending} still to grade", file=sys.stderr)
            _export(out_dir, lms)
        else:
            _course_key(args, _existing(args.gradebook))
            _export(_existing(args.gradebook), lms)
    except (ValueError, OSError) as exc:
        return _fail(str(exc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
