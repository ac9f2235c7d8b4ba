"""``course-grade``: grade a folder of submissions into a gradebook, in parallel, resumably.

Usage::

    course-grade grade SUBMISSIONS --tests TESTS --out GRADEBOOK [--workers N] [--shard I/N]
    course-grade merge --out GRADEBOOK SHARD_OUT [SHARD_OUT ...]

``SUBMISSIONS/<student>/<homework>.ipynb`` are the students' exercise
notebooks; ``TESTS/<homework>.py`` the instructor's test modules (see
:mod:`course_utils.grading.spec`).  Each submission runs in a bubblewrap
sandbox (see :mod:`course_utils.grading.walls`).  Submissions already graded
with the same notebook and tests are skipped, so rerunning after an
interruption resumes.  ``--shard I/N`` grades only every N-th submission
(I = 1..N) so a large class can be split across machines; ``merge``
combines the shards' gradebooks.  Exit status: 0 when every submission has
its record, 2 when grading cannot start (nothing to grade, no sandbox), 1
when some submissions could not be graded because a sandbox failed to start.
"""

import argparse
import concurrent.futures as cf
import multiprocessing
import os
import pathlib
import sys

from . import gradebook

_worker = {}


def _init_worker(walls, tests_dir):
    from .spec import load_homework

    _worker.update(walls=walls, tests_dir=tests_dir, load=load_homework, homeworks={})


def _homework(name):
    if name not in _worker["homeworks"]:
        tests = pathlib.Path(_worker["tests_dir"]) / f"{name}.py"
        _worker["homeworks"][name] = _worker["load"](tests) if tests.is_file() else None
    return _worker["homeworks"][name]


def _grade(task):
    """Grade one submission in a worker; ``(submission, None)`` or ``(submission, why it could not be graded)``."""
    from .grader import grade_submission
    from .sandbox import SandboxStartError

    submission, out_dir, tests_hash = task
    try:
        record = grade_submission(_worker["walls"], submission, _homework(submission.homework), tests_hash)
    except SandboxStartError as exc:
        return submission, str(exc)     # no record: a rerun grades it again
    gradebook.write_record(out_dir, record)
    return submission, None


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


def _prepare(args):
    """Walls with every homework's stand-in, after a sandbox showed it has every protection (or an error)."""
    from .sandbox import Policy, Sandbox, SandboxStartError
    from .protections import active, missing
    from .spec import load_homework
    from .walls import IsolationUnavailable, Walls, explain_start_failure

    policy = Policy(wall_seconds=args.wall_seconds, notebook_seconds=args.notebook_seconds,
                    memory_bytes=args.memory_mb << 20)
    walls = Walls(policy, isolate=not args.no_isolation, packages=tuple(args.allow_package),
                  sandbox_uid=args.sandbox_uid)
    try:
        for tests in sorted(pathlib.Path(args.tests).glob("*.py")):
            if not tests.name.startswith("_"):
                walls.add_homework(load_homework(tests))
        try:
            probe = Sandbox(walls, None)
        except SandboxStartError as exc:
            raise IsolationUnavailable(explain_start_failure(str(exc))) from None
        probe.close()
        protections = active(walls, probe.inside)
        lacking = missing(walls, probe.inside)
        if lacking:
            raise IsolationUnavailable("the sandbox lacks " + ", ".join(lacking) + " (it has: "
                                       + "; ".join(protections) + ")")
    except BaseException:
        walls.close()
        raise
    return walls, protections


