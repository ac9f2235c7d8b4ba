"""The autograder run by an ordinary user (a TA on a shared machine), with the venv in their home.

Run as root (as in CI), the test creates the account, copies the grader's
packages into ``~/venv`` (no network), grades as that user the part of the
class of tests/grading_support.py whose containment depends on who runs the
grader (USER_ATTACKS and the rest below) while a root grader runs at the same
time, then removes the account.  Run as an ordinary user, the root tests of
tests/test_grading_cli.py already are this case, and this file skips.
"""

import json
import os
import shutil
import subprocess
import sys
import time

import pytest

import sandbox_probes
from browser_support import require
from grading_support import (
    ATTACKS, BOTH, HONEST, IDIOMS, SECRET, STANDS, UNREADABLE, UNREADABLE_REASONS, FIXTURE_TESTS, Listener,
    OrdinaryUser, build_class, grade_argv, grade_idioms, honest, processes_of, record, statuses,
)

#: What may behave differently without root: limits (rlimits instead of a cgroup), signals, files and
#: folders the account can or cannot reach, the network, processes left behind.  The other attacks
#: and broken files go through the same code whoever runs the grader (tests/test_grading_cli.py).
USER_ATTACKS = ["infinite_loop", "ignores_the_alarm", "alloc_50gb", "forks_holding_memory", "fork_bomb",
                "kills_from_the_function", "writes_a_record", "reads_the_hidden_tests", "reads_another_submission",
                "reads_the_solutions", "reads_etc_passwd", "reads_a_private_file", "network", "starts_a_daemon"]
USER_HONEST = ["honest", "plots", "magics_and_shell_lines", "kills_everything_it_can", "leaves_files_in_shared_folders"]
USER_UNREADABLE = ["folder", "link", "fifo", "linked_folder"]

pytestmark = [pytest.mark.usefixtures("sandbox_available"),
              pytest.mark.skipif(sys.platform != "linux" or os.geteuid() != 0,
                                 reason="creating an ordinary user needs root on Linux"),
              pytest.mark.timeout(240)]


