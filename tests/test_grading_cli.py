"""The autograder end to end, as the user running the tests (root in CI): a class of honest, unusual,
hostile and broken submissions of a fixture homework, resuming, sharding, two graders at once, exit codes.

The same class is graded as an ordinary user in tests/test_grading_user.py.
"""

import csv
import io
import json
import os
import pathlib
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time

import pytest

from course_utils.grading import gradebook, memlimit
from course_utils.grading.cli import main
from grading_support import (
    ATTACKS, BOTH, HOMEWORK, HONEST, MARKER, ODD_NAMES, SECRET, UNREADABLE, UNREADABLE_REASONS, Listener, build_class,
    grade_argv, honest, leftovers, record, statuses,
)

pytestmark = [pytest.mark.usefixtures("sandbox_available"),
              pytest.mark.skipif(sys.platform != "linux", reason="the sandbox needs Linux"),
              pytest.mark.timeout(180)]
SANDBOX_UID = 61000
STUDENT_TEXT = "this notebook's name matches no homework of the course; ask your instructor"
WORKER_MEMORY_MB = 300      # the README's bound on a grader worker, whatever a submission sends


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The class graded once with the package's own ``main``; ``(out, listener, private file, stderr)``."""
    tmp = tmp_path_factory.mktemp("class")
    private = tmp / "private.txt"
    private.write_text("TA-PRIVATE-" + SECRET)
    private.chmod(0o600)
    listener = Listener()
    subs, out, tests = build_class(tmp, listener.port, private)
    proc = subprocess.Popen(grade_argv(sys.executable, subs, tests, out), stderr=subprocess.PIPE, text=True)
    _, stderr = proc.communicate(timeout=170)
    listener.close()
    assert proc.returncode == 3, stderr          # 3: every row written, but some notebooks match no homework
    return out, listener, proc.pid, stderr


def test_honest_and_blank_students_get_what_jupyter_shows(graded):
    out = graded[0]
    assert statuses(out, "honest") == {"softmax": "correct", "log_likelihood": "correct"}
    assert record(out, "honest")["score"] == record(out, "honest")["max_score"] == 5.0
    assert set(statuses(out, "blank").values()) == {"not attempted"}


@pytest.mark.parametrize("student", sorted(HONEST))
def test_unusual_but_correct_notebooks_get_full_marks(graded, student):
    got = statuses(graded[0], student)
    assert got == {q: next(iter(s)) for q, s in BOTH.items()}, record(graded[0], student)


def test_cells_that_raise_are_noted_and_do_not_stop_the_notebook(graded):
    cells = record(graded[0], "a_cell_raises")["cells_with_errors"]
    assert [c["error"] for c in cells] == ["ZeroDivisionError", "NameError"]
    assert "undefined_name" in cells[1]["message"]


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_each_attack_fails_closed_and_costs_only_its_question(graded, attack):
    out = graded[0]
    got = record(out, attack)
    by_name = {q["function"]: q for q in got["questions"]}
    assert by_name["softmax"]["status"] in ATTACKS[attack][1], by_name["softmax"]
    assert by_name["softmax"]["score"] == 0.0
    assert by_name["log_likelihood"]["status"] == "correct", "an attack on one question leaked into another"
    text = json.dumps(got)
    assert SECRET not in text and "LEAKED" not in text and "root:x:0" not in text
    assert len(text) < 20000, "student-produced text must be capped"


def test_attack_specific_evidence(graded):
    out, listener = graded[0], graded[1]
    assert listener.hits == [], "a sandbox reached the network"
    assert "no function named `softmax`" in record(out, "renamed_function")["questions"][0]["diagnosis"]
    for attack in ("imports_the_reference", "wraps_the_reference"):
        assert "course_utils.softmax" in record(out, attack)["questions"][0]["diagnosis"]
    for attack in ("wraps_scipy", "imports_scipy_by_name"):
        assert "scipy.special.softmax" in record(out, attack)["questions"][0]["diagnosis"]
    for attack in ("reads_the_hidden_tests", "reads_another_submission", "reads_the_solutions", "reads_etc_passwd",
                   "reads_a_private_file"):
        assert "No such file" in record(out, attack)["questions"][0]["diagnosis"], attack
    assert record(out, "writes_a_record")["score"] == 3.0       # its own record, not the one it wrote