def grade(args):
    from .spec import tests_fingerprint
    from .submissions import NoSubmissions, find_submissions, notebook_hash
    from .walls import IsolationUnavailable

    if not pathlib.Path(args.tests).is_dir():
        return _fail(f"--tests {args.tests} is not a folder of <homework>.py test modules")
    try:
        submissions = find_submissions(args.submissions)
    except NoSubmissions as exc:
        return _fail(str(exc))
    out_dir = pathlib.Path(args.out).absolute()
    if out_dir.is_symlink():
        return _fail(f"--out {out_dir} is a symbolic link; give a real folder")
    out_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    index, count = args.shard
    submissions = [s for i, s in enumerate(submissions) if i % count == index - 1]
    fingerprints, todo = {}, []
    for sub in submissions:
        tests = pathlib.Path(args.tests) / f"{sub.homework}.py"
        if sub.homework not in fingerprints:
            fingerprints[sub.homework] = tests_fingerprint(tests) if tests.is_file() else "no tests"
        current = notebook_hash(sub.path) if not sub.problem else f"unreadable: {sub.problem}"
        if gradebook.is_current(out_dir, sub.student, sub.homework, current, fingerprints[sub.homework]):
            continue
        todo.append((sub, str(out_dir), fingerprints[sub.homework]))
    print(f"{len(submissions)} submissions in this shard, {len(submissions) - len(todo)} already graded, "
          f"{len(todo)} to grade", file=sys.stderr)
    failures = []
    if todo:
        try:
            walls, protections = _prepare(args)
        except IsolationUnavailable as exc:
            return _fail(f"cannot grade: {exc}")
        print("sandbox: " + "; ".join(protections), file=sys.stderr)
        try:
            context = multiprocessing.get_context("spawn")
            with cf.ProcessPoolExecutor(max_workers=min(args.workers, len(todo)), mp_context=context,
                                        initializer=_init_worker,
                                        initargs=(walls, str(pathlib.Path(args.tests).resolve()))) as pool:
                for done, future in enumerate(cf.as_completed([pool.submit(_grade, t) for t in todo]), 1):
                    submission, problem = future.result()
                    if problem:
                        failures.append(f"{submission.student}/{submission.homework}: {problem}")
                    _progress(done, len(todo))
        finally:
            walls.close()
    gradebook.write_csv(out_dir)
    print(f"gradebook written to {out_dir / 'gradebook.csv'}", file=sys.stderr)
    if failures:
        print(f"course-grade: {len(failures)} submissions could not be graded (rerun to retry them):\n  "
              + "\n  ".join(failures[:20]), file=sys.stderr)
        return 1
    return 0


def _shard(text):
    try:
        index, count = (int(p) for p in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"--shard must look like I/N, e.g. 2/4; got {text!r}") from None
    if not 1 <= index <= count:
        raise argparse.ArgumentTypeError(f"--shard I/N needs 1 <= I <= N; got {text!r}")
    return index, count


def main(argv=None):
    from .allowlist import DEFAULT_PACKAGES
    from .walls import SANDBOX_UID

    parser = argparse.ArgumentParser(prog="course-grade", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("grade", help="grade a folder of submissions")
    g.add_argument("submissions", help="folder of <student>/<homework>.ipynb")
    g.add_argument("--tests", required=True, help="folder of <homework>.py test modules (instructor only)")
    g.add_argument("--out", required=True, help="gradebook folder (created; records/ and gradebook.csv)")
    g.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="parallel workers (default: cores)")
    g.add_argument("--shard", type=_shard, default=(1, 1), help="grade only shard I of N (default 1/1)")
    g.add_argument("--wall-seconds", type=float, default=20.0, help="time limit per question (default 20)")
    g.add_argument("--notebook-seconds", type=float, default=60.0,
                   help="time limit for running the notebook top to bottom (default 60)")
    g.add_argument("--memory-mb", type=int, default=1024, help="memory limit per submission (default 1024)")
    g.add_argument("--allow-package", action="append", default=list(DEFAULT_PACKAGES), metavar="NAME",
                   help="a distribution notebooks may import, with what it requires (default: "
                        + ", ".join(DEFAULT_PACKAGES) + ")")
    g.add_argument("--sandbox-uid", type=int, default=SANDBOX_UID,
                   help=f"as root: the uid sandboxes run as, used by no account (default {SANDBOX_UID})")
    g.add_argument("--no-isolation", action="store_true",
                   help="grade WITHOUT a sandbox (trusted notebooks only); said in every record")
    m = sub.add_parser("merge", help="combine shard gradebooks")
    m.add_argument("--out", required=True)
    m.add_argument("shards", nargs="+")
    args = parser.parse_args(argv)
    if args.command == "merge":
        n = gradebook.merge(args.shards, args.out)
        print(f"merged {n} records into {pathlib.Path(args.out) / 'gradebook.csv'}", file=sys.stderr)
        return 0
    if args.workers < 1:
        parser.error("--workers must be >= 1")
    return grade(args)


if __name__ == "__main__":
    sys.exit(main())
