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


#: The options every shard of one run must share (``--workers`` may differ from one machine to another),
#: each with how a message names it.
SHARED_OPTIONS = {"wall_seconds": "--wall-seconds", "notebook_seconds": "--notebook-seconds",
                  "memory_mb": "--memory-mb", "late_policy": "the late policy (--due, --late-penalty, --late-cutoff)"}


def _shard_of(folder, run):
    """``(I, N)`` as ``run.json`` of ``folder`` records it, or a ``ValueError`` saying what the folder is."""
    if not folder.is_dir():
        raise ValueError(f"shard folder {folder} does not exist")
    shard = (run or {}).get("options", {}).get("shard")
    if not (isinstance(shard, list) and len(shard) == 2):
        raise ValueError(f"{folder} has no run.json recording its shard I/N: give the --out folders of "
                         f"course-grade grade --shard")
    return tuple(shard)


def _shown(key, value):
    """An option's value as a message shows it (a late policy in words)."""
    if key != "late_policy":
        return value
    from .late import describe

    return f"'{describe(value)}'" if value else "none"


def _differences(run, first):
    """How ``run`` was graded otherwise than ``first``: other options, other tests, isolation."""
    found = [f"{label} {_shown(key, run['options'].get(key))} (not {_shown(key, first['options'].get(key))})"
             for key, label in SHARED_OPTIONS.items() if run["options"].get(key) != first["options"].get(key)]
    tests, first_tests = run.get("homework", {}), first.get("homework", {})
    for name in sorted(set(tests) | set(first_tests)):
        mine, theirs = (t.get(name, {}).get("tests_sha256") for t in (tests, first_tests))
        if mine != theirs:
            found.append(f"other tests for {name} (sha256 {str(mine)[:12]}..., not {str(theirs)[:12]}...)")
    if run.get("isolation") != first.get("isolation"):
        found.append(f"isolation {run.get('isolation')} (not {first.get('isolation')})")
    return found


def check_complete(folders, read_run):
    """That ``folders`` are every shard 1..N of one run, graded with the same tests and options; else a
    ``ValueError`` naming what is missing or differs.  ``read_run(folder)`` is the folder's ``run.json``."""
    import pathlib

    seen, first = {}, None
    for folder in map(pathlib.Path, folders):
        run = read_run(folder)
        index, count = _shard_of(folder, run)
        if first is None:
            first, first_index, total = run, index, count
        if count != total:
            raise ValueError(f"{folder} is shard {index}/{count}, but shard {first_index}/{total} is of {total}: "
                             "not shards of one run")
        if index in seen:
            raise ValueError(f"shard {index}/{count} given twice: {seen[index]} and {folder}")
        seen[index] = folder
        differs = _differences(run, first)
        if differs:
            raise ValueError(f"shard {index}/{count} ({folder}) was graded with {'; '.join(differs)}, unlike shard "
                             f"{first_index}/{total}; regrade it with the same tests and options")
    missing = [f"shard {i}/{total} missing" for i in range(1, total + 1) if i not in seen]
    if missing:
        raise ValueError(", ".join(missing) + f" (given: {', '.join(f'{i}/{total}' for i in sorted(seen))})")
