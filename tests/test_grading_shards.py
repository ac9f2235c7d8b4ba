"""A class graded in shards by an existing engine: the documented Kubernetes Indexed Job and Slurm array.

Each example of docs/grading/ is rendered for a temporary class and its
shards run as separate, concurrent processes with the variables the engine
would set; merged, they must give the gradebook of a single run.
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
from grading_support import FIXTURE_TESTS, HOMEWORK, LIMITS, honest

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


def make_class(root, n=5):
    (root / "submitted").mkdir(parents=True)
    shutil.copytree(FIXTURE_TESTS, root / "grading")
    for i in range(n):
        text = honest() if i % 2 else honest(softmax="def softmax(a, axis=-1):\n    return a\n")
        (root / "submitted" / f"s{i}").mkdir()
        (root / "submitted" / f"s{i}" / f"{HOMEWORK}.ipynb").write_text(text)


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


def merged_equals_single_run(root, shard_dirs, single):
    assert main(["merge", "--out", str(root / "merged"), *map(str, shard_dirs)]) == 0
    assert sorted(p.name for p in (root / "merged").glob("*.csv")) == sorted(p.name for p in single.glob("*.csv"))
    for name in ("gradebook.csv", "students.csv", "canvas.csv"):       # no moodle.csv without a roster
        assert (root / "merged" / name).read_text() == (single / name).read_text(), name


def engine_env(**variables):
    return dict(os.environ, PATH=f"{BIN}:{os.environ['PATH']}", **variables)


@pytest.mark.usefixtures("sandbox_available")
def test_the_kubernetes_indexed_job_of_the_docs_grades_the_class_in_shards(tmp_path, single_run):
    job = yaml.safe_load((DOCS / "kubernetes-indexed-job.yaml").read_text())
    assert job["kind"] == "Job" and job["spec"]["completionMode"] == "Indexed"
    n = job["spec"]["completions"]
    (container,) = job["spec"]["template"]["spec"]["containers"]
    assert {e["name"]: e["value"] for e in container["env"]}["JOB_COMPLETIONS"] == str(n)
    make_class(tmp_path)
    command = [part.replace("/class", str(tmp_path)) + (" " + " ".join(LIMITS) if part.startswith("course-grade")
                                                        else "") for part in container["command"]]
    run_shards([(command, engine_env(JOB_COMPLETION_INDEX=str(i), JOB_COMPLETIONS=str(n))) for i in range(n)])
    merged_equals_single_run(tmp_path, [tmp_path / "shards" / str(i) for i in range(n)], single_run)


@pytest.mark.usefixtures("sandbox_available")
def test_the_slurm_array_of_the_docs_grades_the_class_in_shards(tmp_path, single_run):
    script = (DOCS / "slurm-array.sh").read_text()
    first, last = map(int, re.search(r"^#SBATCH --array=(\d+)-(\d+)$", script, re.M).groups())
    make_class(tmp_path)
    rendered = tmp_path / "array.sh"
    rendered.write_text(script.replace("--shard auto", "--shard auto " + " ".join(LIMITS)))
    tasks = range(first, last + 1)
    run_shards([(["bash", str(rendered)], engine_env(CLASS=str(tmp_path), SLURM_ARRAY_TASK_ID=str(t),
                                                     SLURM_ARRAY_TASK_MIN=str(first),
                                                     SLURM_ARRAY_TASK_COUNT=str(len(tasks)),
                                                     SLURM_CPUS_PER_TASK="1")) for t in tasks])
    merged_equals_single_run(tmp_path, [tmp_path / "shards" / str(t) for t in tasks], single_run)
