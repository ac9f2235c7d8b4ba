"""The README's "Adding a question", followed as written on a copy of homework 1: its code blocks are
appended to the homework's source and grading module, its totals raised, its commands run; then the worked
notebook gets full marks from course-grade and the blank one runs to the end with the question not attempted."""

import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

from course_utils.grading.cli import main
from course_utils.grading.spec import load_homework, written_questions

ROOT = pathlib.Path(__file__).resolve().parent.parent
BIN = pathlib.Path(sys.executable).parent
HW = "hw1_softmax_likelihood"

pytestmark = pytest.mark.timeout(300)


def recipe():
    """The section's code blocks, ``[(language, text)]``, and its text."""
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("### Adding a question\n"):readme.index("## Grading a class\n")]
    blocks = [(lang, re.sub(r"^   ", "", body, flags=re.M))
              for lang, body in re.findall(r"^   ```(\w+)\n(.*?)^   ```$", section, re.S | re.M)]
    return blocks, section


def code_cells(notebook):
    return ["".join(c["source"]).strip() for c in json.loads(pathlib.Path(notebook).read_text())["cells"]
            if c["cell_type"] == "code"]


def check_cells_agree(module, notebook):
    """Every check a module copied from a notebook cell (source_check) is a code cell of the worked notebook."""
    spec = load_homework(module)
    copied = [c.cell_source.strip() for q in spec.questions for c in q.public if hasattr(c, "cell_source")]
    assert all(source in code_cells(notebook) for source in copied)
    return copied


@pytest.mark.parametrize("homework", sorted(p.stem for p in (ROOT / "grading").glob("hw*.py")))
def test_the_check_cells_a_module_carries_are_the_worked_notebooks(homework):
    check_cells_agree(ROOT / "grading" / f"{homework}.py", ROOT / "solutions" / f"{homework}.ipynb")


@pytest.mark.usefixtures("sandbox_available")
def test_adding_a_question_as_the_readme_says_gives_full_marks(tmp_path):
    blocks, section = recipe()
    assert [lang for lang, _ in blocks] == ["python", "python", "bash"]
    (_, source), (_, module), (_, commands) = blocks
    course = tmp_path / "course"
    (course / "solutions" / "src").mkdir(parents=True)
    (course / "tools").mkdir()
    shutil.copy(ROOT / "solutions" / "src" / f"{HW}.py", course / "solutions" / "src")
    shutil.copy(ROOT / "tools" / "build_notebooks.py", course / "tools")
    shutil.copytree(ROOT / "grading", course / "grading")
    src = course / "solutions" / "src" / f"{HW}.py"
    # 1. the cells, at the end of the source
    src.write_text(src.read_text().rstrip("\n") + "\n\n\n" + source)
    # 2. the totals of the first cell
    assert '"the code exercises (N\n   points)" and "Total: N points"' in section
    text = src.read_text()
    for pattern in (r"(code exercises \()(\d+)( points\))", r"(Total: )(\d+)( points)"):
        text = re.sub(pattern, lambda m: f"{m[1]}{int(m[2]) + 2}{m[3]}", text, count=1)
    src.write_text(text)
    # 3. the question, at the end of the grading module
    graded = course / "grading" / f"{HW}.py"
    graded.write_text(graded.read_text().rstrip("\n") + "\n\n\n" + module)
    # 4. the commands
    line = commands.strip().replace("hwN_name", HW).replace(".venv/bin/", f"{BIN}/")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(["bash", "-c", line], cwd=course, env=env, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    worked, blank = course / "solutions" / f"{HW}.ipynb", course / "exercises" / f"{HW}.ipynb"
    # what the repository's tests check of a homework
    spec = load_homework(graded)
    assert [q.function for q in spec.questions][-1] == "row_sums"
    assert check_cells_agree(graded, worked)
    assert list(spec.written) == written_questions(worked)
    intro = json.loads(worked.read_text())["cells"][0]["source"]
    assert "code exercises (8 points)" in "".join(intro) and "Total: 10 points" in "".join(intro)
    # graded: the worked notebook gets every code point, the blank one is not attempted
    (course / "submitted" / "worked").mkdir(parents=True)
    (course / "submitted" / "blank").mkdir()
    shutil.copy(worked, course / "submitted" / "worked")
    shutil.copy(blank, course / "submitted" / "blank")
    assert main(["grade", str(course / "submitted"), "--tests", str(course / "grading"), "--out",
                 str(course / "out"), "--workers", "2", "--wall-seconds", "5", "--notebook-seconds", "20"]) == 0
    records = {p.parent.name: json.loads(p.read_text()) for p in (course / "out" / "records").glob(f"*/{HW}.json")}
    assert {q["function"]: q["status"] for q in records["worked"]["questions"]} == {
        "softmax": "correct", "log_likelihood": "correct", "row_sums": "correct"}
    assert records["worked"]["auto_score"] == 8
    assert {q["function"]: q["status"] for q in records["blank"]["questions"]}["row_sums"] == "not attempted"
