"""Measure how well the homework checks diagnose wrong student attempts they were not tuned on.

Run:  python bench/bench_diagnoses.py [attempts|heldout|fresh|blind4|blind5|blind6|blind7]

Runs every attempt of one set through its check and prints one line per
attempt: its name, the verdict and the start of the check's message.  The sets,
in the order they were written:

* ``attempts`` (default, ``bench/diagnoses/attempts.py``): the first round, the
  set the diagnoses were developed on;
* ``heldout`` (``bench/diagnoses/heldout.py``): the second round, held out from
  the first tuning, measured once, then read and used for the second tuning;
* ``fresh`` (``bench/diagnoses/fresh.py``): the third round, written blind after
  the second tuning, measured once, then read and used for the third tuning;
* ``blind4`` to ``blind7`` (``bench/diagnoses/blind4.py`` ...): the
  fourth to seventh rounds, each written blind (by someone who read no diagnosis
  and ran no check) after the tuning on the set before, measured once, then read
  and used for the next tuning.  The measure of a round is its blind one; the
  README's table keeps every round's.

Verdicts:

* accepted: the check passed a wrong attempt (target: none);
* named: the check raised ``Incorrect`` (or ``NotAttempted``) with a message
  matching the attempt's mistake regex (target: at least 80 %);
* unnamed: it raised with a message that does not name the mistake;
* error: the check itself crashed with another exception.

A benchmark, not a test: the exit status is 0 whatever the results.
"""

import contextlib
import io
import re
import sys
import time
import warnings
from pathlib import Path

import importlib

import course_utils.checks as checks

sys.path.insert(0, str(Path(__file__).resolve().parent / "diagnoses"))
SETS = ("attempts", "heldout", "fresh", "blind4", "blind5", "blind6", "blind7")

WIDTH = 160


def run_attempt(check_name, fn, mistake):
    """Return (verdict, message) for one attempt."""
    check = getattr(checks, check_name)
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            check(fn)
        except (checks.Incorrect, checks.NotAttempted) as exc:
            message = str(exc)
            verdict = "named" if re.search(mistake, message, re.IGNORECASE) else "unnamed"
            return verdict, message
        except Exception as exc:  # noqa: BLE001 - a crashing check is a result here
            return "error", f"{type(exc).__name__}: {exc}"
    return "accepted", ""


def main(argv):
    name = argv[0] if argv else "attempts"
    if name not in SETS or len(argv) > 1:
        sys.exit(f"usage: bench_diagnoses.py [{'|'.join(SETS)}]; got {' '.join(argv)}")
    attempts = importlib.import_module(name).ATTEMPTS
    counts = {"accepted": 0, "named": 0, "unnamed": 0, "error": 0}
    t0 = time.perf_counter()
    for check_name, fn, mistake in attempts:
        verdict, message = run_attempt(check_name, fn, mistake)
        counts[verdict] += 1
        one_line = " ".join(message.split())[:WIDTH]
        print(f"{fn.__name__:36s} {verdict:8s} {one_line}")
    n = len(attempts)
    percent = 100.0 * counts["named"] / n if n else 0.0
    print(f"{n} attempts: {counts['accepted']} accepted, {counts['named']} named ({percent:.0f} %), "
          f"{counts['unnamed']} unnamed, {counts['error']} error  [{time.perf_counter() - t0:.1f} s]")
    return 0


if __name__ == "__main__":
    main(sys.argv[1:])
    sys.exit(0)
