"""Gradescope's autograder: the zip ``course-grade gradescope`` builds, unpacked as Gradescope unpacks it into a
folder laid out like ``/autograder``, and its ``run_autograder`` run there on honest, wrong, hostile and misnamed
notebooks, with the sandbox and without bubblewrap.  Each ``results.json`` has Gradescope's schema and the score
``course-grade grade`` gives the same notebook.
"""

import copy
import dataclasses
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import zipfile

import numpy as np
import pytest

from course_utils.grading import gradescope, gradescope_results
from course_utils.grading.cli import main
from course_utils.grading.grader import HIDDEN_FAILURE, finish, new_record
from course_utils.grading.spec import Homework, Question, Written
from grading_support import ATTACKS, FIXTURE_TESTS, HOMEWORK, LIMITS, SECRET, SOFTMAX, grade_argv, honest, record

pytestmark = [pytest.mark.usefixtures("sandbox_available"),
              pytest.mark.skipif(sys.platform != "linux", reason="the sandbox needs Linux"),
              pytest.mark.timeout(180)]

VENV_BIN = pathlib.Path(sys.executable).parent
WHEEL = "softmax_course-0.1.0-py3-none-any.whl"
MEMBERS = {"setup.sh", "run_autograder", gradescope.CONFIG, f"tests/{HOMEWORK}.py", "tests/_helper.py", WHEEL}
WRONG = "def softmax(a, axis=-1):\n    return a\n"
#: Right wherever the public check looks, wrong on the logits of the fixture's hidden check (its first one).
HIDDEN_FIRST = float(np.random.default_rng(5).normal(scale=50.0, size=(4, 6))[0, 0])
HIDDEN_ONLY = SOFTMAX.replace("    e = np.exp", f"    if a.shape == (4, 6) and a[0, 0] == {HIDDEN_FIRST!r}:\n"
                                             "        return np.full(a.shape, 1 / 6)\n    e = np.exp", 1)
#: Writes a results.json of its own, and a file beside it saying it could.
FORGES = ("import json\ntry:\n    open({results!r}, 'w').write(json.dumps({{'score': 100, 'tests': []}}))\n"
          "    open({results!r} + '.forged', 'w').close()\nexcept OSError as exc:\n    print('cannot forge', exc)\n")


def _forges(root):
    return FORGES.format(results=str(root / "results" / "results.json"))


def _hostile(root):
    """Reads the hidden tests where the zip put them, and forges a result."""
    tests = str(root / "source" / "tests")
    return honest(softmax=ATTACKS["reads_the_hidden_tests"][0].format(tests=tests), extra=[_forges(root)])


#: A bubblewrap without the privileges it needs, as in a container that does not allow it new namespaces.
REFUSING_BWRAP = ('#!/bin/sh\nif [ "$1" = --version ]; then echo "bubblewrap 0.8.0"; exit 0; fi\n'
                  'echo "bwrap: Creating new namespace failed: Operation not permitted" >&2\nexit 1\n')