def test_a_notebook_that_never_ends_is_graded_up_to_where_it_stopped(graded):
    got = record(graded[0], "hangs_at_top_level")
    by_name = {q["function"]: q for q in got["questions"]}
    assert by_name["softmax"]["status"] == "correct"          # defined before the endless loop
    assert by_name["log_likelihood"]["status"] == "timeout"   # its cell never ran
    assert "stopped at cell" in by_name["log_likelihood"]["diagnosis"]


def test_nothing_is_left_running_or_lying_around(graded):
    out, _, grader_pid, _ = graded
    time.sleep(0.2)
    assert leftovers(grader_pid) == [], "a sandbox process or the grader's private folder outlived grading"
    for folder in ("/tmp", "/var/tmp", "/dev/shm"):
        assert not (pathlib.Path(folder) / MARKER).exists(), f"a sandbox wrote into the machine's {folder}"
    assert statuses(out, "leaves_files_in_shared_folders") == {"softmax": "correct", "log_likelihood": "correct"}


@pytest.mark.parametrize("student", sorted(UNREADABLE))
def test_every_broken_submission_gets_a_row_with_its_reason(graded, student):
    path = graded[0] / "records" / student
    (got,) = [json.loads(p.read_text()) for p in path.glob("*.json")]
    assert UNREADABLE_REASONS[student] in got["error"], got["error"]
    assert got["score"] == 0.0
    assert {q["status"] for q in got["questions"]} <= {"error"}


@pytest.mark.parametrize("student", sorted(ODD_NAMES))
def test_any_name_gets_its_row_and_stops_nothing(graded, student):
    """Notebooks named like the tests folder's helper module, hidden, dotted, 255 bytes long; students named
    with a newline, a formula, markup: each gets its record, and the class is graded (exit status 3 when a
    name matches no homework, with a warning naming the file; the student's page shows no instructor detail)."""
    out, stderr = graded[0], graded[3]
    folder = out / "records" / gradebook.file_name(student)
    (path,) = folder.glob("*.json")
    got = json.loads(path.read_text())
    assert got["student"] == student
    reason = ODD_NAMES[student][1]
    if reason is None:
        assert got["error"] is None and got["score"] == got["max_score"] == 5.0, got
    else:
        assert reason in got["error"] and "matches no homework of the tests folder" in got["error"], got["error"]
        notebook = out.parent / "submissions" / student / f"{got['homework']}.ipynb"
        assert f"course-grade: warning: {notebook}: its name matches no homework of " in stderr
        page = (out / "feedback" / gradebook.file_name(student) / path.name.replace(".json", ".html")).read_text()
        assert f"This notebook could not be graded: {STUDENT_TEXT}</p>" in page
        assert "py missing" not in page


def test_gradebook_lists_everyone_and_the_run_the_active_protections(graded):
    out, _, _, stderr = graded
    run = json.loads((out / "run.json").read_text())
    header = "; ".join(run["protections"])
    for protection in ("new namespaces: pid, net, ipc, mnt", "no capabilities", "seccomp filter (libseccomp",
                       "read-only allow-list",
                       "private empty /tmp, /var/tmp, /dev/shm", "network: loopback only", "rlimits"):
        assert protection in header
        assert protection in stderr
    if os.geteuid() == 0:
        assert "cgroup: memory 512 MB" in header and f"unprivileged uid {SANDBOX_UID}" in header
        assert run["memory"]["held_by"] == memlimit.CGROUP
    assert run["memory"]["limit_mb"] == 512 and "memory 512 MB" in header
    warned = "course-grade: warning: --memory-mb 512 is not held by a cgroup here" in stderr
    assert warned == (run["memory"]["held_by"] == memlimit.POLLED), stderr
    assert run["isolation"] is True and run["homework"]["fixture_hw"]["points"] == {"code": 5, "written": 0}
    table = list(csv.DictReader((out / "gradebook.csv").read_text().splitlines()))
    assert len(table) == len(ATTACKS) + len(HONEST) + len(UNREADABLE) + len(ODD_NAMES) + 3
    assert {r["student"]: r["score"] for r in table}["honest"] == "5"


