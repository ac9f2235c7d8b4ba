#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (made by `course-grade gradescope`).
# It installs the course's package from the wheel beside it, with its dependencies from PyPI, into its own
# environment, and Debian's bubblewrap and libseccomp2 for the grader's sandbox where apt-get can.
set -euo pipefail
source_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$(dirname "$source_dir")/course-venv"
wheel="$source_dir/@WHEEL@"

if command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update || true
    apt-get install -y --no-install-recommends python3-venv python3-pip || true
    if ! apt-get install -y --no-install-recommends bubblewrap libseccomp2; then
        echo "setup.sh: apt-get could not install bubblewrap and libseccomp2: notebooks will be graded without" \
             "the sandbox (results.json says so)" >&2
    fi
fi
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --upgrade pip
"$venv/bin/python" -m pip install "$wheel"
"$venv/bin/python" -c "import course_utils.grading.gradescope_run"