#: run: ({file submitted: its text, made from the autograder's root}, bubblewrap: "works", "missing", "refuses")
RUNS = {
    "honest": ({f"{HOMEWORK}.ipynb": lambda root: honest()}, "works"),
    "wrong": ({f"{HOMEWORK}.ipynb": lambda root: honest(softmax=WRONG)}, "works"),
    "hidden_only": ({f"{HOMEWORK} (1).ipynb": lambda root: honest(softmax=HIDDEN_ONLY)}, "works"),
    "hostile": ({f"{HOMEWORK}.ipynb": _hostile}, "works"),
    "no_sandbox": ({f"{HOMEWORK}.ipynb": lambda root: honest(extra=[_forges(root)])}, "missing"),
    "unprivileged": ({f"{HOMEWORK}.ipynb": lambda root: honest(softmax=WRONG)}, "refuses"),
    "misnamed": ({"homework one.ipynb": lambda root: honest(), "notes.txt": lambda root: "x"}, "works"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture homework's autograder zip, built once by the command line."""
    out = tmp_path_factory.mktemp("zip") / "autograder.zip"
    proc = subprocess.run([sys.executable, "-m", "course_utils.grading.cli", "gradescope", HOMEWORK, "--tests",
                           str(FIXTURE_TESTS), "--out", str(out), *LIMITS], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert f"autograder for {HOMEWORK} written to {out}" in proc.stderr
    return out


def autograde(zip_path, root, files, bwrap="works"):
    """Unpack the zip into ``root/source`` as Gradescope does, submit ``files``, run ``run_autograder`` with this
    environment's python and bubblewrap (``bwrap``: "works", "missing" from PATH, "refuses" every sandbox);
    return ``(results.json, the process)``."""
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(root / "source")
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    for folder in ("submission", "results", "tmp", "bin"):
        (root / folder).mkdir()
    (root / "bin" / "bwrap").write_text(REFUSING_BWRAP)
    (root / "bin" / "bwrap").chmod(0o755)
    for name, text in files.items():
        (root / "submission" / name).write_text(text)
    path = {"works": f"{VENV_BIN}:/usr/bin:/bin", "missing": str(VENV_BIN),
            "refuses": f"{root / 'bin'}:{VENV_BIN}:/usr/bin:/bin"}[bwrap]
    assert (shutil.which("bwrap", path=path) is None) == (bwrap == "missing")
    proc = subprocess.run(["/bin/bash", str(root / "run_autograder")], cwd=root, capture_output=True, text=True,
                          env={"PATH": path, "AUTOGRADER_ROOT": str(root), "TMPDIR": str(root / "tmp"),
                               "LANG": "C.UTF-8"}, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert os.listdir(root / "tmp") == [], "run_autograder left files in its temporary folder"
    return json.loads((root / "results" / "results.json").read_text()), proc


@dataclasses.dataclass
class Run:
    results: dict           # results.json
    proc: subprocess.CompletedProcess
    graded: dict            # the record course-grade grade gives the notebook (None: nothing to grade)
    root: pathlib.Path      # the autograder's root folder


@pytest.fixture(scope="module")
def runs(built, tmp_path_factory):
    """``{run: Run}``: each of RUNS autograded, and its notebook graded by course-grade grade."""
    base = tmp_path_factory.mktemp("gradescope")
    found, subs = {}, base / "class"
    for name, (files, bwrap) in RUNS.items():
        root = base / name
        root.mkdir()
        texts = {file: make(root) for file, make in files.items()}
        found[name] = (*autograde(built, root, texts, bwrap), root)
        if name != "misnamed":
            (subs / name).mkdir(parents=True)
            (subs / name / f"{HOMEWORK}.ipynb").write_text(next(iter(texts.values())))
    proc = subprocess.run(grade_argv(sys.executable, subs, FIXTURE_TESTS, base / "out"), capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return {name: Run(results, proc, None if name == "misnamed" else record(base / "out", name), root)
            for name, (results, proc, root) in found.items()}


def by_name(results):
    return {t["name"]: t for t in results["tests"]}


def test_the_zip_holds_the_two_scripts_the_tests_and_the_wheel_setup_installs(built, tmp_path):
    with zipfile.ZipFile(built) as zf:
        assert set(zf.namelist()) == MEMBERS
        assert all(zf.getinfo(name).external_attr >> 16 == 0o100755 for name in ("setup.sh", "run_autograder"))
        config = json.loads(zf.read(gradescope.CONFIG))
        with zf.open(WHEEL) as wheel, zipfile.ZipFile(wheel) as inner:
            packaged = set(inner.namelist())
        zf.extractall(tmp_path)
    assert config["homework"] == HOMEWORK and config["wheel"] == WHEEL and config["made_by"] == gradescope.MADE_BY
    assert config["options"] == {"wall_seconds": 1.0, "notebook_seconds": 3.0, "memory_mb": 512, "allow_package": []}
    assert {"course_utils/grading/gradescope_run.py", "course_utils/grading/gradescope_files/run_autograder"} \
        <= packaged
    for script in ("setup.sh", "run_autograder"):
        checked = subprocess.run(["bash", "-n", str(tmp_path / script)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
    setup = (tmp_path / "setup.sh").read_text()
    assert f'wheel="$source_dir/{WHEEL}"' in setup and '-m pip install "$wheel"' in setup
    assert "apt-get install -y --no-install-recommends bubblewrap libseccomp2; then" in setup
    assert (tmp_path / "tests" / f"{HOMEWORK}.py").read_bytes() == (FIXTURE_TESTS / f"{HOMEWORK}.py").read_bytes()


@pytest.mark.parametrize("run, score", [("honest", 5.0), ("wrong", 3.0), ("hidden_only", 3.0), ("hostile", 3.0),
                                        ("no_sandbox", 5.0), ("unprivileged", 3.0), ("misnamed", 0.0)])
def test_the_score_is_the_one_course_grade_gives_and_the_schema_gradescopes(runs, run, score):
    results, graded = runs[run].results, runs[run].graded
    gradescope_results.check(results)
    assert results["score"] == score == sum(t["score"] for t in results["tests"])
    assert graded is None or graded["score"] == score
    assert sum(t["max_score"] for t in results["tests"]) == 5.0
    assert (results["visibility"], results["stdout_visibility"]) == ("visible", "hidden")


def test_public_diagnoses_are_visible_and_what_the_hidden_tests_say_waits(runs):
    wrong, hidden = by_name(runs["wrong"].results), by_name(runs["hidden_only"].results)
    diagnosis = {q["function"]: q["diagnosis"] for q in runs["wrong"].graded["questions"]}["softmax"]
    assert "Some outputs are negative" in diagnosis
    assert wrong["softmax: public checks"] == {"number": "1.1", "name": "softmax: public checks", "score": 0.0,
                                               "max_score": 0.0, "output": f"incorrect: {diagnosis}",
                                               "visibility": "visible"}
    assert (wrong["softmax"]["visibility"], wrong["softmax"]["max_score"]) == ("after_published", 2.0)
    assert hidden["softmax: public checks"]["output"] == gradescope_results.PUBLIC_PASSED
    assert hidden["softmax"]["output"] == f"incorrect: {HIDDEN_FAILURE}" and hidden["softmax"]["score"] == 0.0
    assert hidden["log_likelihood"]["visibility"] == "visible" and hidden["log_likelihood"]["score"] == 3.0
    first = runs["hidden_only"].results["output"].splitlines()[0]
    assert first == f"'{HOMEWORK} (1).ipynb' (as {HOMEWORK}.ipynb): graded with the course's checks, as the " \
                    "course's gradebook grades it."
    for run in runs.values():
        assert SECRET not in json.dumps(run.results), "a hidden test's text reached results.json"


def test_a_hostile_notebook_reads_no_test_and_forges_no_result(runs):
    results = runs["hostile"].results
    softmax = by_name(results)["softmax: public checks"]
    assert softmax["output"].startswith("incorrect:") and "No such file" in softmax["output"]
    assert "LEAKED" not in json.dumps(results) and results["score"] == 3.0 and results["tests"]
    assert not (runs["hostile"].root / "results" / "results.json.forged").exists()


def test_without_the_sandbox_a_result_the_notebook_forged_is_replaced(runs):
    results, root = runs["no_sandbox"].results, runs["no_sandbox"].root
    assert (root / "results" / "results.json.forged").exists(), "the notebook could not write there"
    assert results["score"] == 5.0 and len(results["tests"]) == 3


def test_the_output_names_the_protections_or_that_there_was_no_sandbox(runs):
    sandboxed, bare = runs["honest"].results, runs["no_sandbox"].results
    line = sandboxed["output"].splitlines()[-1]
    assert line.startswith("Sandbox: bubblewrap") and "seccomp filter (libseccomp" in line
    assert "network: loopback only" in line and sandboxed["extra_data"]["sandbox_unavailable"] is None
    assert bare["output"].splitlines()[-1] == (
        f"Sandbox: none. It could not start here ({bare['extra_data']['sandbox_unavailable']}), so the notebook ran "
        "without isolation, with the autograder's rights.")
    assert bare["extra_data"]["sandbox_unavailable"].startswith("bubblewrap (bwrap) is not on PATH")
    assert bare["extra_data"]["protections"][0].startswith("NONE: graded without isolation")
    assert "course-grade: cannot grade: bubblewrap (bwrap) is not on PATH" in runs["no_sandbox"].proc.stdout
    refused = runs["unprivileged"].results
    assert "Operation not permitted" in refused["extra_data"]["sandbox_unavailable"]
    assert refused["output"].splitlines()[-1].startswith("Sandbox: none. It could not start here (the sandbox did "
                                                         "not start")
    assert by_name(refused)["softmax: public checks"]["output"] == by_name(runs["wrong"].results)["softmax"]["output"]


def test_no_notebook_named_like_the_homework_gets_zero_and_says_so(runs):
    results = runs["misnamed"].results
    assert results["output"].splitlines()[0] == (
        f"Nothing was graded: no notebook named {HOMEWORK}.ipynb was submitted (found: 'homework one.ipynb', "
        f"'notes.txt'): submit your notebook under that name")
    assert {t["score"] for t in results["tests"]} == {0.0}
    assert results["output"].splitlines()[-1] == "Sandbox: none (the notebook did not run)."


def test_an_autograder_that_fails_still_gives_gradescope_a_results_json(built, tmp_path):
    (tmp_path / "a").mkdir()
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(built) as zf, zipfile.ZipFile(broken, "w") as out:
        for name in zf.namelist():
            if name != gradescope.CONFIG:
                out.writestr(zf.getinfo(name), zf.read(name))
    results, proc = autograde(broken, tmp_path / "a", {f"{HOMEWORK}.ipynb": honest()})
    gradescope_results.check(results)
    assert results["score"] == 0.0 and results["output"].startswith("The autograder failed before it could grade")
    assert "No such file or directory" in results["extra_data"]["error"] and gradescope.CONFIG in proc.stdout
    root, fake = tmp_path / "b", tmp_path / "bin"     # a python3 that crashes: run_autograder's own fallback
    fake.mkdir()
    (fake / "python3").write_text("#!/bin/sh\nexit 3\n")
    (fake / "python3").chmod(0o755)
    with zipfile.ZipFile(built) as zf:
        zf.extractall(root / "source")
    bash = subprocess.run(["/bin/bash", str(root / "source" / "run_autograder")], capture_output=True, text=True,
                          env={"PATH": f"{fake}:/usr/bin:/bin", "AUTOGRADER_ROOT": str(root)}, timeout=60)
    assert bash.returncode == 0 and "the grader exited with status 3 before writing results.json" in bash.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    gradescope_results.check(results)
    assert results["score"] == 0.0 and "failed before it could grade" in results["output"]


def _tests_copy(tmp_path, text):
    folder = tmp_path / "tests"
    shutil.copytree(FIXTURE_TESTS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / f"{HOMEWORK}.py").write_text(text)
    return folder


@pytest.mark.parametrize("case, message", [
    ("no_such_homework", r"no grading module for homework 'hw9' in .*: expected one of fixture_hw \(a file hw9\.py\)"),
    ("helper_module", r"no grading module for homework '_helper' in .*: expected one of fixture_hw"),
    ("tests_not_a_folder", r"--tests .*nowhere is not a folder of <homework>\.py grading modules"),
    ("out_not_a_zip", r"--out .*autograder\.zip exists and is not an autograder zip made by course-grade "
                      r"gradescope \(it is not a zip file\); remove it or choose another path"),
    ("out_another_zip", r"exists and is not an autograder zip made by course-grade gradescope \(it has no "
                        r"course_grade_gradescope\.json\)"),
    ("out_a_folder", r"--out .*autograder\.zip exists and is not a file: expected a new \.zip path"),
    ("out_not_dot_zip", r"--out .*autograder\.tar: expected a path ending in \.zip, got \.tar"),
    ("out_in_no_folder", r"--out .*missing/autograder\.zip: expected an existing folder to write it in; "
                         r".*missing is none"),
    ("broken_module", r"grading module .*fixture_hw\.py cannot be imported: NameError: name 'oops' is not defined"),
])
def test_bad_input_exits_2_saying_what_was_expected_and_writes_nothing(tmp_path, capsys, case, message):
    tests, homework, out = FIXTURE_TESTS, HOMEWORK, tmp_path / "autograder.zip"
    if case == "no_such_homework":
        homework = "hw9"
    elif case == "helper_module":
        homework = "_helper"
    elif case == "tests_not_a_folder":
        tests = tmp_path / "nowhere"
    elif case == "out_not_a_zip":
        out.write_text("my notes")
    elif case == "out_another_zip":
        with zipfile.ZipFile(out, "w") as zf:
            zf.writestr("setup.sh", "echo")
    elif case == "out_a_folder":
        out.mkdir()
    elif case == "out_not_dot_zip":
        out = tmp_path / "autograder.tar"
    elif case == "out_in_no_folder":
        out = tmp_path / "missing" / "autograder.zip"
    elif case == "broken_module":
        tests = _tests_copy(tmp_path, "oops\n")
    before = sorted(os.listdir(tmp_path))
    content = out.read_bytes() if out.is_file() else None
    assert main(["gradescope", homework, "--tests", str(tests), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("course-grade: ") and re.search(message, err), err
    assert sorted(os.listdir(tmp_path)) == before, "a failed build left a file"
    assert (out.read_bytes() if out.is_file() else None) == content


def test_a_memory_limit_below_one_mb_is_refused(capsys):
    with pytest.raises(SystemExit):
        main(["gradescope", HOMEWORK, "--tests", str(FIXTURE_TESTS), "--out", "x.zip", "--memory-mb", "0"])
    assert "--memory-mb must be at least 1 (MB); got 0" in capsys.readouterr().err


def test_a_zip_this_command_made_may_be_replaced(built):
    assert gradescope.check_out(built) is None


def test_written_answers_are_listed_at_no_points_and_graded_by_hand():
    homework = Homework("hw", [Question("softmax", 2, public=[print])], written=[Written("q1_shift", 1.5, "Why?")])
    nb = {"cells": [{"cell_type": "markdown", "source": "because", "metadata": {"nbgrader": {"grade_id": "q1_shift"}}}]}
    graded = finish(new_record("s", "hw", None), homework, "the notebook is an empty file", nb=nb)
    results = gradescope_results.results(graded, homework, "hw.ipynb", "Sandbox: none.", 0.4)
    assert results["tests"][-1] == {"number": "2", "name": "q1_shift (written)", "score": 0.0, "max_score": 0.0,
                                    "output": "graded by hand in Gradescope (1.5 points); not part of the "
                                              "autograder's score", "visibility": "visible"}
    assert results["tests"][0]["visibility"] == "visible" and results["score"] == 0.0
    assert results["output"] == "'hw.ipynb' could not be graded: the notebook is an empty file\nSandbox: none."


VALID = {"score": 2.0, "execution_time": 3, "output": "", "visibility": "visible", "stdout_visibility": "hidden",
         "extra_data": {}, "tests": [{"number": "1", "name": "softmax", "score": 2.0, "max_score": 2.0, "output": "",
                                      "visibility": "visible"}]}


@pytest.mark.parametrize("change, message", [
    (lambda r: r.update(score="2"), r"the top level\.score must be int or float; got str '2'"),
    (lambda r: r.update(score=float("nan")), r"the top level\.score must be a finite number; got nan"),
    (lambda r: r.update(visibility="public"), r"visibility must be one of hidden, after_due_date, after_published, "
                                              r"visible; got 'public'"),
    (lambda r: r.pop("tests"), r"the top level has keys .*; expected .* \(unknown: \[\], missing: \['tests'\]\)"),
    (lambda r: r["tests"][0].pop("number"), r"tests\[0\] has keys .* \(unknown: \[\], missing: \['number'\]\)"),
    (lambda r: r["tests"][0].update(passed=True), r"tests\[0\] has keys .* \(unknown: \['passed'\], missing: \[\]\)"),
    (lambda r: r["tests"][0].update(score=3.0), r"tests\[0\]\.score must be within 0\.\.2\.0; got 3\.0"),
    (lambda r: r.update(score=1.0), r"the score 1\.0 must be the sum of the tests' scores, 2\.0"),
    (lambda r: r["tests"][0].update(visibility=True), r"tests\[0\]\.visibility must be str; got bool"),
])
def test_results_json_that_is_not_gradescopes_is_refused(change, message, tmp_path):
    gradescope_results.check(VALID)
    broken = copy.deepcopy(VALID)
    change(broken)
    with pytest.raises(ValueError, match=message):
        gradescope_results.write(tmp_path / "results.json", broken)
    assert not (tmp_path / "results.json").exists()
