"""Which part of a large class one grader takes: ``--shard I/N``, or ``--shard auto`` under a batch system.

A class of thousands of submissions is graded by an existing engine, not by
a scheduler of ours: a Kubernetes Indexed Job or a Slurm job array starts N
graders, each with its index in the environment, and each grades every N-th
submission into its own folder; ``course-grade merge`` then combines them.

* Kubernetes: ``JOB_COMPLETION_INDEX`` (0 .. N-1, set by an Indexed Job) and
  ``JOB_COMPLETIONS`` (N, which the manifest sets to ``spec.completions``);
* Slurm: ``SLURM_ARRAY_TASK_ID``, ``SLURM_ARRAY_TASK_MIN`` and
  ``SLURM_ARRAY_TASK_COUNT`` (set for every task of ``sbatch --array``).
"""

import argparse


def _int(env, name):
    try:
        return int(env[name])
    except (KeyError, ValueError):
        raise argparse.ArgumentTypeError(f"--shard auto: {name} must be set to an integer; got "
                                         f"{env.get(name)!r}") from None


def from_environment(env):
    """``(I, N)`` with 1 <= I <= N from a Kubernetes Indexed Job's or a Slurm array's variables."""
    if "JOB_COMPLETION_INDEX" in env:
        index, count = _int(env, "JOB_COMPLETION_INDEX") + 1, _int(env, "JOB_COMPLETIONS")
    elif "SLURM_ARRAY_TASK_ID" in env:
        first = _int(env, "SLURM_ARRAY_TASK_MIN") if "SLURM_ARRAY_TASK_MIN" in env else 0
        index, count = _int(env, "SLURM_ARRAY_TASK_ID") - first + 1, _int(env, "SLURM_ARRAY_TASK_COUNT")
    else:
        raise argparse.ArgumentTypeError(
            "--shard auto needs JOB_COMPLETION_INDEX and JOB_COMPLETIONS (a Kubernetes Indexed Job) or "
            "SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT (a Slurm job array); neither is set")
    if not 1 <= index <= count:
        raise argparse.ArgumentTypeError(f"--shard auto: index {index} of {count} is out of range")
    return index, count


def parse(text, env):
    """``--shard`` as ``(I, N)``: ``I/N`` with 1 <= I <= N, or ``auto``."""
    if text == "auto":
        return from_environment(env)
    try:
        index, count = (int(p) for p in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"--shard must look like I/N, e.g. 2/4, or be auto; got {text!r}") from None
    if not 1 <= index <= count:
        raise argparse.ArgumentTypeError(f"--shard I/N needs 1 <= I <= N; got {text!r}")
    return index, count
