#!/bin/bash
# Merge the shards of slurm-array.sh into one gradebook, after every task of the array has succeeded:
#     array=$(sbatch --parsable docs/grading/slurm-array.sh)
#     sbatch --dependency=afterok:$array docs/grading/slurm-merge.sh
# It exits 2, naming what is missing or differs, unless $CLASS/shards/ holds every shard 1..N of one run,
# graded with the same tests and options.
#SBATCH --job-name=course-grade-merge
#SBATCH --cpus-per-task=1
#SBATCH --mem=2G
#SBATCH --time=00:30:00
set -euo pipefail
CLASS=${CLASS:-$HOME/course/class}
course-grade merge --out "$CLASS/gradebook" "$CLASS"/shards/*
