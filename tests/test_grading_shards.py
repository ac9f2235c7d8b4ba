"""A class graded in shards by an existing engine: the documented Kubernetes Indexed Job and Slurm array.

Each example of docs/grading/ is rendered for a temporary class laid out as
the examples say (a shared folder with ``submitted/`` and a private copy of
the repository's ``grading/``, without ``solutions/`` beside it), its shards
run as separate, concurrent processes with the variables the engine would
set, then its documented merge step; the result must be the gradebook of a
single run.
"""

import argparse
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from course_utils.grading import shards
from course_utils.grading.cli import main
from grading_support import HOMEWORK

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "grading"
BIN = pathlib.Path(sys.executable).parent

pytestmark = pytest.mark.timeout(180)


@pytest.mark.parametrize("env, expected", [
    ({"JOB_COMPLETION_INDEX": "0", "JOB_COMPLETIONS": "3"}, (1, 3)),
    ({"JOB_COMPLETION_INDEX": "2", "JOB_COMPLETIONS": "3"}, (3, 3)),
    ({"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "4", "SLURM_ARRAY_TASK_COUNT": "2"}, (2, 2)),
    ({"SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "4"}, (1, 4)),
])
def test_auto_reads_the_engines_variables(env, expected):
    assert shards.parse("auto", env) == expected
    assert shards.parse("2/4", env) == (2, 4)


@pytest.mark.parametrize("env, message", [
    ({}, r"--shard auto needs JOB_COMPLETION_INDEX and JOB_COMPLETIONS .* or SLURM_ARRAY_TASK_ID"),
    ({"JOB_COMPLETION_INDEX": "0"}, r"JOB_COMPLETIONS must be set to an integer; got None"),
    ({"JOB_COMPLETION_INDEX": "3", "JOB_COMPLETIONS": "3"}, r"index 4 of 3 is out of range"),
    ({"SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_COUNT": "2"}, r"SLURM_ARRAY_TASK_ID must be set to an integer"),
])
def test_auto_without_the_variables_says_which_are_needed(env, message):
    with pytest.raises(argparse.ArgumentTypeError, match=message):
        shards.parse("auto", env)


LIMITS = ["--wall-seconds", "5", "--notebook-seconds", "20", "--memory-mb", "512"]
CLASS_HOMEWORK = ("hw1_softmax_likelihood", "hw3_sgd")


def make_class(root, n=5):
    """The layout of the examples: ``root/submitted/`` and a copy of the repository's grading/ alone."""
    (root / "submitted").mkdir(parents=True)
    shutil.copytree(ROOT / "grading", root / "grading")
    for i in range(n):
        (root / "submitted" / f"s{i}").mkdir()
        for homework in CLASS_HOMEWORK:   # worked or blank notebooks
            shutil.copy(ROOT / ("solutions" if i % 2 else "exercises") / f"{homework}.ipynb",
                        root / "submitted" / f"s{i}" / f"{homework}.ipynb")


def run_shards(commands):
    """Start every shard at once, as an engine does; all must succeed."""
    procs = [subprocess.Popen(argv, env=env, stderr=subprocess.PIPE, text=True) for argv, env in commands]
    for proc in procs:
        _, err = proc.communicate(timeout=150)
        assert proc.returncode == 0, err


@pytest.fixture(scope="module")
def single_run(tmp_path_factory):
    """The class of make_class graded in one run, for the shards to be compared with."""
    root = tmp_path_factory.mktemp("single")
    make_class(root)
    assert main(["grade", str(root / "submitted"), "--tests", str(root / "grading"), "--out", str(root / "single"),
                 "--workers", "2", *LIMITS]) == 0
    return root / "single"


def merged_equals_single_run(merged, single):
    assert "correct" in (single / "gradebook.csv").read_text()
    assert sorted(p.name for p in merged.glob("*.csv")) == sorted(p.name for p in single.glob("*.csv"))
    for name in ("gradebook.csv", "students.csv", "canvas.csv"):       # no moodle.csv without a roster
        assert (merged / name).read_text() == (single / name).read_text(), name


def run_merge_step(argv, env):
    """The documented merge step, run as the engine would once every shard has succeeded."""
    done = subprocess.run(argv, env=env, stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def engine_env(**variables):
    return dict(os.environ, PATH=f"{BIN}:{os.environ['PATH']}", **variables)


@pytest.mark.usefixtures("sandbox_available")
def test_the_kubernetes_indexed_job_of_the_docs_grades_the_class_in_shards(tmp_path, single_run):
    text = (DOCS / "kubernetes-indexed-job.yaml").read_text()
    job = yaml.safe_load(text)
    assert job["kind"] == "Job" and job["spec"]["completionMode"] == "Indexed" and "ReadWriteMany" in text
    n = job["spec"]["completions"]
    (container,) = job["spec"]["template"]["spec"]["containers"]
    assert {e["name"]: e["value"] for e in container["env"]}["JOB_COMPLETIONS"] == str(n)
    make_class(tmp_path)
    command = [part.replace("/class", str(tmp_path)) + (" " + " ".join(LIMITS) if part.startswith("course-grade")
                                                        else "") for part in container["command"]]
    run_shards([(command, engine_env(JOB_COMPLETION_INDEX=str(i), JOB_COMPLETIONS=str(n))) for i in range(n)])
    merge = yaml.safe_load((DOCS / "kubernetes-merge-job.yaml").read_text())
    assert merge["kind"] == "Job" and merge["spec"]["template"]["spec"]["volumes"] == job["spec"]["template"][
        "spec"]["volumes"]
    assert f"kubectl wait --for=condition=complete --timeout=24h job/{job['metadata']['name']}" in text
    (merger,) = merge["spec"]["template"]["spec"]["containers"]
    run_merge_step([part.replace("/class", str(tmp_path)) for part in merger["command"]], engine_env())
    merged_equals_single_run(tmp_path / "gradebook", single_run)


@pytest.mark.usefixtures("sandbox_available")
def test_the_slurm_array_of_the_docs_grades_the_class_in_shards(tmp_path, single_run):
    script = (DOCS / "slurm-array.sh").read_text()
    assert ("array=$(sbatch --parsable docs/grading/slurm-array.sh)\n"
            "#     sbatch --dependency=afterok:$array docs/grading/slurm-merge.sh") in script
    first, last = map(int, re.search(r"^#SBATCH --array=(\d+)-(\d+)$", script, re.M).groups())
    make_class(tmp_path)
    rendered = tmp_path / "array.sh"
    rendered.write_text(script.replace("--shard auto", "--shard auto " + " ".join(LIMITS)))
    tasks = range(first, last + 1)
    run_shards([(["bash", str(rendered)], engine_env(CLASS=str(tmp_path), SLURM_ARRAY_TASK_ID=str(t),
                                                     SLURM_ARRAY_TASK_MIN=str(first),
                                                     SLURM_ARRAY_TASK_COUNT=str(len(tasks)),
                                                     SLURM_CPUS_PER_TASK="1")) for t in tasks])
    run_merge_step(["bash", str(DOCS / "slurm-merge.sh")], engine_env(CLASS=str(tmp_path), SLURM_JOB_ID="8"))
    merged_equals_single_run(tmp_path / "gradebook", single_run)


def fake_shard(folder, index, count, tests="a" * 64, wall=1.0, student=None, due=None):
    """A shard's output folder as course-grade grade --shard I/N leaves it: run.json and a record."""
    from course_utils.grading import gradebook

    options = {"wall_seconds": wall, "notebook_seconds": 3.0, "memory_mb": 512, "workers": 2, "shard": (index, count),
               "late_policy": due and {"due": due, "penalty_percent_per_day": None, "cutoff": None}}
    gradebook.write_run(folder, {"options": options, "isolation": True,
                                 "homework": {HOMEWORK: {"tests_sha256": tests}}})
    gradebook.write_record(folder, gradebook.totals({"student": student or f"s{index}", "homework": HOMEWORK,
                                                     "questions": [], "protections": []}))
    return folder


@pytest.mark.parametrize("given, changes, message", [
    ((1, 3), {}, r"^shard 2/3 missing \(given: 1/3, 3/3\)$"),
    ((1, 2, 3), {3: {"tests": "b" * 64}},
     r"^shard 3/3 \(.*3\) was graded with other tests for fixture_hw \(sha256 bbbbbbbbbbbb\.\.\., not "
     r"aaaaaaaaaaaa\.\.\.\), unlike shard 1/3; regrade it with the same tests and options$"),
    ((1, 2, 3), {2: {"wall": 5.0}}, r"^shard 2/3 .* was graded with --wall-seconds 5\.0 \(not 1\.0\), unlike shard 1/3"),
    ((1, 2, 3), {1: {"due": "2026-03-01T23:59:00+00:00"}},
     r"^shard 2/3 .* was graded with the late policy \(--due, --late-penalty, --late-cutoff\) none \(not 'due "
     r"2026-03-01T23:59:00\+00:00; lateness recorded, nothing deducted'\)"),
    ((1, 2), {2: {"count": 2}}, r"is shard 2/2, but shard 1/3 is of 3: not shards of one run$"),
])
def test_merge_refuses_shards_that_are_not_one_whole_run(tmp_path, capsys, given, changes, message):
    folders = []
    for i in given:
        change = changes.get(i, {})
        folders.append(fake_shard(tmp_path / str(i), i, change.pop("count", 3), **change))
    assert main(["merge", "--out", str(tmp_path / "merged"), *map(str, folders)]) == 2
    err = capsys.readouterr().err
    assert re.search(message, err.strip().removeprefix("course-grade: "), re.M), err
    assert not (tmp_path / "merged" / "records").exists()


def test_merge_names_a_shard_folder_that_does_not_exist_or_is_not_a_shard(tmp_path, capsys):
    fake_shard(tmp_path / "1", 1, 2)
    assert main(["merge", "--out", str(tmp_path / "merged"), str(tmp_path / "1"), str(tmp_path / "nope")]) == 2
    assert capsys.readouterr().err == f"course-grade: shard folder {tmp_path / 'nope'} does not exist\n"
    (tmp_path / "plain").mkdir()
    assert main(["merge", "--out", str(tmp_path / "merged"), str(tmp_path / "plain")]) == 2
    assert capsys.readouterr().err == (f"course-grade: {tmp_path / 'plain'} has no run.json recording its shard I/N: "
                                       "give the --out folders of course-grade grade --shard\n")


def test_merge_accepts_every_shard_given_in_any_order_with_other_worker_counts(tmp_path):
    folders = [fake_shard(tmp_path / str(i), i, 3) for i in (3, 1, 2)]
    assert main(["merge", "--out", str(tmp_path / "merged"), *map(str, folders)]) == 0
    assert sorted(p.name for p in (tmp_path / "merged" / "records").iterdir()) == ["s1", "s2", "s3"]