def test_no_submission_swells_a_grader_worker(graded):
    """Junk frames, a 24 MB JSON head and one array named 100 times among them: each worker stays under the
    README's bound (its peak resident memory, as the kernel counts it, reported in run.json)."""
    run = json.loads((graded[0] / "run.json").read_text())
    assert 0 < run["worker_peak_mb"] <= WORKER_MEMORY_MB, run["worker_peak_mb"]


def test_rerun_skips_everything_already_graded(graded, capsys):
    out = graded[0]
    before = (out / "gradebook.csv").read_text()
    subs, tests = out.parent / "submissions", out.parent / "tests"
    assert main(["grade", str(subs), "--tests", str(tests), "--out", str(out)]) == 3     # still unmatched names
    total = len(ATTACKS) + len(HONEST) + len(UNREADABLE) + len(ODD_NAMES) + 3
    assert f"{total} already graded, 0 to grade" in capsys.readouterr().err
    assert (out / "gradebook.csv").read_text() == before


def small_class(folder, n):
    rng = random.Random(3)
    for i in range(n):
        text = honest(extra=[f"# student {i}"]) if rng.random() < 0.6 else honest(softmax="def softmax(a, axis=-1):\n"
                                                                                          "    return a\n")
        (folder / f"s{i}").mkdir(parents=True)
        (folder / f"s{i}" / f"{HOMEWORK}.ipynb").write_text(text)


@pytest.fixture
def tests_dir():
    from grading_support import FIXTURE_TESTS
    return FIXTURE_TESTS


SMALL_CLASS = 8


@pytest.fixture(scope="module")
def small_reference(tmp_path_factory):
    """``(submissions, gradebook folder)``: a small class graded once, in one run, undisturbed."""
    from grading_support import FIXTURE_TESTS

    root = tmp_path_factory.mktemp("small")
    small_class(root / "subs", SMALL_CLASS)
    subprocess.run(grade_argv(sys.executable, root / "subs", FIXTURE_TESTS, root / "reference"), check=True,
                   capture_output=True, timeout=120)
    return root / "subs", root / "reference"


