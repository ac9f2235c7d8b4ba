"""``course-grade``: grade a folder of submissions into a gradebook, in parallel, resumably.

Usage::

    course-grade grade SUBMISSIONS --tests TESTS --out GRADEBOOK [--workers N] [--shard I/N]
    course-grade merge --out GRADEBOOK SHARD_OUT [SHARD_OUT ...]

``SUBMISSIONS/<student>/<homework>.ipynb`` are the students' exercise
notebooks; ``TESTS/<homework>.py`` the instructor's test modules (see
:mod:`course_utils.grading.spec`).  Submissions already graded with the same
notebook and tests are skipped, so rerunning after an interruption resumes.
``--shard I/N`` grades only every N-th submission (I = 1..N) so a large class
can be split across machines; ``merge`` combines the shards' gradebooks.
"""

import argparse
import concurrent.futures as cf
import fcntl
import multiprocessing
import os
import pathlib
import sys

from . import gradebook

_worker = {}


def find_submissions(root):
    """Sorted ``(student, homework, path)`` for every ``root/<student>/<homework>.ipynb``."""
    found = []
    for student_dir in sorted(p for p in pathlib.Path(root).iterdir() if p.is_dir() and not p.is_symlink()):
        for path in sorted(student_dir.glob("*.ipynb")):
            found.append((student_dir.name, path.stem, path))
    return found


def _take_slot():
    """A machine-wide unique worker slot (its sandbox uid), held by a lock for the worker's life."""
    lock_dir = pathlib.Path("/tmp/course-grade-slots")
    lock_dir.mkdir(mode=0o700, exist_ok=True)
    for slot in range(256):
        fh = open(lock_dir / f"{slot}.lock", "w")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return slot, fh
        except BlockingIOError:
            fh.close()
    raise RuntimeError("no free grader slot")


def _init_worker(tests_dir, hide, policy):
    from . import _linux
    from .sandbox import Zygote
    from .spec import load_homework

    try:
        _linux.prctl(_linux.PR_SET_PDEATHSIG, 9)  # die with the grader
    except OSError:
        pass
    slot, lock = _take_slot()
    # the zygote starts before any hidden test is read: its children cannot inherit them
    _worker.update(zygote=Zygote(slot, hide=hide, policy=policy), lock=lock, tests_dir=tests_dir,
                   load=load_homework, homeworks={})


def _grade(task):
    from .grader import grade_submission, new_record

    student, homework, path, out_dir, tests_hash = task
    tests = pathlib.Path(_worker["tests_dir"]) / f"{homework}.py"
    if tests_hash is None:
        record = new_record(student, homework, None, error=f"no tests for homework {homework!r} ({tests.name} missing)")
    else:
        if homework not in _worker["homeworks"]:
            _worker["homeworks"][homework] = _worker["load"](tests)
        record = grade_submission(_worker["zygote"], path, _worker["homeworks"][homework], student, homework,
                                  tests_hash)
    gradebook.write_record(out_dir, record)
    return student, homework, record["score"], record["max_score"]


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


def grade(args):
    from .grader import notebook_hash
    from .sandbox import Policy
    from .spec import tests_fingerprint

    out_dir = pathlib.Path(args.out).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(out_dir, 0o700)
    submissions = find_submissions(args.submissions)
    index, count = args.shard
    submissions = [s for i, s in enumerate(submissions) if i % count == index - 1]
    fingerprints = {}
    todo = []
    for student, homework, path in submissions:
        tests = pathlib.Path(args.tests) / f"{homework}.py"
        if homework not in fingerprints:
            fingerprints[homework] = tests_fingerprint(tests) if tests.exists() else None
        nb_hash = notebook_hash(path)
        if fingerprints[homework] and gradebook.is_current(out_dir, student, homework,
                                                                       nb_hash, fingerprints[homework]):
            continue
        # absolute, not resolved: a symlinked submission stays a symlink, and is refused
        todo.append((student, homework, str(path.absolute()), str(out_dir), fingerprints[homework]))
    skipped = len(submissions) - len(todo)
    print(f"{len(submissions)} submissions in this shard, {skipped} already graded, {len(todo)} to grade",
          file=sys.stderr)
    policy = Policy(wall_seconds=args.wall_seconds, cpu_seconds=int(args.wall_seconds),
                    memory_bytes=args.memory_mb << 20)
    hide = [str(pathlib.Path(p).resolve()) for p in (args.submissions, args.tests, out_dir, *args.hide)]
    done = 0
    if todo:
        context = multiprocessing.get_context("spawn")
        with cf.ProcessPoolExecutor(max_workers=min(args.workers, len(todo)), mp_context=context,
                                    initializer=_init_worker,
                                    initargs=(str(pathlib.Path(args.tests).resolve()), hide, policy)) as pool:
            for _ in cf.as_completed([pool.submit(_grade, task) for task in todo]):
                done += 1
                _progress(done, len(todo))
    gradebook.write_csv(out_dir)
    print(f"gradebook written to {out_dir / 'gradebook.csv'}", file=sys.stderr)
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
    parser = argparse.ArgumentParser(prog="course-grade", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("grade", help="grade a folder of submissions")
    g.add_argument("submissions", help="folder of <student>/<homework>.ipynb")
    g.add_argument("--tests", required=True, help="folder of <homework>.py test modules (instructor only)")
    g.add_argument("--out", required=True, help="gradebook folder (created; records/ and gradebook.csv)")
    g.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="parallel workers (default: cores)")
    g.add_argument("--shard", type=_shard, default=(1, 1), help="grade only shard I of N (default 1/1)")
    g.add_argument("--wall-seconds", type=float, default=20.0, help="time limit per question (default 20)")
    g.add_argument("--memory-mb", type=int, default=1024, help="memory limit per question (default 1024)")
    g.add_argument("--hide", action="append", default=[], help="another folder sandboxes must not see")
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
