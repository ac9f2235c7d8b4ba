#!/bin/bash
# Grade a large class as a Slurm job array: every task grades every N-th submission
# (course-grade grade --shard auto reads SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_COUNT)
# into its own folder, then merge them with slurm-merge.sh once every task has succeeded:
#     array=$(sbatch --parsable docs/grading/slurm-array.sh)
#     sbatch --dependency=afterok:$array docs/grading/slurm-merge.sh
# (the merge refuses, exit 2, unless every shard 1..N of one run is there).
# CLASS is a folder shared by every node (read and written by all at once, e.g. NFS or Lustre) holding
# submitted/ (the students' <student>/<homework>.ipynb) and grading/ (your private copy of the repository's
# grading/ folder: nothing else is needed beside it); it receives shards/ (empty it before a new run).
# The nodes need this package and bubblewrap, and unprivileged user namespaces (see the README).
#SBATCH --job-name=course-grade
#SBATCH --array=0-2
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=01:00:00
set -euo pipefail
CLASS=${CLASS:-$HOME/course/class}
course-grade grade "$CLASS/submitted" --tests "$CLASS/grading" \
    --out "$CLASS/shards/$SLURM_ARRAY_TASK_ID" --shard auto --workers "${SLURM_CPUS_PER_TASK:-2}"
