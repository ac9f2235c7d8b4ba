"""Throughput of the autograder: 40 submissions of the 5-question homework 2 on 2 workers.

Run:  python bench/bench_grader.py [--submissions 40] [--workers 2]

Builds a class of submissions from solutions/hw2_gradients.ipynb (a quarter
unattempted, copies of the exercise) with a unique comment each, so no two
notebooks are identical, grades them from scratch with ``course-grade`` in a
temporary folder and prints submissions per minute.  Target: >= 200.
"""

import argparse
import json
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent


def make_class(folder, n):
    solved = json.loads((ROOT / "solutions" / "hw2_gradients.ipynb").read_text())
    blank = json.loads((ROOT / "exercises" / "hw2_gradients.ipynb").read_text())
    for i in range(n):
        nb = json.loads(json.dumps(blank if i % 4 == 3 else solved))
        nb["cells"][1]["source"] = f"# student {i:03d}\n" + "".join(nb["cells"][1]["source"])
        student = folder / f"student{i:03d}"
        student.mkdir(parents=True)
        (student / "hw2_gradients.ipynb").write_text(json.dumps(nb))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        make_class(tmp / "submissions", args.submissions)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "course_utils.grading.cli", "grade", str(tmp / "submissions"),
                        "--tests", str(ROOT / "grading"), "--out", str(tmp / "out"),
                        "--workers", str(args.workers)], check=True, stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - start
        rows = (tmp / "out" / "gradebook.csv").read_text().splitlines()[1:]
    rate = 60 * args.submissions / seconds
    print(f"{args.submissions} submissions x 5 questions, {args.workers} workers: {seconds:.1f} s, "
          f"{rate:.0f} submissions per minute (target >= 200); {len(rows)} gradebook rows")
    return 0 if rate >= 200 and len(rows) == args.submissions else 1


if __name__ == "__main__":
    raise SystemExit(main())