@pytest.fixture(scope="module")
def user_graded(tmp_path_factory):
    user = OrdinaryUser()
    try:
        if user.interpreter() is None:
            reason = (f"no python{sys.version_info.major}.{sys.version_info.minor} an ordinary account may run "
                      "(apt-get install python3 python3-venv)")
            require(reason)
        python = user.install()
        private = user.home / "private.txt"
        private.write_text("TA-PRIVATE-" + SECRET)
        os.chown(private, user.uid, user.gid)
        private.chmod(0o600)
        listener = Listener()
        work = user.home / "grading"
        students = USER_ATTACKS + USER_HONEST + USER_UNREADABLE
        subs, out, tests = build_class(work, listener.port, private, only=students)
        idioms_dir = user.home / "idioms"
        # the idioms of a notebook, graded by the same user at the same time (default limits)
        idioms_out, idioms = grade_idioms(python, idioms_dir, run=lambda argv, **kw: argv)
        subprocess.run(["chown", "-R", f"{user.uid}:{user.gid}", str(work), str(idioms_dir)], check=True)
        idioms = user.popen(idioms, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        sentinel = user.popen(["sleep", "600"], start_new_session=True)   # the TA's JupyterLab, editor, shell
        # a root grader on the same machine at the same time
        root_tmp = tmp_path_factory.mktemp("root-class")
        (root_tmp / "subs" / "ann").mkdir(parents=True)
        (root_tmp / "subs" / "ann" / "fixture_hw.ipynb").write_text(honest())
        root = subprocess.Popen(grade_argv(sys.executable, root_tmp / "subs", FIXTURE_TESTS, root_tmp / "out"),
                                stderr=subprocess.PIPE, text=True)
        proc = user.run(grade_argv(python, subs, tests, out), capture_output=True, text=True, timeout=200)
        _, root_err = root.communicate(timeout=120)
        _, idioms_err = idioms.communicate(timeout=120)
        listener.close()
        alive = sentinel.poll() is None
        sentinel.kill()
        sentinel.wait()
        assert proc.returncode == 0, proc.stderr
        assert root.returncode == 0, root_err
        assert idioms.returncode == 0, idioms_err
        assert statuses(root_tmp / "out", "ann") == {"softmax": "correct", "log_likelihood": "correct"}
        yield {"out": out, "alive": alive, "listener": listener, "stderr": proc.stderr, "user": user,
               "idioms": idioms_out, "python": python}
    finally:
        user.close()


def test_the_grader_ran_without_root_inside_a_user_namespace(user_graded):
    header = "; ".join(json.loads((user_graded["out"] / "run.json").read_text())["protections"])
    assert "new namespaces: pid, net, ipc, mnt, uts, cgroup, user" in header
    assert "seccomp filter (libseccomp" in header
    assert "nproc 32" in header and "no capabilities" in header and "cgroup: memory" not in header
    held = ("memory 512 MB for all its processes together, polled every 0.05 s by the grader, not held by a cgroup",
            "cgroup (systemd user scope): memory 512 MB, 32 processes")
    assert any(text in header for text in held), header


def test_kill_minus_one_in_a_notebook_spares_the_users_other_processes(user_graded):
    assert user_graded["alive"], "student code killed the TA's own processes"
    assert statuses(user_graded["out"], "kills_everything_it_can") == {"softmax": "correct",
                                                                        "log_likelihood": "correct"}


def test_the_tas_private_files_stay_private(user_graded):
    got = json.dumps(record(user_graded["out"], "reads_a_private_file"))
    assert "TA-PRIVATE" not in got and "No such file" in got


@pytest.mark.parametrize("student", USER_HONEST)
def test_honest_notebooks_get_full_marks(user_graded, student):
    assert statuses(user_graded["out"], student) == {q: next(iter(s)) for q, s in BOTH.items()}


@pytest.mark.parametrize("student", sorted(IDIOMS) + sorted(STANDS))
def test_notebook_idioms_and_where_checks_stand_as_for_root(user_graded, student):
    """Each idiom around the worked homework gets full marks without root too, and checks stand where they are."""
    want = STANDS[student][1] if student in STANDS else {q: next(iter(s)) for q, s in BOTH.items()}
    assert statuses(user_graded["idioms"], student) == want, record(user_graded["idioms"], student)["questions"]


@pytest.mark.parametrize("attack", USER_ATTACKS)
def test_each_attack_fails_closed(user_graded, attack):
    got = record(user_graded["out"], attack)
    by_name = {q["function"]: q for q in got["questions"]}
    assert by_name["softmax"]["status"] in ATTACKS[attack][1], by_name["softmax"]
    assert by_name["log_likelihood"]["status"] == "correct"
    assert SECRET not in json.dumps(got) and "LEAKED" not in json.dumps(got)


@pytest.mark.parametrize("student", USER_UNREADABLE)
def test_every_broken_submission_gets_a_row(user_graded, student):
    (path,) = (user_graded["out"] / "records" / student).glob("*.json")
    assert UNREADABLE_REASONS[student] in json.loads(path.read_text())["error"]


def test_the_cases_are_those_of_the_root_class():
    assert set(USER_ATTACKS) <= set(ATTACKS) and set(USER_UNREADABLE) <= set(UNREADABLE)
    assert set(USER_HONEST) <= set(HONEST) | {"honest"}


def test_no_process_of_a_sandbox_outlives_grading(user_graded):
    time.sleep(0.2)
    assert processes_of(user_graded["user"].uid) == []
    assert user_graded["listener"].hits == []


def test_the_seccomp_filter_holds_for_an_ordinary_user_too(user_graded):
    """tests/test_grading_seccomp.py's attempts, from sandboxes an ordinary user's grader started."""
    user = user_graded["user"]
    script = shutil.copy(sandbox_probes.__file__, user.home / "sandbox_probes.py")
    os.chown(script, user.uid, user.gid)
    proc = user.run([str(user_graded["python"]), str(script)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    sandbox_probes.check_refused(found)
    assert found["inside"]["namespaces"]["user"] and found["missing"] == []
    assert any(p.startswith("seccomp filter") for p in found["active"])
