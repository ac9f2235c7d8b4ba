#!/bin/bash
# Grade a large class as a Slurm job array: every task grades every N-th submission
# (course-grade grade --shard auto reads SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_COUNT)
# into its own folder.  Submit with  sbatch docs/grading/slurm-array.sh ; when every task has ended:
#     course-grade merge --out "$CLASS/gradebook" "$CLASS"/shards/*
# CLASS is a shared folder holding submitted/ and grading/; the nodes need this package and bubblewrap,
# and unprivileged user namespaces (see the README).
#SBATCH --job-name=course-grade
#SBATCH --array=0-2
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=01:00:00
set -euo pipefail
CLASS=${CLASS:-$HOME/course/class}
course-grade grade "$CLASS/submitted" --tests "$CLASS/grading" \
    --out "$CLASS/shards/$SLURM_ARRAY_TASK_ID" --shard auto --workers "${SLURM_CPUS_PER_TASK:-2}"