def test_kill_at_random_moments_then_resume_gives_the_same_gradebook(tmp_path, tests_dir, small_reference):
    """SIGKILL the whole grader (main process, workers, sandboxes) mid-run, twice, then finish."""
    subs, reference = small_reference
    rng = random.Random(11)
    out = tmp_path / "interrupted"
    done_before_kill, killed = [], []
    for target in sorted(rng.sample(range(1, SMALL_CLASS // 2), 2)):
        proc = subprocess.Popen(grade_argv(sys.executable, subs, tests_dir, out), stderr=subprocess.DEVNULL,
                                start_new_session=True)
        killed.append(proc.pid)
        deadline = time.monotonic() + 60
        while len(gradebook.all_records(out)) < target and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(rng.uniform(0.0, 0.01))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        done_before_kill.append(len(gradebook.all_records(out)))
    assert any(0 < k < SMALL_CLASS for k in done_before_kill), done_before_kill   # really killed mid-run
    subprocess.run(grade_argv(sys.executable, subs, tests_dir, out), check=True, capture_output=True, timeout=120)
    assert (out / "gradebook.csv").read_text() == (reference / "gradebook.csv").read_text()
    assert gradebook.all_records(out) == gradebook.all_records(reference)
    time.sleep(0.3)
    assert [leftovers(pid) for pid in killed] == [[], []], "killed graders left sandboxes or private folders"


def test_two_graders_at_once_and_shards_merge_into_the_full_gradebook(tmp_path, tests_dir, small_reference):
    subs, reference = small_reference
    procs = [subprocess.Popen(grade_argv(sys.executable, subs, tests_dir, tmp_path / f"shard{i}", "--shard", f"{i}/2",
                                         "--workers", "1"), stderr=subprocess.PIPE, text=True) for i in (1, 2)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    assert [len(gradebook.all_records(tmp_path / f"shard{i}")) for i in (1, 2)] == [SMALL_CLASS // 2] * 2
    assert main(["merge", "--out", str(tmp_path / "merged"), str(tmp_path / "shard1"), str(tmp_path / "shard2")]) == 0
    assert (tmp_path / "merged" / "gradebook.csv").read_text() == (reference / "gradebook.csv").read_text()


def test_a_planted_lock_folder_in_tmp_is_never_touched(tmp_path, tests_dir):
    """An older grader opened /tmp/course-grade-slots/N.lock; a local user could plant links there."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    planted = pathlib.Path(tempfile.gettempdir()) / "course-grade-slots"
    if planted.exists() or planted.is_symlink():
        pytest.skip(f"{planted} exists on this machine")
    planted.mkdir()
    try:
        (planted / "0.lock").symlink_to(victim)
        subs = tmp_path / "subs"
        small_class(subs, n=2)
        subprocess.run(grade_argv(sys.executable, subs, tests_dir, tmp_path / "out"), check=True,
                       capture_output=True, timeout=60)
        assert victim.read_text() == "precious"
        assert sorted(os.listdir(planted)) == ["0.lock"]
    finally:
        (planted / "0.lock").unlink()
        planted.rmdir()


def run_cli(*argv):
    err = io.StringIO()
    from contextlib import redirect_stderr

    with redirect_stderr(err):
        code = main(list(argv))
    return code, err.getvalue()


def test_nothing_to_grade_fails_loudly(tmp_path, tests_dir):
    (tmp_path / "empty").mkdir()
    code, err = run_cli("grade", str(tmp_path / "empty"), "--tests", str(tests_dir), "--out", str(tmp_path / "o"))
    assert code == 2 and "no submissions found" in err and "<student>/<homework>.ipynb" in err
    assert not (tmp_path / "o" / "gradebook.csv").exists()


def test_nbgraders_submitted_folder_is_graded_as_it_is(tmp_path, tests_dir):
    nbgrader = tmp_path / "submitted"
    for student, text in (("ann", honest()), ("bob", honest(softmax="def softmax(a, axis=-1):\n    return a\n"))):
        (nbgrader / student / "hw1").mkdir(parents=True)
        (nbgrader / student / "hw1" / f"{HOMEWORK}.ipynb").write_text(text)
        (nbgrader / student / "hw1" / "timestamp.txt").write_text("2026-11-30 23:59:00.000000 UTC")
    proc = subprocess.run(grade_argv(sys.executable, nbgrader, tests_dir, tmp_path / "out"), capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert statuses(tmp_path / "out", "ann") == {"softmax": "correct", "log_likelihood": "correct"}
    assert statuses(tmp_path / "out", "bob")["softmax"] == "incorrect"


def test_without_bubblewrap_it_refuses_and_says_what_to_install(tmp_path, tests_dir):
    subs = tmp_path / "subs"
    small_class(subs, n=1)
    env = dict(os.environ, PATH=str(tmp_path / "no-bin"))
    proc = subprocess.run(grade_argv(sys.executable, subs, tests_dir, tmp_path / "out"), env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "bubblewrap (bwrap) is not on PATH" in proc.stderr and "apt-get install bubblewrap" in proc.stderr
    assert not (tmp_path / "out" / "gradebook.csv").exists()


def test_no_isolation_is_explicit_and_said_in_every_record(tmp_path, tests_dir):
    subs = tmp_path / "subs"
    small_class(subs, n=2)
    proc = subprocess.run(grade_argv(sys.executable, subs, tests_dir, tmp_path / "out", "--no-isolation"),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    run = json.loads((tmp_path / "out" / "run.json").read_text())
    assert run["isolation"] is False and run["protections"][0].startswith("NONE: graded without isolation")
    for rec in gradebook.all_records(tmp_path / "out"):
        assert rec["protections"][0].startswith("NONE: graded without isolation")
    assert run["memory"]["held_by"] == memlimit.POLLED and "--no-isolation" in run["memory"]["why_not_a_cgroup"]
    assert "course-grade: warning: --memory-mb 512 is not held by a cgroup here (graded without isolation" \
        in proc.stderr


@pytest.mark.parametrize("argv, message", [
    (["grade", "x", "--tests", "t", "--out", "o", "--shard", "3/2"], "needs 1 <= I <= N"),
    (["grade", "x", "--tests", "t", "--out", "o", "--shard", "a"], "must look like I/N"),
])
def test_bad_shard_argument(argv, message, capsys):
    with pytest.raises(SystemExit):
        main(argv)
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("value", ["0", "-256"])
def test_a_memory_limit_below_one_mb_is_refused(value, capsys):
    with pytest.raises(SystemExit):
        main(["grade", "x", "--tests", "t", "--out", "o", "--memory-mb", value])
    assert f"--memory-mb must be at least 1 (MB); got {value}" in capsys.readouterr().err


def test_a_homework_without_tests_is_recorded_as_an_error(tmp_path, tests_dir):
    (tmp_path / "subs" / "ann").mkdir(parents=True)
    (tmp_path / "subs" / "ann" / "hw9_unknown.ipynb").write_text(honest())
    code, err = run_cli("grade", str(tmp_path / "subs"), "--tests", str(tests_dir), "--out", str(tmp_path / "out"),
                      "--workers", "1")
    assert code == 3
    notebook = tmp_path / "subs" / "ann" / "hw9_unknown.ipynb"
    assert (f"course-grade: warning: {notebook}: its name matches no homework of {tests_dir} (expected one of: "
            f"fixture_hw); its row has no score: rename it, or add hw9_unknown.py") in err
    rec = record(tmp_path / "out", "ann", "hw9_unknown")
    assert rec["error"] == ("the notebook 'hw9_unknown.ipynb' matches no homework of the tests folder: "
                            "no tests for homework 'hw9_unknown' (hw9_unknown.py missing)")
    assert rec["score"] == rec["max_score"] == 0.0 and rec["questions"] == []


def test_a_late_canvas_download_is_graded_as_its_homework_with_the_late_policy(tmp_path, tests_dir):
    """zack_LATE_<id>_<id>_fixture_hw-1.ipynb: Zack's fixture_hw, 2 days late by its file time, 10 % a day."""
    (tmp_path / "subs").mkdir()
    notebook = tmp_path / "subs" / "zack_LATE_12345_67890_fixture_hw-1.ipynb"
    notebook.write_text(honest())
    os.utime(notebook, (0, 1772452800.0))           # 2026-03-02T12:00:00Z
    code, err = run_cli("grade", str(tmp_path / "subs"), "--tests", str(tests_dir), "--out", str(tmp_path / "out"),
                        "--workers", "1", "--due", "2026-03-01T00:00Z", "--late-penalty", "10")
    assert code == 0, err
    rec = record(tmp_path / "out", "zack", "fixture_hw")
    assert rec["late"]["source"] == "the notebook file's modification time" and rec["late"]["lms_late_mark"]
    assert (rec["late"]["days_late"], rec["late"]["raw_score"], rec["score"], rec["max_score"]) == (2, 5.0, 4.0, 5.0)
    assert "<b>Late policy:</b> due 2026-03-01T00:00:00+00:00; 10% of the score" in \
        (tmp_path / "out" / "feedback" / "zack" / "fixture_hw.html").read_text()


LIVE = ["hw1_softmax_likelihood", "hw2_gradients", "hw3_sgd"]


@pytest.mark.parametrize("homework", LIVE)
def test_the_course_utils_names_each_homework_imports_are_provided_when_graded(homework):
    import ast

    from course_utils.grading.spec import load_homework
    from grading_support import ROOT

    spec = load_homework(ROOT / "grading" / f"{homework}.py")
    imported = set()
    for cell in json.loads((ROOT / "solutions" / f"{homework}.ipynb").read_text())["cells"]:
        if cell["cell_type"] == "code":
            for node in ast.walk(ast.parse("".join(cell["source"]))):
                if isinstance(node, ast.ImportFrom) and node.module == "course_utils":
                    imported |= {a.name for a in node.names}
    assert imported <= set(spec.provides), imported - set(spec.provides)
    assert not imported & {q.function for q in spec.questions}


# The worked homework gets full marks and the exercises none: tests/test_grading_agreement.py, which grades
# them after running each in a kernel.


CUSTOM_CHECK = ("import numpy as np\nfrom course_utils.checks import expect_close, make_check\n\n"
                "def compare_row_sums(fn):\n"
                "    expect_close(fn(np.array([[1.0, 2.0], [3.0, 4.0]])), [3.0, 7.0], on='a 2x2 matrix')\n\n"
                "check_row_sums = make_check('row_sums', compare_row_sums)\n")


def test_a_question_added_with_a_check_of_its_own_is_graded(tmp_path):
    """The recipe of the README: a check made with make_check in the notebook, used by the grader too."""
    from grading_support import notebook

    solved = "def row_sums(M):\n    return M.sum(axis=1)\n"
    (tmp_path / "tests").mkdir()
    (tmp_path / "custom_hw.ipynb").write_text(notebook(CUSTOM_CHECK, solved, "check_row_sums(row_sums)"))
    (tmp_path / "tests" / "custom_hw.py").write_text(
        "from course_utils.grading.spec import Question, notebook_check\n"
        f"QUESTIONS = [Question('row_sums', 2, public=[notebook_check({str(tmp_path / 'custom_hw.ipynb')!r}, "
        "'check_row_sums')])]\n")
    for student, code in [("solved", solved), ("blank", "def row_sums(M):\n    raise NotImplementedError\n"),
                          ("wrong", "def row_sums(M):\n    return M.sum(axis=0)\n")]:
        (tmp_path / "subs" / student).mkdir(parents=True)
        (tmp_path / "subs" / student / "custom_hw.ipynb").write_text(
            notebook(CUSTOM_CHECK, code, "check_row_sums(row_sums)"))
    proc = subprocess.run(grade_argv(sys.executable, tmp_path / "subs", tmp_path / "tests", tmp_path / "out"),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    got = {s: record(tmp_path / "out", s, "custom_hw")["questions"][0] for s in ("solved", "blank", "wrong")}
    assert got["solved"]["status"] == "correct" and got["solved"]["score"] == 2.0
    assert got["blank"]["status"] == "not attempted"
    assert got["wrong"]["status"] == "incorrect"
    assert "row_sums: the result on a 2x2 matrix at index [0] is 4, expected 3" in got["wrong"]["diagnosis"]


def test_workers_fork_from_the_command_line_and_spawn_beside_other_threads():
    """Forked workers start with the grader imported; a process with other threads (a kernel, a test runner)
    must spawn them instead, since a fork copies locks those threads may hold."""
    from course_utils.grading.cli import _start_method

    alone = subprocess.run([sys.executable, "-c", "from course_utils.grading.cli import _start_method as m; "
                            "print(m())"], capture_output=True, text=True, check=True)
    assert alone.stdout.strip() == "fork"
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert _start_method() == "spawn"
    finally:
        stop.set()
        other.join()
